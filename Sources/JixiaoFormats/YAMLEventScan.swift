import JixiaoCore
// libyaml's event stream, through the C module that Yams is built on. Yams offers no public event API, and its composer
// resolves an alias to the anchored node before a caller sees the tree (and hashes mapping keys
// while composing), so anchors and aliases have to be refused before composing.
import CYaml

/// A pass over YAML's event stream before anything is composed: refuses anchors and aliases
/// (an alias repeats what it names, so a few hundred bytes can stand for billions of nodes — the
/// "billion laughs") and caps the number of nodes. Syntax errors are left to the composer, which
/// reports them with their context.
enum YAMLEventScan {
    /// More nodes than any evaluation or framework has (the largest real one has about 3,000).
    static let maximumNodes = 500_000

    static func check(_ text: String) throws(SourceError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        let utf8 = Array(text.utf8)
        try utf8.withUnsafeBufferPointer { (buffer) throws(SourceError) in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var nodes = 0
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let location = SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                let anchor: UnsafeMutablePointer<yaml_char_t>?
                switch event.type {
                case YAML_STREAM_END_EVENT: return
                case YAML_ALIAS_EVENT:
                    throw SourceError(location: location,
                                      message: "不支持 YAML 别名（*\(Self.name(event.data.alias.anchor))）：请直接写出内容")
                case YAML_SCALAR_EVENT: anchor = event.data.scalar.anchor
                case YAML_SEQUENCE_START_EVENT: anchor = event.data.sequence_start.anchor
                case YAML_MAPPING_START_EVENT: anchor = event.data.mapping_start.anchor
                default: continue
                }
                if let anchor {
                    throw SourceError(location: location, message: "不支持 YAML 锚点（&\(Self.name(anchor))）：请直接写出内容")
                }
                nodes += 1
                if nodes > maximumNodes {
                    throw SourceError(location: location, message: "内容过多：超过 \(maximumNodes) 个值")
                }
            }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(String(cString: pointer).prefix(40))
    }
}
