import Foundation

/// 自评工作开展情况 and 自评结果 — how the self-evaluation was run and what it concluded.
public struct SelfEvaluation: Codable, Equatable, Sendable {
    /// 二（一） 评价小组情况.
    public var team: EvaluationTeam?
    /// 二（二） 自评工作过程, as paragraphs.
    public var process: [String]?
    /// 二（三） 自评材料报送时间及质量.
    public var submission: [String]?
    /// 二（四） 自评材料报送及公开一致情况.
    public var disclosure: [String]?
    /// 三（一） 自评结果.
    public var result: EvaluationResult?
    /// 三（二） 指标分析的总体段落 (each indicator's own analysis is on the indicator).
    public var indicatorSummary: [String]?

    public init() {}
}

/// 自评工作小组.
public struct EvaluationTeam: Codable, Equatable, Sendable {
    /// 小组成员人数.
    public var members: Int?
    /// 人员构成, e.g. 单位领导、主管领导、财务人员和其他人员.
    public var composition: String?
    /// 办公室设在.
    public var office: String?
    /// 职责.
    public var duties: String?

    public init() {}
}

/// 等级 — the grade a score gives: 优, 良, 中, 差.
public enum Grade: String, Codable, CaseIterable, Sendable {
    case excellent = "优"
    case good = "良"
    case fair = "中"
    case poor = "差"

    /// Reads 优/优秀, 良/良好, 中/中等/合格, 差/较差/不合格.
    public init?(word: String) {
        switch word.trimmingCharacters(in: .whitespaces) {
        case "优", "优秀": self = .excellent
        case "良", "良好": self = .good
        case "中", "中等", "合格", "一般": self = .fair
        case "差", "较差", "不合格": self = .poor
        default: return nil
        }
    }

    public init(from decoder: Decoder) throws {
        let word = try decoder.singleValueContainer().decode(String.self)
        guard let grade = Grade(word: word) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "等级「\(word)」无效：应为 优、良、中、差 之一"))
        }
        self = grade
    }
}

/// 等级划分 — the score thresholds of the grades; the national rule by default.
public struct GradeScale: Equatable, Sendable {
    /// Lowest score of 优, 良 and 中; below `fair` is 差.
    public var excellent: Decimal
    public var good: Decimal
    public var fair: Decimal

    public init(excellent: Decimal, good: Decimal, fair: Decimal) {
        self.excellent = excellent
        self.good = good
        self.fair = fair
    }

    /// 财预〔2020〕10号: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60.
    public static let national = GradeScale(excellent: 90, good: 80, fair: 60)

    public func grade(for score: Decimal) -> Grade {
        score >= excellent ? .excellent : score >= good ? .good : score >= fair ? .fair : .poor
    }
}

/// 自评结果 — the score, the grade and the overall judgement.
public struct EvaluationResult: Codable, Equatable, Sendable {
    /// 自评分数 (of 100 unless the framework says otherwise).
    public var score: StatedNumber?
    /// 自评等级.
    public var grade: Grade?
    /// 综合评判 — economy, efficiency, effectiveness and equity, in words.
    public var judgement: String?

    public init() {}
}

/// 绩效指标 — one indicator with its target and actual value (scoring comes from a framework).
public struct IndicatorResult: Codable, Equatable, Sendable {
    /// 指标名称, e.g. 工会工作满意度.
    public var name: String
    /// 一级/二级指标 it belongs to, when stated.
    public var category: String?
    /// 指标值（目标）, e.g. `≥ 90%` as `90%`.
    public var target: Quantity?
    /// 实际完成值.
    public var actual: Quantity?
    /// 指标方向 — whether a higher or a lower actual value is better (default: higher).
    public var better: IndicatorDirection?
    /// 分值 and 得分, when stated.
    public var points: StatedNumber?
    public var score: StatedNumber?
    /// 指标分析 — the explanation of the value.
    public var analysis: String?

    public init(name: String) { self.name = name }
}

/// 指标方向 — which way an indicator improves.
public enum IndicatorDirection: String, Codable, CaseIterable, Sendable, FixedChoice {
    /// 越高越好 (completion rates, satisfaction).
    case higher
    /// 越低越好 (cost control rates, complaints).
    case lower
}

/// 自评打分 — the unit's answers to the framework's checklist, manual and deduction items.
public struct SelfScoring: Codable, Equatable, Sendable {
    /// The framework these answers are for (its `id`), when stated.
    public var framework: String?
    public var answers: [ScoringAnswer]?

    public init(framework: String? = nil, answers: [ScoringAnswer]? = nil) {
        self.framework = framework
        self.answers = answers
    }
}

/// 评分作答 — the answer to one indicator of a framework, with its evidence.
public struct ScoringAnswer: Codable, Equatable, Sendable {
    /// The indicator's `id` in the framework.
    public var indicator: String
    /// For manual items: the points given.
    public var points: StatedNumber?
    /// For deduction items counted by hand: the number of occurrences.
    public var count: Int?
    /// For checklist items: each item met or not.
    public var items: [ChecklistAnswer]?
    /// 不适用 — the indicator does not apply to this unit (the framework decides what follows).
    public var notApplicable: Bool?
    /// 佐证 — what the answer rests on. Required for manual points, counts and N/A.
    public var evidence: String?

    public init(indicator: String) { self.indicator = indicator }
}

/// One checklist item answered.
public struct ChecklistAnswer: Codable, Equatable, Sendable {
    public var id: String
    public var met: Bool
    public var evidence: String?

    public init(id: String, met: Bool, evidence: String? = nil) {
        self.id = id
        self.met = met
        self.evidence = evidence
    }
}

/// 存在问题 — one problem with its explanation.
public struct Problem: Codable, Equatable, Sendable {
    public var title: String
    /// 具体说明 — what the problem is, its cause and effect.
    public var explanation: String?

    public init(title: String, explanation: String? = nil) {
        self.title = title
        self.explanation = explanation
    }
}

/// 改进措施 — a measure, tied to the problem it answers (by its 1-based number).
public struct Improvement: Codable, Equatable, Sendable {
    /// The number of the problem it answers, when it answers one.
    public var problem: Int?
    public var measure: String

    public init(problem: Int? = nil, measure: String) {
        self.problem = problem
        self.measure = measure
    }
}
