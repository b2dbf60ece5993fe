import Foundation
import JixiaoCore

/// 审核 — every finding on one report's text: the text rules, and the structured checks that
/// apply to the figures read from it.
public enum Auditor {
    /// Structured rules that judge figures (and need nothing the text reader cannot fill), run on
    /// the evaluation read from the text. The others are judged on the text itself.
    static let figureRules: Set<String> = [
        "sum.mismatch", "yoy.mismatch", "ratio.mismatch", "staffing.mismatch", "sum.personnel-economic",
        "budget.deviation.unexplained", "plausibility.vehicle-cost-without-vehicle", "classification.duplicate",
    ]

    public static func audit(_ text: String) -> [Finding] {
        let report = ReadReport(ReportText(text))
        var findings = TextRule.catalogue.flatMap { $0.check(report) }
        let extraction = FactExtractor.extract(report.text, scope: .figures)
        for rule in CheckCatalogue.rules where figureRules.contains(rule.id) {
            for var finding in rule.check(extraction.evaluation) {
                finding.location = (finding.path.prefixes.lazy.compactMap { extraction.locations[$0] }.first)
                    ?? finding.related.lazy.compactMap { extraction.locations[$0] }.first
                findings.append(finding)
            }
        }
        // What the reader was not sure of is said, never judged: a false error is the worst failure.
        for (path, reason) in extraction.notes {
            var finding = Finding(rule: "reader.uncertain", severity: .info, path: path, message: "读取时不确定：\(reason)")
            // A note on something absent has no place of its own: it is about the report as a whole.
            finding.location = path.prefixes.lazy.compactMap { extraction.locations[$0] }.first ?? SourceLocation(line: 1, column: 1)
            findings.append(finding)
        }
        return findings.sorted {
            ($0.severity, $0.location ?? SourceLocation(line: 0, column: 0)) < ($1.severity, $1.location ?? SourceLocation(line: 0, column: 0))
        }
    }
}
