import Foundation
import JixiaoCore

/// 审核结果 — the findings on one published text, with what the audit recognised and read, so
/// that a text in which nothing was read never looks like a clean pass.
public struct AuditReport: Sendable {
    public var findings: [Finding]
    /// The kind of text recognised, and whether it is an excerpt.
    public var kind: DocumentKind
    public var isExcerpt: Bool
    /// Relations between figures read (totals and parts, changes, shares, spending against the
    /// budget), and how many of them were judged (the others the reader was not sure of).
    public var relationsRead: Int
    public var relationsChecked: Int

    /// 「部门（单位）决算说明（节选）：读到 14 个数量关系，核对 14 个」.
    public var coverage: String {
        let kindText = kind.label + (isExcerpt && kind != .unknown ? "（节选）" : "")
        guard relationsRead > 0 else { return "\(kindText)：未读到数量关系，未核对任何数字" }
        return "\(kindText)：读到 \(relationsRead) 个数量关系，核对 \(relationsChecked) 个"
    }
}

/// 读到的数量关系 — one relation read from a text, as `jixiao audit --explain` prints it.
public struct ReadRelation: Sendable {
    /// The line of its total or stated rate.
    public var line: Int
    /// What kind of relation, in Chinese: 合计与分项、同比增减、比率….
    public var kind: String
    /// Its figures and the intervals their stated precision allows.
    public var figures: String
    /// 相符, 不符 (with the difference), or 未判断 (with why).
    public var verdict: String
}

/// 审核 — every finding on one report's text: the text rules, and the arithmetic of the figures
/// read from it.
public enum Auditor {
    /// The structured rules that apply to figures read from a text: those that judge figures alone.
    static let figureRules = CheckCatalogue.rules.filter { $0.kind.judgesFigures }

    public static func audit(_ text: String, template: ReportTemplate? = nil) -> [Finding] { report(text, template: template).findings }

    /// The audit of `text`, its sections judged against `template` when given, else against the
    /// built-in template its headings follow.
    public static func report(_ text: String, template: ReportTemplate? = nil) -> AuditReport {
        let report = ReadReport(ReportText(text), template: template)
        var findings = TextRule.catalogue.flatMap { $0.check(report) + $0.notes(report) }
        let extraction = report.extraction
        let options = CheckOptions()
        for rule in figureRules {
            for var finding in rule.check(extraction.evaluation, options: options) {
                finding.location = (finding.path.prefixes.lazy.compactMap { extraction.locations[$0] }.first)
                    ?? finding.related.lazy.compactMap { extraction.locations[$0] }.first
                findings.append(finding)
            }
        }
        // What the reader was not sure of is said, never judged: a false error is the worst failure.
        for (path, reason) in extraction.notes {
            var finding = Finding(rule: uncertain, severity: .info, path: path, message: "读取时不确定：\(reason)")
            // A note on something absent has no place of its own: it is about the report as a whole.
            finding.location = path.prefixes.lazy.compactMap { extraction.locations[$0] }.first ?? SourceLocation(line: 1, column: 1)
            findings.append(finding)
        }
        // The relations read wherever they stand. One the outline's reading judged already (the
        // same kind of relation on the same line) is not judged, nor said, twice.
        let outline = outlineAnchors(extraction)
        let judgedAlready = Set(outline.map { "\($0.rule)@\($0.location.line)" })
        var said = Set(findings.compactMap { f in f.location.map { "\(f.rule)@\($0.line)" } })
        var checked = 0
        var lines: Set<Int> = []
        for relation in report.relations {
            let location = report.text.location(at: relation.offset)
            lines.insert(location.line)
            if relation.doubt == nil { checked += 1 }
            let subjectLine = relation.subjectOffset.map { report.text.location(at: $0).line } ?? location.line
            guard !judgedAlready.contains("\(relation.rule)@\(subjectLine)"), !judgedAlready.contains("\(relation.rule)@\(location.line)"),
                  !said.contains("\(relation.rule)@\(location.line)")
            else { continue }
            for var finding in judge(relation) where said.insert("\(finding.rule)@\(location.line)").inserted {
                finding.location = location
                findings.append(finding)
            }
        }
        // A project form's tables, read into the project model and judged by the project checks.
        let projects: (findings: [Finding], relationLines: [Int]) =
            report.kind == .projectSelfEvaluation ? ProjectFormAudit.audit(text, beside: findings) : ([], [])
        findings += projects.findings
        if !projects.relationLines.isEmpty { findings.removeAll { $0.rule == "relations.none" } }
        // The outline's relations not met by the phrase reader count too, and so do the project forms'.
        let outlineRelations = outline.filter { !lines.contains($0.location.line) }
        let projectRelations = projects.relationLines.filter { !lines.contains($0) && !outlineRelations.map(\.location.line).contains($0) }.count
        let read = report.relations.count + outlineRelations.count + projectRelations
        return AuditReport(
            findings: findings.sorted {
                ($0.severity, $0.location ?? SourceLocation(line: 0, column: 0)) < ($1.severity, $1.location ?? SourceLocation(line: 0, column: 0))
            },
            kind: report.kind, isExcerpt: report.isExcerpt, relationsRead: read, relationsChecked: checked + outlineRelations.count + projectRelations)
    }

    /// Every relation read from the text wherever it stands, with its figures, their intervals and
    /// the verdict, for a reviewer to see why (`jixiao audit --explain`). Read again on demand: the
    /// audit itself writes no explanation.
    public static func explain(_ text: String) -> [ReadRelation] {
        let report = ReadReport(ReportText(text))
        return report.relations.map { relation in
            let found = judge(relation)
            let verdict: String
            if let doubt = relation.doubt {
                verdict = "未判断：\(doubt)"
            } else if found.isEmpty {
                verdict = "相符"
            } else {
                verdict = "不符：" + found.map(\.message).joined(separator: "；")
            }
            return ReadRelation(line: report.text.location(at: relation.offset).line,
                                kind: relation.kindLabel, figures: relation.figures, verdict: verdict)
        }
    }

    /// The rule of a note on a relation the reader was not sure of.
    static let uncertain = "reader.uncertain"

    /// The findings on one relation read from the text: the catalogue's rule, or a note where the
    /// reader is not sure the figures belong together.
    static func judge(_ relation: TextRelation) -> [Finding] {
        if relation.holds && !relation.notedEvenIfHolding { return [] }
        var found: [(rule: String, Discrepancy)] = []
        switch relation.shape {
        case let .sum(sum):
            if let d = sum.discrepancy() { found.append(("sum.mismatch", d)) }
        case let .count(label, total, parts, people):
            let sum = parts.reduce(0, +)
            if sum != total {
                let terms = parts.map(String.init).joined(separator: " + ")
                found.append((people ? "staffing.mismatch" : "sum.mismatch",
                              Discrepancy("text", "\(label)：\(terms) = \(sum)，填报的合计为 \(total)", expected: "\(sum)", actual: "\(total)")))
            }
        case let .points(label, total, parts):
            let sum = parts.reduce(Decimal(0)) { $0 + $1.value }
            if !Interval.sum(parts.map(TextRelation.points)).overlaps(TextRelation.points(total)) {
                let terms = parts.map(\.description).joined(separator: " + ")
                let decimals = parts.map(\.decimals).max() ?? 0
                let written = DecimalFormat.fixed(sum, decimals: decimals, grouping: false)
                found.append(("sum.mismatch", Discrepancy("text", "\(label)：\(terms) = \(written)，填报的合计为 \(total)", expected: written, actual: total.description)))
            }
        case let .yearOnYear(statement):
            found += statement.discrepancies().map { ("yoy.mismatch", $0) }
        case let .ratio(ratio):
            if var d = ratio.discrepancy() {
                // 72.48% where 27.52% is meant: the share of the other part.
                if let exact = ratio.exact, ratio.stated.number.interval.contains(100 - exact) {
                    d.message += "（疑为另一部分的占比：100% 减去填报的 \(ratio.stated) 与计算所得相符）"
                }
                found.append(("ratio.mismatch", d))
            }
        }
        if let doubt = relation.doubt {
            guard !found.isEmpty || relation.notedEvenIfHolding else { return [] }
            let detail = found.map { "；\($0.1.message)" }.joined()
            return [Finding(rule: uncertain, severity: .info, path: "text", message: "读取时不确定：\(doubt)\(detail)")]
        }
        return found.compactMap { rule, d in
            guard let severity = CheckCatalogue.rule(rule)?.severity else { return nil }
            return Finding(rule: rule, severity: severity, path: d.path, message: d.message, expected: d.expected, actual: d.actual)
        }
    }

    /// Where the relations the outline's reading found stand (the line of each total and stated
    /// rate), with the rule that judges each.
    static func outlineAnchors(_ extraction: Extraction) -> [(location: SourceLocation, rule: String)] {
        let evaluation = extraction.evaluation
        var paths = evaluation.sumRelations.map { ($0.total.path, "sum.mismatch") } + evaluation.ratioRelations.map { ($0.path, "ratio.mismatch") }
        if evaluation.executionRate(on: nil) != nil { paths.append((ExecutionRateStatement.path, "ratio.mismatch")) }
        paths += evaluation.yearOnYearStatements.filter { $0.figure.change != nil || $0.figure.lastYear != nil }.map { ($0.path / "amount", "yoy.mismatch") }
        if evaluation.staffing?.authorized?.parts?.isEmpty == false { paths.append(("staffing.authorized.total", "staffing.mismatch")) }
        if evaluation.staffing?.supported?.parts?.isEmpty == false { paths.append(("staffing.supported.total", "staffing.mismatch")) }
        return paths.compactMap { path, rule in extraction.locations[path].map { ($0, rule) } }
    }
}
