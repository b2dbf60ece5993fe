import Foundation

/// 审核规则目录 — every rule `jixiao check` runs on an evaluation file, in report order.
public enum CheckCatalogue {
    public static let rules: [Rule] = YearRules.all + ArithmeticRules.all + CompletenessRules.all + PlausibilityRules.all + TypographyRules.all

    public static func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// The errors among `findings` that are figures disagreeing: a package with any is never final.
    public static func arithmeticErrors(_ findings: [Finding]) -> [Finding] { errors(of: .arithmetic, in: findings) }

    /// The errors among `findings` that are years disagreeing: such a report is of no one year,
    /// and is not submitted as the year's.
    public static func yearErrors(_ findings: [Finding]) -> [Finding] { errors(of: .year, in: findings) }

    private static func errors(of kind: RuleKind, in findings: [Finding]) -> [Finding] {
        findings.filter { $0.severity == .error && rule($0.rule)?.kind == kind }
    }

    /// All findings of all rules, errors first, then by field.
    public static func check(_ evaluation: Evaluation, options: CheckOptions = CheckOptions()) -> [Finding] {
        var options = options
        options.textFields = evaluation.textFields
        if options.scoreSheet == nil { options.scoreSheet = options.framework?.score(evaluation) }
        return rules.flatMap { $0.check(evaluation, options: options) }
    }
}

/// 审核汇总 — counts of findings by severity.
public struct FindingSummary: Equatable, Sendable {
    public var error = 0
    public var warning = 0
    public var info = 0

    public init(_ findings: [Finding]) {
        for finding in findings {
            switch finding.severity {
            case .error: error += 1
            case .warning: warning += 1
            case .info: info += 1
            }
        }
    }
}
