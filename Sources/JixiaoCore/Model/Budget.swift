import Foundation

/// 预算情况 — the budget side of 一（四）: budget, “三公”, operating funds, procurement, assets.
public struct Budget: Codable, Equatable, Sendable {
    /// 预算年度.
    public var year: Int?
    /// 收入预算, with last year's or the stated change.
    public var income: YearOnYear?
    /// 支出预算, with last year's or the stated change.
    public var expenditure: YearOnYear?
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
