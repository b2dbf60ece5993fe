import Foundation

/// 项目支出绩效自评评分规则 — how a bureau scores project forms: the weights, the execution rule, the
/// qualitative bands, the grades and the form's money rows. A data file
/// (`format: jixiao/project-framework@1`), as the overall frameworks are: a bureau may vary every one.
public struct ProjectFramework: Codable, Equatable, Sendable {
    public static let currentFormat = "jixiao/project-framework@1"
    /// The ID of the national default (财预〔2020〕10号), used when a form names none.
    public static let defaultID = "project-national-2020"

    public var format: String
    /// Stable ID, e.g. `project-national-2020`.
    public var id: String
    /// 名称.
    public var name: String
    /// 适用地区.
    public var jurisdiction: String?
    /// 来源 — the document (and published forms) the rules are taken from.
    public var source: String
    /// 满分 (100).
    public var total: StatedNumber
    /// 预算执行率 — its weight, and below which rate the form must say why.
    public var execution: ExecutionRule
    /// The weight of each 一级指标 (产出 50, 效益 30, 满意度 10), or one weight for all the indicators
    /// together (四川: 指标 90). The form's weights must add to `total`; a 一级指标 whose weights add to
    /// other than its share is noted (the 办法 sets the shares 「原则上」).
    public var indicatorWeights: [LevelWeight]
    /// 定性指标 — each band's share of the indicator's weight.
    public var qualitativeBands: [QualitativeBand]
    /// 评价等级 from 总分, highest first.
    public var grades: [ProjectGrade]
    /// The names of the form's 其中 rows under 年度资金总额.
    public var fundRows: [String]

    /// The weights a form's indicators share: the sum of `indicatorWeights`.
    public var indicatorTotal: Decimal { indicatorWeights.reduce(0) { $0 + $1.weight.value } }

    /// The band a stated qualitative result falls in, by the words of its 实际完成值 (「部分达成」 before
    /// 「达成」, 「未达成」 before both).
    public func band(for actual: String?) -> QualitativeBand? {
        guard let actual, !actual.isEmpty else { return nil }
        let ordered = qualitativeBands.sorted { $0.words.map(\.count).max() ?? 0 > $1.words.map(\.count).max() ?? 0 }
        return ordered.first { band in band.words.contains { actual.contains($0) } }
    }

    /// The grade of a total score.
    public func grade(for score: Decimal) -> ProjectGrade? { grades.first { score >= $0.atLeast.value } }

    /// Problems that make the framework unusable, located by field.
    public func structuralProblems() -> [StructuralProblem] {
        var problems: [StructuralProblem] = []
        if format != Self.currentFormat {
            problems.append(.init(path: "format", message: "不支持的格式「\(format)」：应为 \(Self.currentFormat)"))
        }
        let sum = execution.weight.value + indicatorTotal
        if sum != total.value {
            problems.append(.init(path: "indicator_weights",
                                  message: "预算执行率分值 \(execution.weight) 与各指标分值之和 \(DecimalFormat.trimmed(indicatorTotal, decimals: 4)) 相加为 \(DecimalFormat.trimmed(sum, decimals: 4))，应等于满分 \(total)"))
        }
        for (i, band) in qualitativeBands.enumerated() where band.from.number.value > band.to.number.value {
            problems.append(.init(path: FieldPath("qualitative_bands")[i], message: "得分比例下限 \(band.from) 大于上限 \(band.to)"))
        }
        if grades.isEmpty { problems.append(.init(path: "grades", message: "至少需要一个评价等级")) }
        return problems
    }
}

/// 预算执行率评分规则 — 执行率 × weight, at most the weight.
public struct ExecutionRule: Codable, Equatable, Sendable {
    /// 分值 (10 by the 办法; 20 in some provinces).
    public var weight: StatedNumber
    /// Below this rate the form must state why (「预算执行率未达到90%的需说明原因」); nil: not required.
    public var explainBelow: Percent?
}

/// 一级指标分值 — the share of one 一级指标 (nil `level1`: all the indicators together).
public struct LevelWeight: Codable, Equatable, Sendable {
    public var level1: String?
    public var weight: StatedNumber
}

/// 定性指标档次 — a qualitative result's band and its share of the weight.
public struct QualitativeBand: Codable, Equatable, Sendable {
    /// 达成、部分达成、未达成.
    public var band: String
    /// Words in a 实际完成值 that put it in this band (「达成预期指标」 → 达成).
    public var words: [String]
    /// 得分比例 from and to (80%–100% for 达成).
    public var from: Percent
    public var to: Percent
}

/// 评价等级 — a grade and the lowest 总分 that earns it.
public struct ProjectGrade: Codable, Equatable, Sendable {
    /// 优、良、中、差.
    public var grade: String
    public var atLeast: StatedNumber
}
