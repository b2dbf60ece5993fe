import Foundation

extension Evaluation {
    /// Every text value of the file with its field path, in declaration order: the model's own
    /// `Encodable` code walks it (no reflection, which cost a quarter of a check). A text is a
    /// `String` property or list element; figures, dates and enumerations, which encode themselves
    /// as one value, are not texts.
    public var textFields: [TextField] {
        let sink = TextFieldSink()
        try? encode(to: TextFieldEncoder(sink: sink, place: nil))
        return sink.fields
    }
}

/// 文本字段 — one text value of an evaluation, with the field it stands in.
public struct TextField: Sendable {
    public let text: String
    let place: TextFieldPlace?

    /// The field's path, made when asked: the checks that read every text need it only for what
    /// they find.
    public var path: FieldPath {
        var steps: [TextFieldPlace] = []
        var current = place
        while let step = current {
            steps.append(step)
            current = step.parent
        }
        return steps.reversed().reduce(FieldPath.root) { path, step in
            step.propertyName.map { path / FieldPath.fileKey($0) } ?? path[step.index]
        }
    }
}

/// One step of a text field's path, linked to the steps above it.
final class TextFieldPlace: Sendable {
    /// The model's property name; nil for a list's element, at `index`.
    let propertyName: String?
    let index: Int
    let parent: TextFieldPlace?

    init(propertyName: String?, index: Int, parent: TextFieldPlace?) {
        self.propertyName = propertyName
        self.index = index
        self.parent = parent
    }
}

/// What a value of type `T` is to the walk. A figure or a date is one scalar in the file, never a
/// text: the walk passes over it without having it format itself (an amount's `description`
/// formats a `Decimal`). Told by the type's identity, which costs a comparison where a cast
/// or a conformance test looks the type up at run time.
private enum WalkedValue {
    /// `optionalText`: a `String?` that a type encodes as a value, not with `encodeIfPresent`.
    case text, optionalText, figure, other

    static let figureTypes: [ObjectIdentifier] = [StatedNumber.self, Amount.self, AmountChange.self, Percent.self, Quantity.self,
                                                  CalendarDate.self].map { ObjectIdentifier($0) }

    static func of<T>(_ type: T.Type) -> WalkedValue {
        if T.self == String.self { return .text }
        if T.self == String?.self { return .optionalText }
        return figureTypes.contains(ObjectIdentifier(T.self)) ? .figure : .other
    }
}

private final class TextFieldSink {
    var fields: [TextField] = []
}

private struct TextFieldEncoder: Encoder {
    let sink: TextFieldSink
    let place: TextFieldPlace?
    // Nothing the model encodes asks for it: not built, for a walk that runs on every save.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func child(_ key: any CodingKey) -> TextFieldEncoder {
        TextFieldEncoder(sink: sink, place: TextFieldPlace(propertyName: key.stringValue, index: 0, parent: place))
    }

    func element(_ index: Int) -> TextFieldEncoder {
        TextFieldEncoder(sink: sink, place: TextFieldPlace(propertyName: nil, index: index, parent: place))
    }

    func add(_ text: String) { sink.fields.append(TextField(text: text, place: place)) }

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

        mutating func encode(_ value: String, forKey key: Key) throws { encoder.child(key).add(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            switch WalkedValue.of(T.self) {
            case .text: try encode(value as! String, forKey: key)
            case .optionalText: if let text = value as! String? { try encode(text, forKey: key) }
            case .figure: break
            case .other: try value.encode(to: encoder.child(key))
            }
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

        mutating func encode(_ value: String) throws { next().add(value) }
        // A list's elements come here whatever their type (`[String]` encodes generically).
        mutating func encode<T: Encodable>(_ value: T) throws {
            switch WalkedValue.of(T.self) {
            case .text: try encode(value as! String)
            case .optionalText: if let text = value as! String? { try encode(text) } else { count += 1 }
            case .figure: count += 1
            case .other: try value.encode(to: next())
            }
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
