import JixiaoCore

/// Decodes the core model from a `SourceNode` tree.
///
/// File keys are the model's property names in snake_case. Scalars are handed to the model as
/// the text they were written with, so stated figures keep their decimals. Unknown keys are
/// found after decoding: every mapping a type opened records the keys it asked for and the
/// entries they matched, and any key of the file that no type asked for is an error that names
/// the nearest valid key.
final class TreeDecoder {
    /// One mapping as a type decoded it. Recorded without hashing: a correct file (every entry
    /// matched) costs one array append per mapping and one per key asked.
    fileprivate final class MappingVisit {
        /// Where the mapping is: its field path is made only when a key is unknown.
        let place: CodingPathLink?
        /// The property names asked for, in the order asked (absent optional ones included).
        var asked: [String] = []
        var matched: [Bool]
        /// Where the next key asked is looked for first: types ask for their keys in the order
        /// files write them, so a look-up usually compares one key.
        var cursor = 0

        init(place: CodingPathLink?, count: Int) {
            self.place = place
            matched = Array(repeating: false, count: count)
        }
    }

    private var visits: [MappingVisit] = []

    static func decode<T: Decodable>(_ type: T.Type, from root: SourceNode) throws -> T {
        let session = TreeDecoder()
        let value: T
        do {
            value = try T(from: NodeDecoder(node: root, session: session, key: nil))
        } catch let error as SourceError {
            throw error
        } catch let error as DecodingError {
            throw SourceError(decoding: error)
        }
        try session.rejectUnknownKeys(in: root)
        return value
    }

    fileprivate func visit(_ place: CodingPathLink?, entries: Int) -> MappingVisit {
        let visit = MappingVisit(place: place, count: entries)
        visits.append(visit)
        return visit
    }

    /// Throws for the first key, in the file's order, that no type asked for at its place. A
    /// mapping may be opened more than once (by a type reading one field to choose how to read
    /// the rest): its valid keys are those of every visit.
    private func rejectUnknownKeys(in root: SourceNode) throws(SourceError) {
        guard visits.contains(where: { $0.matched.contains(false) }) else { return }
        var askedKeys: [FieldPath: Set<String>] = [:]
        for visit in visits { askedKeys[CodingPathLink.path(of: visit.place), default: []].formUnion(visit.asked.map(KeyNames.fileKey)) }
        try rejectUnknownKeys(in: root, at: .root, askedKeys)
    }

    private func rejectUnknownKeys(in node: SourceNode, at path: FieldPath, _ askedKeys: [FieldPath: Set<String>]) throws(SourceError) {
        switch node.content {
        case .mapping(let entries):
            let valid = askedKeys[path]
            for entry in entries {
                if let valid, !valid.contains(entry.key) {
                    let hint = KeyNames.nearest(to: entry.key, in: valid).map { "，是否应为「\($0)」？" } ?? ""
                    let list = valid.sorted().joined(separator: "、")
                    throw SourceError(
                        location: entry.keyLocation, path: path / entry.key,
                        message: "未知字段「\(entry.key)」\(hint)（此处可用的字段：\(list)）")
                }
                try rejectUnknownKeys(in: entry.value, at: path / entry.key, askedKeys)
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() { try rejectUnknownKeys(in: item, at: path[i], askedKeys) }
        case .scalar, .null:
            break
        }
    }
}

/// Conversions between the model's coding keys and the file's keys.
enum KeyNames {
    /// `byFunction` → `by_function`.
    static func fileKey(_ name: String) -> String { FieldPath.fileKey(name) }

    /// `by_function` → `byFunction`.
    static func codingKey(_ fileKey: String) -> String { FieldPath.propertyName(fileKey) }

    /// The closest of `candidates` to a mistyped `key`, if any is close.
    static func nearest(to key: String, in candidates: Set<String>) -> String? {
        let scored = candidates.map { ($0, KeyDistance.between(key, $0)) }.filter { $0.1 <= max(2, key.count / 3) }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// Whether `fileKey` is `codingKey` in snake_case (`by_function`, `byFunction`), compared byte
    /// by byte: this runs for every key asked of every mapping, and converting allocates.
    static func matches(fileKey: String, codingKey: String) -> Bool {
        var file = fileKey.utf8.makeIterator()
        for byte in codingKey.utf8 {
            if byte >= 0x41 && byte <= 0x5A {
                guard file.next() == UInt8(ascii: "_"), file.next() == byte + 0x20 else { return false }
            } else if file.next() != byte {
                return false
            }
        }
        return file.next() == nil
    }
}

extension SourceError {
    /// A `DecodingError` thrown by a model type's own validation, located by its coding path.
    init(decoding error: DecodingError) {
        func path(_ keys: [CodingKey]) -> FieldPath {
            keys.reduce(FieldPath.root) { p, key in key.intValue.map { p[$0] } ?? p / KeyNames.fileKey(key.stringValue) }
        }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            self.init(location: nil, path: path(context.codingPath), message: context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(location: nil, path: path(context.codingPath),
                      message: "缺少必填字段「\(KeyNames.fileKey(key.stringValue))」")
        @unknown default:
            self.init(location: nil, message: "\(error)")
        }
    }
}

private struct NodeDecoder: Decoder {
    let node: SourceNode
    let session: TreeDecoder
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The key this decoder was reached by, below its parent's: a child links to its parent's
    /// keys instead of copying them, and the coding path and field path are made only when asked
    /// (by an error).
    let key: CodingPathLink?
    var path: FieldPath { CodingPathLink.path(of: key) }
    var codingPath: [CodingKey] {
        var keys: [CodingKey] = []
        var link = key
        while let current = link {
            keys.append(current.key)
            link = current.parent
        }
        return keys.reversed()
    }

    func mismatch(_ expected: String) -> SourceError {
        SourceError(location: node.location, path: path, message: "应为\(expected)，实际为\(node.kindName)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let entries) = node.content else { throw mismatch("键值映射（字段: 值）") }
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, entries: entries,
                                                              visit: session.visit(key, entries: entries.count)))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .sequence(let items) = node.content else { throw mismatch("列表") }
        return UnkeyedNodeContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleNodeContainer(decoder: self) }

    /// The decoder of a mapping's entry (`fileKey`, as the file writes it) or a list's item.
    func child(_ node: SourceNode, key: CodingKey, fileKey: String?) -> NodeDecoder {
        NodeDecoder(node: node, session: session, key: CodingPathLink(key: key, fileKey: fileKey, parent: self.key))
    }

    /// Decodes a value of this node, turning a model type's complaint into a located error.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try T(from: self)
        } catch let error as DecodingError {
            // A word outside a fixed list (whose types decode exactly their listed words): the list, each
            // choice quoted, since some (一、, 1、) end in the mark that would otherwise separate them.
            if let choices = T.self as? FixedChoice.Type, case .scalar(let text, _) = node.content,
               !choices.choices.contains(text) {
                throw SourceError(location: node.location, path: path,
                                  message: "「\(text)」无效：应为\(choices.choices.map { "「\($0)」" }.joined())之一")
            }
            var located = SourceError(decoding: error)
            if located.path == path || located.location == nil && located.path.map({ $0 == path }) ?? true {
                located.location = node.location
                located.path = path
            }
            throw located
        }
    }
}

/// One key of a decoder's coding path, with the keys above it.
private final class CodingPathLink {
    let key: CodingKey
    /// The mapping key as the file writes it; nil for a list's item, whose index is `key`'s.
    let fileKey: String?
    let parent: CodingPathLink?

    init(key: CodingKey, fileKey: String?, parent: CodingPathLink?) {
        self.key = key
        self.fileKey = fileKey
        self.parent = parent
    }

    /// The field path of the place `link` ends at (`nil`: the root).
    static func path(of link: CodingPathLink?) -> FieldPath {
        var links: [CodingPathLink] = []
        var current = link
        while let each = current {
            links.append(each)
            current = each.parent
        }
        return links.reversed().reduce(FieldPath.root) { path, link in
            link.fileKey.map { path / $0 } ?? path[link.key.intValue ?? 0]
        }
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let entries: [SourceNode.Entry]
    fileprivate let visit: TreeDecoder.MappingVisit
    var codingPath: [CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.compactMap { Key(stringValue: KeyNames.codingKey($0.key)) } }

    private func entry(_ key: Key) -> SourceNode.Entry? {
        let name = key.stringValue
        visit.asked.append(name)
        // From the cursor round to it again. A mapping's keys are unique (the readers refuse a
        // repeated key), so where the search starts does not change what it finds.
        var index = visit.cursor
        for _ in 0..<entries.count {
            if KeyNames.matches(fileKey: entries[index].key, codingKey: name) {
                visit.matched[index] = true
                visit.cursor = index + 1 == entries.count ? 0 : index + 1
                return entries[index]
            }
            index = index + 1 == entries.count ? 0 : index + 1
        }
        return nil
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let entry = entry(key) else { return true }
        if case .null = entry.value.content { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let entry = entry(key) else {
            let name = KeyNames.fileKey(key.stringValue)
            let present = Set(entries.map(\.key))
            let hint = KeyNames.nearest(to: name, in: present).map { "（是否把「\($0)」写错了？）" } ?? ""
            throw SourceError(location: decoder.node.location, path: decoder.path / name,
                              message: "缺少必填字段「\(name)」\(hint)")
        }
        // The entry's key is the file key the coding key stands for.
        if case .null = entry.value.content {
            throw SourceError(location: entry.value.location ?? entry.keyLocation, path: decoder.path / entry.key,
                              message: "必填字段「\(entry.key)」不能为空")
        }
        return try decoder.child(entry.value, key: key, fileKey: entry.key).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try childDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try childDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> Decoder { try childDecoder(key) }

    private func childDecoder(_ key: Key) throws -> NodeDecoder {
        guard let entry = entry(key) else {
            let name = KeyNames.fileKey(key.stringValue)
            throw SourceError(location: decoder.node.location, path: decoder.path / name, message: "缺少必填字段「\(name)」")
        }
        return decoder.child(entry.value, key: key, fileKey: entry.key)
    }
}

private struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [SourceNode]
    var currentIndex = 0
    var codingPath: [CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(decoder: NodeDecoder, items: [SourceNode]) {
        self.decoder = decoder
        self.items = items
    }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw SourceError(location: decoder.node.location, path: decoder.path, message: "列表的项数不足")
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: IndexKey(currentIndex), fileKey: nil)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex].content else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let child = try next()
        if case .null = child.node.content {
            throw SourceError(location: child.node.location, path: child.path, message: "列表项不能为空")
        }
        return try child.decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> Decoder { try next() }
}

/// Primitive values from scalar text. Integers in evaluation files are counts, years and
/// numbers of things, so a negative integer is refused here with a located message.
private struct SingleNodeContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.node.content { return true }
        return false
    }

    private func text(_ expected: String) throws -> String {
        guard case .scalar(let text, _) = decoder.node.content else { throw decoder.mismatch(expected) }
        return text
    }

    private func fail(_ message: String) -> SourceError {
        SourceError(location: decoder.node.location, path: decoder.path, message: message)
    }

    func decode(_ type: String.Type) throws -> String { try text("文本") }

    func decode(_ type: Bool.Type) throws -> Bool {
        let value = try text("是/否（true 或 false）")
        switch value.lowercased() {
        case "true", "yes", "是": return true
        case "false", "no", "否": return false
        default: throw fail("「\(value)」不是是/否值：应为 true 或 false")
        }
    }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let value = try text("整数")
        // ASCII digits alone need no reader: most integers of a file are written so.
        if !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = I(value) { return number }
        do throws(FigureError) {
            guard let number = I(exactly: try TypedNumber.count(value)) else { throw FigureError.notAnInteger(value) }
            return number
        } catch { throw fail(error.description) }
    }

    private func floating<F: LosslessStringConvertible>(_ type: F.Type) throws -> F {
        let value = try text("数字")
        guard let number = F(value) else { throw fail("「\(value)」不是数字") }
        return number
    }

    func decode(_ type: Double.Type) throws -> Double { try floating(type) }
    func decode(_ type: Float.Type) throws -> Float { try floating(type) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}
