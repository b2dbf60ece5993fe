import Foundation
import JixiaoCore

/// 文中数字 — a figure as it stands in a published text: the number, its unit, and the words
/// before it that say what it is (「比上年减少」, 「占基本支出预算」, 「公务接待费」).
struct TextFigure {
    /// The number's span in the stream (without its unit).
    var range: Range<Int>
    var number: StatedNumber
    var unit: FigureUnit
    /// The words from the last clause break (or the figure before) up to the number.
    var label: String
    /// Where the words from the figure before (or the sentence's start) up to the number stand,
    /// across clause breaks: 「与2021年度预算相比，增加」 (made a string only where asked, by `FigureScan.text`).
    var context: Range<Int>
    /// What the figure is in its sentence.
    var role: FigureRole
    /// Bracket depth: figures inside 「（包括：…）」 belong to the bracket.
    var depth: Int
    /// The sentence it stands in (sentences end at 「。」 「；」 and at headings).
    var sentence: Int
    /// The strongest break between the figure before and this one.
    var breakBefore: Break
    /// The numbered item or heading it stands under (its offset), so that look-backs stay in it.
    var item: Int
    /// The printed line it stands on (an index into `ReportText.lineStarts`).
    var line: Int
    /// Figures written side by side with one unit and one label, 「收、支总计各是4125.49,4143.91万元」:
    /// the index of the first of them.
    var group: Int?
}

/// The unit a figure is stated in.
enum FigureUnit: Equatable {
    case money(MoneyUnit)
    case percent
    /// A count with its measure word: 人, 辆, 个, 家, 批次.
    case count(String)
    /// A bare number: a table cell, or 「较上年2.08减少0.03万元」, whose unit the relation gives.
    case bare

    var isMoney: Bool { if case .money = self { true } else { false } }
    var isCount: Bool { if case .count = self { true } else { false } }
}

/// What a figure is in its sentence, read from the words before it.
enum FigureRole: Equatable {
    /// The figure a clause is about: 「公务接待费 1.58万元」.
    case subject
    /// A change, signed by its verb (nil for 「差值为」, which has no direction).
    case change(sign: Int?)
    /// A growth rate, signed by its verb.
    case rate(sign: Int)
    /// A share of a whole: 「占基本支出预算 81.45%」; the whole as named (empty when unnamed).
    case share(whole: String)
    /// Spent against budgeted: 「完成预算的 68%」, 「预算执行率 98.2%」.
    case completion
    /// What a figure is compared with: 「比上年累计支出 433万元」, 「年初预算为 2.95万元」.
    case base
    /// Any other percentage.
    case otherPercent
}

/// Breaks between figures, weakest first.
enum Break: Int, Comparable {
    case none, enumeration, comma, semicolon, period, heading
    static func < (a: Break, b: Break) -> Bool { a.rawValue < b.rawValue }
}

/// One pass over a report's stream that finds every figure with its label, bracket depth,
/// sentence and the breaks between, and every list marker (「其中」「分别为」「包括」). The relations
/// are assembled from these (`RelationReader`); nothing here judges.
struct FigureScan {
    var figures: [TextFigure] = []
    /// Offsets of list markers with the bracket depth and sentence they stand in, and whether
    /// they open their sentence (「。其中：」, which refers to the sentence before).
    var listMarkers: [(offset: Int, depth: Int, sentence: Int, opensSentence: Bool)] = []
    /// Places where a figure was left blank: 「占基本支出预算%」.
    var blanks: [Range<Int>] = []
    /// Offsets of the 「|」 between the cells of a table flattened to text.
    var cellBreaks: [Int] = []
    private let report: ReportText

    /// The text of a span of the stream.
    func text(_ span: Range<Int>) -> String { report.string(span) }

    init(_ report: ReportText) {
        self.report = report
        let units = report.units
        let n = units.count
        var depth = 0
        var sentence = 0
        var strongest = Break.heading
        var labelStart = 0, contextStart = 0
        var item = 0
        let lineStarts = report.lineStarts
        var nextLine = 0
        var headingLine = -2
        var sentenceStart = 0
        // Where the original had a space inside a printed line: a number does not run across one.
        let spaces = report.breaks(in: 0..<n).filter { !$0.newLine }.map(\.offset)
        var nextSpace = 0
        let marks = Self.marks
        // The numbering that opens the next printed line, when a number reaching it asked first.
        var numberingAhead: (line: Int, length: Int?) = (-1, nil)
        var i = 0
        while i < n {
            // A numbered heading or item at the start of a printed line begins a new sentence.
            if nextLine < lineStarts.count, lineStarts[nextLine] == i {
                let length = numberingAhead.line == nextLine ? numberingAhead.length : Outline.numbering(units, at: i)?.length
                nextLine += 1
                if let length {
                    sentence += 1
                    strongest = .heading
                    item = i
                    depth = 0
                    i += length
                    labelStart = i; contextStart = i; sentenceStart = i
                    headingLine = nextLine - 1
                    continue
                }
                // The line after a heading's own line begins afresh: its words are not the title's.
                if headingLine == nextLine - 2 {
                    sentence += 1
                    strongest = max(strongest, .period)
                    labelStart = i; contextStart = i; sentenceStart = i
                }
            }
            let u = units[i]
            while nextSpace < spaces.count, spaces[nextSpace] < i { nextSpace += 1 }
            // A number begins after a space even right after another: 「12.60  10.85」.
            let afterSpace = nextSpace < spaces.count && spaces[nextSpace] == i
            if Unit.isDigit(u), i == 0 || afterSpace || !Self.continuesNumber(units[i - 1]) {
                if afterSpace { nextSpace += 1 }
                var stop = nextSpace < spaces.count ? spaces[nextSpace] : n
                var read = Self.number(units, at: i, stop: stop)
                // Nor into the next printed line when that line opens with an item number: 「12.38」 then 「1.因公出国」.
                if let crossed = read, nextLine < lineStarts.count, crossed.end > lineStarts[nextLine] {
                    numberingAhead = (nextLine, Outline.numbering(units, at: lineStarts[nextLine])?.length)
                }
                if let crossed = read, nextLine < lineStarts.count, crossed.end > lineStarts[nextLine], numberingAhead.length != nil {
                    stop = lineStarts[nextLine]
                    read = Self.number(units, at: i, stop: stop)
                }
                if let figure = read {
                    let end = figure.end
                    if let (unit, unitEnd) = Self.unit(units, at: end) {
                        let spaced = (nextSpace > 0 && spaces[nextSpace - 1] == i) || stop == end
                        // 「编制人数42,其中:行政编制人数19、…」: a number right after 人数 is a head count.
                        let headcount = unit == nil && i >= 2 && units[i - 2] == Self.ren && units[i - 1] == Self.shu
                        if unit != nil || headcount || spaced || Self.standsAsFigure(units, from: i, to: end) {
                            let label = report.string(labelStart..<i)
                            let context = contextStart..<i
                            figures.append(TextFigure(
                                range: i..<end, number: figure.number, unit: unit ?? (headcount ? .count("人") : .bare), label: label, context: context,
                                role: .subject, depth: depth, sentence: sentence, breakBefore: strongest, item: item,
                                line: nextLine - 1))
                            strongest = .none
                            labelStart = unitEnd; contextStart = unitEnd
                        }
                        i = unitEnd
                        continue
                    }
                }
                // A year, a date, a document number or an item number: words, not a figure.
                var j = i
                while j < n, Unit.isDigit(units[j]) || units[j] == Unit.point { j += 1 }
                i = j
                continue
            }
            // Most units are words: only digits and the marks below matter here.
            guard marks.contains(u) else { i += 1; continue }
            switch u {
            case Self.percent:
                if i > 0, Self.blankFigureBefore(units[i - 1]) { blanks.append(i..<(i + 1)) }
            case Self.yue where i >= 3 && i + 1 < n && units[i - 1] == Self.nian && units[i + 1] == Self.ri:
                // 「填报日期 年 月 日」: a date left blank (the spaces are gone from the stream).
                var k = i - 2
                if units[k] == Self.asciiColon || units[k] == Self.colon { k -= 1 }
                if k >= 1, Self.dateWords.contains([units[k - 1], units[k]]) { blanks.append((i - 1)..<(i + 2)) }
            case Self.wan where i > 0 && i + 2 < n && units[i + 1] == Self.yuan:
                // 「公务接待费支出万元，」: the amount left out before its unit.
                if Unit.isHan(units[i - 1]), !Self.numeralsAndMeasures.contains(units[i - 1]), Self.clauseEnds.contains(units[i + 2]) {
                    blanks.append(i..<(i + 2))
                }
            case Unit.openParenthesis, Unit.asciiOpenParenthesis:
                depth += 1
            case Unit.closeParenthesis, Unit.asciiCloseParenthesis:
                depth = max(0, depth - 1)
            case Unit.fullStop, Self.semicolon, Self.asciiSemicolon, Self.exclamation, Self.question:
                let b: Break = u == Unit.fullStop || u == Self.exclamation || u == Self.question ? .period : .semicolon
                // Inside brackets a sentence goes on: 「（…；…）」 is part of one.
                if depth == 0 {
                    strongest = max(strongest, b)
                    sentence += 1
                    contextStart = i + 1
                    sentenceStart = i + 1
                } else {
                    strongest = max(strongest, .comma)
                }
                labelStart = i + 1
            case Self.comma, Self.asciiComma, Self.colon, Self.asciiColon, Self.cell:
                if u == Self.cell { cellBreaks.append(i) }
                strongest = max(strongest, u == Self.cell ? .semicolon : .comma)
                labelStart = i + 1
            case Unit.enumerationComma:
                // 「收、支总计」: a break between figures, not inside a label.
                strongest = max(strongest, .enumeration)
                if i > 0, !Unit.isHan(units[i - 1]) { labelStart = i + 1 }
            case Self.qi where i + 1 < n && units[i + 1] == Self.zhong:
                listMarkers.append((i, depth, sentence, i == sentenceStart))
            case Self.fen where i + 2 < n && (units[i + 1] == Self.bie && units[i + 2] == Self.wei || units[i + 1] == Self.xiang):
                // 「分别为」, 「分项情况是：」.
                listMarkers.append((i, depth, sentence, i == sentenceStart))
            case Self.bao where i + 1 < n && units[i + 1] == Self.kuo && Self.opensList(units, after: i + 2):
                listMarkers.append((i, depth, sentence, i == sentenceStart))
            default:
                break
            }
            i += 1
        }
        groupSideBySide()
        for k in figures.indices {
            if let g = figures[k].group, g != k {
                figures[k].role = figures[g].role
            } else {
                figures[k].role = Self.role(of: figures[k], after: k > 0 ? figures[k - 1] : nil)
            }
        }
    }

    /// Figures separated by a single 「,」 or 「、」 and nothing else share the label of the first
    /// and the unit of the last: 「各减少1267.86,2570.97万元」, 「各下降23.51%、38.28%」.
    private mutating func groupSideBySide() {
        var k = figures.count - 1
        while k > 0 {
            let f = figures[k], e = figures[k - 1]
            // Not cells of a table: 「| 251.89 | 100.00% |」 are figures of their own.
            if f.label.isEmpty, f.context.count == 1, report.units[f.context.lowerBound] != Self.cell, f.sentence == e.sentence, f.depth == e.depth,
               e.unit == .bare || e.unit == f.unit
            {
                figures[k - 1].unit = f.unit
                figures[k].group = k - 1
            }
            k -= 1
        }
        // Each member points at the group's first figure, and takes its words.
        for k in figures.indices { if let g = figures[k].group, let h = figures[g].group { figures[k].group = h } }
        for k in figures.indices where figures[k].group == nil && k + 1 < figures.count && figures[k + 1].group == k { figures[k].group = k }
        for k in figures.indices { if let g = figures[k].group, g != k { figures[k].label = figures[g].label; figures[k].context = figures[g].context } }
    }

    /// The members of figure `k`'s group, in order (just `k` when it stands alone).
    func members(_ k: Int) -> [Int] {
        guard let g = figures[k].group else { return [k] }
        var out: [Int] = []
        var j = g
        while j < figures.count, figures[j].group == g { out.append(j); j += 1 }
        return out
    }

    // MARK: Numbers

    /// A number at `start`: digits, thousands groups of three (「4,471.22」), a decimal part. A
    /// space or break between digits on one printed line ends it (table cells: 「246  167.37」);
    /// a line wrap inside a number does not.
    private static func number(_ units: [UInt16], at start: Int, stop: Int) -> (number: StatedNumber, end: Int)? {
        let n = min(units.count, stop)
        var i = start
        var significand: UInt64 = 0
        var digits = 0
        func digit(_ k: Int) -> Bool { k < n && Unit.isDigit(units[k]) }
        while digit(i) {
            guard digits < 18 else { return nil }  // no figure of a report has more digits
            significand = significand * 10 + UInt64(units[i] - 0x30)
            digits += 1
            i += 1
            // Thousands groups: a comma followed by exactly three digits.
            if i < n, units[i] == asciiComma, digit(i + 1), digit(i + 2), digit(i + 3), !digit(i + 4) {
                i += 1
            }
        }
        var decimals = 0
        if i + 1 < n, units[i] == Unit.point, digit(i + 1) {
            i += 1
            while digit(i), decimals < 8 {
                guard digits < 18 else { return nil }
                significand = significand * 10 + UInt64(units[i] - 0x30)
                digits += 1
                decimals += 1
                i += 1
            }
            if digit(i) { return nil }
        }
        let value = Decimal(sign: .plus, exponent: -decimals, significand: Decimal(significand))
        return (StatedNumber(value, decimals: decimals), i)
    }

    /// The unit after a number, and where it ends; nil for a year, a date or a document number.
    /// `(nil, end)` is a bare number.
    private static func unit(_ units: [UInt16], at i: Int) -> (FigureUnit?, Int)? {
        let n = units.count
        func at(_ k: Int) -> UInt16? { k < n ? units[k] : nil }
        switch at(i) {
        case wan?:
            if at(i + 1) == yuan { return (.money(.tenThousandYuan), i + 2) }
            return nil  // 「万人次」「万册」: not a figure this reader relates
        case yi?:
            if at(i + 1) == yuan { return (.money(.hundredMillionYuan), i + 2) }
            return nil
        case yuan?:
            return (.money(.yuan), i + 1)
        case percent?:
            return (.percent, i + 1)
        case ren?:
            if at(i + 1) == ci { return nil }  // 人次 is not a head count
            return (.count("人"), i + 1)
        case ming?:
            return (.count("人"), i + 1)
        case liang?:
            return (.count("辆"), i + 1)
        case jia?:
            return (.count("家"), i + 1)
        case ge?:
            return (.count("个"), i + 1)
        case pi? where at(i + 1) == ci:
            return (.count("批次"), i + 2)
        case nian?, yue?, ri?, hao?, shi?, zi?, fen?, ci?, xiang?, tai?, chang?, bei?:
            return nil
        default:
            return (nil, i)
        }
    }

    /// A bare number counts as a figure in a table cell (「| 246 |」, or set off by spaces as
    /// pdftotext lays a table out) or right after 「较上年」; elsewhere (「第3季度」「2.」) it is words.
    private static func standsAsFigure(_ units: [UInt16], from start: Int, to end: Int) -> Bool {
        let before = start > 0 ? units[start - 1] : cell
        let after = end < units.count ? units[end] : cell
        if before == cell || after == cell { return true }
        // 「4125.49,4143.91万元」: the first of figures side by side takes the unit of the last.
        if (after == asciiComma || after == Unit.enumerationComma), end + 1 < units.count, Unit.isDigit(units[end + 1]) { return true }
        // 「较上年2.08减少」: a base written without its unit.
        return start >= 2 && units[start - 2] == shang && units[start - 1] == nian
    }

    private static func continuesNumber(_ u: UInt16) -> Bool {
        Unit.isDigit(u) || u == Unit.point || (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A) || u == 0x5F
    }

    /// A 「%」 right after a word that asks for a figure: 「占基本支出预算%」 「增长%」.
    private static func blankFigureBefore(_ u: UInt16) -> Bool { Unit.isHan(u) && !headerWordEnds.contains(u) }

    /// Every unit the scanning loop acts on besides digits.
    private static let marks = UnitSet("%万月（()）。；;！？，,：:|、其分包")

    /// Words a blank date follows: 「填报日期」「评价时间」.
    private static let dateWords: Set<[UInt16]> = Set(["日期", "时间"].map { Array($0.utf16) })

    /// Words before 「万元」 that are its number or measure: 「数十万元」「每万元」.
    private static let numeralsAndMeasures = UnitSet("一二三四五六七八九十百千万几数余多每单位")
    private static let clauseEnds = UnitSet("，,。；;")

    /// Table headers write 「占比%」 「执行率%」 「比例%」 with no figure on purpose.
    private static let headerWordEnds = UnitSet("比率例重值")

    /// 「包括」 opens a list only when figures follow it closely (not 「主要包括：办公费、…」).
    private static func opensList(_ units: [UInt16], after i: Int) -> Bool {
        var k = i
        while k < min(units.count, i + 24) {
            if Unit.isDigit(units[k]) { return true }
            if units[k] == Unit.fullStop || units[k] == semicolon { return false }
            k += 1
        }
        return false
    }

    // MARK: Roles

    static func role(of figure: TextFigure, after previous: TextFigure?) -> FigureRole {
        let label = figure.label
        if figure.unit == .percent {
            if let after = label.byteOffset(afterLast: "占") {
                return .share(whole: ReportWords.wholeName(label.bytes(after..<label.utf8.count)))
            }
            if ReportWords.completionWords.contains(where: { label.endsWith($0) }) { return .completion }
            if let verb = ReportWords.changeVerb(endOf: label) { return .rate(sign: verb.sign ?? 1) }
            return .otherPercent
        }
        if let verb = ReportWords.changeVerb(endOf: label) { return .change(sign: verb.sign) }
        // 「比上年累计支出433万元」「较上年2.08」: compared with, not the clause's own figure.
        if ReportWords.comparators.contains(where: { label.beginsWith($0) }) { return .base }
        // 「支出2.05万元，年初预算为2.95万元」: the budget the figure before is compared with.
        if let previous, previous.sentence == figure.sentence, previous.role == .subject,
           ReportWords.baseLabels.contains(where: { label.beginsWith($0) }), !label.beginsWith("上年结转")
        {
            return .base
        }
        // 「2016年预算8万元,2015年预算12.5万元」: the same thing a year earlier.
        if let previous, previous.sentence == figure.sentence, previous.role == .subject, ReportWords.isYearBefore(figure, previous) {
            return .base
        }
        return .subject
    }

    // MARK: Characters

    // Literal values, so that the scanning loop reads constants rather than lazily made globals.
    static let comma: UInt16 = 0xFF0C  // ，
    static let asciiComma: UInt16 = 0x002C  // ,
    static let colon: UInt16 = 0xFF1A  // ：
    static let asciiColon: UInt16 = 0x003A  // :
    static let semicolon: UInt16 = 0xFF1B  // ；
    static let asciiSemicolon: UInt16 = 0x003B  // ;
    static let exclamation: UInt16 = 0xFF01  // ！
    static let question: UInt16 = 0xFF1F  // ？
    static let cell: UInt16 = 0x007C  // |
    static let percent: UInt16 = 0x0025  // %
    static let qi: UInt16 = 0x5176  // 其
    static let zhong: UInt16 = 0x4E2D  // 中
    static let fen: UInt16 = 0x5206  // 分
    static let bie: UInt16 = 0x522B  // 别
    static let wei: UInt16 = 0x4E3A  // 为
    static let bao: UInt16 = 0x5305  // 包
    static let kuo: UInt16 = 0x62EC  // 括
    static let wan: UInt16 = 0x4E07  // 万
    static let yi: UInt16 = 0x4EBF  // 亿
    static let yuan: UInt16 = 0x5143  // 元
    static let ren: UInt16 = 0x4EBA  // 人
    static let ming: UInt16 = 0x540D  // 名
    static let shu: UInt16 = 0x6570  // 数
    static let liang: UInt16 = 0x8F86  // 辆
    static let jia: UInt16 = 0x5BB6  // 家
    static let ge: UInt16 = 0x4E2A  // 个
    static let pi: UInt16 = 0x6279  // 批
    static let ci: UInt16 = 0x6B21  // 次
    static let nian: UInt16 = 0x5E74  // 年
    static let yue: UInt16 = 0x6708  // 月
    static let ri: UInt16 = 0x65E5  // 日
    static let hao: UInt16 = 0x53F7  // 号
    static let shi: UInt16 = 0x65F6  // 时
    static let zi: UInt16 = 0x5B57  // 字
    static let xiang: UInt16 = 0x9879  // 项
    static let tai: UInt16 = 0x53F0  // 台
    static let chang: UInt16 = 0x573A  // 场
    static let bei: UInt16 = 0x500D  // 倍
    static let shang: UInt16 = 0x4E0A  // 上
}

/// The phrasing budget texts share across the country, in one place.
enum ReportWords {
    /// Change verbs at the end of a label, longest first, with the sign they give (nil: none).
    static let changeVerbs: [(String, Int?)] = [
        ("增加了", 1), ("减少了", -1), ("增长了", 1), ("下降了", -1), ("上升了", 1), ("降低了", -1),
        ("增幅为", 1), ("减幅为", -1), ("降幅为", -1), ("增长为", 1), ("下降为", -1),
        ("增加", 1), ("减少", -1), ("增长", 1), ("下降", -1), ("上升", 1), ("降低", -1), ("增幅", 1), ("减幅", -1),
        ("降幅", -1), ("节约", -1), ("超支", 1), ("减少额", -1), ("减支", -1), ("增支", 1),
        // A rate named by its direction: 「减少率35.22%」.
        ("减少率", -1), ("下降率", -1), ("增长率", 1), ("增加率", 1),
        ("差值为", nil), ("差额为", nil), ("相差", nil), ("增", 1), ("减", -1),
    ]

    /// The change verb a label ends with.
    static func changeVerb(endOf label: String) -> (verb: String, sign: Int?)? {
        // Only the verbs ending in the label's last character are tried (a figure's label is read once).
        guard let last = label.unicodeScalars.last, let verbs = verbsByLastCharacter[last] else { return nil }
        return verbs.first { label.endsWith($0.0) }.map { ($0.0, $0.1) }
    }

    private static let verbsByLastCharacter: [Unicode.Scalar: [(String, Int?)]] =
        Dictionary(grouping: changeVerbs) { $0.0.unicodeScalars.last! }

    /// Words that open a comparison: 「比上年」「较2014年度」「与上年相比」「同比」.
    static let comparators = ["比", "较", "与", "同比", "和上年"]

    /// A figure so labelled after the sentence's own figure is what that figure is compared with.
    static let baseLabels = ["年初预算", "预算数", "预算为", "上年", "去年", "上年度"]

    /// 「完成预算的68%」「为预算数的98.2%」「预算执行率为98.2%」.
    static let completionWords = ["完成预算的", "完成年初预算的", "为预算的", "为预算数的", "为年初预算的", "预算完成率",
                                  "预算完成率为", "预算执行率", "预算执行率为", "预算执行率达", "执行率为", "执行率"]

    /// Words after 「占」 that name no whole: 「占比」「占的比例」.
    static func wholeName(_ text: String) -> String {
        var name = text
        for suffix in ["的比例为", "的比重为", "的比例", "的比重", "比例为", "比重为", "比例", "比重", "的", "为", "达"] where name.endsWith(suffix) {
            name.removeLast(suffix.count)
            break
        }
        if name == "比" || name == "总数比例" { return "" }
        return name
    }

    /// A comparison with the budget rather than with last year: 「与2021年度预算相比」 in a text on
    /// 2021, not 「比2017年预算数减少」 in one on 2018, nor 「同比」.
    static func comparesWithBudget(_ context: String, subject: String) -> Bool {
        guard context.includes("预算"), !["上年", "去年", "同比"].contains(where: { context.includes($0) }) else { return false }
        let years = Self.years(in: context)
        return years.isEmpty || years == Self.years(in: subject) || Self.years(in: subject).isEmpty && years.count == 1 && !context.includes("比")
    }

    /// Whether `figure` is `subject`'s thing a year earlier: its label names the year before the one the subject's names.
    static func isYearBefore(_ figure: TextFigure, _ subject: TextFigure) -> Bool {
        let years = Self.years(in: figure.label)
        return figure.unit == subject.unit && years.count == 1 && Self.years(in: subject.label) == [years.first! + 1]
    }

    /// The first four-digit year a text is about: not one compared with (「较2021年度」「与2021年相比」).
    static func ownYear(in text: String) -> Int? {
        var value = 0, digits = 0
        var before: UInt16 = 0, last: UInt16 = 0
        for u in text.utf16 {
            if Unit.isDigit(u) {
                if digits == 0 { before = last }
                if digits < 4 { value = value * 10 + Int(u - 0x30) }
                digits += 1
            } else {
                if digits == 4, u == FigureScan.nian, !comparedYearLeads.contains(before) { return value }
                value = 0; digits = 0
            }
            last = u
        }
        return nil
    }

    private static let comparedYearLeads = UnitSet("比较与于同")

    /// The four-digit years written in a text.
    static func years(in text: String) -> Set<Int> {
        var out: Set<Int> = []
        var value = 0, digits = 0
        for u in text.utf16 {
            // Only four digits make a year: a longer run is counted, not summed (it could overflow).
            if Unit.isDigit(u) { if digits < 4 { value = value * 10 + Int(u - 0x30) }; digits += 1; continue }
            if digits == 4, u == FigureScan.nian { out.insert(value) }
            value = 0; digits = 0
        }
        return out
    }

    /// The terms that name what a figure is; two labels that share one name the same thing.
    static let terms = [
        "三公", "因公出国", "公务接待", "公务用车购置及运行", "公务用车运行", "公务用车购置", "车辆运行", "公车运行",
        "机关运行经费", "政府采购", "基本支出", "项目支出", "人员经费", "公用经费", "工资福利", "商品和服务",
        "对个人和家庭", "资本性支出", "一般公共预算", "政府性基金", "国有资本经营", "上级补助", "事业收入", "经营收入",
        "附属单位", "其他收入", "上年结转", "结转和结余", "本年收入", "本年支出", "总收入", "总支出", "收入", "支出",
        "编制", "在职", "退休", "离休",
    ]

    /// The most specific term of a label.
    static func term(_ label: String) -> String? { terms.first { label.includes($0) } }

    /// Two labels that name the same thing: the same most specific term.
    static func sameThing(_ a: String, _ b: String) -> Bool {
        guard let t = term(a) else { return false }
        return term(b) == t
    }

    /// Families of parts that together make their whole: a list naming every member is complete.
    static let completeFamilies: [[[String]]] = [
        [["出国"], ["接待"], ["用车", "车辆", "公车"]],
        [["购置"], ["运行"]],
        [["基本支出"], ["项目支出"]],
        [["人员经费"], ["公用经费"]],
        [["在职"], ["离退休", "退休"]],
    ]

    /// How many characters two labels share at their end.
    static func sharedEnding(_ a: String, _ b: String) -> Int {
        zip(a.reversed(), b.reversed()).prefix { $0 == $1 }.count
    }

    /// Kinds of people, not of posts: a list of them is no breakdown of an 编制 count.
    static let personStatuses = ["在职", "离休", "退休", "遗属", "临时", "聘用", "编外", "派遣", "退职"]

    /// Whether the parts' labels name a whole family, or a remainder (「其他收入」).
    static func isComplete(_ labels: [String]) -> Bool {
        if labels.contains(where: { $0.includes("其他") }) { return true }
        // Each member named by a label of its own: 「公务用车购置及运行维护费」 alone is not 购置 and 运行.
        return completeFamilies.contains { family in
            let matching = labels.filter { label in family.contains { member in member.contains { label.includes($0) } } }
            return matching.count >= family.count && family.allSatisfy { member in labels.contains { label in member.contains { label.includes($0) } } }
        }
    }
}

/// Byte-wise tests on a string's UTF-8: the reader's words and the text are compared as written,
/// without the Unicode normalisation of `hasSuffix` and Foundation's `range(of:)`, which cost
/// more than the reading itself.
extension String {
    func endsWith(_ word: String) -> Bool {
        Self.bytes(self) { s in Self.bytes(word) { w in s.count >= w.count && memcmp(s.baseAddress! + (s.count - w.count), w.baseAddress!, w.count) == 0 } }
    }

    func beginsWith(_ word: String) -> Bool {
        Self.bytes(self) { s in Self.bytes(word) { w in s.count >= w.count && memcmp(s.baseAddress!, w.baseAddress!, w.count) == 0 } }
    }

    func includes(_ word: String) -> Bool { firstByteOffset(of: word) != nil }

    /// The byte offset of the first occurrence of `word`.
    func firstByteOffset(of word: String) -> Int? {
        Self.bytes(self) { s in
            Self.bytes(word) { w in
                guard w.count > 0, s.count >= w.count else { return nil }
                for k in 0...(s.count - w.count) where s[k] == w[0] && memcmp(s.baseAddress! + k, w.baseAddress!, w.count) == 0 { return k }
                return nil
            }
        }
    }

    /// The byte offset just after the last occurrence of `word`.
    func byteOffset(afterLast word: String) -> Int? {
        Self.bytes(self) { s in
            Self.bytes(word) { w in
                guard w.count > 0, s.count >= w.count else { return nil }
                for k in stride(from: s.count - w.count, through: 0, by: -1) where s[k] == w[0] && memcmp(s.baseAddress! + k, w.baseAddress!, w.count) == 0 {
                    return k + w.count
                }
                return nil
            }
        }
    }

    /// The string of UTF-8 bytes `range` (on character boundaries, as the offsets above give).
    func bytes(_ range: Range<Int>) -> String { Self.bytes(self) { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) } }

    private static func bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var s = s
        return s.withUTF8 { buffer in
            // An empty string's buffer may have no address: give it one.
            buffer.count == 0 ? withUnsafeBytes(of: 0) { body(UnsafeBufferPointer(start: $0.bindMemory(to: UInt8.self).baseAddress, count: 0)) } : body(buffer)
        }
    }
}
