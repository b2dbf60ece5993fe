import Foundation

/// 预算情况 — the budget side of 一（四）: budget, “三公”, operating funds, procurement, assets.
public struct Budget: Codable, Equatable, Sendable {
    /// 预算年度.
    public var year: Int?
    /// 收入预算, with last year's or the stated change.
    public var income: YearOnYear?
    /// 支出预算 — the year-start budget (年初预算数), with last year's or the stated change.
    public var expenditure: YearOnYear?
    /// 预算调整 — what was added to and taken from the expenditure budget during the year.
    public var adjustments: BudgetAdjustments?
    /// 全年预算数（调整后预算数） — the year-start budget plus what was added, less what was taken back.
    public var fullYear: Amount?
    /// 公用经费预算数 — the public operating funds the budget arranges (预算安排公用经费), against which
    /// 公用经费控制率 measures the final accounts' 公用经费.
    public var publicOperating: Amount?
    /// 财政拨款安排“三公”经费.
    public var threePublic: ThreePublicExpenses?
    /// 机关运行经费.
    public var operatingFunds: YearOnYear?
    /// 机关运行经费的口径 — its definition as the report gives it (the economic items it covers).
    public var operatingFundsDefinition: String?
    /// 政府采购预算.
    public var procurement: Procurement?
    /// 固定资产.
    public var fixedAssets: FixedAssets?
    /// Free paragraphs.
    public var narrative: [String]?

    public init() {}
}

/// 预算调整 — 追加 and 追减 of the expenditure budget during the year, with why.
public struct BudgetAdjustments: Codable, Equatable, Sendable {
    /// 追加 — added during the year.
    public var added: Amount?
    /// 追减 — taken back during the year.
    public var reduced: Amount?
    /// 调整原因.
    public var reason: String?

    public init() {}
}

/// 同比 — a figure with last year's figure and/or the stated change and growth.
///
/// 「285.58万元，比上年增加 15.17万元，增长 5.6%，主要原因是人员增加」 is
/// `amount: 285.58万元, change: 15.17万元, growth: 5.6%, reason: 人员增加`.
/// A year started from last year's report has only 上年数 until the clerk states this year's.
public struct YearOnYear: Codable, Equatable, Sendable {
    /// 本年数; nil until stated (`yoy.amount.missing` asks for it).
    public var amount: Amount?
    /// 上年数, when stated.
    public var lastYear: Amount?
    /// 比上年增减额 (减少 is negative), when stated.
    public var change: AmountChange?
    /// 增长率 (下降 is negative), when stated.
    public var growth: Percent?
    /// 增减原因.
    public var reason: String?

    public init(amount: Amount?, lastYear: Amount? = nil) {
        self.amount = amount
        self.lastYear = lastYear
    }
}

/// “三公”经费 — official overseas travel, official vehicles, official reception.
public struct ThreePublicExpenses: Codable, Equatable, Sendable {
    /// 合计.
    public var total: YearOnYear?
    /// 因公出国（境）费.
    public var overseasTravel: YearOnYear?
    /// 公务用车购置及运行维护费.
    public var vehicles: VehicleExpenses?
    /// 公务接待费.
    public var reception: YearOnYear?

    public init() {}
}

/// 公务用车购置及运行维护费 — the vehicle total with its two parts.
public struct VehicleExpenses: Codable, Equatable, Sendable {
    /// 合计, with its change.
    public var total: YearOnYear?
    /// 公务用车购置费.
    public var purchase: YearOnYear?
    /// 公务用车运行维护费.
    public var running: YearOnYear?

    public init() {}
}

/// 政府采购 — procurement budget: goods, works, services.
public struct Procurement: Codable, Equatable, Sendable {
    public var total: Amount?
    /// 货物类.
    public var goods: Amount?
    /// 工程类.
    public var works: Amount?
    /// 服务类.
    public var services: Amount?

    public init() {}
}

/// 固定资产 — fixed assets at the previous year end, and planned purchases.
public struct FixedAssets: Codable, Equatable, Sendable {
    /// 截至日期, usually 31 December of the previous year.
    public var asOf: CalendarDate?
    /// 固定资产金额.
    public var amount: Amount?
    /// 房屋面积, m².
    public var buildingArea: StatedNumber?
    /// 车辆数.
    public var vehicles: Int?
    /// 单价 100 万元以上的设备台数.
    public var equipmentOverOneMillion: Int?
    /// 本年度拟购置固定资产.
    public var plannedPurchase: Amount?
    /// 拟购置说明.
    public var plannedNote: String?

    public init() {}
}

/// 预算数口径 — which budget a framework's 预算数 is: the full-year (adjusted) budget, as 财预〔2013〕53号
/// defines it (「（变动后）预算数」), or the year-start budget, as some bureaus' tables do.
public enum BudgetBasis: String, Codable, CaseIterable, Sendable, FixedChoice {
    /// 全年预算数（调整后预算数）.
    case fullYear = "full_year"
    /// 年初预算数.
    case yearStart = "year_start"

    /// The Chinese name.
    public var label: String { self == .fullYear ? "全年预算数" : "年初预算数" }
}

/// 预算数 — the expenditure budget on one basis: as stated, or (the full-year one) derived from the
/// year-start budget and the adjustments.
public struct BudgetFigure: Sendable, Equatable {
    public var basis: BudgetBasis
    public var yuan: Decimal
    /// The values its stated figures allow, in 元.
    public var interval: Interval
    /// As stated (`285.58万元`), or, derived, written like the most precise of the figures it comes from.
    public var text: String
    /// Derived as 年初预算数 + 追加 − 追减, not stated.
    public var isDerived: Bool
}

extension Budget {
    /// 年初预算数: the expenditure budget.
    public var yearStartBudget: BudgetFigure? {
        expenditure?.amount.map {
            BudgetFigure(basis: .yearStart, yuan: $0.yuan, interval: $0.intervalInYuan.clamped(atLeast: 0),
                         text: $0.description, isDerived: false)
        }
    }

    /// 全年预算数: as stated, or 年初预算数 + 追加 − 追减 when all three are stated.
    public var fullYearBudget: BudgetFigure? {
        if let fullYear {
            return BudgetFigure(basis: .fullYear, yuan: fullYear.yuan, interval: fullYear.intervalInYuan.clamped(atLeast: 0),
                                text: fullYear.description, isDerived: false)
        }
        guard let start = expenditure?.amount, let added = adjustments?.added, let reduced = adjustments?.reduced else { return nil }
        let yuan = start.yuan + added.yuan - reduced.yuan
        let finest = [start, added, reduced].min { $0.halfWidthExponent < $1.halfWidthExponent }!
        return BudgetFigure(basis: .fullYear, yuan: yuan,
                            interval: (start.intervalInYuan + added.intervalInYuan - reduced.intervalInYuan).clamped(atLeast: 0),
                            text: finest.formatted(yuan: yuan), isDerived: true)
    }

    /// 预算数 on `basis`; the full-year budget falls back to the year-start one when it is not known.
    /// Without a basis, the full-year budget when it is known.
    public func budget(on basis: BudgetBasis?) -> BudgetFigure? {
        if basis != .yearStart, let full = fullYearBudget { return full }
        return yearStartBudget
    }

    /// 预算调整数: 追加 + 追减 when both are stated, else |全年预算数 − 年初预算数| when both are stated;
    /// in 元, and written like the most precise of the figures it comes from.
    public var adjustmentTotal: (yuan: Decimal, text: String)? {
        let figures: [Amount]
        let yuan: Decimal
        if let added = adjustments?.added, let reduced = adjustments?.reduced {
            (figures, yuan) = ([added, reduced], added.yuan + reduced.yuan)
        } else if let full = fullYear, let start = expenditure?.amount {
            (figures, yuan) = ([full, start], abs(full.yuan - start.yuan))
        } else {
            return nil
        }
        return (yuan, figures.min { $0.halfWidthExponent < $1.halfWidthExponent }!.formatted(yuan: yuan))
    }
}
