import JixiaoCore

/// Encodes the core model into a `SourceNode` tree, keys in snake_case and in declaration
/// order, so that YAML and JSON are written from the same tree. Stated numbers are written as
/// plain numbers with their stated decimals; every other figure as its stated text.
enum TreeEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> SourceNode {
        let root = OutputNode()
        try root.store(value)
        return root.materialize()
    }
}

/// A node being built; containers append children to it by reference.
private final class OutputNode {
    enum Value {
        case empty
        case scalar(String, SourceNode.ScalarKind)
        case null
        case mapping([(String, OutputNode)])
        case sequence([OutputNode])
    }

    var value: Value = .empty

    func store<T: Encodable>(_ item: T) throws {
        if let number = item as? StatedNumber {
            value = .scalar(number.description, .number)
        } else {
            try item.encode(to: NodeEncoder(node: self, codingPath: []))
        }
    }

    func appendEntry(_ key: String) -> OutputNode {
        let child = OutputNode()
        if case .mapping(var entries) = value {
            entries.append((key, child))
            value = .mapping(entries)
        } else {
            value = .mapping([(key, child)])
        }
        return child
    }

    func appendItem() -> OutputNode {
        let child = OutputNode()
        if case .sequence(var items) = value {
            items.append(child)
            value = .sequence(items)
        } else {
            value = .sequence([child])
        }
        return child
    }

    func materialize() -> SourceNode {
        switch value {
        case .empty, .null: SourceNode(.null)
        case .scalar(let text, let kind): SourceNode(.scalar(text, kind))
        case .mapping(let entries):
            SourceNode(.mapping(entries.map { SourceNode.Entry(key: $0.0, keyLocation: nil, value: $0.1.materialize()) }))
        case .sequence(let items): SourceNode(.sequence(items.map { $0.materialize() }))
        }
    }
}

private struct NodeEncoder: Encoder {
    let node: OutputNode
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .mapping = node.value {} else { node.value = .mapping([]) }
        return KeyedEncodingContainer(KeyedOutput<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .sequence = node.value {} else { node.value = .sequence([]) }
        return UnkeyedOutput(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleOutput(node: node, codingPath: codingPath) }
}

private struct KeyedOutput<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: OutputNode
    let codingPath: [CodingKey]

    private func child(_ key: Key) -> OutputNode { node.appendEntry(KeyNames.fileKey(key.stringValue)) }

    mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try child(key).store(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { NodeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { NodeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedOutput: UnkeyedEncodingContainer {
    let node: OutputNode
    let codingPath: [CodingKey]
    var count: Int {
        if case .sequence(let items) = node.value { return items.count }
        return 0
    }

    mutating func encodeNil() throws { node.appendItem().value = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.appendItem().store(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: node.appendItem(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        NodeEncoder(node: node.appendItem(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { NodeEncoder(node: node.appendItem(), codingPath: codingPath) }
}

private struct SingleOutput: SingleValueEncodingContainer {
    let node: OutputNode
    let codingPath: [CodingKey]

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .scalar(value ? "true" : "false", .bool) }
    mutating func encode(_ value: String) throws { node.value = .scalar(value, .text) }
    mutating func encode(_ value: Double) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: Float) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: Int) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: Int8) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: Int16) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: Int32) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: Int64) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: UInt) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: UInt8) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: UInt16) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: UInt32) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode(_ value: UInt64) throws { node.value = .scalar("\(value)", .number) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.store(value) }
}
