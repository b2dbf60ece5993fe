import Foundation
import JixiaoCore

/// 标题 — a numbered heading as printed: 「一、」 (level 1), 「（一）」 (2), 「1.」 (3), 「（1）」 (4).
public struct Heading: Sendable, Equatable {
    /// The level its numbering style belongs to (GB/T 9704), whatever level it is used at.
    public var style: Int
    public var number: Int
    /// The number as printed, e.g. 「（一）」.
    public var label: String
    /// The heading text up to the first 「。」 or the end of its line.
    public var title: String
    /// Offset in the report's stream (UTF-16 units), and the original place.
    public var offset: Int
    public var location: SourceLocation
    /// Nothing follows it on its line but a 「。」: a heading standing alone, as in a table of contents.
    public var standsAlone: Bool
}

/// 提纲 — the headings of a report in order, read from the starts of printed lines.
///
/// A number at the start of a line is a heading only where a paragraph can begin: not on a line
/// that continues a sentence wrapped at the printed width («…主要职责：1.收集…；2.向社会公众…»
/// broken before 「2.」). A line continues a sentence when the line before it is as wide as a full
/// printed line and does not end a sentence or clause (「。」「：」「；」 …); after a short line, a
/// table's last row, or a heading standing alone on its line, a paragraph can begin.
public struct Outline: Sendable {
    public var headings: [Heading]

    public init(_ report: ReportText) {
        var headings: [Heading] = []
        let units = report.units
        let full = report.fullLineWidth
        var previousWasHeading = true
        for (k, start) in report.lineStarts.enumerated() {
            let continuesSentence = k > 0 && !previousWasHeading && !Self.paragraphEnds.contains(units[start - 1])
                && report.width(ofLine: k - 1) * 10 >= full * 8 && report.width(ofLine: k - 1) <= full + 2
            previousWasHeading = false
            guard !continuesSentence, let (style, number, labelLength) = Self.numbering(units, at: start) else { continue }
            // The title runs to the first 「。」 or the end of the printed line.
            let lineEnd = k + 1 < report.lineStarts.count ? report.lineStarts[k + 1] : units.count
            var end = start + labelLength
            while end < lineEnd && units[end] != Unit.fullStop { end += 1 }
            // Only a heading alone on its line lets the next line begin a paragraph by itself.
            previousWasHeading = end == lineEnd
            headings.append(Heading(style: style, number: number, label: report.string(start..<start + labelLength),
                                    title: report.string(start + labelLength..<end), offset: start,
                                    location: report.location(at: start), standsAlone: end == lineEnd || end + 1 == lineEnd))
        }
        self.headings = headings
    }

    /// What a line ends with when the next may begin a paragraph.
    private static let paragraphEnds = UnitSet("。：:；;！!？?")

    /// The numbering at `start`: its style, its number and the length of its label.
    /// 「一、」 → 1, 「（一）」 → 2, 「1.」 or 「1、」 (not 「1.5」) → 3, 「（1）」 → 4.
    static func numbering(_ units: [UInt16], at start: Int) -> (style: Int, number: Int, length: Int)? {
        func at(_ i: Int) -> UInt16? { i < units.count ? units[i] : nil }
        guard let first = at(start) else { return nil }
        let bracketed = first == Unit.openParenthesis || first == Unit.asciiOpenParenthesis
        let from = bracketed ? start + 1 : start
        // Chinese numerals, at most three (「二十一」).
        var end = from
        while end < from + 3, let u = at(end), ChineseNumeral.isDigit(u) { end += 1 }
        if end > from {
            // The mark after the numerals first: most 「一」 in a text begin words (「一般」), not headings.
            let closes = bracketed ? (at(end) == Unit.closeParenthesis || at(end) == Unit.asciiCloseParenthesis) : at(end) == Unit.enumerationComma
            guard closes, let number = ChineseNumeral.value(String(decoding: units[from..<end], as: UTF16.self)) else { return nil }
            return (bracketed ? 2 : 1, number, end + 1 - start)
        }
        // ASCII digits, at most two.
        end = from
        while end < from + 2, let u = at(end), Unit.isDigit(u) { end += 1 }
        guard end > from, at(end).map(Unit.isDigit) != true else { return nil }
        // The mark first, and the number from its units: most lines of a table open with a figure, not an item.
        let style: Int
        if bracketed, let close = at(end), close == Unit.closeParenthesis || close == Unit.asciiCloseParenthesis {
            style = 4
        } else if !bracketed, let mark = at(end), mark == Unit.point || mark == Unit.enumerationComma,
                  at(end + 1).map(Unit.isDigit) != true
        {
            style = 3
        } else {
            return nil
        }
        return (style, units[from..<end].reduce(0) { $0 * 10 + Int($1 - 0x30) }, end + 1 - start)
    }
}

/// UTF-16 code units the reader compares against.
enum Unit {
    static let fullStop: UInt16 = 0x3002  // 。
    static let enumerationComma: UInt16 = 0x3001  // 、
    static let openParenthesis: UInt16 = 0xFF08  // （
    static let closeParenthesis: UInt16 = 0xFF09  // ）
    static let asciiOpenParenthesis: UInt16 = 0x28
    static let asciiCloseParenthesis: UInt16 = 0x29
    static let point: UInt16 = 0x2E

    static func isDigit(_ u: UInt16) -> Bool { u >= 0x30 && u <= 0x39 }

    /// A Chinese character (CJK unified ideographs, extension A, and 〇).
    static func isHan(_ u: UInt16) -> Bool { (0x4E00...0x9FFF).contains(u) || (0x3400...0x4DBF).contains(u) || u == 0x3007 }

    /// The unit of a one-unit character literal (every character the reader names is one).
    static func of(_ c: Character) -> UInt16 { c.utf16.first! }
}

