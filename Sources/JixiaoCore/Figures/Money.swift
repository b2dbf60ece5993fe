import Foundation

/// 金额单位 — the unit a money figure is stated in.
public enum MoneyUnit: String, CaseIterable, Codable, Sendable {
    case yuan = "元"
    case tenThousandYuan = "万元"
    case hundredMillionYuan = "亿元"

    /// How many 元 one of this unit is.
    public var yuanFactor: Decimal { Decimal(sign: .plus, exponent: yuanExponent, significand: 1) }

    /// The power of ten `yuanFactor` is: values are moved between units by their exponent, where
    /// a multiplication or division of decimals would cost many digit operations.
    var yuanExponent: Int {
        switch self {
        case .yuan: 0
        case .tenThousandYuan: 4
        case .hundredMillionYuan: 8
        }
    }

    /// `value × 10^places`, by moving the exponent.
    static func shifted(_ value: Decimal, by places: Int) -> Decimal {
        value.isZero ? value : Decimal(sign: value.sign, exponent: value.exponent + places, significand: value.significand.magnitude)
    }

    static let validList = allCases.map(\.rawValue).joined(separator: "、")
}

/// 金额 — a money figure as stated: the number with its decimals, and its unit.
///
/// `285.58万元` and `11,486,444.31 元` keep their unit and precision; comparisons between
/// figures go through `intervalInYuan`, so figures in different units meet exactly.
public struct Amount: Hashable, Sendable, CustomStringConvertible {
    public var number: StatedNumber
    public var unit: MoneyUnit

    public init(_ number: StatedNumber, unit: MoneyUnit) {
        self.number = number
        self.unit = unit
    }

    public init(_ value: Decimal, decimals: Int, unit: MoneyUnit) {
        self.init(StatedNumber(value, decimals: decimals), unit: unit)
    }

    /// The exact value in 元.
    public var yuan: Decimal { unit == .yuan ? number.value : MoneyUnit.shifted(number.value, by: unit.yuanExponent) }

    /// In fen (分), when the stated value is a whole number of fen.
    public var fen: Int64? {
        let f = yuan * 100
        return DecimalFormat.rounded(f, decimals: 0) == f ? NSDecimalNumber(decimal: f).int64Value : nil
    }

    /// The values in 元 this stated figure stands for.
    public var intervalInYuan: Interval {
        guard unit != .yuan else { return number.interval }
        let value = yuan
        let half = Decimal(sign: .plus, exponent: halfWidthExponent, significand: 5)
        return Interval(lower: value - half, upper: value + half)
    }

    /// The interval's half-width in 元 is 5 × 10 to this power: `285.58万元` stands for ±50 元.
    var halfWidthExponent: Int { unit.yuanExponent - number.decimals - 1 }

    /// True when every value the figure stands for is above zero: the figure is positive and has
    /// no digit beyond its stated places, so it is at least one unit of the last place.
    var standsAboveZero: Bool {
        number.value > 0 && number.value.exponent >= -number.decimals
    }

    /// Written as stated: `285.58万元`, `11,486,444.31元`.
    public var description: String { (unit == .yuan ? number.grouped : number.description) + unit.rawValue }

    /// Reads `285.58万元`, `11,486,444.31 元`, `-2.04 万元`, `１．２０万元` (see `TypedNumber`).
    public static func parse(_ text: String) throws(FigureError) -> Amount {
        let reading = try TypedNumber.read(text)
        guard let number = reading.number else { throw .notANumber(reading.text) }
        if reading.unit.isEmpty { throw .missingUnit(reading.text) }
        guard let unit = MoneyUnit(rawValue: reading.unit) else { throw .unknownUnit(reading.text, unit: reading.unit) }
        return Amount(number, unit: unit)
    }

    /// Reads an amount that may not be below zero: every amount but a change (增减额).
    public static func parseNotNegative(_ text: String) throws(FigureError) -> Amount {
        let amount = try parse(text)
        // By its sign: a comparison of decimals costs more than reading the amount did.
        if amount.number.value.sign == .minus, !amount.number.value.isZero { throw .negative(TypedNumber.trimmed(text)) }
        return amount
    }

    /// Formats a value in 元 in this figure's unit and precision, for "expected" messages.
    public func formatted(yuan value: Decimal) -> String {
        let inUnit = unit == .yuan ? value : MoneyUnit.shifted(value, by: -unit.yuanExponent)
        let text = DecimalFormat.fixed(inUnit, decimals: number.decimals, grouping: unit == .yuan)
        return text + unit.rawValue
    }
}

/// 百分比 — a stated percentage, e.g. 「增长 5.6%」 is `5.6` with one decimal.
public struct Percent: Hashable, Sendable, CustomStringConvertible {
    public var number: StatedNumber

    public init(_ number: StatedNumber) { self.number = number }
    public init(_ value: Decimal, decimals: Int) { self.init(StatedNumber(value, decimals: decimals)) }

    public var description: String { number.description + "%" }

    /// Reads `5.6%`, `５．６％`, `22.92 %` (see `TypedNumber`).
    public static func parse(_ text: String) throws(FigureError) -> Percent {
        let reading = try TypedNumber.read(text)
        guard let number = reading.number, reading.unit == "%" else { throw .notAPercent(reading.text) }
        return Percent(number)
    }
}

/// 数量 — a measured quantity with a free unit: `95%`, `30家`, `5 场（次）`, `11`.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    public var number: StatedNumber
    /// The unit as written (`%`, `家`, `人`, `场（次）`), or empty.
    public var unit: String

    public init(_ number: StatedNumber, unit: String = "") {
        self.number = number
        self.unit = unit
    }

    public var description: String { number.description + unit }

    /// Reads `95%`, `30家`, `5 场（次）`, `11` (see `TypedNumber`).
    public static func parse(_ text: String) throws(FigureError) -> Quantity {
        let reading = try TypedNumber.read(text)
        guard let number = reading.number else { throw .notANumber(reading.text) }
        return Quantity(number, unit: reading.unit)
    }
}

/// Why a figure's text could not be read; messages are for end users and quote the text typed.
public enum FigureError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingUnit(String)
    case unknownUnit(String, unit: String)
    case notANumber(String)
    case notAPercent(String)
    case notAnInteger(String)
    case negative(String)
    case negativeCount(String)
    /// A comma that stood for the decimal point: `4,8%`, `1.234,56`.
    case decimalComma(String, suggestion: String)
    /// Commas that do not separate groups of three: `12,34,567`.
    case misgroupedComma(String, suggestion: String)
    /// Blanks between digits that do not separate groups of three: `4 8`.
    case spaceInNumber(String, suggestion: String)
    /// 「。」 for the point: `4。8%`.
    case ideographicPoint(String, suggestion: String)

    public var description: String {
        switch self {
        case .missingUnit(let t):
            "金额\(Self.quoted(t))缺少单位：应写成如 285.58万元 或 11,486,444.31元（单位：\(MoneyUnit.validList)）；在 { } 或 [ ] 中书写带千分位逗号的金额须加引号，如 \"4,538,890.45元\""
        case .unknownUnit(let t, let unit):
            "金额\(Self.quoted(t))的单位「\(unit)」无法识别：有效单位为 \(MoneyUnit.validList)"
        case .notANumber(let t): "\(Self.quoted(t))不是数字：应为如 285.58 的数值"
        case .notAPercent(let t): "\(Self.quoted(t))不是百分数：应写成如 5.6%"
        case .notAnInteger(let t): "\(Self.quoted(t))不是整数：应为不小于 0 的整数，如 26"
        case .negative(let t): "金额\(Self.quoted(t))不能为负数（比上年减少请在“比上年增减”中写负数）"
        case .negativeCount(let t): "\(Self.quoted(t))不能为负数：应为不小于 0 的整数，如 26"
        case .decimalComma(let t, let suggestion): "\(Self.quoted(t))中的逗号不是千位分隔符；小数请用小数点，如 \(suggestion)"
        case .misgroupedComma(let t, let suggestion):
            "\(Self.quoted(t))中的逗号不是千位分隔符：千位分隔符应从个位起每三位一个，如 \(suggestion)"
        case .spaceInNumber(let t, let suggestion):
            "\(Self.quoted(t))中数字之间的空格不是千位分隔符：请删去空格，如 \(suggestion)；小数请用小数点"
        case .ideographicPoint(let t, let suggestion): "\(Self.quoted(t))中的句号不是小数点：小数请用小数点，如 \(suggestion)"
        }
    }

    /// `“4,8%” `; 「空白」 for nothing typed.
    private static func quoted(_ text: String) -> String { text.isEmpty ? "空白" : "“\(text)” " }
}
