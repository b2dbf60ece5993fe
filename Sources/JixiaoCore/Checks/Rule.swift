import Foundation

/// 严重程度 — how bad a finding is.
public enum Severity: String, Codable, CaseIterable, Sendable, Comparable {
    /// The package is wrong: it must not be submitted as is.
    case error
    /// Likely wrong or incomplete.
    case warning
    /// Worth a look.
    case info

    /// The Chinese word shown to users.
    public var label: String {
        switch self {
        case .error: "错误"
        case .warning: "警告"
        case .info: "提示"
        }
    }

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// 规则类别 — what kind of defect a rule catches. It is part of each rule, as a category is in a
/// linter's catalogue: sets of rules are queries over the catalogue, never copied lists of IDs.
public enum RuleKind: String, Codable, CaseIterable, Sendable {
    /// Figures that must agree: sums, year-on-year changes, rates, head counts.
    case arithmetic
    /// Parts of the report that must be there: sections, score, task results, explanations.
    case completeness
    /// The stated score and grade against the framework's.
    case scoring
    /// A report template's placeholders and instructions left in.
    case template
    /// Figures that are possible but unlikely without a word of explanation.
    case plausibility
    /// Classification codes and their names.
    case classification
    /// The outline of a published text: sections present, headings numbered in order.
    case structure
    /// The year the report is of: cover, budget, notice and dates pointing to one year.
    case year
    /// Text as pasted: line breaks inside sentences, tabs, runs of spaces, doubled punctuation.
    case typography

    /// The Chinese word shown to users.
    public var label: String {
        switch self {
        case .arithmetic: "数字关系"
        case .completeness: "完整性"
        case .scoring: "评分"
        case .template: "模板残留"
        case .plausibility: "合理性"
        case .classification: "科目"
        case .structure: "提纲与序号"
        case .year: "年度"
        case .typography: "文字排版"
        }
    }

    /// Rules of this kind judge figures alone, so they apply to the figures read from a
    /// published text as well as to an evaluation file.
    public var judgesFigures: Bool { self == .arithmetic || self == .plausibility }
}

/// 审核发现 — one thing a rule found, with the field it concerns.
public struct Finding: Equatable, Sendable {
    /// The rule's stable ID, e.g. `sum.mismatch`.
    public var rule: String
    public var severity: Severity
    /// The field the finding is about (for a sum that fails, the stated total).
    public var path: FieldPath
    /// Where that field is in the source, once located by the reader.
    public var location: SourceLocation?
    /// What is wrong, in Chinese.
    public var message: String
    /// The figure the others imply, as it would be stated.
    public var expected: String?
    /// The figure as stated.
    public var actual: String?
    /// The other fields the relation involves (a sum's parts).
    public var related: [FieldPath]

    public init(rule: String, severity: Severity, path: FieldPath, message: String,
                expected: String? = nil, actual: String? = nil, related: [FieldPath] = [])
    {
        self.rule = rule
        self.severity = severity
        self.path = path
        self.message = message
        self.expected = expected
        self.actual = actual
        self.related = related
    }
}

/// What a rule reports before the catalogue stamps it with the rule's ID and severity.
public struct Discrepancy: Sendable {
    public var path: FieldPath
    public var message: String
    public var expected: String?
    public var actual: String?
    public var related: [FieldPath]

    public init(_ path: FieldPath, _ message: String, expected: String? = nil, actual: String? = nil,
                related: [FieldPath] = [])
    {
        self.path = path
        self.message = message
        self.expected = expected
        self.actual = actual
        self.related = related
    }
}

/// An example of a rule: an evaluation file fragment on which the rule fires (or does not).
/// The docs print them and the tests run them, so the two cannot drift apart.
public struct RuleExample: Sendable {
    public var title: String
    /// YAML below the `format:` line.
    public var body: String
    /// When set, only findings on this field count (for rules that judge many fields at once).
    public var focus: FieldPath?

    /// A framework file (YAML) the example is scored under, for rules that need one.
    public var framework: String?

    public init(_ title: String, focus: FieldPath? = nil, framework: String? = nil, _ body: String) {
        self.title = title
        self.focus = focus
        self.framework = framework
        self.body = body
    }

    /// The whole evaluation file.
    public var document: String { "format: \(Evaluation.currentFormat)\n" + body }
}

/// Settings a bureau may change; every default is the national rule or a stated inference.
public struct CheckOptions: Sendable {
    /// Grade thresholds (default: 财预〔2020〕10号).
    public var gradeScale: GradeScale = .national
    /// Largest departure of final expenditure from the budget, in percent, that needs no
    /// explanation (default ±20%, an inference: keep configurable).
    public var deviationThreshold: Decimal = 20
    /// A problem explained in fewer characters than this, with no measure, counts as unexplained.
    public var minimumExplanationLength = 15
    /// The report template whose required headings the file must fill (default: 湛江/廉江).
    public var template: ReportTemplate = .standard
    /// The framework the evaluation is scored under, when known: the stated score and grade
    /// are then checked against the computed ones, and its grade thresholds and 预算数 apply.
    public var framework: CompiledFramework? { didSet { budgetBasis = framework?.framework.budgetBasis } }
    /// The budget the stated 预算执行率 must be computed on: the framework's 预算数, set with it (the
    /// scorer sets it alone, where the framework would score again); nil: the full-year budget when known.
    public var budgetBasis: BudgetBasis?
    /// The evaluation's score sheet under `framework`: given by a caller that scored it already,
    /// else made once by the catalogue for the rules that compare stated and computed scores.
    public var scoreSheet: ScoreSheet?
    /// The evaluation's text fields, gathered once by the catalogue for the rules that read them all.
    var textFields: [TextField]?
    /// The year the evaluation must be of, when known from outside the file (the year the bureau
    /// opened, in its system): the file's years are then judged against it, not only each other.
    public var expectedYear: Int?

    public init() {}

    /// The grade thresholds in force: the framework's, or the configured scale.
    var grades: GradeScale { framework?.framework.gradeScale ?? gradeScale }

    /// The score sheet of `evaluation` under `framework`, if one is given.
    func sheet(_ evaluation: Evaluation) -> ScoreSheet? { scoreSheet ?? framework?.score(evaluation) }
}

/// 审核规则 — one rule of the check catalogue.
public struct Rule: Sendable {
    /// Stable ID, shared by `check` and `audit`, e.g. `sum.mismatch`.
    public let id: String
    public let severity: Severity
    public let kind: RuleKind
    /// Short Chinese name.
    public let title: String
    /// What it catches and why, in Chinese.
    public let summary: String
    /// Files on which it fires.
    public let triggering: [RuleExample]
    /// Files on which it stays silent.
    public let nonTriggering: [RuleExample]
    private let evaluate: @Sendable (Evaluation, CheckOptions) -> [Discrepancy]
    /// How many discrepancies `evaluate` gives, without writing their messages, for rules that
    /// a scoring framework counts (a deduction per finding), where only the number matters.
    private let countDiscrepancies: (@Sendable (Evaluation, CheckOptions) -> Int)?

    public init(id: String, severity: Severity, kind: RuleKind, title: String, summary: String,
                triggering: [RuleExample], nonTriggering: [RuleExample],
                count: (@Sendable (Evaluation, CheckOptions) -> Int)? = nil,
                evaluate: @escaping @Sendable (Evaluation, CheckOptions) -> [Discrepancy])
    {
        self.countDiscrepancies = count
        self.id = id
        self.severity = severity
        self.kind = kind
        self.title = title
        self.summary = summary
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.evaluate = evaluate
    }

    /// How many findings `check` gives with these options.
    public func count(_ evaluation: Evaluation, options: CheckOptions = CheckOptions()) -> Int {
        countDiscrepancies?(evaluation, options) ?? evaluate(evaluation, options).count
    }

    public func check(_ evaluation: Evaluation, options: CheckOptions = CheckOptions()) -> [Finding] {
        evaluate(evaluation, options).map {
            Finding(rule: id, severity: severity, path: $0.path, message: $0.message,
                    expected: $0.expected, actual: $0.actual, related: $0.related)
        }
    }
}
