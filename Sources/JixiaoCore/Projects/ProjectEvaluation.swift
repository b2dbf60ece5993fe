import Foundation

/// 项目支出绩效自评表 — one project's self-evaluation form for one year (财预〔2020〕10号 附件 and its
/// provincial variants): the project, its money rows, its annual goal, its indicator rows with their
/// scores, the total and the conclusion.
///
/// A unit's year holds one such file per project beside its overall evaluation (`Evaluation`).
/// Figures are kept as stated, with their decimals, so that the checks can judge them; jixiao's own
/// figures (执行率, each score, 总分) are computed beside them (`ProjectScoring`), never written in.
public struct ProjectEvaluation: Codable, Equatable, Sendable {
    /// The file format this model reads and writes.
    public static let currentFormat = "jixiao/project@1"

    /// Always `jixiao/project@1`.
    public var format: String
    /// 评价年度.
    public var year: Int?
    /// 项目名称 (with the budget system's project code where the form gives one).
    public var name: String?
    /// 主管部门.
    public var department: String?
    /// 实施单位.
    public var implementer: String?
    /// 项目类别 / 项目属性 / 项目类型, where the province's form asks for it.
    public var category: String?
    /// The project framework (`jixiao/project-framework@1`) the form is scored under, by ID; nil: the
    /// national default.
    public var framework: String?
    /// 项目资金（万元）.
    public var funds: ProjectFunds?
    /// 年度总体目标.
    public var goal: ProjectGoal?
    /// 绩效指标 — the indicator rows, in the form's order.
    public var indicators: [ProjectIndicator]?
    /// 总分, as stated.
    public var totalScore: StatedNumber?
    /// 评价等级, as stated (优、良、中、差).
    public var grade: String?
    /// 评价结论.
    public var conclusion: String?
    /// 存在问题.
    public var problems: String?
    /// 改进措施.
    public var improvements: String?
    /// 项目负责人.
    public var projectLead: String?
    /// 财务负责人.
    public var financeLead: String?

    public init(format: String = ProjectEvaluation.currentFormat) { self.format = format }
}

/// 项目资金 — the form's money rows: 年度资金总额 and its 其中 rows, and on the total row the
/// execution's 分值, 执行率 and 得分.
public struct ProjectFunds: Codable, Equatable, Sendable {
    /// 年度资金总额.
    public var total: FundRow?
    /// 其中 — the rows below the total, each named as the province's form names it
    /// (当年财政拨款、上年结转资金、其他资金, or 财政资金、财政专户管理资金、单位资金、其他资金).
    public var parts: [FundRow]?
    /// 分值 of the execution (预算执行率), as stated.
    public var weight: StatedNumber?
    /// 得分 of the execution, as stated.
    public var score: StatedNumber?
    /// 原因 — why the execution fell short, or why the budget was adjusted.
    public var explanation: String?

    public init() {}
}

/// 资金行 — one money row of the form, in 万元 as stated.
public struct FundRow: Codable, Equatable, Sendable {
    /// The row's name (a 其中 row's source); nil on the total row.
    public var source: String?
    /// 年初预算数.
    public var yearStart: Amount?
    /// 全年预算数 (调整后预算数).
    public var fullYear: Amount?
    /// 全年执行数 (预算执行数).
    public var spent: Amount?
    /// 执行率, as stated (the total row always; each row in some provinces' forms).
    public var executionRate: Percent?

    public init(source: String? = nil) { self.source = source }

    /// The money columns: each one's file key, its label on the form, and its field.
    public static var columns: [(key: String, label: String, value: KeyPath<FundRow, Amount?>)] { [
        ("year_start", "年初预算数", \.yearStart), ("full_year", "全年预算数", \.fullYear), ("spent", "全年执行数", \.spent),
    ] }
}

/// 年度总体目标 — the year's goal as set, and what was achieved.
public struct ProjectGoal: Codable, Equatable, Sendable {
    /// 预期目标.
    public var expected: String?
    /// 实际完成情况.
    public var achieved: String?

    public init() {}
}

/// 指标性质 — how an indicator's actual value is judged against its target.
public enum IndicatorNature: String, Codable, CaseIterable, Sendable, FixedChoice {
    /// 正向指标: at least the target.
    case atLeast = "≥"
    /// 反向指标: at most the target.
    case atMost = "≤"
    /// 等于 the target.
    case equal = "="
    /// 定性指标: judged in bands (达成、部分达成、未达成).
    case qualitative = "定性"
}

/// 绩效指标行 — one indicator row of the project form.
public struct ProjectIndicator: Codable, Equatable, Sendable {
    /// 一级指标: 产出指标、效益指标、满意度指标.
    public var level1: String?
    /// 二级指标: 数量指标、质量指标、时效指标、成本指标、经济效益指标 …
    public var level2: String?
    /// 三级指标 — the unit's own indicator.
    public var name: String?
    /// 指标性质.
    public var nature: IndicatorNature?
    /// 年度指标值, as written (`50`, `≥95%`, `效果明显`).
    public var target: String?
    /// 度量单位.
    public var unit: String?
    /// 实际完成值, as written (`37.24`, `达成预期指标`).
    public var actual: String?
    /// 分值, as stated.
    public var weight: StatedNumber?
    /// 得分, as stated.
    public var score: StatedNumber?
    /// 偏差原因分析及改进措施.
    public var deviation: String?

    public init() {}

    /// The target as a number, with any leading ≥ ≤ = of the value cell dropped; nil for words.
    public var targetNumber: StatedNumber? { Self.number(in: target) }
    /// The actual value as a number; nil for words.
    public var actualNumber: StatedNumber? { Self.number(in: actual) }

    /// The nature stated, or the one the target cell writes before its value (`≥50个`).
    public var effectiveNature: IndicatorNature? {
        if let nature { return nature }
        guard let first = target?.trimmingCharacters(in: .whitespaces).first else { return nil }
        return IndicatorNature.allCases.first { $0.rawValue == String(first) }
    }

    /// `50`, `≥50个`, `95%`, `≤90万元` → the number; the unit after it is ignored (it is the row's
    /// 度量单位), so that `≥100百分比` and `100` compare.
    static func number(in text: String?) -> StatedNumber? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let first = text.first, "≥≤=＝>＜<＞".contains(first) { text.removeFirst() }
        return (try? Quantity.parse(text))?.number
    }
}

extension ProjectEvaluation {
    /// Problems that stop the form from being checked, located by field.
    public func structuralProblems() -> [StructuralProblem] {
        format == Self.currentFormat ? []
            : [StructuralProblem(path: "format", message: "不支持的文件格式「\(format)」：应为 \(Self.currentFormat)")]
    }
}

extension ProjectEvaluation {
    /// 空白项目表 — a new project of `year` under `framework`: its money rows named as the framework's
    /// form names them, nothing stated.
    public static func blank(name: String?, year: Int, implementer: String, framework: ProjectFramework) -> ProjectEvaluation {
        var project = ProjectEvaluation()
        project.year = year
        project.name = name
        project.implementer = implementer
        project.framework = framework.id
        var funds = ProjectFunds()
        funds.parts = framework.fundRows.map { FundRow(source: $0) }
        project.funds = funds
        return project
    }
}
