import Foundation

/// The shape of the evaluation model as the file writes it: which keys exist, which are lists
/// and which hold numbers. Framework formulas are checked against it when a framework loads,
/// before any evaluation is at hand.
///
/// The shape is read from the model's own `Decodable` conformance by a probing decoder, so it
/// can never disagree with what the file reader accepts.
public indirect enum ModelShape: Sendable {
    /// A figure a formula can compute with, and what its number means.
    case number(NumberKind)
    case text
    case bool
    case list(ModelShape)
    case object([String: ModelShape])

    /// What a figure's number is when a formula reads it.
    public enum NumberKind: String, Sendable {
        /// Money, read in 元 whatever unit it was stated in.
        case yuan = "元"
        /// A percentage, read in percentage points (`5.6%` is 5.6).
        case percent = "百分点"
        /// A plain number or count.
        case plain = "数"
    }

    /// The shape of the evaluation file.
    public static let evaluation: ModelShape = {
        let probe = ShapeProbe()
        _ = try? Evaluation(from: ProbeDecoder(probe: probe, node: probe.root))
        return probe.root.shape
    }()

    /// The shape at `path`, following `[n]` and `[*]` into lists.
    public func shape(at components: [PathComponent]) -> ModelShape? {
        var current = self
        for component in components {
            switch (component, current) {
            case (.key(let key), .object(let fields)):
                guard let next = fields[key] else { return nil }
                current = next
            case (.index, .list(let element)), (.every, .list(let element)):
                current = element
            default:
                return nil
            }
        }
        return current
    }

    /// The keys valid below an object, for "did you mean" messages.
    public var keys: [String] {
        if case .object(let fields) = self { return fields.keys.sorted() }
        return []
    }
}

/// One step of a field path in a formula: a key, a list index, or every element (`[*]`).
public enum PathComponent: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)
    case every

    public var description: String {
        switch self {
        case .key(let k): k
        case .index(let i): "[\(i)]"
        case .every: "[*]"
        }
    }
}

/// The shape being recorded: a mutable tree filled in as the model decodes itself.
private final class ShapeProbe {
    final class Node {
        var leaf: ModelShape?
        var fields: [(String, Node)] = []
        var element: Node?

        func field(_ key: String) -> Node {
            if let existing = fields.first(where: { $0.0 == key }) { return existing.1 }
            let node = Node()
            fields.append((key, node))
            return node
        }

        var shape: ModelShape {
            if let leaf { return leaf }
            if let element { return .list(element.shape) }
            return .object(Dictionary(fields.map { ($0.0, $0.1.shape) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    let root = Node()
}

/// Leaf types are recorded and answered with a stand-in; every other type decodes itself
/// against the probe, which says every key is present and every list has one element.
private func probeLeaf<T>(_ type: T.Type, into node: ShapeProbe.Node) -> T? {
    func leaf(_ shape: ModelShape, _ value: Any) -> T? {
        node.leaf = shape
        return value as? T
    }
    let zero = StatedNumber(0, decimals: 0)
    switch type {
    case is Amount.Type: return leaf(.number(.yuan), Amount(zero, unit: .yuan))
    case is AmountChange.Type: return leaf(.number(.yuan), AmountChange(Amount(zero, unit: .yuan)))
    case is Percent.Type: return leaf(.number(.percent), Percent(zero))
    case is StatedNumber.Type: return leaf(.number(.plain), zero)
    case is Quantity.Type: return leaf(.number(.plain), Quantity(zero))
    case is Int.Type: return leaf(.number(.plain), 0)
    case is Bool.Type: return leaf(.bool, false)
    case is String.Type: return leaf(.text, "")
    case is CalendarDate.Type: return leaf(.text, CalendarDate(year: 2000, month: 1, day: 1))
    default:
        if let choice = type as? any CaseIterable.Type, let first = firstCase(of: choice) as? T {
            node.leaf = .text
            return first
        }
        return nil
    }
}

private func firstCase<C: CaseIterable>(of type: C.Type) -> Any? { C.allCases.first }

private struct ProbeDecoder: Decoder {
    let probe: ShapeProbe
    let node: ShapeProbe.Node
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(ProbeKeyed<Key>(decoder: self))
    }

    func unkeyedContainer() -> UnkeyedDecodingContainer {
        if node.element == nil { node.element = ShapeProbe.Node() }
        return ProbeUnkeyed(decoder: ProbeDecoder(probe: probe, node: node.element!))
    }

    func singleValueContainer() -> SingleValueDecodingContainer { ProbeSingle(decoder: self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let value = probeLeaf(type, into: node) { return value }
        return try T(from: self)
    }
}

private struct ProbeKeyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProbeDecoder
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try child(key).decode(type)
    }

    private func child(_ key: Key) -> ProbeDecoder {
        ProbeDecoder(probe: decoder.probe, node: decoder.node.field(FieldPath.fileKey(key.stringValue)))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
        -> KeyedDecodingContainer<NestedKey>
    {
        child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedDecodingContainer { child(key).unkeyedContainer() }
    func superDecoder() -> Decoder { decoder }
    func superDecoder(forKey key: Key) -> Decoder { child(key) }
}

private struct ProbeUnkeyed: UnkeyedDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    init(decoder: ProbeDecoder) { self.decoder = decoder }

    mutating func decodeNil() -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        return try decoder.decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        return decoder.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedDecodingContainer {
        currentIndex += 1
        return decoder.unkeyedContainer()
    }

    mutating func superDecoder() -> Decoder {
        currentIndex += 1
        return decoder
    }
}

private struct ProbeSingle: SingleValueDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
    func decode(_ type: String.Type) throws -> String { try decoder.decode(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decode(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decode(type) }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
}
