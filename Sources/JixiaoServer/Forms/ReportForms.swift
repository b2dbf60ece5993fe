import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import JixiaoRender
import Vapor

/// 填报表单 — one revision's parts as the clerk works on them: each part's form, how much of what
/// the report must contain it holds, and the findings and the reviewer's comments in plain Chinese
/// with a link to the field each concerns. What the edit pages, the reading view and the parts
/// API share.
struct ReportForms {
    let analysis: Analysis
    /// The stored file as its tree (what the forms edit).
    let tree: SourceNode
    let framework: Framework?
    /// The forms in the year's template's order, under its titles.
    let parts: [FormPart]
    /// 审核意见 still open, by the field they name, in words (the comment, who, when).
    var comments: [String: [String]] = [:]
    /// What the report still lacks for a final package (the composer's list), as (path, what).
    let missingForFinal: [(path: String, what: String)]
    /// 必备内容 — how many things the formal package must contain at each path the composer names
    /// (a path may hold several: a measure for each problem), and how many of them are missing.
    let required: [String: Int]
    let missing: [String: Int]

    init(_ analysis: Analysis, framework: CompiledFramework?, parts: [FormPart]) throws {
        self.analysis = analysis
        self.framework = framework?.framework
        self.parts = parts
        do { tree = try EvaluationFile.tree(parsing: analysis.yaml, format: .yaml) } catch {
            throw Abort(.conflict, reason: "当前版本无法读取：\(error)")
        }
        missingForFinal = Self.gaps(analysis.composer)
        // What the report asks of this file's rows whatever is filled in, so that what is filled
        // counts as met; and what it asks of this file as it is (a reason once a figure changed).
        var rowsOnly = ReportComposer(evaluation: Self.rowsOnly(analysis.evaluation), scores: nil)
        rowsOnly.template = analysis.template
        let asked = Self.counted(Self.gaps(rowsOnly))
        missing = Self.counted(missingForFinal)
        required = missing.merging(asked, uniquingKeysWith: max)
    }

    private static func gaps(_ composer: ReportComposer) -> [(path: String, what: String)] {
        composer.compose(draft: false).missing.map { line in
            guard let cut = line.range(of: "：") else { return ("", line) }
            return (String(line[..<cut.lowerBound]), String(line[cut.upperBound...]))
        }
    }

    private static func counted(_ gaps: [(path: String, what: String)]) -> [String: Int] {
        gaps.reduce(into: [:]) { $0[$1.path, default: 0] += 1 }
    }

    /// The file's rows — task categories and tasks, indicators, problems — with nothing of them
    /// stated but their names.
    static func rowsOnly(_ evaluation: Evaluation) -> Evaluation {
        var rows = Evaluation()
        if let categories = evaluation.work?.categories {
            rows.work = WorkPlan()
            rows.work?.categories = categories.map { category in
                TaskCategory(name: category.name, tasks: category.tasks?.map { WorkTask(number: $0.number, title: $0.title) })
            }
        }
        rows.indicators = evaluation.indicators?.map { IndicatorResult(name: $0.name) }
        rows.problems = evaluation.problems?.map { Problem(title: $0.title) }
        return rows
    }

    /// The form that shows `path`, as the year's template titles it.
    func part(owning path: String) -> FormPart? { parts.first { $0.owns(path) } }

    /// (required, met) of what the formal package must contain, in `part` or (nil) in the report.
    func progress(_ part: FormPart?) -> (required: Int, met: Int, percent: Int) {
        var required = 0, met = 0
        for (path, count) in self.required where part?.owns(path) ?? true {
            required += count
            met += count - (missing[path] ?? 0)
        }
        return (required, met, required == 0 ? 100 : met * 100 / required)
    }

    /// A message in the clerk's words: 「（final_accounts.deviation_reason）」 dropped (the message sits
    /// beside the field), any other field path said by its form label.
    static func plain(_ message: String) -> String {
        FieldWords.plain(message) { ReportParts.label(of: $0) ?? "相关数据" }
    }

    /// Findings by field path, in plain Chinese.
    var findingsByPath: [String: [String]] {
        Dictionary(grouping: analysis.findings, by: \.path.text).mapValues { $0.map { Self.plain($0.message) } }
    }

    /// The part as a form (or, `mode`, to read), with row `page` of its paged list open: the
    /// computed score and grade beside the stated ones, each judgement item in words, the findings
    /// and open comments beside their fields, and on each folded row what remains in it.
    func renderer(_ part: FormPart, tree edited: SourceNode? = nil, problems: [String: String] = [:], mode: FormRenderer.Mode = .edit,
                  page: Int? = nil, address: ((Int?) -> String)? = nil) -> FormRenderer {
        var renderer = FormRenderer(tree: edited ?? tree)
        renderer.mode = mode
        renderer.problems = problems
        renderer.findings = edited == nil ? findingsByPath : [:]
        renderer.comments = comments
        renderer.framework = framework
        renderer.page = page
        renderer.address = address
        if let list = part.pagedList, page != nil {
            for (i, _) in ((edited ?? tree).node(at: list)?.items ?? []).enumerated() {
                let row = "\(list)[\(i)]"
                if let summary = remains(under: row) { renderer.summaries[row] = summary }
            }
        }
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

    /// 「待填 3 项 · 待解决 1 项 · 审核意见 1 条」: what remains under `row`; nil when nothing does.
    private func remains(under row: String) -> String? {
        func inside(_ path: String, _ row: String) -> Bool { path == row || path.hasPrefix(row + ".") || path.hasPrefix(row + "[") }
        let gapPaths = missing.keys.filter { inside($0, row) }
        let gaps = gapPaths.reduce(0) { $0 + missing[$1]! }
        // A finding on what is not yet filled in (a task without its result) is that gap again.
        let findings = analysis.findings.filter { finding in
            finding.severity != .info && inside(finding.path.text, row) && !gapPaths.contains { inside($0, finding.path.text) }
        }.count
        let open = comments.filter { inside($0.key, row) }.reduce(0) { $0 + $1.value.count }
        let parts = [gaps > 0 ? "待填 \(gaps) 项" : nil, findings > 0 ? "待解决 \(findings) 项" : nil, open > 0 ? "审核意见 \(open) 条" : nil]
        let text = parts.compactMap { $0 }.joined(separator: " · ")
        return text.isEmpty ? nil : text
    }

    /// 填报进度 — one part's share of what the formal package must contain, and what is still open in it.
    struct PartSummary: Content {
        var id: String
        var title: String
        /// What the formal package needs from this part (报告提纲的各节、每项任务的完成情况 …).
        var required: Int
        /// How many of those it holds.
        var met: Int
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

    func summaries() -> [PartSummary] {
        parts.map { part in
            let inPart = analysis.findings.filter { part.owns($0.path.text) }
            let progress = progress(part)
            return PartSummary(id: part.id, title: part.title, required: progress.required, met: progress.met, percent: progress.percent,
                               errors: inPart.filter { $0.severity == .error }.count,
                               warnings: inPart.filter { $0.severity == .warning }.count,
                               missing: progress.required - progress.met)
        }
    }

    /// Finds the address of fields on the part pages under `base` (`…/edit` or `…/view`): the
    /// part's page, with the paged list's row that holds the field open, at the nearest element.
    struct Links {
        let forms: ReportForms
        let base: String
        private var anchors: [String: Set<String>] = [:]

        init(_ forms: ReportForms, base: String) {
            self.forms = forms
            self.base = base
        }

        /// The part that shows `path` and the address of the field; nil when no part shows it.
        mutating func link(_ path: String) -> (part: FormPart, href: String)? {
            guard let part = forms.part(owning: path) else { return nil }
            if anchors[part.id] == nil { anchors[part.id] = forms.renderer(part).anchors }
            let anchor = FieldPath(path).prefixes.map(\.text).first { anchors[part.id]!.contains($0) }
            let row = part.pagedRow(of: path).map { "?row=\($0)" } ?? ""
            return (part, "\(base)/\(part.id)\(row)" + (anchor.map { "#" + ($0.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? $0) } ?? ""))
        }

        /// Whether the reviewer can comment on `path`: a field, a row or a list a part shows with its label.
        mutating func isField(_ path: String) -> Bool {
            guard let part = forms.part(owning: path), ReportParts.place(of: path) != nil else { return false }
            if anchors[part.id] == nil { anchors[part.id] = forms.renderer(part).anchors }
            return anchors[part.id]!.contains(path)
        }
    }

    /// Each finding (on a path `including` takes) with the address of its field.
    func findingLinks(base: String, including: (String) -> Bool = { _ in true }) -> [FindingLink] {
        var links = Links(self, base: base)
        return analysis.findings.filter { including($0.path.text) }.map { finding in
            let message = Self.plain(finding.message)
            guard let (part, href) = links.link(finding.path.text) else {
                return FindingLink(part: nil, partTitle: "整体", severity: finding.severity.label, severityClass: finding.severity.rawValue,
                                   message: message, href: base)
            }
            return FindingLink(part: part.id, partTitle: part.title, severity: finding.severity.label, severityClass: finding.severity.rawValue,
                               message: message, href: href)
        }
    }
}

extension SubmissionContext {
    /// The report's forms in the order and under the titles of the year's template.
    var formParts: [FormPart] { ReportParts.ordered(by: cycle.template) }
}
