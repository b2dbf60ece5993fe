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
    /// Reads every part of the outline it can understand.
    public static func extract(_ report: ReportText) -> Extraction {
        let reader = ExtractReader(report)
        var evaluation = Evaluation()
        let sections = ReportSections(reader)
        evaluation.cover = reader.cover(sections)
        evaluation.unit = reader.unitProfile(sections, unitName: evaluation.cover?.unitName)
        evaluation.staffing = reader.staffing(sections)
        evaluation.work = reader.workPlan(sections, year: evaluation.cover?.year)
        evaluation.performanceGoals = reader.performanceGoals(sections)
        evaluation.budget = reader.budget(sections)
        evaluation.finalAccounts = reader.finalAccounts(sections)
        evaluation.selfEvaluation = reader.selfEvaluation(sections)
        evaluation.indicators = reader.indicators(sections)
        evaluation.problems = reader.problems(sections)
        evaluation.improvements = reader.improvements(sections)
        evaluation.otherMatters = reader.otherMatters(sections)
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

/// One regex match, with character offsets into `ReportText.text`.
struct Hit {
    /// The whole match.
    var range: Range<Int>
    /// Capture groups, 1-based as in the pattern (index 0 is the whole match).
    var groups: [Range<Int>?]
    /// The text of each group.
    var strings: [String?]

    subscript(_ i: Int) -> String? { i < strings.count ? strings[i] : nil }
    func start(_ i: Int) -> Int? { i < groups.count ? groups[i]?.lowerBound : nil }
}

/// The working state of one extraction: the text, fast offset conversions, and what was found.
///
/// A class because every section reader adds to the same locations, notes and unread lists.
final class ExtractReader {
    let report: ReportText
    let text: String
    /// `text` as characters, so that offsets are O(1).
    let chars: [Character]
    /// The string index of each character offset (and `endIndex` last), for slicing by offset.
    let indices: [String.Index]
    /// Offsets at which an original line began.
    let lineStartSet: Set<Int>
    var locations: [FieldPath: SourceLocation] = [:]
    var unread: [String] = []
    var notes: [(FieldPath, String)] = []

    /// A stated number as it appears in the stream: digits, thousands separators, decimals.
    static let num = "([0-9][0-9,]*(?:\\.[0-9]+)?)"
    /// A money unit; 万元 and 亿元 before 元 so that the longest unit is taken.
    static let unit = "(万元|亿元|元)"
    /// A money figure: number then unit, two groups.
    static let money = num + unit

    init(_ report: ReportText) {
        self.report = report
        text = report.text
        chars = Array(report.text)
        var idx: [String.Index] = []
        idx.reserveCapacity(chars.count + 1)
        var i = report.text.startIndex
        while i < report.text.endIndex {
            idx.append(i)
            i = report.text.index(after: i)
        }
        idx.append(report.text.endIndex)
        indices = idx
        lineStartSet = Set(report.lineStarts)
    }

    // MARK: Matching

    /// Compiled patterns, shared by every report read in the process: compiling is most of the
    /// cost of reading one report.
    private static let compiledLock = NSLock()
    nonisolated(unsafe) private static var compiled: [String: Regex<AnyRegexOutput>] = [:]

    func regex(_ pattern: String) -> Regex<AnyRegexOutput> {
        Self.compiledLock.lock()
        defer { Self.compiledLock.unlock() }
        if let r = Self.compiled[pattern] { return r }
        // Patterns are written in this module; a bad one is a programming error.
        let r = try! Regex(pattern)
        Self.compiled[pattern] = r
        return r
    }

    func offset(_ index: String.Index) -> Int {
        // Binary search: indices are sorted.
        var lo = 0, hi = indices.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if indices[mid] < index { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func hit(_ match: Regex<AnyRegexOutput>.Match) -> Hit {
        var groups: [Range<Int>?] = []
        var strings: [String?] = []
        for element in match.output {
            if let r = element.range {
                let o = offset(r.lowerBound)..<offset(r.upperBound)
                groups.append(o)
                strings.append(String(text[r]))
            } else {
                groups.append(nil)
                strings.append(nil)
            }
        }
        return Hit(range: groups[0]!, groups: groups, strings: strings)
    }

    /// The first match of `pattern` inside `span`.
    func find(_ pattern: String, in span: Range<Int>) -> Hit? {
        let span = clamp(span)
        guard !span.isEmpty else { return nil }
        let sub = text[indices[span.lowerBound]..<indices[span.upperBound]]
        guard let m = sub.firstMatch(of: regex(pattern)) else { return nil }
        return hit(m)
    }

    /// A match of `pattern` starting exactly at `position` (and ending before `limit`).
    func prefix(_ pattern: String, at position: Int, limit: Int? = nil) -> Hit? {
        let end = min(limit ?? chars.count, chars.count)
        guard position < end else { return nil }
        let sub = text[indices[position]..<indices[end]]
        guard let m = sub.prefixMatch(of: regex(pattern)) else { return nil }
        return hit(m)
    }

    /// Every non-overlapping match of `pattern` inside `span`.
    func findAll(_ pattern: String, in span: Range<Int>) -> [Hit] {
        let span = clamp(span)
        guard !span.isEmpty else { return [] }
        let sub = text[indices[span.lowerBound]..<indices[span.upperBound]]
        return sub.matches(of: regex(pattern)).map(hit)
    }

    func clamp(_ span: Range<Int>) -> Range<Int> {
        let lo = max(0, min(span.lowerBound, chars.count)), hi = max(lo, min(span.upperBound, chars.count))
        return lo..<hi
    }

    func string(_ span: Range<Int>) -> String { String(chars[clamp(span)]) }

    // MARK: Recording

    /// Records where the field at `path` was read.
    func mark(_ path: FieldPath, _ offset: Int?) {
        guard let offset else { return }
        locations[path] = report.location(at: offset)
    }

    func note(_ path: FieldPath, _ message: String) { notes.append((path, message)) }

    func missing(_ part: String) { unread.append(part) }

    // MARK: Figures

    /// The amount in groups `n` (number) and `n + 1` (unit) of `hit`, located at the number.
    func amount(_ hit: Hit, _ n: Int, path: FieldPath? = nil) -> Amount? {
        guard let number = hit[n], let unit = hit[n + 1], let amount = try? Amount.parse(number + unit) else { return nil }
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
        var out = ""
        var previous: SourceLocation?
        for i in span {
            let location = report.location(at: i)
            let c = chars[i]
            if let p = previous, let last = out.last {
                let gap = p.line != location.line || location.column > p.column + 1
                if gap {
                    let crossesLine = p.line != location.line
                    let asciiL = last.isASCII && (last.isLetter || last.isNumber)
                    let asciiR = c.isASCII && (c.isLetter || c.isNumber)
                    if (asciiL && Self.isHan(c)) || (asciiR && Self.isHan(last)) || (asciiL && asciiR && !crossesLine) {
                        out.append(" ")
                    }
                }
            }
            out.append(c)
            previous = location
        }
        return out
    }

    static func isHan(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || s.value == 0x3007
    }

    /// Trims sentence punctuation at both ends.
    static func trimPunctuation(_ s: String) -> String {
        let set = CharacterSet(charactersIn: "，,；;。：:、 ")
        return s.trimmingCharacters(in: set)
    }

    /// Splits `span` into paragraphs: a paragraph ends where an original line ends with 。 or
    /// ： and is clearly shorter than a full printed line (PDF text keeps no indentation).
    func paragraphs(_ span: Range<Int>) -> [Range<Int>] {
        let span = clamp(span)
        guard !span.isEmpty else { return [] }
        let starts = report.lineStarts
        var widths: [Int] = []
        for (k, s) in starts.enumerated() {
            let e = k + 1 < starts.count ? starts[k + 1] : chars.count
            widths.append(e - s)
        }
        let sorted = widths.sorted()
        let full = sorted.isEmpty ? 30 : sorted[min(sorted.count - 1, sorted.count * 9 / 10)]
        var result: [Range<Int>] = []
        var begin = span.lowerBound
        for (k, s) in starts.enumerated() {
            let e = k + 1 < starts.count ? starts[k + 1] : chars.count
            guard e > span.lowerBound, e < span.upperBound, e > begin else { continue }
            let last = chars[e - 1]
            if "。：:".contains(last), e - s < full * 8 / 10 {
                result.append(begin..<e)
                begin = e
            }
        }
        if begin < span.upperBound { result.append(begin..<span.upperBound) }
        return result.filter { !string($0).trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
