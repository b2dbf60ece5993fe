import JixiaoCore
import Yams

/// Writes a `SourceNode` tree as JSON: two-space indentation, keys in tree order, Chinese
/// text unescaped, numbers exactly as their text.
enum JSONWriter {
    static func write(_ node: SourceNode) -> String {
        var out = ""
        write(node, indent: "", into: &out)
        return out + "\n"
    }

    private static func write(_ node: SourceNode, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch node.content {
        case .null: out += "null"
        case .scalar(let text, .number), .scalar(let text, .bool): out += text
        case .scalar(let text, .text): out += quote(text)
        case .mapping(let entries):
            guard !entries.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, entry) in entries.enumerated() {
                out += inner + quote(entry.key) + ": "
                write(entry.value, indent: inner, into: &out)
                out += i + 1 < entries.count ? ",\n" : "\n"
            }
            out += indent + "}"
        case .sequence(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                write(item, indent: inner, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Writes a `SourceNode` tree as block-style YAML through libyaml's emitter.
enum YAMLWriter {
    static func write(_ node: SourceNode) throws -> String {
        try Yams.serialize(node: yamsNode(node), indent: 2, width: -1, allowUnicode: true)
    }

    private static func yamsNode(_ node: SourceNode) -> Node {
        switch node.content {
        case .null: return Node("null", Tag(.null), .plain)
        case .scalar(let text, .number): return Node(text, Tag(.float), .plain)
        case .scalar(let text, .bool): return Node(text, Tag(.bool), .plain)
        case .scalar(let text, .text): return Node(text, Tag(.str), style(for: text))
        case .mapping(let entries):
            return .mapping(Node.Mapping(entries.map { (Node($0.key, Tag(.str), .plain), yamsNode($0.value)) },
                                         Tag(.map), .block))
        case .sequence(let items):
            return .sequence(Node.Sequence(items.map(yamsNode), Tag(.seq), .block))
        }
    }

    /// Text that a YAML reader would take for a number, boolean or null is quoted; long
    /// paragraphs with line breaks use the literal block style.
    private static func style(for text: String) -> Node.Scalar.Style {
        if text.contains("\n") { return .literal }
        let resolved = Resolver.default.resolveTag(of: Node(text))
        return resolved == .str ? .plain : .doubleQuoted
    }
}
