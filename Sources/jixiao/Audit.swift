import ArgumentParser
import Foundation
import JixiaoAudit
import JixiaoCore
import JixiaoFormats
import JixiaoRender

extension Jixiao {
    /// `jixiao audit FILE.txt …`: a published report, as plain text, against the check catalogue.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "审核已发布报告的纯文本（如 pdftotext 提取的文字）：合计、同比、人数、章节、序号、模板残留等。",
            discussion: "不给文件或给 - 时读标准输入。多个文件时每份报告一行汇总，最后一行为总计（--format json 时为每份报告一个对象的数组）。退出码：0 无错误；1 有错误；2 文件无法读取。")

        @Argument(help: "报告文本文件（.txt）；可给多个。")
        var files: [String] = []

        @Option(help: "PDF 文件：先用 pdftotext -layout 提取文字再审核（需安装 poppler-utils）。")
        var pdf: String?

        @Option(help: "输出格式：text 或 json（多个文件时为数组）。")
        var format: OutputFormat = .text

        @Flag(help: "列出读到的每个数量关系：所列数字、按填报精度允许的区间和核对结论（相符、不符、未判断及原因）。")
        var explain = false

        @Option(help: "报告模板：内置模板的 ID（见 jixiao templates）或模板文件路径；按其提纲判断章节。省略则从标题认出报告所用的内置模板。")
        var template: String?

        func run() throws {
            let chosen = try template.map { id in try loadOrExit { try TemplateFile.resolve(id) } }
            var inputs: [(name: String, text: String)] = []
            if let pdf { inputs.append((pdf, try Self.pdfText(pdf))) }
            for file in files.isEmpty && pdf == nil ? ["-"] : files {
                if file == "-" {
                    inputs.append(("（标准输入）", String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)))
                } else if let data = FileManager.default.contents(atPath: file) {
                    // Invalid UTF-8 is read with replacement characters rather than refused.
                    inputs.append((file, String(decoding: data, as: UTF8.self)))
                } else {
                    printError("\(file): 错误: 文件不存在或无法读取")
                    throw ExitCode(2)
                }
            }
            var errors = 0
            if inputs.count == 1, let only = inputs.first {
                let report = Auditor.report(only.text, template: chosen)
                errors = report.findings.filter { $0.severity == .error }.count
                switch format {
                case .text: print(FindingReport.text(file: only.name, findings: report.findings, note: report.coverage), terminator: "")
                case .json: print(Self.json(only.name, report, explained: explain ? Auditor.explain(only.text) : nil), terminator: "")
                }
                if explain, format == .text { print(Self.explanation(Auditor.explain(only.text)), terminator: "") }
            } else if format == .json {
                let reports = inputs.map { input in
                    let report = Auditor.report(input.text, template: chosen)
                    errors += report.findings.filter { $0.severity == .error }.count
                    return Self.json(input.name, report, explained: explain ? Auditor.explain(input.text) : nil)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                }
                print("[" + reports.joined(separator: ",\n") + "]")
            } else {
                var total = FindingSummary([])
                for input in inputs {
                    let report = Auditor.report(input.text, template: chosen)
                    let summary = FindingSummary(report.findings)
                    print("\(input.name): 错误 \(summary.error)，警告 \(summary.warning)，提示 \(summary.info)（\(report.coverage)）")
                    if explain { print(Self.explanation(Auditor.explain(input.text)), terminator: "") }
                    total.error += summary.error
                    total.warning += summary.warning
                    total.info += summary.info
                }
                errors = total.error
                print("合计 \(inputs.count) 份报告：错误 \(total.error)，警告 \(total.warning)，提示 \(total.info)")
            }
            if errors > 0 { throw ExitCode(1) }
        }

        /// The findings, then what was recognised and read: `"coverage": {"kind", "kind_label",
        /// "excerpt", "relations_read", "relations_checked", "text"}`, and with `--explain` each
        /// relation read: `"relations": [{"line", "kind", "figures", "verdict"}]`.
        static func json(_ file: String, _ report: AuditReport, explained: [ReadRelation]? = nil) -> String {
            let coverage = SourceNode.object([
                ("kind", .text(report.kind.rawValue)), ("kind_label", .text(report.kind.label)), ("excerpt", .bool(report.isExcerpt)),
                ("relations_read", .number(report.relationsRead)), ("relations_checked", .number(report.relationsChecked)),
                ("text", .text(report.coverage)),
            ])
            var extra = [("coverage", coverage)]
            if let explained {
                extra.append(("relations", .array(explained.map { r in
                    .object([("line", .number(r.line)), ("kind", .text(r.kind)), ("figures", .text(r.figures)), ("verdict", .text(r.verdict))])
                })))
            }
            return FindingReport.json(file: file, findings: report.findings, extra: extra)
        }

        /// 「读到的数量关系：」 then a line per relation: where, what kind, its figures, the verdict.
        static func explanation(_ relations: [ReadRelation]) -> String {
            guard !relations.isEmpty else { return "未读到数量关系。\n" }
            return "读到的数量关系：\n" + relations.map { "  第 \($0.line) 行 \($0.kind)：\($0.figures) —— \($0.verdict)\n" }.joined()
        }

        static func pdfText(_ path: String) throws -> String {
            do { return try PDFText.text(ofFile: path) } catch {
                printError("\(path): 错误: \(error)")
                throw ExitCode(2)
            }
        }
    }
}
