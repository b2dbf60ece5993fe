import Foundation
import JixiaoCore

/// 自评报告 — the report as a sequence of blocks, composed once from the evaluation and then
/// written as DOCX, HTML and Markdown, so that the three can never disagree.
public struct ReportDocument: Sendable, Equatable {
    /// The cover block (附件编号, title, 评价年度, 评价单位, 公章 line, 填报日期).
    public var cover: CoverBlock
    public var blocks: [Block]
    /// A draft carries 「草稿」 on every page and marks each gap 「【待填写：…】」.
    public var isDraft: Bool

    public init(cover: CoverBlock, blocks: [Block], isDraft: Bool) {
        self.cover = cover
        self.blocks = blocks
        self.isDraft = isDraft
    }
}

/// 封面.
public struct CoverBlock: Sendable, Equatable {
    /// 附件编号, e.g. 「附件 3」, when the notice numbers its attachments.
    public var attachment: String?
    /// 标题, e.g. 「廉江市总工会2021年度部门整体支出绩效自评报告」.
    public var title: String
    /// Label–value lines: 评价年度：2021 年度, 评价单位：…, 填报日期：….
    public var lines: [(label: String, value: Text)]

    public init(attachment: String?, title: String, lines: [(label: String, value: Text)]) {
        self.attachment = attachment
        self.title = title
        self.lines = lines
    }

    public static func == (a: CoverBlock, b: CoverBlock) -> Bool {
        a.attachment == b.attachment && a.title == b.title
            && a.lines.map(\.label) == b.lines.map(\.label) && a.lines.map(\.value) == b.lines.map(\.value)
    }
}

/// Text made of plain runs and gaps: a gap is data the report needs and the file lacks.
public struct Text: Sendable, Equatable, ExpressibleByStringLiteral {
    public enum Run: Sendable, Equatable {
        case plain(String)
        /// 【待填写：what】 — only ever rendered in a draft.
        case gap(String)
    }

    public var runs: [Run]

    public init(_ runs: [Run]) { self.runs = runs }
    public init(stringLiteral value: String) { runs = [.plain(value)] }
    public init(_ value: String) { runs = [.plain(value)] }

    /// The text with each gap written as 「【待填写：…】」.
    public var plainText: String {
        runs.map {
            switch $0 {
            case .plain(let s): s
            case .gap(let what): "【待填写：\(what)】"
            }
        }.joined()
    }

    /// `a` then `b`, the punctuation where they meet written once (`Punctuation.joined`): where the
    /// composer's words meet a field's, no mark is doubled.
    public static func + (a: Text, b: Text) -> Text {
        guard case .plain(let left)? = a.runs.last, case .plain(let right)? = b.runs.first else { return Text(a.runs + b.runs) }
        return Text(a.runs.dropLast() + [.plain(Punctuation.joined(left, right))] + b.runs.dropFirst())
    }
}

/// One block of the report body.
public enum Block: Sendable, Equatable {
    /// A heading of the GB/T 9704 levels: 1 「一、」黑体, 2 「（一）」楷体, 3 「1.」仿宋 bold, 4 「（1）」仿宋.
    /// `number` is the numbering as printed (「一、」, 「（一）」, 「1.」, 「（1）」).
    case heading(level: Int, number: String, text: Text)
    /// A body paragraph (first line indented two characters).
    case paragraph(Text)
    /// A table of figures.
    case table(Table)
    /// A chart: drawn as SVG in HTML; in DOCX and Markdown its data table stands in for it, or nothing
    /// when it pictures the table just before it (`withoutPicturedTables`).
    case chart(Chart)

    /// The blocks a format that cannot draw charts prints, each chart as its data table: without
    /// the charts that only picture the table just before them, whose figures would be printed twice.
    public static func withoutPicturedTables(_ blocks: [Block]) -> [Block] {
        blocks.filter { block in
            guard case .chart(let chart) = block else { return true }
            return !chart.picturesTableAbove
        }
    }
}

/// A table: header row, body rows, and how each column aligns (figures right-aligned).
public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case leading, center, trailing }

    public var caption: String
    public var columns: [(title: String, alignment: Alignment)]
    public var rows: [[Text]]

    public init(caption: String, columns: [(title: String, alignment: Alignment)], rows: [[Text]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }

    public static func == (a: Table, b: Table) -> Bool {
        a.caption == b.caption && a.columns.map(\.title) == b.columns.map(\.title)
            && a.columns.map(\.alignment) == b.columns.map(\.alignment) && a.rows == b.rows
    }
}

/// A bar chart of labelled values (one or two series), e.g. expenditure by functional class.
public struct Chart: Sendable, Equatable {
    public var title: String
    /// Unit of the values, e.g. 「万元」 or 「分」.
    public var unit: String
    /// Names of the series (one, or two for budget vs final accounts).
    public var series: [String]
    /// Each bar group: its label and one value per series.
    public var groups: [(label: String, values: [Decimal])]
    /// True when the chart pictures the figures of the table just before it.
    public var picturesTableAbove: Bool

    public init(title: String, unit: String, series: [String], groups: [(label: String, values: [Decimal])],
                picturesTableAbove: Bool = false) {
        self.title = title
        self.unit = unit
        self.series = series
        self.groups = groups
        self.picturesTableAbove = picturesTableAbove
    }

    public static func == (a: Chart, b: Chart) -> Bool {
        a.title == b.title && a.unit == b.unit && a.series == b.series
            && a.groups.map(\.label) == b.groups.map(\.label) && a.groups.map(\.values) == b.groups.map(\.values)
            && a.picturesTableAbove == b.picturesTableAbove
    }

    /// The chart's data as a table, where a chart cannot be drawn.
    public var table: Table {
        Table(caption: title, columns: [("项目", .leading)] + series.map { ("\($0)（\(unit)）", .trailing) },
              rows: groups.map { g in [Text(g.label)] + g.values.map { Text(DecimalFormat.fixed($0, decimals: 2, grouping: true)) } })
    }
}
