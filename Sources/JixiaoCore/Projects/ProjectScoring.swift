import Foundation

/// 项目得分 — one score of a project form as jixiao computes it beside the stated one: the execution's
/// or an indicator's.
public struct ProjectScoreLine: Sendable {
    /// The stated score's field (`funds.score`, `indicators[3].score`).
    public var path: FieldPath
    /// What is scored, as the form names it: 「预算执行率」, or the 三级指标.
    public var label: String
    /// 分值 in force: the row's stated weight, else the framework's (for the execution).
    public var weight: Decimal?
    /// 得分 as stated.
    public var stated: StatedNumber?
    /// The scores the rule allows from the stated figures within their precision (a qualitative
    /// band's whole range); nil when the rule cannot score the row.
    public var allowed: Interval?
    /// jixiao's score at the stated figures: the rule's, or for a qualitative row the stated score
    /// when it lies in its band; nil when it cannot be scored (「无法计分」, counted as 0, never full).
    public var computed: Decimal?
    /// The score that counts toward 总分: the stated one when the rule allows it within the stated
    /// precision (a form that states whole points rounds 8.62 to 9), else jixiao's.
    public var counted: Decimal? {
        if let stated, allowed != nil, let weight, stated.value <= weight, misfit == nil { return stated.value }
        return computed
    }
    /// The stated score when it is within the weight but outside what the rule allows.
    public var misfit: StatedNumber? {
        guard let stated, let allowed, let weight, stated.value <= weight, !stated.interval.overlaps(allowed) else { return nil }
        return stated
    }
    /// Whether the target was met (the execution: never judged so), when the rule can tell.
    public var met: Bool?
    /// How the score follows, as a finance clerk writes it.
    public var basis: String
    /// Whether the row is judged in bands (its stated score is then a judgement within the band).
    public var isQualitative = false
}

/// 项目评分表 — a project form scored under a project framework.
public struct ProjectScoreSheet: Sendable {
    public var framework: ProjectFramework
    /// 执行率 at the stated total row (全年执行数 ÷ 全年预算数), exactly; nil when it cannot be computed.
    public var executionRate: Decimal?
    public var execution: ProjectScoreLine
    public var indicators: [ProjectScoreLine]

    /// 总分 by jixiao: the sum of what counts (`counted`) of what could be scored.
    public var total: Decimal { ([execution] + indicators).reduce(0) { $0 + ($1.counted ?? 0) } }
    /// Rows that could not be scored.
    public var unscored: [ProjectScoreLine] { ([execution] + indicators).filter { $0.counted == nil } }
    /// 评价等级 of `total`.
    public var grade: ProjectGrade? { framework.grade(for: total) }
}

/// 项目支出绩效评分 — the framework's rules applied to a project form.
public enum ProjectScoring {
    public static func score(_ project: ProjectEvaluation, under framework: ProjectFramework) -> ProjectScoreSheet {
        let funds = project.funds
        let rate = funds?.total.flatMap(executionRate)
        let weight = funds?.weight?.value ?? framework.execution.weight.value
        var execution = ProjectScoreLine(path: "funds.score", label: "预算执行率", weight: weight, stated: funds?.score,
                                         basis: "未填报全年预算数或全年执行数，无法计算执行率")
        if let rate, let total = funds?.total, let spent = total.spent, let budget = total.fullYear {
            execution.allowed = Interval(lower: min(rate.interval.lower, 1) * weight, upper: min(rate.interval.upper, 1) * weight)
            let exact = min(rate.exact, 1) * weight
            execution.computed = exact
            execution.basis = "全年执行数 \(spent) ÷ 全年预算数 \(budget) = \(percent(rate.exact))；"
                + (rate.exact >= 1 ? "执行率不低于 100%，得满分 \(number(weight)) 分" : "\(percent(rate.exact)) × \(number(weight)) 分 = \(number(exact)) 分")
        } else if let budget = funds?.total?.fullYear, budget.yuan == 0 {
            execution.basis = "全年预算数为 0，无法计算执行率"
        }
        let indicators = (project.indicators ?? []).enumerated().map { i, indicator in
            line(indicator, path: FieldPath("indicators")[i] / "score", framework: framework)
        }
        return ProjectScoreSheet(framework: framework, executionRate: rate?.exact, execution: execution, indicators: indicators)
    }

    /// 全年执行数 ÷ 全年预算数 of a row, exactly and within the figures' precision (a ratio, not ×100).
    public static func executionRate(_ row: FundRow) -> (exact: Decimal, interval: Interval)? {
        guard let spent = row.spent, let budget = row.fullYear, budget.yuan != 0,
              let ratio = spent.intervalInYuan.clamped(atLeast: 0) / budget.intervalInYuan.clamped(atLeast: 0)
        else { return nil }
        return (spent.yuan / budget.yuan, ratio)
    }

    static func line(_ indicator: ProjectIndicator, path: FieldPath, framework: ProjectFramework) -> ProjectScoreLine {
        let label = indicator.name ?? indicator.level2 ?? "指标"
        var line = ProjectScoreLine(path: path, label: label, weight: indicator.weight?.value, stated: indicator.score,
                                    basis: "")
        guard let weight = indicator.weight?.value else {
            line.basis = "未填报分值，无法计分"
            return line
        }
        let nature = indicator.effectiveNature
        if nature == .qualitative || (indicator.actualNumber == nil && framework.band(for: indicator.actual) != nil) {
            line.isQualitative = true
            guard let band = framework.band(for: indicator.actual) else {
                line.basis = "定性指标的实际完成值「\(indicator.actual ?? "")」不是\(framework.qualitativeBands.map(\.band).joined(separator: "、"))之一，无法按档次计分"
                return line
            }
            let allowed = Interval(lower: band.from.number.value / 100 * weight, upper: band.to.number.value / 100 * weight)
            line.allowed = allowed
            line.met = band.from.number.value >= framework.qualitativeBands.map(\.from.number.value).max() ?? 0
            if let stated = indicator.score, stated.interval.overlaps(allowed) { line.computed = stated.value }
            line.basis = "定性指标「\(band.band)」，得分为分值的 \(band.from)–\(band.to)：\(number(allowed.lower))–\(number(allowed.upper)) 分"
            return line
        }
        guard let target = indicator.targetNumber, let actual = indicator.actualNumber else {
            line.basis = "年度指标值或实际完成值不是数值，无法按公式计分"
            return line
        }
        let unit = indicator.unit ?? ""
        switch nature {
        case .atLeast, .atMost:
            let atLeast = nature == .atLeast
            let (numerator, denominator) = atLeast ? (actual, target) : (target, actual)
            let met = atLeast ? actual.value >= target.value : actual.value <= target.value
            line.met = met
            if met {
                line.computed = weight
                line.allowed = Interval(exactly: weight)
                line.basis = "实际 \(actual)\(unit) \(atLeast ? "≥" : "≤") 指标值 \(target)\(unit)，达到目标，得满分 \(number(weight)) 分"
                return line
            }
            guard denominator.value != 0, let ratio = numerator.interval.clamped(atLeast: 0) / denominator.interval.clamped(atLeast: 0) else {
                line.basis = "\(atLeast ? "指标值" : "实际完成值")为 0，无法按比例计分"
                return line
            }
            let exact = numerator.value / denominator.value * weight
            line.computed = exact
            line.allowed = Interval(lower: min(ratio.lower, 1) * weight, upper: min(ratio.upper, 1) * weight)
            line.basis = atLeast
                ? "未达到目标：实际 \(actual)\(unit) ÷ 指标值 \(target)\(unit) × \(number(weight)) 分 = \(number(exact)) 分"
                : "未达到目标：指标值 \(target)\(unit) ÷ 实际 \(actual)\(unit) × \(number(weight)) 分 = \(number(exact)) 分"
        case .equal:
            if actual.interval.overlaps(target.interval) {
                line.met = true
                line.computed = weight
                line.allowed = Interval(exactly: weight)
                line.basis = "实际 \(actual)\(unit) = 指标值 \(target)\(unit)，得满分 \(number(weight)) 分"
            } else {
                line.met = false
                line.basis = "实际 \(actual)\(unit) ≠ 指标值 \(target)\(unit)：「=」指标未达到时的得分办法未规定，无法按公式计分"
            }
        case .qualitative, nil:
            line.basis = "未填报指标性质（≥、≤、=），无法判断实际 \(actual)\(unit) 与指标值 \(target)\(unit) 的比较方向"
        }
        return line
    }

    /// A score for people: at most two decimals, trailing zeros dropped (`8.62`, `10`).
    public static func number(_ value: Decimal) -> String { DecimalFormat.trimmed(value, decimals: 2) }

    /// A ratio as a percentage with two decimals (`86.20%`).
    public static func percent(_ ratio: Decimal) -> String { DecimalFormat.fixed(ratio * 100, decimals: 2, grouping: false) + "%" }
}
