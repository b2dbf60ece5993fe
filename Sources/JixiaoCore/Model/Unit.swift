import Foundation

/// 单位类型 — the kind of budget unit.
public enum UnitType: String, Codable, CaseIterable, Sendable {
    /// 行政单位.
    case administrative = "行政"
    /// 事业单位.
    case institution = "事业"
    /// 群团组织 (trade unions, youth league, women's federation…).
    case massOrganisation = "群团"
    /// 其他.
    case other = "其他"
}

/// 预算级次 — whether the unit's budget is its own level only or a consolidated one.
public enum BudgetLevel: String, Codable, CaseIterable, Sendable {
    /// 本级预算.
    case ownLevel = "本级"
    /// 汇总预算 (own level plus subordinate units).
    case consolidated = "汇总"
}

/// 单位基本情况 — the unit's organisation and duties.
public struct UnitProfile: Codable, Equatable, Sendable {
    /// 单位名称.
    public var name: String?
    /// 单位类型.
    public var type: UnitType?
    /// 参照公务员法管理 (参公).
    public var civilServiceManaged: Bool?
    /// 主要职责, one per item.
    public var duties: [String]?
    /// 内设机构.
    public var departments: [String]?
    /// 下属单位; empty means 「无下属单位」.
    public var subordinateUnits: [String]?
    /// 预算级次.
    public var budgetLevel: BudgetLevel?
    /// Free paragraphs for this section.
    public var narrative: [String]?

    public init() {}
}

/// 人员构成情况 — staffing: authorised posts and fiscally supported persons.
public struct Staffing: Codable, Equatable, Sendable {
    /// 编制数 by kind, with the stated total.
    public var authorized: Headcount?
    /// 财政供养人员 by kind (in service by post kind, retired), with the stated total.
    public var supported: Headcount?
    /// 实际在职人数.
    public var inService: Int?
    /// 在职人员控制率 as stated (= 实际在职人数 / 编制数).
    public var controlRate: Percent?
    /// Free paragraphs.
    public var narrative: [String]?

    public init() {}
}

/// 人数 — a stated total and its parts.
public struct Headcount: Codable, Equatable, Sendable {
    /// The stated total (e.g. 「现有编制 11 名」).
    public var total: Int?
    public var parts: [HeadcountPart]?

    public init(total: Int? = nil, parts: [HeadcountPart]? = nil) {
        self.total = total
        self.parts = parts
    }
}

/// 人员状态 — in service or retired.
public enum PersonStatus: String, Codable, CaseIterable, Sendable {
    case inService = "在职"
    case retired = "退休"
    case veteranRetired = "离休"
}

/// One kind of post or person, e.g. 行政编制 9 名.
public struct HeadcountPart: Codable, Equatable, Sendable {
    /// The kind as written: 行政编制, 事业编制, 工勤编制, 退休人员…
    public var kind: String
    public var count: Int
    public var status: PersonStatus?

    public init(kind: String, count: Int, status: PersonStatus? = nil) {
        self.kind = kind
        self.count = count
        self.status = status
    }
}
