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
    static let maximumDepth = 64

    public init(_ content: Content, at location: SourceLocation? = nil) {
        self.content = content
        self.location = location
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

/// Where each field path of a document sits in its source.
public struct SourceMap: Sendable {
    private var locations: [FieldPath: SourceLocation] = [:]

    public init(_ root: SourceNode) { record(root, at: .root, keyLocation: nil) }

    private mutating func record(_ node: SourceNode, at path: FieldPath, keyLocation: SourceLocation?) {
        // A collection is located at its key (the line that names it), a scalar at its value.
        switch node.content {
        case .mapping(let entries):
            locations[path] = keyLocation ?? node.location
            for entry in entries { record(entry.value, at: path / entry.key, keyLocation: entry.keyLocation) }
        case .sequence(let items):
            locations[path] = keyLocation ?? node.location
            for (i, item) in items.enumerated() { record(item, at: path[i], keyLocation: nil) }
        case .scalar, .null:
            locations[path] = node.location ?? keyLocation
        }
    }

    /// The location of `path`, or of its nearest ancestor present in the file.
    public func location(of path: FieldPath) -> SourceLocation? {
        for prefix in path.prefixes { if let found = locations[prefix] { return found } }
        return nil
    }

    /// True when the file itself has this path.
    public func contains(_ path: FieldPath) -> Bool { locations[path] != nil }
}
