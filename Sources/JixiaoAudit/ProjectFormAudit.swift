import Foundation
import JixiaoCore
import JixiaoFormats

/// 项目表审核 — the project checks (`ProjectChecks`) on the project forms read from a published text,
/// their findings anchored at the lines the figures were read from. Where the audit has a kind of
/// finding for the same thing (总额 ≠ Σ 其中, a rate that does not follow from its figures, no score at
/// all), the finding is of that kind, and one the audit already made at the same line is not made twice.
public enum ProjectFormAudit {
    static let frameworks: [ProjectFramework] = (try? BuiltInProjectFrameworks.all()) ?? []

    /// The project rules whose findings are the audit's own kinds.
    static let auditKinds = ["project.funds.sum": "sum.mismatch", "project.funds.rate": "ratio.mismatch"]

    /// Rules that judge the whole table: not run on a form the text cuts off before its totals.
    static let wholeTableRules: Set = ["project.weights.total", "project.weights.level", "project.total.mismatch"]

    /// The framework whose form names the most of the form's 其中 rows; the national default on a tie.
    public static func framework(for project: ProjectEvaluation) -> ProjectFramework? {
        let rows = (project.funds?.parts ?? []).compactMap(\.source)
        let national = frameworks.first { $0.id == ProjectFramework.defaultID }
        let ranked = frameworks.map { f in (f, rows.filter(f.fundRows.contains).count) }
        guard let best = ranked.max(by: { $0.1 < $1.1 }), best.1 > (ranked.first { $0.0.id == ProjectFramework.defaultID }?.1 ?? 0)
        else { return national }
        return best.0
    }

    /// The lines of the money relations of a form the checks judge: each column's 总额 against its
    /// 其中 rows, and each 执行率 stated beside figures it can be computed from.
    static func relationLines(in form: PublishedProjectForm) -> [Int] {
        guard let funds = form.project.funds else { return [] }
        let parts = funds.parts ?? []
        let sums = funds.total.map { total in
            FundRow.columns.filter { c in total[keyPath: c.value] != nil && parts.contains { $0[keyPath: c.value] != nil } }
                .compactMap { form.lines[FieldPath("funds.total") / $0.key] }
        } ?? []
        let rows = [("funds.total" as FieldPath, funds.total)] + parts.indices.map { (FieldPath("funds.parts")[$0], Optional(parts[$0])) }
        let rates = rows.compactMap { path, row in
            row.flatMap { $0.executionRate != nil && ProjectScoring.executionRate($0) != nil ? form.lines[path / "execution_rate"] : nil }
        }
        return sums + rates
    }

    /// The upper end of a band written `16–20`.
    static func upperBound(_ band: String) -> StatedNumber? {
        band.split(separator: "–").last.flatMap { StatedNumber(parsing: String($0)) }
    }

    /// The findings on the project forms in `text`, beside the `existing` findings of the audit, and
    /// the lines of the money relations they judged.
    static func audit(_ text: String, beside existing: [Finding]) -> (findings: [Finding], relationLines: [Int]) {
        let forms = ProjectFormReader.read(text)
        return (findings(forms, beside: existing), forms.flatMap(relationLines))
    }

    static func findings(_ forms: [PublishedProjectForm], beside existing: [Finding]) -> [Finding] {
        var said = Set(existing.compactMap { f in f.location.map { "\(f.rule)@\($0.line)" } })
        let scoreMissingSaid = existing.contains { $0.rule == "score.missing" }
        var found: [Finding] = []
        for form in forms {
            func line(_ finding: Finding) -> Int {
                finding.path.prefixes.lazy.compactMap { form.lines[$0] }.first
                    ?? finding.related.lazy.compactMap { form.lines[$0] }.first ?? form.titleLine
            }
            for note in form.notes {
                var finding = Finding(rule: Auditor.uncertain, severity: .info, path: "text", message: "读取项目表时不确定：\(note.reason)")
                finding.location = SourceLocation(line: note.line, column: 1)
                found.append(finding)
            }
            guard let framework = framework(for: form.project) else { continue }
            let project = form.project
            let noScore = project.funds?.score == nil && (project.indicators ?? []).allSatisfy { $0.score == nil } && project.totalScore == nil
            for var finding in ProjectChecks.check(project, under: framework) {
                if !form.isComplete && wholeTableRules.contains(finding.rule) { continue }
                if finding.rule == "project.score.missing" {
                    // 总分 is read only where its cell is certain; a form with no score at all is the audit's score.missing.
                    if finding.path == "total_score" { continue }
                    if noScore {
                        guard !scoreMissingSaid else { continue }
                        finding.rule = "score.missing"
                    }
                }
                // The bureau's rules are guessed from the form's rows: a score below what they give may be a
                // deduction the bureau's own rules allow, so it is said, not judged.
                if ["project.score.rule", "project.score.band"].contains(finding.rule), let stated = finding.actual.flatMap(StatedNumber.init(parsing:)),
                   let due = finding.expected.flatMap(StatedNumber.init(parsing:)) ?? finding.expected.flatMap(upperBound), stated.value < due.value
                {
                    finding.severity = .info
                    finding.message += "（得分低于按\(framework.name)计算的得分，可能是按当地评分规则扣分，只作提示）"
                }
                if let kind = auditKinds[finding.rule] { finding.rule = kind }
                if let severity = CheckCatalogue.rule(finding.rule)?.severity { finding.severity = severity }
                let at = line(finding)
                guard said.insert("\(finding.rule)@\(at)").inserted else { continue }
                finding.location = SourceLocation(line: at, column: 1)
                found.append(finding)
            }
        }
        return found
    }
}
