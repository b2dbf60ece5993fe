import Foundation

/// 年度总体工作和重点工作任务 — the year's general requirements and key tasks.
public struct WorkPlan: Codable, Equatable, Sendable {
    /// 总体工作要求 and other introductory paragraphs.
    public var general: [String]?
    /// 重点工作任务, grouped in categories; tasks are numbered 1..N across categories.
    public var categories: [TaskCategory]?

    public init() {}

    /// Every task with its category index and index within the category.
    public var allTasks: [(category: Int, index: Int, task: WorkTask)] {
        (categories ?? []).enumerated().flatMap { c, category in
            (category.tasks ?? []).enumerated().map { (c, $0.offset, $0.element) }
        }
    }
}

/// 工作任务类别, e.g. 「加强思想引领」.
public struct TaskCategory: Codable, Equatable, Sendable {
    public var name: String
    public var tasks: [WorkTask]?

    public init(name: String, tasks: [WorkTask]? = nil) {
        self.name = name
        self.tasks = tasks
    }
}

/// 重点工作任务 — one key task with its measurable targets and its result.
public struct WorkTask: Codable, Equatable, Sendable {
    /// The task's number as stated (1..N across categories).
    public var number: Int?
    /// Short title, e.g. 「开展巡演报告会，加大宣传力度」.
    public var title: String
    /// The task as described.
    public var description: String?
    /// 目标 — measurable targets.
    public var targets: [TaskTarget]?
    /// 完成情况 — what was achieved, with evidence.
    public var result: TaskResult?

    public init(number: Int? = nil, title: String) {
        self.number = number
        self.title = title
    }
}

/// The forms a measurable target takes in real task lists.
public enum TargetKind: String, Codable, CaseIterable, Sendable {
    /// 「开展 5 场（次）」 — an exact count.
    case count
    /// 「至少 2 场以上」 — at least N.
    case atLeast = "at_least"
    /// 「1 至 3 家」「1-2 个」 — a range N–M.
    case range
    /// 「70%以上」「100%」 — a percentage to reach.
    case percentage
    /// 「9 月底前」 — a deadline.
    case deadline
    /// 「确保通过考核」 — done or not.
    case yesNo = "yes_no"
    /// 「每个镇 2 家，每个街道办 5 家，开发区 15 家」 — a total split by sub-unit.
    case split

    /// 目标类型 as the clerk names it, in forms and tables (the file keeps the code).
    public var label: String {
        switch self {
        case .count: "数量"
        case .atLeast: "不低于"
        case .range: "区间"
        case .percentage: "百分比"
        case .deadline: "时限"
        case .yesNo: "是否"
        case .split: "分解"
        }
    }
}

/// 目标 — one measurable target of a task, with its actual value once known.
public struct TaskTarget: Codable, Equatable, Sendable {
    public var kind: TargetKind
    /// What is counted or achieved, e.g. 「劳模工匠事迹巡演报告会」.
    public var subject: String
    /// Count unit, e.g. 场, 家, 期, 篇.
    public var unit: String?
    /// For count, at_least and split: the number.
    public var value: StatedNumber?
    /// For range: the lower and upper bound.
    public var min: StatedNumber?
    public var max: StatedNumber?
    /// For percentage: the rate to reach (at least).
    public var percent: Percent?
    /// For deadline: the date by which.
    public var deadline: CalendarDate?
    /// For split: the parts by sub-unit.
    public var splits: [TargetSplit]?
    /// The target as the report words it.
    public var text: String?
    /// 实际完成 — the actual value against this target.
    public var actual: TargetActual?

    public init(kind: TargetKind, subject: String) {
        self.kind = kind
        self.subject = subject
    }

    /// The fields each kind requires, as (key, present).
    var requiredFields: [(String, Bool)] {
        switch kind {
        case .count, .atLeast: [("value", value != nil)]
        case .range: [("min", min != nil), ("max", max != nil)]
        case .percentage: [("percent", percent != nil)]
        case .deadline: [("deadline", deadline != nil)]
        case .yesNo: []
        case .split: [("splits", !(splits ?? []).isEmpty)]
        }
    }
}

/// One sub-unit's share of a split target, e.g. 每个镇 2 家.
public struct TargetSplit: Codable, Equatable, Sendable {
    /// The sub-unit, e.g. 「每个镇」, 「开发区」.
    public var by: String
    /// The number per sub-unit.
    public var value: StatedNumber
    /// How many such sub-units there are (when stated), so that the split can be summed.
    public var units: Int?

    public init(by: String, value: StatedNumber, units: Int? = nil) {
        self.by = by
        self.value = value
        self.units = units
    }
}

/// 实际完成值 — the result against one target.
public struct TargetActual: Codable, Equatable, Sendable {
    public var value: StatedNumber?
    public var percent: Percent?
    /// 完成日期.
    public var date: CalendarDate?
    /// 是否完成.
    public var achieved: Bool?
    /// 说明 — why a target was missed, or how it was met.
    public var note: String?

    public init() {}
}

/// 完成情况 — what the task achieved, with its evidence.
public struct TaskResult: Codable, Equatable, Sendable {
    public var summary: String?
    /// 佐证材料 — documents, photos, records that prove it.
    public var evidence: [String]?

    public init() {}
}
