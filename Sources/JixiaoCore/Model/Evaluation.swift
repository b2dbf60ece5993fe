import Foundation

/// 部门整体支出绩效自评 — one unit's self-evaluation for one year: every fact of the report.
///
/// Sections follow the standard report outline (一 单位基本情况, 二 自评工作开展情况,
/// 三 绩效自评情况). Every section is optional so that a file can be filled in gradually; a
/// section that the outline requires and the file lacks is reported by `section.missing`.
/// Figures the unit states are kept as stated, so that the checks can test them; figures the
/// unit does not state are derived by the checks, never written into the file.
public struct Evaluation: Codable, Equatable, Sendable {
    /// The file format this model reads and writes.
    public static let currentFormat = "jixiao/evaluation@1"

    /// Always `jixiao/evaluation@1`.
    public var format: String
    /// 报告模板 — the template the report follows: a built-in's ID, or a template file's path
    /// (relative to this file). `check` and `render` use it when not told another; nil: 湛江/廉江's.
    public var template: String?
    /// 封面 — cover block and opening paragraph.
    public var cover: Cover?
    /// 一（一） 单位基本情况 — organisation, duties, departments.
    public var unit: UnitProfile?
    /// 一（一） 人员构成情况 — authorised posts and fiscally supported persons.
    public var staffing: Staffing?
    /// 一（二） 年度总体工作和重点工作任务.
    public var work: WorkPlan?
    /// 一（三） 部门整体支出绩效目标 — the overall performance goals, as paragraphs.
    public var performanceGoals: [String]?
    /// 一（四） 部门整体支出情况 — budget side: budget, “三公”, operating funds, procurement, assets.
    public var budget: Budget?
    /// 一（四） 部门决算 — final accounts.
    public var finalAccounts: FinalAccounts?
    /// 二 自评工作开展情况 and 三（一） 自评结果.
    public var selfEvaluation: SelfEvaluation?
    /// 三（二） 部门整体支出绩效指标分析 — indicator values, including the unit's own (个性指标).
    public var indicators: [IndicatorResult]?
    /// 自评打分 — answers to a framework's judgement items (checklists, manual points).
    public var selfScoring: SelfScoring?
    /// 三（三） 存在问题.
    public var problems: [Problem]?
    /// 三（四） 改进措施.
    public var improvements: [Improvement]?
    /// 结果应用 — how the results will be used, as paragraphs.
    public var useOfResults: [String]?
    /// 四 其他需要说明的情况, as paragraphs.
    public var otherMatters: [String]?

    public init(format: String = Evaluation.currentFormat) { self.format = format }

    /// The evaluated year, wherever the file states it.
    public var year: Int? { cover?.year ?? budget?.year }
}

/// 封面 — the cover block of the report and the bureau's notice it answers.
public struct Cover: Codable, Equatable, Sendable {
    /// 附件编号, e.g. 「附件 3」.
    public var attachment: String?
    /// 标题, e.g. 「整体绩效自评报告」.
    public var title: String?
    /// 评价年度.
    public var year: Int?
    /// 评价单位.
    public var unitName: String?
    /// 预算部门单位（公章） line as the template labels it.
    public var sealLabel: String?
    /// 填报日期 (YYYY-MM-DD).
    public var filledOn: CalendarDate?
    /// 财政局通知 — the notice that asked for this evaluation.
    public var notice: Notice?
    /// Opening paragraph(s) after the cover, as written.
    public var opening: [String]?

    public init() {}
}

/// 通知 — the finance bureau's notice, cited by its document number.
public struct Notice: Codable, Equatable, Sendable {
    /// 发文机关, e.g. 廉江市财政局.
    public var issuer: String?
    /// 通知标题.
    public var title: String?
    /// 文号, e.g. 廉财绩〔2022〕2号.
    public var number: String?

    public init() {}
}

/// 日期 — a calendar date written `YYYY-MM-DD`.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[0] > 0 ? parts[1] : 0), (1...31).contains(parts[2]) else {
            return nil
        }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "「\(text)」不是日期：应写成 YYYY-MM-DD，如 2022-09-30"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
