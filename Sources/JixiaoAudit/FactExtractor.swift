import Foundation
import JixiaoCore

/// 报告事实提取 — reads the figures and lists of a published self-evaluation report into an
/// `Evaluation`, remembering where each figure was read.
///
/// The reader is driven by the phrasing of the standard report family (一 单位基本情况,
/// 二 自评工作开展情况, 三 绩效自评情况), not by the layout of one report: every pattern runs over
/// `ReportText.text`, the stream with all whitespace removed, so line breaks, page numbers and
/// spaces inside numbers do not matter. What cannot be read is listed in `unread`, never guessed.
public struct FactExtractor {
    /// What to read.
    public enum Scope: Sendable {
        /// Every part of the outline the reader understands: the draft `jixiao extract` writes.
        case all
        /// The figures the audit's figure rules judge: staffing, budget (with “三公”, operating
        /// funds, procurement, assets) and final accounts. Tasks, goals, the self-evaluation's
        /// prose, indicators and problems are judged by the text rules on the text itself, so
        /// the audit does not read them into the model (they are most of the reading time).
        case figures
    }

    /// Reads the parts of the outline in `scope`, by the headings of `template` when given, else
    /// of the built-in template the report's headings follow (or come nearest to).
    public static func extract(_ report: ReportText, scope: Scope = .all, template: ReportTemplate? = nil) -> Extraction {
        extract(report, scope: scope, reading: TemplateReading(Outline(report), chosen: template))
    }

    static func extract(_ report: ReportText, scope: Scope, reading: TemplateReading) -> Extraction {
        let reader = ExtractReader(report, template: reading.outline)
        var evaluation = Evaluation()
        let sections = ReportSections(reader, reading, strict: scope == .figures && !reading.follows)
        let all = scope == .all
        if all, !reading.follows, sections.outlineStart != nil {
            // Read by the headings' words alone: what another outline names alike is not read.
            let which = reading.isChosen ? "未按所选模板" : "未能认出按哪一已知模板编写，最接近的是"
            reader.missing("提纲：报告的标题\(which)「\(reading.template.name)」，只按标题文字读出能认出的各节，其余未读")
        }
        // In the outline's order, so that what was not read is listed in that order.
        if all {
            evaluation.cover = reader.cover(sections)
            evaluation.unit = reader.unitProfile(sections, unitName: evaluation.cover?.unitName)
        }
        evaluation.staffing = reader.staffing(sections)
        if all {
            evaluation.work = reader.workPlan(sections, year: evaluation.cover?.year)
            evaluation.performanceGoals = reader.performanceGoals(sections)
        }
        evaluation.budget = reader.budget(sections)
        evaluation.finalAccounts = reader.finalAccounts(sections)
        if all {
            evaluation.selfEvaluation = reader.selfEvaluation(sections)
            evaluation.indicators = reader.indicators(sections)
            evaluation.problems = reader.problems(sections)
            evaluation.improvements = reader.improvements(sections)
            evaluation.otherMatters = reader.otherMatters(sections)
        }
        return Extraction(evaluation: evaluation, locations: reader.locations, unread: reader.unread, notes: reader.notes)
    }
}

/// What `FactExtractor` read from a report.
public struct Extraction: Sendable {
    /// The facts read, in the evaluation model.
    public var evaluation: Evaluation
    /// For each extracted field (by its evaluation-file path), where in the original text it was read.
    public var locations: [FieldPath: SourceLocation]
    /// The outline parts not understood or not found, in Chinese.
    public var unread: [String]
    /// Ambiguities: relations or readings the extractor is not sure of (to be reported as info).
    public var notes: [(FieldPath, String)]

    public init(evaluation: Evaluation, locations: [FieldPath: SourceLocation], unread: [String], notes: [(FieldPath, String)]) {
        self.evaluation = evaluation
        self.locations = locations
        self.unread = unread
        self.notes = notes
    }
}

/// One regex match, with offsets into `ReportText.units`.
struct Hit {
    /// The whole match.
    var range: Range<Int>
    /// Capture groups, 1-based as in the pattern (index 0 is the whole match).
    var groups: [Range<Int>?]
    /// The units matched in, for the groups' strings (made only when asked for).
    let source: [UInt16]

    /// The text of group `i`, nil where the group took no part.
    subscript(_ i: Int) -> String? { i < groups.count ? groups[i].map { ReportText.string(source, $0) } : nil }
    func start(_ i: Int) -> Int? { i < groups.count ? groups[i]?.lowerBound : nil }
}

/// The working state of one extraction: the text, and what was found.
///
/// A class because every section reader adds to the same locations, notes and unread lists.
/// Patterns are ICU regular expressions (see `ICUPattern`), matched over spans of the stream
/// with the stream's own UTF-16 offsets. Every pattern bounds its open-ended parts
/// (「.{1,80}?」, not 「.+?」), so that no pattern is quadratic in the length of a span,
/// whatever the input.
final class ExtractReader {
    let report: ReportText
    let units: [UInt16]
    /// Length of the stream in units.
    let count: Int
    /// Offsets at which an original line began; made only where asked (the audit's figures do not ask).
    private(set) lazy var lineStartSet = Set(report.lineStarts)
    private let matcher: ICUText
    var locations: [FieldPath: SourceLocation] = [:]
    var unread: [String] = []
    var notes: [(FieldPath, String)] = []

    /// A stated number as it appears in the stream: digits, thousands separators, decimals.
    static let num = "([0-9][0-9,]{0,24}(?:\\.[0-9]{1,8})?)"
    /// A number of `num` as the figure readers take it. Published texts (as `pdftotext` gives
    /// them) put commas in numbers as they please, and the audit reads every comma inside a number
    /// as a separator, where typed input is held to groups of three (`TypedNumber`).
    static func published(_ number: String) -> String { number.filter { $0 != "," } }
    /// A money unit; 万元 and 亿元 before 元 so that the longest unit is taken.
    static let unit = "(万元|亿元|元)"
    /// A money figure: number then unit, two groups.
    static let money = num + unit

    /// The template whose headings name the parts in what is said of them.
    let template: TemplateOutline

    init(_ report: ReportText, template: TemplateOutline) {
        self.report = report
        self.template = template
        units = report.units
        count = report.units.count
        matcher = ICUText(report.units)
    }

    /// Every 「n.」 「n、」 of the text (n up to three digits, not followed by a digit), read once:
    /// numbered items are looked for one number after another, and scanning the text for each
    /// would cost the text's length per item. `standsAlone` when not preceded by a digit or point.
    private(set) lazy var numberMarkers: [Int: [(hit: Hit, standsAlone: Bool)]] = {
        // Scanned by hand: one or two digits (three would be no item number) where a run of
        // digits begins, a 「.」 「．」 or 「、」, and no digit after it.
        var markers: [Int: [(hit: Hit, standsAlone: Bool)]] = [:]
        var i = 0
        while i < count {
            guard Unit.isDigit(units[i]), i == 0 || !Unit.isDigit(units[i - 1]) else { i += 1; continue }
            var end = i
            while end < count, end - i < 4, Unit.isDigit(units[end]) { end += 1 }
            if end - i <= 3, end < count, Self.itemMarks.contains(units[end]), end + 1 >= count || !Unit.isDigit(units[end + 1]) {
                let number = units[i..<end].reduce(0) { $0 * 10 + Int($1 - 0x30) }
                let alone = i == 0 || units[i - 1] != Unit.point
                let hit = Hit(range: i..<(end + 1), groups: [i..<(end + 1), i..<end], source: units)
                markers[number, default: []].append((hit, alone))
            }
            i = end
        }
        return markers
    }()

    private static let itemMarks = UnitSet(".．、")

    // MARK: Matching

    private func hit(_ groups: [Range<Int>?]) -> Hit { Hit(range: groups[0]!, groups: groups, source: units) }

    /// The first match of `pattern` inside `span`.
    func find(_ pattern: String, in span: Range<Int>) -> Hit? {
        let span = clamp(span)
        guard !span.isEmpty else { return nil }
        return matcher.firstMatch(ICUPattern.named(pattern), in: span).map(hit)
    }

    /// `find` for a pattern whose every match holds `word` at most `reach` units after its start:
    /// the search begins that far before the first `word` (and with none there is no match), so
    /// a pattern with long lazy runs is not tried at every place of the span before it.
    func find(_ pattern: String, in span: Range<Int>, holding word: String, within reach: Int) -> Hit? {
        guard let first = report.offset(of: word, from: span.lowerBound, to: span.upperBound) else { return nil }
        return find(pattern, in: max(span.lowerBound, first - reach)..<span.upperBound)
    }

    /// A match of `pattern` starting exactly at `position` (and ending before `limit`).
    func prefix(_ pattern: String, at position: Int, limit: Int? = nil) -> Hit? {
        prefix(ICUPattern.named(pattern), at: position, limit: limit)
    }

    private func prefix(_ pattern: ICUPattern, at position: Int, limit: Int?) -> Hit? {
        let end = min(limit ?? count, count)
        guard position < end else { return nil }
        return matcher.firstMatch(pattern, in: position..<end, anchored: true).map(hit)
    }

    /// Every place a heading number of the first two levels stands (「一、」 「（一）」), wherever
    /// it is in a line, with its numbering: the outline's parts are looked for only there.
    private(set) lazy var headingNumbers: [(offset: Int, style: Int, number: Int, length: Int)] = units.indices.compactMap { i in
        guard Self.headingStarts.contains(units[i]), let (style, number, length) = Outline.numbering(units, at: i), style <= 2 else { return nil }
        return (i, style, number, length)
    }

    private static let headingStarts = UnitSet("（(一二三四五六七八九十")

    /// The heading numbers with the words that may be their titles, read once.
    private(set) lazy var streamHeadings: [StreamHeading] = {
        let numbers = headingNumbers
        var headings: [StreamHeading] = []
        var labelEnd = 0
        // 「十一、」 holds 「一、」: a number inside a label is no heading of its own.
        for (k, (start, style, number, length)) in numbers.enumerated() where start >= labelEnd {
            let titleStart = start + length
            labelEnd = titleStart
            // 「十、《部门整体支出绩效目标表》」 lists a table, as a budget explanation's list of its tables does.
            if titleStart < count, units[titleStart] == Self.openTitleMark { continue }
            let next = numbers[(k + 1)...].first { $0.offset >= titleStart }?.offset ?? count
            // A title may wrap onto the next printed line: it runs on to the next heading at most.
            var end = titleStart
            while end < next, end - titleStart < Self.titleLength, !Self.titleEnds.contains(units[end]),
                  !(Unit.isDigit(units[end]) && end + 1 < count && Self.itemMarks.contains(units[end + 1]))
            {
                end += 1
            }
            let stop: StreamHeading.Stop = end < count && Self.titleEnds.contains(units[end]) ? .mark : end == next ? .next : .other
            let entry = isContentsEntry(titleStart..<end, next: next, lineEnd: lineEnd(of: start))
            headings.append(StreamHeading(offset: start, style: style, number: number, titleStart: titleStart, titleEnd: end,
                                          stop: stop, isContentsEntry: entry))
        }
        return headings
    }()

    /// The longest title looked at: a heading's words are short; a number before a paragraph is no heading.
    static let titleLength = 24
    private static let titleEnds = UnitSet("。：:；;，,")
    private static let leaders = UnitSet("…‥·.．-—_")
    private static let openTitleMark = Unit.of("《")

    /// A heading of a table of contents: its words close with a page number after a leader
    /// (「改进措施……6」), or with a page number right before the next heading on the same line
    /// (「一、摘要1二、部门概况2」). A line that only ends in a figure (「收入预算 356」 wrapped) is none.
    private func isContentsEntry(_ title: Range<Int>, next: Int, lineEnd: Int) -> Bool {
        let segment = title.lowerBound..<max(title.lowerBound, min(next, lineEnd))
        guard segment.count <= 40 else { return false }
        var digits = segment.upperBound
        while digits > segment.lowerBound, Unit.isDigit(units[digits - 1]) { digits -= 1 }
        guard (1...3).contains(segment.upperBound - digits), digits > segment.lowerBound else { return false }
        var leader = digits
        while leader > segment.lowerBound, Self.leaders.contains(units[leader - 1]) { leader -= 1 }
        if digits - leader >= 2 { return true }
        return digits == leader && next <= lineEnd && Unit.isHan(units[digits - 1])
            && !segment.contains { Self.titleEnds.contains(units[$0]) || ($0 < digits && Unit.isDigit(units[$0])) }
    }

    /// Where the printed line holding `offset` ends.
    func lineEnd(of offset: Int) -> Int {
        let starts = report.lineStarts
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo < starts.count ? starts[lo] : count
    }

    /// Whether the title of `heading` holds one of `words` (UTF-16 units), compared in the stream
    /// without making a string of the title.
    func title(of heading: StreamHeading, holdsAny words: [[UInt16]]) -> Bool {
        words.contains { word in
            guard let first = word.first, heading.titleEnd - heading.titleStart >= word.count else { return false }
            return (heading.titleStart...(heading.titleEnd - word.count)).contains { i in
                units[i] == first && word.indices.allSatisfy { units[i + $0] == word[$0] }
            }
        }
    }

    /// Where the body under `heading` begins: after the line, the mark (「。」「：」) or the next
    /// heading that closely follows the words of the template's heading it was found by
    /// (「（一）单位机构设置、部门职能情况。」), else right after those words (「（四）部门整体支出绩效目标
    /// 我局…：」, a text on one line, or a heading wrapped at the printed width).
    func bodyStart(of heading: StreamHeading, words: [String]) -> Int {
        let wordsEnd = words.compactMap { word in
            report.offset(of: word, from: heading.titleStart, to: heading.titleEnd).map { $0 + word.utf16.count }
        }.max() ?? heading.titleEnd
        let line = lineEnd(of: heading.offset)
        if wordsEnd <= line, line - wordsEnd <= Self.titleTail, line <= heading.titleEnd + 1 { return line }
        guard heading.titleEnd - wordsEnd <= Self.titleTail else { return wordsEnd }
        return heading.stop == .mark ? heading.titleEnd + 1 : heading.stop == .next ? heading.titleEnd : wordsEnd
    }

    /// The most units a title runs on after the words it is known by (「情况」「及公开一致情况」).
    private static let titleTail = 6

    /// Every non-overlapping match of `pattern` inside `span`.
    func findAll(_ pattern: String, in span: Range<Int>) -> [Hit] {
        let span = clamp(span)
        guard !span.isEmpty else { return [] }
        return matcher.allMatches(ICUPattern.named(pattern), in: span).map(hit)
    }

    /// Every match of a pattern that begins with a number (`[0-9]+…`), tried only where a run of
    /// digits begins and the character after the run is one of `followedBy` (every match of the
    /// pattern has one there): where the match fails at a run's first digit it fails at its later
    /// ones, and trying a few places is much cheaper than ICU's scan of every character.
    func findAllAtNumbers(_ pattern: String, followedBy: String, in span: Range<Int>) -> [Hit] {
        let span = clamp(span)
        let compiled = ICUPattern.named(pattern)
        let next = UnitSet.cached(followedBy)
        var hits: [Hit] = []
        var i = span.lowerBound
        while i < span.upperBound {
            guard Unit.isDigit(units[i]), i == span.lowerBound || !Unit.isDigit(units[i - 1]) else { i += 1; continue }
            var end = i
            while end < span.upperBound, Unit.isDigit(units[end]) { end += 1 }
            if end < span.upperBound, next.contains(units[end]), let h = prefix(compiled, at: i, limit: span.upperBound) {
                hits.append(h)
                i = max(h.range.upperBound, i + 1)
            } else {
                i = end
            }
        }
        return hits
    }

    func clamp(_ span: Range<Int>) -> Range<Int> {
        let lo = max(0, min(span.lowerBound, count)), hi = max(lo, min(span.upperBound, count))
        return lo..<hi
    }

    func string(_ span: Range<Int>) -> String { report.string(clamp(span)) }

    // MARK: Recording

    /// Records where the field at `path` was read.
    func mark(_ path: FieldPath, _ offset: Int?) {
        guard let offset else { return }
        locations[path] = report.location(at: offset)
    }

    func note(_ path: FieldPath, _ message: String) { notes.append((path, message)) }

    func missing(_ part: String) { unread.append(part) }

    /// What of `part` was not read, named by the heading that holds it in the template.
    func missing(_ part: ReportPart, _ what: String) { unread.append(template.name(of: part) + "：" + what) }

    // MARK: Figures

    /// The amount in groups `n` (number) and `n + 1` (unit) of `hit`, located at the number.
    func amount(_ hit: Hit, _ n: Int, path: FieldPath? = nil) -> Amount? {
        guard let number = hit[n], let unit = hit[n + 1], let amount = try? Amount.parse(Self.published(number) + unit) else { return nil }
        if let path { mark(path, hit.start(n)) }
        return amount
    }

    func int(_ hit: Hit, _ n: Int, path: FieldPath? = nil) -> Int? {
        guard let s = hit[n], let v = Int(s) ?? ChineseNumeral.value(s) else { return nil }
        if let path { mark(path, hit.start(n)) }
        return v
    }

    // MARK: Prose

    /// The text of `span` as prose: line breaks and page breaks closed up, and a single space
    /// kept only where the original had whitespace between a Chinese character and a Latin
    /// letter or digit (「2021 年」「增加 2.04 万元」), which is how the evaluation files write it.
    /// Spaces before 「%」 or punctuation, and breaks inside Chinese text, are PDF artifacts.
    func prose(_ span: Range<Int>) -> String {
        let span = clamp(span)
        // Units gathered with the kept spaces, then made a string once.
        var out: [UInt16] = []
        out.reserveCapacity(span.count + 8)
        var from = span.lowerBound
        for (offset, newLine) in report.breaks(in: span) {
            out.append(contentsOf: units[from..<offset])
            from = offset
            guard let last = out.last else { continue }
            let asciiL = Self.isASCIIWord(last), asciiR = Self.isASCIIWord(units[offset])
            if (asciiL && Unit.isHan(units[offset])) || (asciiR && Unit.isHan(last)) || (asciiL && asciiR && !newLine) {
                out.append(0x20)
            }
        }
        out.append(contentsOf: units[from..<span.upperBound])
        return ReportText.string(out, 0..<out.count)
    }

    /// An ASCII letter or digit.
    static func isASCIIWord(_ u: UInt16) -> Bool { (0x30...0x39).contains(u) || (0x41...0x5A).contains(u) || (0x61...0x7A).contains(u) }

    /// Trims sentence punctuation at both ends.
    static func trimPunctuation(_ s: String) -> String {
        // On scalars, not through `CharacterSet` (which bridges to `NSString` on every call).
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !sentencePunctuation.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !sentencePunctuation.contains($0) })!
        return String(scalars[first...last])
    }

    private static let sentencePunctuation: Set<Unicode.Scalar> = Set("，,；;。：:、 ".unicodeScalars)

    private static let paragraphEnds = UnitSet("。：:")

    /// Splits `span` into paragraphs: a paragraph ends where an original line ends with 。 or
    /// ： and is clearly shorter than a full printed line (PDF text keeps no indentation).
    func paragraphs(_ span: Range<Int>) -> [Range<Int>] {
        let span = clamp(span)
        guard !span.isEmpty else { return [] }
        let starts = report.lineStarts
        var result: [Range<Int>] = []
        var begin = span.lowerBound
        // From the line holding the span's start (the stream has no whitespace, so every range
        // made here has text).
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= span.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var k = max(0, lo - 1)
        while k < starts.count {
            let e = k + 1 < starts.count ? starts[k + 1] : count
            if e >= span.upperBound { break }
            if e > begin, Self.paragraphEnds.contains(units[e - 1]), e - starts[k] < report.fullLineWidth * 8 / 10 {
                result.append(begin..<e)
                begin = e
            }
            k += 1
        }
        if begin < span.upperBound { result.append(begin..<span.upperBound) }
        return result
    }
}
