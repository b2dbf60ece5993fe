import JixiaoCore

/// A parsed YAML or JSON document with the location of every value: the one shape both
/// readers produce, so that decoding, unknown-key detection and finding locations work the
/// same for either format.
public struct SourceNode: Sendable {
    public enum Content: Sendable {
        /// A scalar's text exactly as written (numbers keep their digits and decimals).
        case scalar(String, ScalarKind)
        case null
        case mapping([Entry])
        case sequence([SourceNode])
    }

    /// How a scalar is to be read back or written out.
    public enum ScalarKind: Sendable {
        /// Text (quoted, or plain text that is not a number or boolean).
        case text
        /// A plain number: written without quotes.
        case number
        case bool
    }

    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation?
        public var value: SourceNode

        public init(key: String, keyLocation: SourceLocation? = nil, value: SourceNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var content: Content
    public var location: SourceLocation?

    /// Deeper nesting than any evaluation file needs is refused rather than recursed into.
    static let maximumDepth = FieldPath.maximumDepth

    public init(_ content: Content, at location: SourceLocation? = nil) {
        self.content = content
        self.location = location
    }

    /// Counts the text this node takes written as block YAML (as `YAMLWriter` writes it, and JSON
    /// takes more) and its values, stopping as soon as `budget` is spent. `indent` is the column
    /// its lines start at; `inline`, when it starts on its parent item's `- ` line. Only what the
    /// writer surely writes is counted — each key and scalar with its indentation, marks and line
    /// break, not quotes or a long text's own line breaks — so a tree refused would be longer.
    public func fits(_ budget: inout SizeBudget, indent: Int = 0, inline: Bool = false) -> Bool {
        switch content {
        case .null:
            return budget.take(bytes: 5, values: 1)
        case .scalar(let text, _):
            return budget.take(bytes: text.utf8.count + 1, values: 1)
        case .mapping(let entries):
            guard budget.take(values: 1) else { return false }
            return entries.indices.allSatisfy { i in
                let entry = entries[i]
                // `key: value`, or `key:` with a mapping indented below it or a list at its own column.
                let child = if case .sequence = entry.value.content { indent } else { indent + 2 }
                return budget.take(bytes: (inline && i == 0 ? 0 : indent) + entry.key.utf8.count + 2, values: 1)
                    && entry.value.fits(&budget, indent: child)
            }
        case .sequence(let items):
            guard budget.take(values: 1) else { return false }
            return items.indices.allSatisfy { i in
                budget.take(bytes: (inline && i == 0 ? 0 : indent) + 2) && items[i].fits(&budget, indent: indent + 2, inline: true)
            }
        }
    }

    /// The node at `steps` (a field path's), if the tree has it.
    public func node(at steps: [FieldPath.Step]) -> SourceNode? {
        var current = self
        for step in steps {
            switch (step, current.content) {
            case (.key(let key), .mapping(let entries)):
                guard let entry = entries.first(where: { $0.key == key }) else { return nil }
                current = entry.value
            case (.index(let i), .sequence(let items)):
                guard items.indices.contains(i) else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }

    /// A word for this kind of value, for messages.
    var kindName: String {
        switch content {
        case .scalar(_, .number): "数字"
        case .scalar(_, .bool): "是/否值"
        case .scalar: "文本"
        case .null: "空值"
        case .mapping: "键值映射"
        case .sequence: "列表"
        }
    }
}

/// A mapping's keys as a reader meets them, so that a repeated key is refused. A small mapping's
/// entries are scanned (hashing Chinese text costs more than comparing a few keys); a large one's
/// keys are hashed.
struct MappingKeys {
    private var hashed: Set<String> = []

    /// False when `entries`, the mapping's entries so far, already have `key`.
    mutating func isNew(_ key: String, among entries: [SourceNode.Entry]) -> Bool {
        if entries.count < 32 { return !entries.contains { $0.key == key } }
        if hashed.isEmpty { hashed = Set(entries.map(\.key)) }
        return hashed.insert(key).inserted
    }
}

/// Where each field path of a document sits in its source: found by walking the tree when asked
/// (a few findings a check), not recorded for every node of every file read (a save's sixth of
/// decoding went to hashing each node's path).
public struct SourceMap: Sendable {
    private let root: SourceNode

    public init(_ root: SourceNode) { self.root = root }

    /// The location of `path`, or of its nearest ancestor present in the file.
    public func location(of path: FieldPath) -> SourceLocation? {
        Self.deepest(root, keyLocation: nil, rest: Substring(path.text), depth: 0).location
    }

    /// True when the file itself has this path.
    public func contains(_ path: FieldPath) -> Bool {
        Self.deepest(root, keyLocation: nil, rest: Substring(path.text), depth: 0).matched == path.text.utf8.count
    }

    /// A collection is located at its key (the line that names it), a scalar at its value.
    private static func location(_ node: SourceNode, keyLocation: SourceLocation?) -> SourceLocation? {
        switch node.content {
        case .mapping, .sequence: keyLocation ?? node.location
        case .scalar, .null: node.location ?? keyLocation
        }
    }

    /// The deepest node along `rest` (path text below `node`) and how many of its UTF-8 bytes were
    /// matched (counted in bytes: a count of characters walks the text). A key may itself hold 「.」 or 「[」: every entry whose key begins the rest is tried.
    private static func deepest(_ node: SourceNode, keyLocation: SourceLocation?, rest: Substring, depth: Int)
        -> (location: SourceLocation?, matched: Int)
    {
        var best = (location: location(node, keyLocation: keyLocation), matched: 0)
        guard !rest.isEmpty, depth < SourceNode.maximumDepth else { return best }
        switch node.content {
        case .mapping(let entries):
            let keyed = rest.first == "." ? rest.dropFirst() : rest
            for entry in entries where keyed.hasPrefix(entry.key) {
                let after = keyed.dropFirst(entry.key.count)
                guard after.isEmpty || after.first == "." || after.first == "[" else { continue }
                let below = deepest(entry.value, keyLocation: entry.keyLocation, rest: after, depth: depth + 1)
                let matched = rest.utf8.count - after.utf8.count + below.matched
                if matched > best.matched { best = (below.location, matched) }
                if after.utf8.count == below.matched { break }
            }
        case .sequence(let items):
            guard rest.first == "[", let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                  items.indices.contains(index)
            else { break }
            let after = rest[rest.index(after: close)...]
            let below = deepest(items[index], keyLocation: nil, rest: after, depth: depth + 1)
            best = (below.location, rest.utf8.count - after.utf8.count + below.matched)
        case .scalar, .null:
            break
        }
        return best
    }
}
