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

    /// Reads a plain number as a clerk types it (see `TypedNumber`): `86.5`, `１２`, `1,234`.
    public static func parse(_ text: String) throws(FigureError) -> StatedNumber {
        let reading = try TypedNumber.read(text)
        guard let number = reading.number, reading.unit.isEmpty else { throw .notANumber(reading.text) }
        return number
    }

    /// `parse`, or nil for text that is not a plain number.
    public init?(parsing text: String) {
        guard let number = try? Self.parse(text) else { return nil }
        self = number
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
