import Foundation

/// A stated figure and the field it sits in.
public struct StatedAmount: Sendable {
    public var path: FieldPath
    public var amount: Amount
    /// Amounts cannot be negative, so their interval stops at zero.
    public var interval: Interval { amount.intervalInYuan.clamped(atLeast: 0) }
}

/// 合计关系 — a stated total and the stated parts that must add up to it.
public struct SumRelation: Sendable {
    /// What is summed, e.g. 「决算支出（按功能分类）」.
    public var label: String
    public var total: StatedAmount
    public var parts: [StatedAmount]
}

/// 比率关系 — a stated rate and the two figures it is computed from (× 100%).
public struct RatioRelation: Sendable {
    public var label: String
    public var path: FieldPath
    public var stated: Percent
    public var numerator: Interval
    public var denominator: Interval
    /// The computed rate at the stated figures, for the message.
    public var exact: Decimal?
}

/// 同比 — a year-on-year statement and where it sits.
public struct YearOnYearStatement: Sendable {
    public var label: String
    public var path: FieldPath
    public var figure: YearOnYear
}

extension Evaluation {
    /// Every total-and-parts relation the file states (classifications.md, “Relations that must hold”).
    public var sumRelations: [SumRelation] {
        var relations: [SumRelation] = []
        func add(_ label: String, _ total: StatedAmount?, _ parts: [StatedAmount?]) {
            guard let total, !parts.isEmpty else { return }
            let present = parts.compactMap { $0 }
            // A relation with a part left unstated cannot be judged: the missing part could be anything.
            guard present.count == parts.count else { return }
            relations.append(SumRelation(label: label, total: total, parts: present))
        }
        func stated(_ path: FieldPath, _ amount: Amount?) -> StatedAmount? {
            amount.map { StatedAmount(path: path, amount: $0) }
        }
        func lines(_ path: FieldPath, _ lines: [ClassifiedLine]?) -> [StatedAmount?] {
            (lines ?? []).enumerated().map { stated(path[$0] / "amount", $1.amount) }
        }

        let fa: FieldPath = "final_accounts"
        let income = finalAccounts?.income
        let incomeTotal = stated(fa / "income" / "total", income?.total)
        add("决算收入（按来源）", incomeTotal,
            (income?.bySource ?? []).enumerated().map { stated((fa / "income" / "by_source")[$0] / "amount", $1.amount) })

        let ex = fa / "expenditure"
        let expenditure = finalAccounts?.expenditure
        let expenditureTotal = stated(ex / "total", expenditure?.total)
        add("决算支出（按功能分类）", expenditureTotal, lines(ex / "by_function", expenditure?.byFunction))
        add("决算支出（按经济分类）", expenditureTotal, lines(ex / "by_economic", expenditure?.byEconomic))

        if let nature = expenditure?.byNature {
            let np = ex / "by_nature"
            let basic = stated(np / "basic" / "amount", nature.basic?.amount)
            let projects = (nature.projects ?? []).enumerated().map { stated((np / "projects")[$0] / "amount", $1.amount) }
            let projectTotal = stated(np / "project_total", nature.projectTotal)
            if let projectTotal {
                add("决算支出（按性质）", expenditureTotal, [basic, projectTotal])
                add("项目支出", projectTotal, projects)
            } else if nature.projects != nil {
                add("决算支出（按性质）", expenditureTotal, [basic] + projects)
            }
            add("基本支出", basic, [stated(np / "basic" / "personnel", nature.basic?.personnel),
                                  stated(np / "basic" / "public_operating", nature.basic?.publicOperating)])
        }
        if let carryOver = finalAccounts?.carryOver {
            add("决算收入（支出加结转结余）", incomeTotal, [expenditureTotal, stated(fa / "carry_over", carryOver)])
        }

        if let tp = budget?.threePublic {
            let p: FieldPath = "budget.three_public"
            let vehicles = tp.vehicles
            let vehicleTotal = stated(p / "vehicles" / "total" / "amount", vehicles?.total?.amount)
            add("“三公”经费", stated(p / "total" / "amount", tp.total?.amount),
                [stated(p / "overseas_travel" / "amount", tp.overseasTravel?.amount), vehicleTotal,
                 stated(p / "reception" / "amount", tp.reception?.amount)])
            add("公务用车购置及运行维护费", vehicleTotal,
                [stated(p / "vehicles" / "purchase" / "amount", vehicles?.purchase?.amount),
                 stated(p / "vehicles" / "running" / "amount", vehicles?.running?.amount)])
        }
        if let procurement = budget?.procurement {
            let p: FieldPath = "budget.procurement"
            add("政府采购预算", stated(p / "total", procurement.total),
                [stated(p / "goods", procurement.goods), stated(p / "works", procurement.works),
                 stated(p / "services", procurement.services)])
        }
        return relations
    }

    /// Every year-on-year statement of the file.
    public var yearOnYearStatements: [YearOnYearStatement] {
        let b: FieldPath = "budget"
        let tp = b / "three_public"
        let candidates: [(String, FieldPath, YearOnYear?)] = [
            ("收入预算", b / "income", budget?.income),
            ("支出预算", b / "expenditure", budget?.expenditure),
            ("“三公”经费", tp / "total", budget?.threePublic?.total),
            ("因公出国（境）费", tp / "overseas_travel", budget?.threePublic?.overseasTravel),
            ("公务用车购置及运行维护费", tp / "vehicles" / "total", budget?.threePublic?.vehicles?.total),
            ("公务用车购置费", tp / "vehicles" / "purchase", budget?.threePublic?.vehicles?.purchase),
            ("公务用车运行维护费", tp / "vehicles" / "running", budget?.threePublic?.vehicles?.running),
            ("公务接待费", tp / "reception", budget?.threePublic?.reception),
            ("机关运行经费", b / "operating_funds", budget?.operatingFunds),
        ]
        return candidates.compactMap { label, path, figure in
            figure.map { YearOnYearStatement(label: label, path: path, figure: $0) }
        }
    }

    /// Every stated rate other than year-on-year growth.
    public var ratioRelations: [RatioRelation] {
        var relations: [RatioRelation] = []
        if let rate = staffing?.controlRate, let inService = staffing?.inService,
           let authorized = staffing?.authorized?.total
        {
            relations.append(RatioRelation(
                label: "在职人员控制率（实际在职人数 ÷ 编制数）", path: "staffing.control_rate", stated: rate,
                numerator: Interval(exactly: Decimal(inService)), denominator: Interval(exactly: Decimal(authorized)),
                exact: authorized == 0 ? nil : Decimal(inService) / Decimal(authorized) * 100))
        }
        if let rate = finalAccounts?.executionRate, let spent = finalAccounts?.expenditure?.total,
           let budgeted = budget?.expenditure?.amount
        {
            relations.append(RatioRelation(
                label: "预算执行率（决算支出 ÷ 支出预算）", path: "final_accounts.execution_rate", stated: rate,
                numerator: spent.intervalInYuan.clamped(atLeast: 0),
                denominator: budgeted.intervalInYuan.clamped(atLeast: 0),
                exact: budgeted.yuan == 0 ? nil : spent.yuan / budgeted.yuan * 100))
        }
        return relations
    }
}

/// Judging stated figures against each other by their stated precision (XBRL Calculations 1.1):
/// a relation fails only when no values within the stated intervals satisfy it.
public enum Tolerance {
    /// True when a rate stated as `stated`% can be `numerator / denominator × 100`.
    /// Unknowable rates (a denominator that may be zero) are never reported as wrong.
    public static func rateHolds(_ stated: Percent, numerator: Interval, denominator: Interval) -> Bool {
        guard let ratio = numerator / denominator else { return true }
        return (ratio * 100).overlaps(stated.number.interval)
    }

    /// The rate at the stated figures, written with `decimals` (more when that would hide the gap).
    public static func formatRate(_ value: Decimal, like stated: Percent) -> String {
        var decimals = stated.number.decimals
        var text = DecimalFormat.fixed(value, decimals: decimals, grouping: false)
        while text == stated.number.description && decimals < stated.number.decimals + 4 {
            decimals += 1
            text = DecimalFormat.fixed(value, decimals: decimals, grouping: false)
        }
        return text + "%"
    }
}
