import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import JixiaoRender
import Vapor

/// 填报表单 — one revision's parts as the clerk works on them: each part's form, how much of it
/// is filled, and the findings in plain Chinese with a link to the field each concerns. What the
/// edit pages and the parts API share.
struct ReportForms {
    let analysis: Analysis
    /// The stored file as its tree (what the forms edit).
    let tree: SourceNode
    let framework: Framework?

    init(_ analysis: Analysis, framework: CompiledFramework?) throws {
        self.analysis = analysis
        self.framework = framework?.framework
        do { tree = try EvaluationFile.tree(parsing: analysis.yaml, format: .yaml) } catch {
            throw Abort(.conflict, reason: "当前版本无法读取：\(error)")
        }
    }

    /// A message in the clerk's words: 「（final_accounts.deviation_reason）」 dropped (the message sits
    /// beside the field), any other field path said by its form label.
    static func plain(_ message: String) -> String {
        // A field path has a lower-case ASCII letter or `_`; most messages have none (regexes are dear).
        guard message.utf8.contains(where: { (0x61...0x7A).contains($0) || $0 == 0x5F }) else { return message }
        var text = message.replacingOccurrences(of: #"（[a-z_]+(\.[a-z_]+|\[[0-9]+\])+）"#, with: "", options: .regularExpression)
        while let range = text.range(of: #"[a-z_]+(\.[a-z_]+|\[[0-9]+\])+"#, options: .regularExpression) {
            text.replaceSubrange(range, with: "「\(ReportParts.label(of: String(text[range])) ?? "相关数据")」")
        }
        return text
    }

    /// Findings by field path, in plain Chinese.
    var findingsByPath: [String: [String]] {
        Dictionary(grouping: analysis.findings, by: \.path.text).mapValues { $0.map { Self.plain($0.message) } }
    }

    /// The computed score and grade beside the stated ones, and each judgement item in words.
    func renderer(_ part: FormPart, tree edited: SourceNode? = nil, problems: [String: String] = [:]) -> FormRenderer {
        var renderer = FormRenderer(tree: edited ?? tree)
        renderer.problems = problems
        renderer.findings = edited == nil ? findingsByPath : [:]
        renderer.framework = framework
        if let scores = analysis.scores {
            let total = DecimalFormat.fixed(scores.total, decimals: 2, grouping: false)
            let provisional = scores.grade == nil ? "（部分指标无法计分，暂定）" : ""
            renderer.notes["self_evaluation.result.score"] = "按评分框架「\(scores.frameworkName)」计算：\(total) 分\(provisional)"
            renderer.notes["self_evaluation.result.grade"] = "按评分框架计算：\((scores.grade ?? scores.provisionalGrade).rawValue)\(provisional)"
            renderer.basis = Dictionary(scores.all.map { ($0.id, Self.plain($0.words)) }, uniquingKeysWith: { a, _ in a })
        }
        renderer.render(part)
        return renderer
    }

    /// 填报进度 — one part's completeness: fields filled, and findings still open in it.
    struct PartSummary: Content {
        var id: String
        var title: String
        var fields: Int
        var filled: Int
        var percent: Int
        var errors: Int
        var warnings: Int
        /// What the report lacks in this part before the package can be final.
        var missing: Int
    }

    /// 发现 as the clerk reads it: the message and a link to the field.
    struct FindingLink: Content {
        var part: String?
        var partTitle: String
        var severity: String
        var severityClass: String
        var message: String
        var href: String
    }

    /// What the report still lacks for a final package (the composer's list), as (path, what).
    var missingForFinal: [(path: String, what: String)] {
        ReportComposer(evaluation: analysis.evaluation, scores: analysis.scores).compose(draft: false).missing.map { line in
            guard let cut = line.range(of: "：") else { return ("", line) }
            return (String(line[..<cut.lowerBound]), String(line[cut.upperBound...]))
        }
    }

    func summaries() -> [PartSummary] {
        let missing = missingForFinal
        return ReportParts.all.map { part in
            let rendered = renderer(part)
            let inPart = analysis.findings.filter { part.owns($0.path.text) }
            return PartSummary(id: part.id, title: part.title, fields: rendered.fields, filled: rendered.filled,
                               percent: rendered.fields == 0 ? 100 : rendered.filled * 100 / rendered.fields,
                               errors: inPart.filter { $0.severity == .error }.count,
                               warnings: inPart.filter { $0.severity == .warning }.count,
                               missing: missing.filter { part.owns($0.path) }.count)
        }
    }

    /// Each finding with the address of its field: the part's page, at the nearest element.
    func findingLinks(base: String) -> [FindingLink] {
        var anchors: [String: Set<String>] = [:]
        return analysis.findings.map { finding in
            let path = finding.path.text
            guard let part = ReportParts.part(owning: path) else {
                return FindingLink(part: nil, partTitle: "整体", severity: finding.severity.label, severityClass: finding.severity.rawValue,
                                   message: Self.plain(finding.message), href: base)
            }
            if anchors[part.id] == nil { anchors[part.id] = renderer(part).anchors }
            let anchor = finding.path.prefixes.map(\.text).first { anchors[part.id]!.contains($0) }
            return FindingLink(part: part.id, partTitle: part.title, severity: finding.severity.label, severityClass: finding.severity.rawValue,
                               message: Self.plain(finding.message),
                               href: "\(base)/\(part.id)" + (anchor.map { "#" + ($0.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? $0) } ?? ""))
        }
    }
}
