import Foundation

// Stated figures are read from their text, never through a floating-point number, so that the
// decimals as written survive. Evaluation files hold them as strings (`285.58万元`, `5.6%`);
// a plain number is kept as the text it was written with by the evaluation-file decoder.

extension DecodingError {
    /// A located, user-facing complaint about the value at the decoder's current path.
    static func invalidFigure(_ decoder: Decoder, _ error: FigureError) -> DecodingError {
        .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
    }
}

extension StatedNumber: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try StatedNumber.parse(text) } catch { throw DecodingError.invalidFigure(decoder, error) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}

extension Amount: Codable {
    private enum Keys: String, CodingKey { case value, unit }

    /// Reads `285.58万元`, or `{value: 285.58, unit: 万元}`. Amounts are never negative.
    public init(from decoder: Decoder) throws { self = try Self.decode(from: decoder, by: Amount.parseNotNegative) }

    static func decode(from decoder: Decoder, by parse: (String) throws(FigureError) -> Amount) throws -> Amount {
        let text: String
        if let keyed = try? decoder.container(keyedBy: Keys.self) {
            text = try keyed.decode(String.self, forKey: .value) + keyed.decode(String.self, forKey: .unit)
        } else {
            text = try decoder.singleValueContainer().decode(String.self)
        }
        do { return try parse(text) } catch { throw DecodingError.invalidFigure(decoder, error) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// 增减额 — a stated year-on-year change: positive for 「增加」, negative for 「减少」.
public struct AmountChange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var amount: Amount

    public init(_ amount: Amount) { self.amount = amount }

    public init(from decoder: Decoder) throws { amount = try Amount.decode(from: decoder, by: Amount.parse) }

    public func encode(to encoder: Encoder) throws { try amount.encode(to: encoder) }

    public var description: String { amount.description }
}

/// A figure kept in files as the text it is written with (`5.6%`, `95%`, `30家`).
protocol TextFigure: Codable, CustomStringConvertible {
    static func parse(_ text: String) throws(FigureError) -> Self
}

extension TextFigure {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Self.parse(text) } catch { throw DecodingError.invalidFigure(decoder, error) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Percent: TextFigure {}
extension Quantity: TextFigure {}
