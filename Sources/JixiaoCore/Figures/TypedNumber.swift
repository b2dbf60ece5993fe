import Foundation

/// 填写的数字 — the one reader of numbers as people type them, behind every stated figure read
/// from a form, a workbook cell or an evaluation file (`StatedNumber.parse`, `Amount.parse`,
/// `Percent.parse`, `Quantity.parse`, `TypedNumber.count`). A number is read exactly as written
/// or refused with a message that quotes it and says what to type; never read in part.
///
/// - Digits, signs, the point and the percent sign may be half- or full-width (`０`–`９`, `＋`,
///   `－` or `−`, `．`, `％`).
/// - Blanks (space, tab, line break, no-break, thin and full-width spaces) around the text are
///   dropped, and so are blanks between the number and what follows it (`285.58 万元`, `4.8 %`).
/// - Inside the integer part a comma (`,` or `，`) or a blank is a thousands separator only where
///   it separates groups of three digits: a first group of 1–3 digits that is not zero, every
///   later group of exactly 3, one kind of separator throughout (`11,486,444.31`, `1，234`,
///   `1 234`). Anywhere else it would change the value, so it is refused, with the text to type
///   suggested: `4,8%` (a decimal comma: 4.8%), `12,34,567` (1,234,567), `1.234,56` (1234.56),
///   `4 8` (48). The fraction has no separators.
/// - 「。」 for the point (`4。8%`, typed with Chinese punctuation on) is refused, with the point.
/// - The number has integer digits (`.5` is refused) and what follows it may not go on like a
///   number: no point, comma or sign next, no digit of any script (`8..5`, `1e3`, `3-`, `4.8.1`).
///
/// A figure read from any accepted form is stored and shown back as its canonical text (its
/// `description`: ASCII, no sign for plus, grouped only as `Amount` writes 元), which this reader
/// reads back as the same figure.
public enum TypedNumber {
    /// What `read` makes of a text.
    public struct Reading: Sendable {
        /// The text without the blanks around it: what messages quote.
        public var text: String
        /// The number the text begins with; nil when it begins with none, or goes on like one.
        public var number: StatedNumber?
        /// What follows the number and the blanks after it (`万元`, `%`, `场（次）`), 「％」 as 「%」.
        public var unit: String
    }

    /// Reads `text` as a number and what follows it; throws where a separator or 「。」 stands
    /// where it would change the value.
    public static func read(_ text: String) throws(FigureError) -> Reading {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var starts: [Int] = []
        var i = 0
        while i < bytes.count {
            let (token, length) = Token.at(i, in: bytes)
            tokens.append(token)
            starts.append(i)
            i += length
        }
        var first = 0, last = tokens.count
        while first < last, tokens[first] == .blank { first += 1 }
        while last > first, tokens[last - 1] == .blank { last -= 1 }
        func offset(_ k: Int) -> Int { k < starts.count ? starts[k] : bytes.count }
        func string(_ from: Int, _ to: Int) -> String { String(decoding: bytes[offset(from)..<offset(to)], as: UTF8.self) }
        let trimmed = first == 0 && last == tokens.count ? text : string(first, last)
        let none = Reading(text: trimmed, number: nil, unit: "")

        var k = first
        let negative = k < last && tokens[k] == .minus
        if k < last, tokens[k] == .plus || tokens[k] == .minus { k += 1 }
        guard k < last, case .digit = tokens[k] else { return none }

        // The run a number is read from: digits, points and commas, and blanks between them.
        let runStart = k
        run: while k < last {
            switch tokens[k] {
            case .digit, .comma, .point: k += 1
            case .blank:
                var next = k
                while next < last, tokens[next] == .blank { next += 1 }
                switch tokens[next] {
                case .digit, .comma, .point: k = next
                default: break run
                }
            default: break run
            }
        }
        let runEnd = k
        let run = Run(tokens[runStart..<runEnd])
        var unitStart = runEnd
        while unitStart < last, tokens[unitStart] == .blank { unitStart += 1 }
        let rest = string(unitStart, last)

        let sign = negative ? "-" : ""
        guard run.holds else {
            let spacing = string(runEnd, unitStart)
            let unblanked = run.ascii.filter { $0 != UInt8(ascii: " ") }
            if run.hasBlank, !run.hasComma || Run(unblanked).holds {
                throw .spaceInNumber(trimmed, suggestion: sign + String(decoding: unblanked, as: UTF8.self) + spacing + rest)
            }
            if run.hasComma {
                let (text, asDecimal) = run.suggestion
                throw asDecimal ? .decimalComma(trimmed, suggestion: sign + text + spacing + rest)
                    : .misgroupedComma(trimmed, suggestion: sign + text + spacing + rest)
            }
            return none
        }
        if unitStart < last {
            switch tokens[unitStart] {
            case .fullStop where unitStart + 1 < last && tokens[unitStart + 1].isDigit:
                throw .ideographicPoint(trimmed, suggestion: sign + run.text + "." + string(unitStart + 1, last))
            case .point, .comma, .plus, .minus: return none
            default: break
            }
            if rest.unicodeScalars.contains(where: { $0.properties.numericType == .decimal }) { return none }
        }
        guard let number = run.number(negative: negative) else { return none }
        var unit: [UInt8] = []
        for u in unitStart..<last {
            if tokens[u] == .percent { unit.append(UInt8(ascii: "%")) } else { unit += bytes[offset(u)..<offset(u + 1)] }
        }
        return Reading(text: trimmed, number: number, unit: String(decoding: unit, as: UTF8.self))
    }

    /// 人数、个数、年度、问题序号 — a whole number not below zero, as typed: `２８`, `1,234`.
    public static func count(_ text: String) throws(FigureError) -> Int {
        let reading = try read(text)
        guard let number = reading.number, reading.unit.isEmpty, number.decimals == 0,
              let whole = number.significand.flatMap({ Int(exactly: $0) })
        else { throw .notAnInteger(reading.text) }
        if whole < 0 { throw .negativeCount(reading.text) }
        return whole
    }

    /// Text without the blanks around it, as messages quote it.
    static func trimmed(_ text: String) -> String { (try? read(text))?.text ?? text }

    /// One character of typed text as the reader sees it.
    enum Token: Equatable {
        case digit(UInt8)
        case plus, minus, point, comma, percent, blank
        /// 「。」, typed for the point with Chinese punctuation on.
        case fullStop
        case other

        var isDigit: Bool { if case .digit = self { true } else { false } }

        /// The token at byte `i` of UTF-8 text and its length in bytes. Told by bytes: every
        /// figure of every file and report read goes through here.
        static func at(_ i: Int, in bytes: [UInt8]) -> (Token, Int) {
            let b = bytes[i]
            func next(_ k: Int) -> UInt8 { i + k < bytes.count ? bytes[i + k] : 0 }
            switch b {
            case 0x30...0x39: return (.digit(b - 0x30), 1)
            case 0x2B: return (.plus, 1)
            case 0x2D: return (.minus, 1)
            case 0x2E: return (.point, 1)
            case 0x2C: return (.comma, 1)
            case 0x25: return (.percent, 1)
            case 0x20, 0x09, 0x0A, 0x0D: return (.blank, 1)
            case 0xC2 where next(1) == 0xA0: return (.blank, 2)  // no-break space
            // U+2000–U+200B (en quad … zero-width space), U+202F (narrow no-break space)
            case 0xE2 where next(1) == 0x80 && ((0x80...0x8B).contains(next(2)) || next(2) == 0xAF): return (.blank, 3)
            case 0xE2 where next(1) == 0x88 && next(2) == 0x92: return (.minus, 3)  // −
            case 0xE3 where next(1) == 0x80 && next(2) == 0x80: return (.blank, 3)  // full-width space
            case 0xE3 where next(1) == 0x80 && next(2) == 0x82: return (.fullStop, 3)  // 。
            case 0xEF where next(1) == 0xBB && next(2) == 0xBF: return (.blank, 3)  // byte-order mark
            case 0xEF where next(1) == 0xBC:
                switch next(2) {
                case 0x90...0x99: return (.digit(next(2) - 0x90), 3)
                case 0x8B: return (.plus, 3)
                case 0x8D: return (.minus, 3)
                case 0x8E: return (.point, 3)
                case 0x8C: return (.comma, 3)
                case 0x85: return (.percent, 3)
                default: break
                }
            default: break
            }
            let length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            return (.other, min(length, bytes.count - i))
        }
    }

    /// The digits, points, commas and blanks a number is read from, as ASCII (one space for each
    /// stretch of blanks), taken apart: told by bytes, as every figure read comes through here.
    struct Run {
        let ascii: [UInt8]
        private(set) var hasComma = false
        private(set) var hasBlank = false
        /// Digit counts of the integer part's groups, between commas or blanks.
        private(set) var groups: [Int] = []
        private(set) var firstGroupIsZero = true
        /// Digits after the point; nil without one.
        private(set) var decimals: Int?
        /// A separator next to another or at an end, a second point, a separator in the fraction.
        private(set) var malformed = false

        init(_ tokens: ArraySlice<Token>) {
            var ascii: [UInt8] = []
            ascii.reserveCapacity(tokens.count)
            for token in tokens {
                switch token {
                case .digit(let d): ascii.append(0x30 + d)
                case .point: ascii.append(UInt8(ascii: "."))
                case .comma: ascii.append(UInt8(ascii: ","))
                case .blank where ascii.last != UInt8(ascii: " "): ascii.append(UInt8(ascii: " "))
                default: break
                }
            }
            self.init(ascii)
        }

        init(_ ascii: [UInt8]) {
            self.ascii = ascii
            var current = 0
            for byte in ascii {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    current += 1
                    if groups.isEmpty, decimals == nil, byte != UInt8(ascii: "0") { firstGroupIsZero = false }
                case UInt8(ascii: "."):
                    if decimals != nil || current == 0 { malformed = true } else { groups.append(current) }
                    decimals = 0
                    current = 0
                default:
                    if byte == UInt8(ascii: ",") { hasComma = true } else { hasBlank = true }
                    if decimals != nil || current == 0 { malformed = true } else { groups.append(current) }
                    current = 0
                }
            }
            if current == 0 { malformed = true }
            if decimals == nil { groups.append(current) } else { decimals = current }
        }

        /// Whether the run is a number whose separators, of one kind, all separate groups of three.
        var holds: Bool {
            guard !malformed else { return false }
            guard groups.count > 1 else { return true }
            return !(hasComma && hasBlank) && (1...3).contains(groups[0]) && !firstGroupIsZero
                && groups.dropFirst().allSatisfy { $0 == 3 }
        }

        var text: String { String(decoding: ascii, as: UTF8.self) }

        /// The value, exact: in an integer up to 18 digits, in `Decimal` up to its 38.
        func number(negative: Bool) -> StatedNumber? {
            let decimals = self.decimals ?? 0
            if groups.reduce(decimals, +) <= 18 {
                var significand: Int64 = 0
                for d in ascii where d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") { significand = significand * 10 + Int64(d - 0x30) }
                return StatedNumber(significand: negative ? -significand : significand, decimals: decimals)
            }
            let digits = ascii.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard digits.drop(while: { $0 == UInt8(ascii: "0") }).count <= 38,
                  let significand = Decimal(string: String(decoding: digits, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX"))
            else { return nil }
            return StatedNumber(Decimal(sign: negative ? .minus : .plus, exponent: -decimals, significand: significand), decimals: decimals)
        }

        /// What to type instead of a run with commas, and whether a comma stood for the point:
        /// one comma and no point (`4,8`), a last group not of three (`1,234,5`), a zero first
        /// group (`0,5`), a point before a comma (`1.234,56`) make the last comma the point;
        /// otherwise the digits are grouped again (`12,34,567` → `1,234,567`). Blanks beside a
        /// comma or between digits count as commas here.
        var suggestion: (text: String, asDecimal: Bool) {
            // Doubled commas and a trailing comma or point say nothing of what was meant.
            var squeezed = ""
            for c in text.replacingOccurrences(of: " ", with: ",") where !(c == "," && squeezed.last == ",") { squeezed.append(c) }
            while squeezed.hasSuffix(",") || squeezed.hasSuffix(".") { squeezed.removeLast() }
            let shape = Run(Array(squeezed.utf8))
            guard !shape.holds, let lastComma = squeezed.lastIndex(of: ",") else { return (squeezed, false) }
            let point = squeezed.firstIndex(of: ".")
            if point.map({ $0 < lastComma }) ?? (shape.groups.count == 2 || shape.groups.last != 3 || shape.firstGroupIsZero) {
                let whole = squeezed[..<lastComma].filter { $0 != "," && $0 != "." }
                return (whole + "." + squeezed[squeezed.index(after: lastComma)...], true)
            }
            let whole = String(squeezed[..<(point ?? squeezed.endIndex)].filter { $0 != "," })
            var grouped = ""
            for (i, digit) in whole.enumerated() {
                if i > 0, (whole.count - i) % 3 == 0 { grouped.append(",") }
                grouped.append(digit)
            }
            return (grouped + (point.map { String(squeezed[$0...]) } ?? ""), false)
        }
    }
}
