import Foundation

/// 指标体系 — a bureau's indicator framework as data: the indicator tree, each indicator's
/// points and how it is scored, and the grade thresholds. Frameworks differ by place and year;
/// none is code.
public struct Framework: Codable, Equatable, Sendable {
    public static let currentFormat = "jixiao/framework@1"

    /// Always `jixiao/framework@1`.
    public var format: String
    /// Short stable ID, e.g. `national-2013` (lower case, digits, `-`).
    public var id: String
    /// 名称.
    public var name: String
    /// 适用地区, e.g. 四川省达州市.
    public var jurisdiction: String?
    /// 年度 the framework applies to, when it states one.
    public var year: Int?
    /// 来源 — the document number or page it is taken from.
    public var source: String
    /// Notes on how the file was derived from the source (what is inference).
    public var notes: [String]?
    /// 等级划分; the national rule when absent.
    public var grades: GradeThresholds?
    /// 预算数口径 — what the framework's 预算数 is (`derived.budget` in formulas, and the budget the stated
    /// 预算执行率 is checked against); when absent, the full-year budget where one is known.
    public var budgetBasis: BudgetBasis?
    /// 一级指标, each with its children.
    public var indicators: [IndicatorSpec]

    public init(id: String, name: String, source: String, indicators: [IndicatorSpec]) {
        format = Framework.currentFormat
        self.id = id
        self.name = name
        self.source = source
        self.indicators = indicators
    }

    public var gradeScale: GradeScale {
        grades.map { GradeScale(excellent: $0.excellent.value, good: $0.good.value, fair: $0.fair.value) } ?? .national
    }

    /// The sum of the level-1 points (normally 100).
    public var totalPoints: Decimal { indicators.reduce(0) { $0 + $1.points.value } }
}

/// 等级划分 — the lowest score of each grade.
public struct GradeThresholds: Codable, Equatable, Sendable {
    public var excellent: StatedNumber
    public var good: StatedNumber
    public var fair: StatedNumber

    public init(excellent: StatedNumber, good: StatedNumber, fair: StatedNumber) {
        self.excellent = excellent
        self.good = good
        self.fair = fair
    }
}

/// 指标 — one indicator: a branch with children, or a leaf with a scoring rule.
public struct IndicatorSpec: Codable, Equatable, Sendable {
    /// Unique in the framework; letters, digits and `_` (formulas name it in `value(id)`).
    public var id: String
    public var name: String
    /// 分值.
    public var points: StatedNumber
    /// 评分标准 as the bureau words it.
    public var standard: String?
    public var children: [IndicatorSpec]?
    /// How a leaf is scored.
    public var rule: ScoringRule?
    /// What happens when the indicator does not apply to a unit.
    public var notApplicable: NotApplicablePolicy?

    public init(id: String, name: String, points: StatedNumber, rule: ScoringRule? = nil, children: [IndicatorSpec]? = nil) {
        self.id = id
        self.name = name
        self.points = points
        self.rule = rule
        self.children = children
    }
}

/// The kinds of scoring rule real frameworks use.
public enum RuleType: String, Codable, CaseIterable, Sendable, FixedChoice {
    /// A formula's value, full marks at or beyond a threshold; below it proportional, or
    /// a slope of points per unit (optionally in whole steps), with a floor.
    case linear
    /// Ranges of a formula's value → points.
    case tiers
    /// Yes/no items each worth points, each answered with evidence.
    case checklist
    /// Points off per occurrence (findings of check rules, a formula, or a counted answer).
    case deduction
    /// A reviewer's points with mandatory evidence.
    case manual
    /// The unit's own indicators (个性指标), scored by completion ratio within these points.
    case unitIndicators = "unit_indicators"
}

/// Whether a `linear` rule rewards high or low values.
public enum Direction: String, Codable, CaseIterable, Sendable, FixedChoice {
    /// Full at or above `full_at` (完成率, 执行率).
    case atLeast = "at_least"
    /// Full at or below `full_at` (控制率, 变动率).
    case atMost = "at_most"
}

/// 评分规则 — how a leaf indicator is scored. Which fields apply depends on `type`.
public struct ScoringRule: Codable, Equatable, Sendable {
    public var type: RuleType
    /// linear, tiers, deduction (optional), not-applicable conditions: the formula.
    public var formula: String?
    /// The unit of the formula's value, for display (e.g. `%`).
    public var unit: String?
    /// linear: which side of `full_at` earns full marks (default at_least).
    public var direction: Direction?
    /// linear: the threshold of full marks.
    public var fullAt: StatedNumber?
    /// linear: points off per unit beyond the threshold (absent: proportional).
    public var slope: StatedNumber?
    /// linear with slope: deductions counted per whole step of this many units.
    public var step: StatedNumber?
    /// linear, at_least: below this value the score is zero.
    public var floor: StatedNumber?
    /// tiers: first matching range wins.
    public var tiers: [Tier]?
    /// checklist: the items; their points add up to the indicator's.
    public var items: [ChecklistItem]?
    /// deduction: points off per occurrence.
    public var per: StatedNumber?
    /// deduction: count the findings of these check rules.
    public var findings: [String]?

    public init(type: RuleType) { self.type = type }
}

/// One range of a tiers rule: bounds are optional and say whether they include the value.
public struct Tier: Codable, Equatable, Sendable {
    /// value ≥ from.
    public var from: StatedNumber?
    /// value > above.
    public var above: StatedNumber?
    /// value ≤ to.
    public var to: StatedNumber?
    /// value < below.
    public var below: StatedNumber?
    /// value = equals.
    public var equals: StatedNumber?
    public var points: StatedNumber

    public init(points: StatedNumber) { self.points = points }

    public func contains(_ x: Decimal) -> Bool {
        if let from, x < from.value { return false }
        if let above, x <= above.value { return false }
        if let to, x > to.value { return false }
        if let below, x >= below.value { return false }
        if let equals, x != equals.value { return false }
        return true
    }

    /// The range in words, each bound with the value's unit, e.g. 「> 0% 且 ≤ 10%」.
    public func text(unit: String = "") -> String {
        var parts: [String] = []
        if let equals { parts.append("= \(equals)\(unit)") }
        if let from { parts.append("≥ \(from)\(unit)") }
        if let above { parts.append("> \(above)\(unit)") }
        if let to { parts.append("≤ \(to)\(unit)") }
        if let below { parts.append("< \(below)\(unit)") }
        return parts.isEmpty ? "其余" : parts.joined(separator: " 且 ")
    }
}

/// One yes/no item of a checklist.
public struct ChecklistItem: Codable, Equatable, Sendable {
    public var id: String
    public var text: String
    public var points: StatedNumber

    public init(id: String, text: String, points: StatedNumber) {
        self.id = id
        self.text = text
        self.points = points
    }
}

/// 不适用处理 — what an indicator scores when it does not apply.
public struct NotApplicablePolicy: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, CaseIterable, Sendable, FixedChoice {
        /// 按满分计算.
        case full
        /// Its points are shared among its siblings in proportion to theirs.
        case redistribute
    }

    public var outcome: Outcome
    /// A formula that, when non-zero, makes the indicator not applicable (e.g. no project).
    public var when: String?

    public init(outcome: Outcome, when: String? = nil) {
        self.outcome = outcome
        self.when = when
    }
}

/// 评审打分 — a reviewer's answers to a framework's judgement items, kept apart from the
/// unit's own file (`jixiao score --answers FILE`).
public struct AnswerSheet: Codable, Equatable, Sendable {
    public static let currentFormat = "jixiao/answers@1"

    /// Always `jixiao/answers@1`.
    public var format: String
    /// The framework the answers are for (its `id`), when stated.
    public var framework: String?
    /// Who answered (a reviewer's name or role), when stated.
    public var reviewer: String?
    public var answers: [ScoringAnswer]

    public init(answers: [ScoringAnswer]) {
        format = AnswerSheet.currentFormat
        self.answers = answers
    }
}
