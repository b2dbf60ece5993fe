import Foundation

extension Evaluation {
    /// Every text value of the file with its field path, in declaration order: the model's own
    /// `Encodable` code walks it (no reflection, which cost a quarter of a check). A text is a
    /// `String` property or list element; figures, dates and enumerations, which encode themselves
    /// as one value, are not texts.
    public var textFields: [(path: FieldPath, text: String)] {
        let sink = TextFieldSink()
        try? encode(to: TextFieldEncoder(sink: sink, path: .root))
        return sink.fields
    }
}

/// A figure or a date: one scalar in the file, never a text. The walk passes over it without
/// having it format itself (an amount's `description` formats a `Decimal`).
private protocol ScalarFigure {}
extension StatedNumber: ScalarFigure {}
extension Amount: ScalarFigure {}
extension AmountChange: ScalarFigure {}
extension Percent: ScalarFigure {}
extension Quantity: ScalarFigure {}
extension CalendarDate: ScalarFigure {}

private final class TextFieldSink {
    var fields: [(path: FieldPath, text: String)] = []
}

private struct TextFieldEncoder: Encoder {
    let sink: TextFieldSink
    let path: FieldPath
    // Nothing the model encodes asks for it: not built, for a walk that runs on every save.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func child(_ key: any CodingKey) -> TextFieldEncoder {
        TextFieldEncoder(sink: sink, path: path / FieldPath.fileKey(key.stringValue))
    }

    func element(_ index: Int) -> TextFieldEncoder {
        TextFieldEncoder(sink: sink, path: path[index])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(encoder: self) }

    /// A value that encodes itself as one value (a figure, a date, an enumeration) is no text; a
    /// plain `String` never gets here (the containers take it first).
    func singleValueContainer() -> any SingleValueEncodingContainer { Single() }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: TextFieldEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encode(_ value: String, forKey key: Key) throws { encoder.sink.fields.append((encoder.child(key).path, value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if let text = value as? String { try encode(text, forKey: key) } else if !(value is ScalarFigure) { try value.encode(to: encoder.child(key)) }
        }
        mutating func encodeNil(forKey key: Key) throws {}
        mutating func encode(_ value: Bool, forKey key: Key) throws {}
        mutating func encode(_ value: Int, forKey key: Key) throws {}
        mutating func encode(_ value: Double, forKey key: Key) throws {}
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            encoder.child(key).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { encoder.child(key).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder.child(key) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: TextFieldEncoder
        var count = 0
        var codingPath: [any CodingKey] { encoder.codingPath }

        init(encoder: TextFieldEncoder) { self.encoder = encoder }

        mutating func next() -> TextFieldEncoder {
            defer { count += 1 }
            return encoder.element(count)
        }

        mutating func encode(_ value: String) throws { encoder.sink.fields.append((next().path, value)) }
        // A list's elements come here whatever their type (`[String]` encodes generically).
        mutating func encode<T: Encodable>(_ value: T) throws {
            if let text = value as? String { try encode(text) } else if value is ScalarFigure { count += 1 } else { try value.encode(to: next()) }
        }
        mutating func encodeNil() throws { count += 1 }
        mutating func encode(_ value: Bool) throws { count += 1 }
        mutating func encode(_ value: Int) throws { count += 1 }
        mutating func encode(_ value: Double) throws { count += 1 }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            next().container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { next() }
    }

    private struct Single: SingleValueEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() throws {}
        mutating func encode(_ value: String) throws {}
        mutating func encode(_ value: Bool) throws {}
        mutating func encode(_ value: Int) throws {}
        mutating func encode(_ value: Double) throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
    }
}
