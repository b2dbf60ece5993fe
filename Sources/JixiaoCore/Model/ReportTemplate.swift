import Foundation

/// 报告模板 — a bureau's report outline as data: the title and cover, the headings with their
/// numbering and order, the parts of the evaluation file each heading holds, which are required,
/// and the attachments the notice asks for. Render, `section.missing` and the audit's outline rules
/// all read the outline from here; a bureau adds its own file (`format: jixiao/template@1`) without code.
public struct ReportTemplate: Codable, Equatable, Sendable {
    public static let currentFormat = "jixiao/template@1"

    /// Always `jixiao/template@1`.
    public var format: String
    /// Short stable ID, e.g. `zhanjiang-lianjiang` (lower case, digits, `-`).
    public var id: String
    /// 名称.
    public var name: String
    /// 适用地区, e.g. 湖南省.
    public var jurisdiction: String?
    /// 来源 — the notice, or the published reports, the outline is taken from.
    public var source: String
    /// Notes on how the file was derived from its source (what is inference).
    public var notes: [String]?
    /// 标题 — the report's title, with `{单位}` and `{年度}` for the unit's name and the year.
    public var title: String
    /// 封面栏目, in order.
    public var cover: [CoverField]
    /// 提纲 — the level-1 headings, each with its own below it.
    public var headings: [TemplateHeading]
    /// 附件 the notice asks to be sent with the report.
    public var attachments: [String]?

    /// The report's title for a unit and year.
    public func title(unit: String, year: String) -> String {
        title.replacingOccurrences(of: "{单位}", with: unit).replacingOccurrences(of: "{年度}", with: year)
    }

    /// Every heading in outline order, with its level (1 for 一、) and its number as the outline
    /// writes it at its place in the whole outline (`三（四）`).
    public var outline: [NumberedHeading] {
        var found: [NumberedHeading] = []
        func walk(_ headings: [TemplateHeading], level: Int, prefix: String, required: Bool, top: Int?) {
            for (i, heading) in headings.enumerated() {
                let label = prefix + heading.numbering.label(i + 1)
                let isRequired = required && heading.isRequired
                found.append(NumberedHeading(heading: heading, level: level, number: label, isRequired: isRequired, top: top ?? i))
                walk(heading.headings ?? [], level: level + 1, prefix: label.trimmingCharacters(in: ["、", "."]), required: isRequired, top: top ?? i)
            }
        }
        walk(headings, level: 1, prefix: "", required: true, top: nil)
        return found
    }

    /// The heading that holds `part`, if the outline has one.
    public func heading(holding part: ReportPart) -> NumberedHeading? { outline.first { $0.heading.parts?.contains(part) == true } }

    /// Every part the outline holds, in outline order.
    public var parts: [ReportPart] { outline.flatMap { $0.heading.parts ?? [] } }
}

/// 提纲标题 — one heading of a template's outline.
public struct TemplateHeading: Codable, Equatable, Sendable {
    /// 标题文字, without its number.
    public var title: String
    /// 编号样式 of its level.
    public var numbering: Numbering
    /// The parts of the evaluation file written under it (none: a heading over others, or free text).
    public var parts: [ReportPart]?
    /// 是否必需 (default: required). A heading not required is left out of a report that has nothing for it.
    public var required: Bool?
    /// Words a published report's heading for it contains (default: its title), for the audit.
    public var keywords: [String]?
    /// 下级标题.
    public var headings: [TemplateHeading]?

    public var isRequired: Bool { required ?? true }
    /// What the audit looks for in a report's headings.
    public var words: [String] { keywords ?? [title] }
}

/// A heading with its place in the outline.
public struct NumberedHeading: Sendable {
    public let heading: TemplateHeading
    /// 1 for 一、, 2 for （一）…
    public let level: Int
    /// The number as the outline writes it with its parents', e.g. `三（四）`.
    public let number: String
    /// Required, and under required headings only.
    public let isRequired: Bool
    /// The index of the level-1 heading it stands under (its own, at level 1).
    public let top: Int
}

/// 编号样式 — how a level of the outline numbers its headings.
public enum Numbering: String, Codable, CaseIterable, Sendable {
    case chinese = "一、"
    case chineseParenthesized = "（一）"
    case arabic = "1."
    case arabicComma = "1、"
    case arabicParenthesized = "（1）"

    /// The `n`th heading's number, e.g. `（四）` for 4.
    public func label(_ n: Int) -> String {
        switch self {
        case .chinese: ChineseNumeral.text(n) + "、"
        case .chineseParenthesized: "（" + ChineseNumeral.text(n) + "）"
        case .arabic: "\(n)."
        case .arabicComma: "\(n)、"
        case .arabicParenthesized: "（\(n)）"
        }
    }
}

/// 封面栏目 — a line of the report's cover.
public enum CoverField: String, Codable, CaseIterable, Sendable {
    /// 评价年度.
    case year
    /// 评价单位.
    case unit
    /// 盖章栏 (the file's `cover.seal_label`, else 预算部门单位（公章）).
    case seal
    /// 填报日期.
    case filledOn = "filled_on"
}

/// 报告内容 — a part of the evaluation file that a template's heading holds, named by its field.
public enum ReportPart: String, Codable, CaseIterable, Sendable {
    case unit, staffing, work
    case performanceGoals = "performance_goals"
    case budget
    case finalAccounts = "final_accounts"
    case team = "self_evaluation.team"
    case process = "self_evaluation.process"
    case submission = "self_evaluation.submission"
    case disclosure = "self_evaluation.disclosure"
    case result = "self_evaluation.result"
    case indicators, problems, improvements
    case useOfResults = "use_of_results"
    case otherMatters = "other_matters"

    /// The field that holds it.
    public var path: FieldPath { FieldPath(rawValue) }

    /// What it is, where a heading holds more than one part.
    public var label: String {
        switch self {
        case .unit: "机构设置、部门职能"
        case .staffing: "人员构成"
        case .work: "年度工作和重点工作任务"
        case .performanceGoals: "绩效目标"
        case .budget: "预算"
        case .finalAccounts: "决算"
        case .team: "评价小组"
        case .process: "自评工作过程"
        case .submission: "自评材料报送"
        case .disclosure: "公开一致情况"
        case .result: "自评结果"
        case .indicators: "指标分析"
        case .problems: "存在问题"
        case .improvements: "改进措施"
        case .useOfResults: "结果应用"
        case .otherMatters: "其他事项"
        }
    }

    private static func filled(_ list: [some Any]?) -> Bool { !(list ?? []).isEmpty }

    /// Whether the evaluation file has it.
    public func isPresent(in e: Evaluation) -> Bool {
        switch self {
        case .unit: Self.filled(e.unit?.duties)
        case .staffing: e.staffing?.authorized != nil || e.staffing?.supported != nil
        case .work: !(e.work?.allTasks.isEmpty ?? true)
        case .performanceGoals: Self.filled(e.performanceGoals)
        case .budget: e.budget?.income != nil || e.budget?.expenditure != nil
        case .finalAccounts: e.finalAccounts?.income?.total != nil || e.finalAccounts?.expenditure?.total != nil
        case .team: e.selfEvaluation?.team != nil
        case .process: Self.filled(e.selfEvaluation?.process)
        case .submission: Self.filled(e.selfEvaluation?.submission)
        case .disclosure: Self.filled(e.selfEvaluation?.disclosure)
        case .result: e.selfEvaluation?.result != nil
        case .indicators: Self.filled(e.indicators)
        case .problems: Self.filled(e.problems)
        case .improvements: Self.filled(e.improvements)
        case .useOfResults: Self.filled(e.useOfResults)
        case .otherMatters: Self.filled(e.otherMatters)
        }
    }
}

/// The templates shipped with jixiao: data files under `Sources/JixiaoCore/Templates/`, each
/// citing its source. A file is named by its template's `id`.
public enum BuiltInTemplates {
    /// The template of the worked example (湛江/廉江), used where none is chosen.
    public static let standardID = "zhanjiang-lianjiang"

    /// Each built-in template's data file, by name.
    public static let files: [URL] = {
        let folder = Bundle.module.bundleURL.appendingPathComponent("Templates")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }()

    /// Every built-in template. One that does not read is a defect of the build, caught by the
    /// tests; it is left out rather than stopping every command.
    public static let all: [ReportTemplate] = files.compactMap { url in
        try? JSONDecoder().decode(ReportTemplate.self, from: Data(contentsOf: url))
    }

    public static func template(_ id: String) -> ReportTemplate? { all.first { $0.id == id } }
}

extension ReportTemplate {
    /// 湛江/廉江模板, the outline of the worked example.
    public static var standard: ReportTemplate { BuiltInTemplates.template(BuiltInTemplates.standardID)! }
}

extension ReportTemplate {
    /// What is wrong with a template file beyond its shape: each problem at its field.
    public func structuralProblems() -> [StructuralProblem] {
        var problems: [StructuralProblem] = []
        if format != Self.currentFormat {
            problems.append(StructuralProblem(path: "format", message: "不支持的格式「\(format)」：应为 \(Self.currentFormat)"))
        }
        if id.isEmpty || !id.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            problems.append(StructuralProblem(path: "id", message: "模板 ID「\(id)」只能用小写字母、数字和 -"))
        }
        if headings.isEmpty { problems.append(StructuralProblem(path: "headings", message: "提纲没有标题：应至少有一个一级标题")) }
        var bound: [ReportPart: String] = [:]
        func walk(_ headings: [TemplateHeading], _ base: String) {
            for (i, heading) in headings.enumerated() {
                let path = "\(base)[\(i)]"
                if heading.title.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(StructuralProblem(path: FieldPath(path + ".title"), message: "标题文字为空"))
                }
                for part in heading.parts ?? [] {
                    if let first = bound[part] {
                        problems.append(StructuralProblem(path: FieldPath(path + ".parts"), message: "内容「\(part.rawValue)」已在 \(first) 下，一项内容只能写在一个标题下"))
                    } else {
                        bound[part] = path
                    }
                }
                walk(heading.headings ?? [], path + ".headings")
            }
        }
        walk(headings, "headings")
        return problems
    }
}

extension Numbering: FixedChoice {}
extension CoverField: FixedChoice {}
extension ReportPart: FixedChoice {}
