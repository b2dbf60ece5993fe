import ArgumentParser
import Foundation
import JixiaoAudit
import JixiaoCore
import JixiaoFormats
import JixiaoRender

extension Jixiao {
    /// `jixiao extract FILE.txt|FILE.pdf -o draft.yaml [--year 2022] [--template ID|PATH]`: last year's published report as a draft of this year's file.
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract",
            abstract: "把已发布报告（纯文本或 PDF）读成自评数据文件草稿：读懂的部分填好，没读懂的部分在文件开头列出。",
            discussion: "各部分按报告模板（--template，或从标题认出的内置模板）的标题找出；目录不算正文。加 --year 时，上年（该年度的前一年）的报告读出的预算数字作为该年度的上年数，本年数留空待填；该年度自己的报告照读出的填入。退出码：0 完成；2 文件无法读取、无法写出，或报告不是该年度或其上年的。")

        @Argument(help: "报告文本文件（.txt），或已发布的 PDF（用 pdftotext -layout 提取文字，需安装 poppler-utils）。")
        var file: String

        @Option(name: .shortAndLong, help: "输出的自评数据文件（.yaml 或 .json）。")
        var output: String

        @Option(help: "要起草的评价年度，如 2022：上年的报告读出的数字作为上年数，本年数留空。不加时照报告读出的年度起草。")
        var year: Int?

        @Option(help: "报告模板：内置模板的 ID（见 jixiao templates）或模板文件路径；按其提纲的标题找出各部分。省略则从标题认出报告所用的内置模板。")
        var template: String?

        func run() throws {
            let chosen = try template.map { id in try loadOrExit { try TemplateFile.resolve(id) } }
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("\(file): 错误: 文件不存在或无法读取")
                throw ExitCode(2)
            }
            let format = try outputFormat(output)
            let report = PDFText.isPDF(data) ? try Audit.pdfText(file) : String(decoding: data, as: UTF8.self)
            // A published project form: next year's draft of each form in it.
            if try extractProjectForms(from: report, as: format) { return }
            let extraction = FactExtractor.extract(ReportText(report), template: chosen)
            var draft = extraction.evaluation, moved: String?
            if let year {
                do {
                    let start = try draft.start(ofYear: year)
                    (draft, moved) = (start.evaluation, start.note)
                } catch {
                    printError("\(file): 错误: \(error)")
                    throw ExitCode(2)
                }
            }
            var text = try draftText(draft, as: format, from: file)
            if format == .yaml {
                // What was not understood is said at the top, where the user starts filling in.
                let unread = extraction.unread.map { "#   - \($0)" } + extraction.notes.map { "#   - \($0.0)：\($0.1)" }
                let header = ["# 由 jixiao extract 从 \(file) 读出的草稿。请核对后补全。"] + (moved.map { ["# \($0)。"] } ?? [])
                    + (unread.isEmpty ? [] : [moved == nil ? "# 未读出或有疑问的部分：" : "# 报告中未读出或有疑问的部分（属于报告的年度）："] + unread)
                text = header.joined(separator: "\n") + "\n" + text
            }
            // The draft must read back as a valid file before it is written.
            _ = try loadOrExit { try EvaluationFile.parse(text, format: format, file: output) }
            try EvaluationFile.write(text, to: output)
            print("已生成 \(output)：读出 \(extraction.locations.count) 项，未读出或有疑问 \(extraction.unread.count + extraction.notes.count) 项"
                  + (moved.map { "；\($0)" } ?? ""))
        }
    }
}
