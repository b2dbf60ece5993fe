import Foundation
import JixiaoCore
import JixiaoFormats

/// 字段类型 — what a form field holds: how it is typed, hinted and checked. Each check is the
/// one the file reader applies to the same figure, so a form refuses exactly what the file would.
public enum FieldKind: Sendable {
    /// One line of text.
    case text
    /// A paragraph (several lines allowed).
    case paragraph
    /// 金额 with its unit and stated decimals.
    case amount
    /// 增减额: an amount that may be negative.
    case change
    /// 百分比.
    case percent
    /// A number with an optional unit word (an indicator's target or actual value).
    case quantity
    /// 人数、个数: a whole number, not negative.
    case count
    /// A plain number as stated (a score, an area).
    case number
    /// 日期 YYYY-MM-DD.
    case date
    /// 年度.
    case year
    /// 是/否.
    case bool
    /// 科目编码 of a classification, picked from its class-level codes.
    case code(Classification)
    /// One of fixed words, each shown as its label when it has one.
    case choice([String], labels: [String: String] = [:])
    /// 对应的问题: the number of one of the report's problems, picked by its title.
    case problemNumber

    /// 「单位：…」 — what to type, beside the label.
    public var hint: String {
        switch self {
        case .text, .paragraph, .bool, .choice, .problemNumber: ""
        case .amount: "金额，写明单位，如 11,486,444.31元 或 285.58万元"
        case .change: "增减额，减少写负数，如 -2.04万元"
        case .percent: "百分比，如 5.6%"
        case .quantity: "数值，可带单位，如 95%、12场"
        case .count: "整数，如 26"
        case .number: "数字，如 86.5"
        case .date: "日期，如 2022-09-30"
        case .year: "四位年份，如 2021"
        case .code(let classification): "\(classification.name)科目编码，如 \(classification.classes[0].code)"
        }
    }

    /// `text` (trimmed, not empty) read as this field's value: the tree node, and why it cannot be
    /// the value (nil when it can). A figure is read by the typed-number reader, as the file reader
    /// reads it, and its node holds the figure's canonical text, so that what is stored and shown
    /// is what was read; text, and a value that cannot be read, stay as typed for the clerk to correct.
    public func read(_ text: String) -> (node: SourceNode, problem: String?) {
        func typed(_ problem: String?) -> (SourceNode, String?) { (SourceNode(.scalar(text, .text)), problem) }
        func figure(_ canonical: String, _ kind: SourceNode.ScalarKind = .text) -> (SourceNode, String?) {
            (SourceNode(.scalar(canonical, kind)), nil)
        }
        do throws(FigureError) {
            switch self {
            case .text, .paragraph: return typed(nil)
            case .amount: return figure(try Amount.parseNotNegative(text).description)
            case .change: return figure(try Amount.parse(text).description)
            case .percent: return figure(try Percent.parse(text).description)
            case .quantity: return figure(try Quantity.parse(text).description)
            case .number: return figure(try StatedNumber.parse(text).description, .number)
            case .count, .problemNumber: return figure(String(try TypedNumber.count(text)), .number)
            case .year:
                let year = try TypedNumber.count(text)
                guard (2000...2100).contains(year) else { return typed("「\(text)」不是年份：应为 2000 至 2100 的四位数") }
                return figure(String(year), .number)
            case .date:
                return typed(CalendarDate(parsing: text) == nil ? "「\(text)」不是日期：应写成 YYYY-MM-DD，如 2022-09-30" : nil)
            case .bool:
                return text == "true" || text == "false" ? figure(text, .bool) : typed("请选择 是 或 否")
            case .code(let classification):
                return typed(classification.problem(with: text))
            case .choice(let words, _):
                return typed(words.contains(text) ? nil : "「\(text)」无效：应为 \(words.joined(separator: "、")) 之一")
            }
        } catch {
            return typed(error.description)
        }
    }

    /// What the clerk typed, as the form stores and shows it: a text tidied of what pasting left
    /// (`PastedText`; one line for a one-line field, its paragraphs kept for a paragraph), anything
    /// else trimmed.
    public func tidied(_ typed: String) -> String {
        switch self {
        case .text: PastedText.line(typed)
        case .paragraph: PastedText.tidied(typed)
        default: typed.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

/// 表单项 — one element of a part's form: a field, a heading, a list of rows, or the year's
/// judgement items. Keys are paths relative to the enclosing row (or the file for a part).
public indirect enum FormItem: Sendable {
    case field(key: String, label: String, kind: FieldKind)
    case heading(String)
    /// Rows of mappings; `row` names one row (任务, 项目).
    case list(key: String, label: String, row: String, items: [FormItem])
    /// A list of paragraphs, one text area each.
    case paragraphs(key: String, label: String)
    /// The framework's judgement items (manual points, checklists, deductions counted by hand),
    /// answered under `self_scoring.answers`.
    case judgement
    /// Items that apply only while the row's choice field `key` holds one of `values` (a
    /// target's value only for the kinds that have one). The others are on the page, hidden and
    /// not sent, so that a script can show them at once when the choice changes.
    case variant(key: String, values: [String], items: [FormItem])

    /// How many fields a row of `items` shows, its nested lists counted once each (their rows
    /// are rows of their own): what a new row costs a page.
    static func fieldsShown(in items: [FormItem]) -> Int {
        items.reduce(0) { count, item in
            switch item {
            case .heading: count
            case .field, .paragraphs, .list, .judgement: count + 1
            case .variant(_, _, let items): count + fieldsShown(in: items)
            }
        }
    }

    /// 同比 — an amount with 上年数, 增减额, 增长率 and 增减原因, wherever the model has a `YearOnYear`.
    public static func yearOnYear(_ key: String, _ label: String) -> [FormItem] {
        [
            .heading(label),
            .field(key: "\(key).amount", label: "\(label) · 本年数", kind: .amount),
            .field(key: "\(key).last_year", label: "\(label) · 上年数", kind: .amount),
            .field(key: "\(key).change", label: "\(label) · 比上年增减", kind: .change),
            .field(key: "\(key).growth", label: "\(label) · 增长率", kind: .percent),
            .field(key: "\(key).reason", label: "\(label) · 增减原因", kind: .text),
        ]
    }
}

/// 报告的一部分 — one form of the report, in outline order.
public struct FormPart: Sendable {
    /// In the address: `/submissions/ID/edit/cover`.
    public var id: String
    /// 封面, 单位基本情况 …
    public var title: String
    /// The top-level paths it edits; findings under them belong to it.
    public var owns: [String]
    public var items: [FormItem]
    /// A list whose rows are worked on one at a time, the others folded: 年度工作's task
    /// categories, whose tasks and targets are some 650 fields in the example.
    public var pagedList: String?

    public init(id: String, title: String, owns: [String], pagedList: String? = nil, items: [FormItem]) {
        self.id = id
        self.title = title
        self.owns = owns
        self.items = items
        self.pagedList = pagedList
    }

    /// The parts of the report template's outline it edits.
    public var reportParts: [ReportPart] { owns.compactMap(ReportPart.init(rawValue:)) }

    /// Whether a finding or field at `path` belongs to this part.
    public func owns(_ path: String) -> Bool {
        owns.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
    }

    /// The row of the paged list that holds `path` (`work.categories[2].tasks[0].title` → 2).
    public func pagedRow(of path: String) -> Int? {
        guard let list = pagedList, let steps = FieldPath(path).steps, let listSteps = FieldPath(list).steps,
            steps.count > listSteps.count, steps.starts(with: listSteps), case .index(let row) = steps[listSteps.count]
        else { return nil }
        return row
    }
}

extension SourceNode {
    public static var emptyMapping: SourceNode { SourceNode(.mapping([])) }

    /// A scalar's text; nil for anything else.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    public var items: [SourceNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var isEmptyMapping: Bool {
        if case .mapping(let entries) = content { return entries.isEmpty }
        return false
    }

    public func node(at path: String) -> SourceNode? { FieldPath(path).steps.flatMap { node(at: $0) } }

    /// Sets (or, with nil, removes) the node at `path`, creating mappings on the way; a mapping
    /// left empty by a removal goes too, so that no `{}` is written for a cleared section.
    public mutating func set(_ value: SourceNode?, at path: ArraySlice<FieldPath.Step>) {
        guard let step = path.first else {
            if let value { self = value }
            return
        }
        let rest = path.dropFirst()
        switch step {
        case .key(let key):
            var entries: [Entry]
            if case .mapping(let existing) = content { entries = existing } else {
                guard value != nil else { return }
                entries = []
            }
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if rest.isEmpty && value == nil {
                    entries.remove(at: i)
                } else {
                    entries[i].value.set(value, at: rest)
                    if value == nil, entries[i].value.isEmptyMapping { entries.remove(at: i) }
                }
            } else if value != nil {
                var child = SourceNode.emptyMapping
                child.set(value, at: rest)
                entries.append(Entry(key: key, value: child))
            }
            content = .mapping(entries)
        case .index(let i):
            guard case .sequence(var items) = content, items.indices.contains(i) else { return }
            if rest.isEmpty, value == nil { items.remove(at: i) } else { items[i].set(value, at: rest) }
            content = .sequence(items)
        }
    }

    public mutating func set(_ value: SourceNode?, at path: String) {
        if let steps = FieldPath(path).steps { set(value, at: steps[...]) }
    }

    /// The tree without the form's bookkeeping keys (`_origin`), as it is saved.
    public var withoutBookkeeping: SourceNode {
        switch content {
        case .mapping(let entries):
            return SourceNode(.mapping(entries.filter { $0.key != FormEngine.originKey }.map {
                Entry(key: $0.key, keyLocation: $0.keyLocation, value: $0.value.withoutBookkeeping)
            }), at: location)
        case .sequence(let items):
            return SourceNode(.sequence(items.map(\.withoutBookkeeping)), at: location)
        default:
            return self
        }
    }
}
