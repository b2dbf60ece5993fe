import Foundation

/// 决算 — final accounts: what was actually received and spent in the year.
public struct FinalAccounts: Codable, Equatable, Sendable {
    /// 收入决算.
    public var income: FinalIncome?
    /// 支出决算.
    public var expenditure: FinalExpenditure?
    /// 年末结转结余, when stated.
    public var carryOver: Amount?
    /// “三公”经费决算数 — what was actually spent on the three public expenses.
    public var threePublic: Amount?
    /// 政府采购实际金额.
    public var procurement: Amount?
    /// 预算执行率 as stated (= 决算支出 / 支出预算).
    public var executionRate: Percent?
    /// 决算与预算差异原因 — why final accounts depart from the budget.
    public var deviationReason: String?
    /// Free paragraphs.
    public var narrative: [String]?

    public init() {}
}

/// 收入决算 — total income and income by source.
public struct FinalIncome: Codable, Equatable, Sendable {
    /// 总收入.
    public var total: Amount?
    /// 按来源.
    public var bySource: [IncomeLine]?

    public init() {}
}

/// 收入来源 — where income comes from.
public enum IncomeSource: String, Codable, CaseIterable, Sendable {
    case generalBudget = "一般公共预算财政拨款"
    case governmentFund = "政府性基金预算财政拨款"
    case stateCapital = "国有资本经营预算财政拨款"
    case fiscalSpecial = "财政专户管理资金"
    case operatingIncome = "事业收入"
    case businessIncome = "经营收入"
    case superiorSubsidy = "上级补助收入"
    case subordinateRemittance = "附属单位上缴收入"
    case other = "其他收入"
    case carriedOver = "上年结转"
}

/// One income source line.
public struct IncomeLine: Codable, Equatable, Sendable {
    public var source: IncomeSource
    public var amount: Amount

    public init(source: IncomeSource, amount: Amount) {
        self.source = source
        self.amount = amount
    }
}

/// 支出决算 — total expenditure and its three breakdowns, each of which must sum to the total.
public struct FinalExpenditure: Codable, Equatable, Sendable {
    /// 总支出.
    public var total: Amount?
    /// 按功能分类 (codes 2xx).
    public var byFunction: [ClassifiedLine]?
    /// 按支出性质 — basic and project expenditure.
    public var byNature: ExpenditureByNature?
    /// 按经济分类 (codes 3xx).
    public var byEconomic: [ClassifiedLine]?

    public init() {}
}

/// One line of a classified breakdown: a classification code, its name, the amount.
public struct ClassifiedLine: Codable, Equatable, Sendable {
    /// 科目编码, e.g. `201` (类), `20129` (款), `2012901` (项).
    public var code: String
    /// 科目名称 as stated; the file loader fills it from the code when absent.
    public var name: String?
    public var amount: Amount

    public init(code: String, name: String? = nil, amount: Amount) {
        self.code = code
        self.name = name
        self.amount = amount
    }
}

/// 按支出性质 — basic expenditure (personnel + public operating) and named projects.
public struct ExpenditureByNature: Codable, Equatable, Sendable {
    /// 基本支出.
    public var basic: BasicExpenditure?
    /// 项目支出合计, when stated.
    public var projectTotal: Amount?
    /// 项目支出, each project named.
    public var projects: [ProjectLine]?

    public init() {}
}

/// 基本支出 — personnel funds plus public operating funds.
public struct BasicExpenditure: Codable, Equatable, Sendable {
    public var amount: Amount?
    /// 人员经费.
    public var personnel: Amount?
    /// 公用经费.
    public var publicOperating: Amount?

    public init() {}
}

/// 项目支出 — one named project.
public struct ProjectLine: Codable, Equatable, Sendable {
    /// 项目类别, e.g. 基本建设类项目.
    public var category: String?
    public var name: String
    public var amount: Amount

    public init(category: String? = nil, name: String, amount: Amount) {
        self.category = category
        self.name = name
        self.amount = amount
    }
}
