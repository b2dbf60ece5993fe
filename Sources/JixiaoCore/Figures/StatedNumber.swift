import Foundation

/// 填报数 — a number exactly as stated: its value and the number of decimals it was written with.
///
/// The decimals are its precision. Under the XBRL Calculations 1.1 rule a figure stated with
/// `d` decimals stands for every value within ±0.5·10⁻ᵈ of it, so `5.6` means [5.55, 5.65].
/// Values are `Decimal`, never floating point.
public struct StatedNumber: Hashable, Sendable, CustomStringConvertible {
    public var value: Decimal { didSet { significand = nil } }
    /// Digits written after the decimal point (0 for `285`, 2 for `285.58`).
    public var decimals: Int { didSet { significand = nil } }
    /// The value counted in its last stated place (`285.58` → 28558), when its text gave it in at
    /// most 18 digits; nil for a value made otherwise. Relations between figures that all have one
    /// are judged in integers (`ScaledFigures`): a `Decimal` operation allocates on Linux and
    /// costs up to a microsecond, and a report's checks and scoring make thousands.
    private(set) var significand: Int64?

    public init(_ value: Decimal, decimals: Int) {
        self.value = value
        self.decimals = decimals
        significand = nil
    }

    /// `significand × 10^-decimals`, as a parser read it.
    init(significand: Int64, decimals: Int) {
        // A zero is plain 0: 「-0.00」 is no change, and a negative zero would be NaN in `Decimal`.
        value = significand == 0 ? 0 : Decimal(sign: significand < 0 ? .minus : .plus, exponent: -decimals,
                                                significand: Decimal(significand.magnitude))
        self.decimals = decimals
        self.significand = significand
    }

    // Equal as stated: the significand only restates the value.
    public static func == (a: StatedNumber, b: StatedNumber) -> Bool { a.value == b.value && a.decimals == b.decimals }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(decimals)
    }

    /// Parses a plain number as people write it: half- or full-width digits, optional sign,
    /// thousands separators (`11,486,444.31`) and spaces inside the number.
    public init?(parsing text: String) {
        let normalized = NumberText.normalize(text)
        guard let number = NumberText.prefix(of: normalized), number.length == normalized.utf8.count else { return nil }
        self = number.value
    }

    /// The interval of values this figure stands for.
    public var interval: Interval {
        let half = Decimal(sign: .plus, exponent: -decimals - 1, significand: 5)
        return Interval(lower: value - half, upper: value + half)
    }

    /// The number written back with its stated decimals, e.g. `285.58`.
    public var description: String { DecimalFormat.fixed(value, decimals: decimals, grouping: false) }

    /// The number with thousands separators, e.g. `11,486,444.31`.
    public var grouped: String { DecimalFormat.fixed(value, decimals: decimals, grouping: true) }
}

/// Normalising and matching number text; shared by every parser of stated figures.
enum NumberText {
    /// The number at the start of normalised text, `[+-]?[0-9]+(\\.[0-9]+)?`, and its length in
    /// bytes (all ASCII); nil when the text does not begin with one. Scanned by hand: figures are
    /// read by the thousand when a report is audited.
    static func prefix(of text: String) -> (value: StatedNumber, length: Int)? {
        let bytes = Array(text.utf8)
        var i = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { i = 1 }
        func digits(from start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
            return end
        }
        let integerEnd = digits(from: i)
        guard integerEnd > i else { return nil }
        var end = integerEnd, decimals = 0
        if integerEnd + 1 < bytes.count, bytes[integerEnd] == UInt8(ascii: ".") {
            let fractionEnd = digits(from: integerEnd + 1)
            if fractionEnd > integerEnd + 1 {
                decimals = fractionEnd - integerEnd - 1
                end = fractionEnd
            }
        }
        let mantissa = bytes[i..<integerEnd] + (decimals > 0 ? bytes[(integerEnd + 1)..<end] : [])
        if mantissa.count <= 18 {
            var significand: Int64 = 0
            for b in mantissa { significand = significand * 10 + Int64(b - 0x30) }
            return (StatedNumber(significand: negative ? -significand : significand, decimals: decimals), end)
        }
        guard let long = Decimal(string: String(decoding: bytes[0..<end], as: UTF8.self), locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        return (StatedNumber(long, decimals: decimals), end)
    }

    /// Full-width digits and signs to ASCII; drops thousands separators and spaces.
    static func normalize(_ text: String) -> String {
        // Most figures need nothing done (「285.58万元」): the bytes tell without building a string.
        guard needsNormalizing(text) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: out.append(".")
            case 0xFF0D, 0x2212: out.append("-")
            case 0xFF0B: out.append("+")
            case 0x2C, 0xFF0C, 0x20, 0x3000, 0xA0, 0x09: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `normalize` would change `text`: a separator or space, or a full-width digit,
    /// sign or point (UTF-8 EF BC xx, E2 88 92 for 「−」, E3 80 80 for the ideographic space, C2 A0).
    private static func needsNormalizing(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        while let byte = utf8.next() {
            switch byte {
            case 0x2C, 0x20, 0x09: return true
            case 0xBC where previous == 0xEF, 0x80 where previous == 0x80 && beforePrevious == 0xE3,
                 0x92 where previous == 0x88 && beforePrevious == 0xE2, 0xA0 where previous == 0xC2:
                return true
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }
}

/// Writing `Decimal` values for people: fixed decimals, optional thousands separators.
public enum DecimalFormat {
    /// `value` rounded half away from zero to `decimals` places.
    public static func rounded(_ value: Decimal, decimals: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, decimals, .plain)
        return result
    }

    /// The largest whole number not above `value`.
    public static func floor(_ value: Decimal) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, 0, .down)
        return result
    }

    public static func fixed(_ value: Decimal, decimals: Int, grouping: Bool) -> String {
        String(decoding: fixedBytes(value, decimals: decimals, grouping: grouping), as: UTF8.self)
    }

    /// `value` with at most `decimals` places and no thousands separators, trailing zeros of the
    /// fraction dropped: `402.2`, `4`. Trimmed as bytes: `String.removeLast()` breaks graphemes.
    public static func trimmed(_ value: Decimal, decimals: Int) -> String {
        var bytes = fixedBytes(value, decimals: decimals, grouping: false)
        if bytes.contains(UInt8(ascii: ".")) {
            while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func fixedBytes(_ value: Decimal, decimals: Int, grouping: Bool) -> [UInt8] {
        let places = max(decimals, 0)
        // A value with no more places than asked needs no rounding (`NSDecimalRound` is costly).
        let rounded = value.exponent >= -places ? value : rounded(value, decimals: places)
        if rounded.isNaN { return Array("NaN".utf8) }
        let digits = significandDigits(rounded) ?? Array("\(rounded.magnitude.significand)".utf8)
        // `rounded` is digits × 10^exponent: the integer part is the digits before the last
        // `-exponent` (zeros appended when the exponent is positive), the fraction the rest.
        let fractionDigits = max(-rounded.exponent, 0)
        let integerCount = max(digits.count - fractionDigits, 0) + max(rounded.exponent, 0)
        var out: [UInt8] = []
        out.reserveCapacity(integerCount * 4 / 3 + places + 4)
        if rounded.sign == .minus, !rounded.isZero { out.append(UInt8(ascii: "-")) }
        if integerCount == 0 { out.append(UInt8(ascii: "0")) }
        for i in 0..<integerCount {
            if grouping, i > 0, (integerCount - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(i < digits.count ? digits[i] : UInt8(ascii: "0"))
        }
        guard places > 0 else { return out }
        out.append(UInt8(ascii: "."))
        // Leading zeros of a fraction longer than the digits, then the digits' own fraction part,
        // then zeros up to `places` (rounded to `places`, any place beyond them is a zero).
        let leadingZeros = max(fractionDigits - digits.count, 0)
        var written = 0
        for _ in 0..<min(leadingZeros, places) { out.append(UInt8(ascii: "0")); written += 1 }
        for digit in digits.suffix(fractionDigits - leadingZeros) where written < places {
            out.append(digit)
            written += 1
        }
        while written < places { out.append(UInt8(ascii: "0")); written += 1 }
        return out
    }

    /// The digits of `value`'s significand when it has at most 18: `Decimal`'s own `description`
    /// takes some two microseconds a number on Linux, and reports and score sheets write thousands.
    /// (`significand` is never negative.)
    private static func significandDigits(_ value: Decimal) -> [UInt8]? {
        let significand = value.significand
        guard significand < limit else { return nil }
        return Array(String(NSDecimalNumber(decimal: significand).uint64Value).utf8)
    }

    private static let limit = Decimal(string: "1000000000000000000")!
}
