import JixiaoCore
// libyaml's event stream, through the C module that Yams is built on: Yams offers no public event
// API, and its composer expands an alias into the anchored node before a caller sees the tree,
// resolves every plain scalar's tag through seven regular expressions and hashes every mapping's
// keys for duplicates — most of the time a save spent reading its text.
import CYaml

/// Reads YAML text into a `SourceNode` tree, keeping every value's line and column, in one pass over
/// libyaml's events. Anchors and aliases are refused before anything is repeated (an alias repeats
/// what it names, so a few hundred bytes can stand for billions of nodes — the "billion laughs"),
/// the depth of nodes is capped, and their number and the bytes of their scalars are counted
/// against a `SizeBudget` as they are read.
enum YAMLReader {
    static func read(_ text: String, within budget: SizeBudget = .file) throws(SourceError) -> SourceNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw SourceError(location: nil, message: "YAML 无法解析") }
        defer { yaml_parser_delete(&parser) }
        let utf8 = Array(text.utf8)
        return try utf8.withUnsafeBufferPointer { (buffer) throws(SourceError) -> SourceNode in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var tree = TreeBuilder(budget: budget)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { throw SourceError(parser: parser) }
                defer { yaml_event_delete(&event) }
                if try tree.take(event) { break }
            }
            return tree.root ?? SourceNode(.null, at: SourceLocation(line: 1, column: 1))
        }
    }
}

/// Builds the tree from the events, one open mapping or sequence on the stack per level.
private struct TreeBuilder {
    /// An open mapping or sequence. A class, so that its lists grow in place (an enum's payload,
    /// taken out to be appended to, is copied while the stack still holds it).
    private final class Open {
        let start: SourceLocation
        let isMapping: Bool
        var items: [SourceNode] = []
        var entries: [SourceNode.Entry] = []
        /// A mapping's key whose value is yet to come.
        var key: (text: String, location: SourceLocation)?
        private var keys = MappingKeys()

        init(_ start: SourceLocation, mapping: Bool) {
            self.start = start
            isMapping = mapping
        }

        /// Takes `text` as the pending key; false when the mapping already has it.
        func takeKey(_ text: String, at location: SourceLocation) -> Bool {
            guard keys.isNew(text, among: entries) else { return false }
            key = (text, location)
            return true
        }

        var node: SourceNode { SourceNode(isMapping ? .mapping(entries) : .sequence(items), at: start) }
    }

    private var open: [Open] = []
    private var budget: SizeBudget
    private var documents = 0
    private(set) var root: SourceNode?

    init(budget: SizeBudget) { self.budget = budget }

    /// Takes one event; true at the end of the stream.
    mutating func take(_ event: yaml_event_t) throws(SourceError) -> Bool {
        let location = SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 { throw SourceError(location: location, message: "YAML 语法错误：文件只能有一个文档（此处开始了第二个「---」）") }
        case YAML_ALIAS_EVENT:
            throw SourceError(location: location, message: "不支持 YAML 别名（*\(Self.name(event.data.alias.anchor))）：请直接写出内容")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            try count(anchor: scalar.anchor, bytes: Int(scalar.length), at: location)
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            if let mapping = open.last, mapping.isMapping, mapping.key == nil {
                guard mapping.takeKey(value, at: location) else { throw SourceError(location: location, message: "键「\(value)」重复出现") }
            } else {
                let kind: SourceNode.ScalarKind?
                if let tag = scalar.tag {
                    kind = YAMLScalarKind.tagged(String(cString: tag))
                } else {
                    kind = scalar.plain_implicit == 1 ? YAMLScalarKind.plain(value) : .text
                }
                add(SourceNode(kind.map { .scalar(value, $0) } ?? .null, at: location))
            }
        case YAML_SEQUENCE_START_EVENT:
            try count(anchor: event.data.sequence_start.anchor, at: location)
            try begin(at: location)
            open.append(Open(location, mapping: false))
        case YAML_MAPPING_START_EVENT:
            try count(anchor: event.data.mapping_start.anchor, at: location)
            try begin(at: location)
            open.append(Open(location, mapping: true))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            add(open.removeLast().node)
        default:
            break
        }
        return false
    }

    /// Counts a node of `bytes` bytes, refusing an anchor and what the budget does not allow.
    private mutating func count(anchor: UnsafeMutablePointer<yaml_char_t>?, bytes: Int = 0, at location: SourceLocation) throws(SourceError) {
        if let anchor {
            throw SourceError(location: location, message: "不支持 YAML 锚点（&\(Self.name(anchor))）：请直接写出内容")
        }
        guard budget.take(bytes: bytes, values: 1) else { throw SourceError(location: location, message: budget.refusal) }
    }

    /// A mapping or sequence opens: not as a key, and not beyond the depth limit.
    private func begin(at location: SourceLocation) throws(SourceError) {
        if let mapping = open.last, mapping.isMapping, mapping.key == nil { throw SourceError(location: location, message: "键必须是文本") }
        if open.count + 1 > SourceNode.maximumDepth {
            throw SourceError(location: location, message: "嵌套层数超过 \(SourceNode.maximumDepth) 层")
        }
    }

    /// A finished node: the root, a sequence's item, or the value of the mapping's pending key.
    private mutating func add(_ node: SourceNode) {
        guard let last = open.last else {
            root = node
            return
        }
        if last.isMapping {
            guard let key = last.key else { preconditionFailure("a scalar key is taken as a key, and a mapping or sequence cannot start as one") }
            last.entries.append(.init(key: key.text, keyLocation: key.location, value: node))
            last.key = nil
        } else {
            last.items.append(node)
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(String(cString: pointer).prefix(40))
    }
}

/// What a scalar is, as Yams' default resolver (YAML 1.1) would say, without its regular
/// expressions; nil for null. `YAMLScalarKindTests` holds the two to the same answers.
enum YAMLScalarKind {
    /// An explicitly tagged scalar (`!!int 3`, `!!str 3`).
    static func tagged(_ tag: String) -> SourceNode.ScalarKind? {
        switch tag {
        case "tag:yaml.org,2002:null": nil
        case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float": .number
        case "tag:yaml.org,2002:bool": .bool
        default: .text
        }
    }

    private static let bools: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                             "on", "On", "ON", "off", "Off", "OFF"]
    private static let nulls: Set<String> = ["~", "null", "Null", "NULL", ""]

    /// A plain scalar, resolved in the resolver's order: bool, int, float, (merge), null; else text.
    static func plain(_ text: String) -> SourceNode.ScalarKind? {
        // Every bool and null spelling is at most five bytes, and every number begins with a sign,
        // a digit or a point: most scalars, long Chinese texts, are told by their length and first
        // byte, neither hashed (hashing normalises non-ASCII text) nor copied.
        let utf8 = text.utf8
        if utf8.count <= 5, bools.contains(text) { return .bool }
        if let first = utf8.first, isDigit(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") {
            let bytes = Array(utf8)
            if isInt(bytes[...]) || isFloat(bytes[...]) { return .number }
        }
        return utf8.count <= 4 && nulls.contains(text) ? nil : .text
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func all(_ s: ArraySlice<UInt8>, _ allowed: (UInt8) -> Bool) -> Bool { !s.isEmpty && s.allSatisfy(allowed) }
    private static func dropSign(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        s.first == UInt8(ascii: "-") || s.first == UInt8(ascii: "+") ? s.dropFirst() : s
    }

    /// `(?::[0-5]?[0-9])+` to the end.
    private static func isSexagesimalTail(_ s: ArraySlice<UInt8>) -> Bool {
        var s = s
        guard !s.isEmpty else { return false }
        while !s.isEmpty {
            guard s.first == UInt8(ascii: ":") else { return false }
            s = s.dropFirst()
            let digits = s.prefix { isDigit($0) }
            guard digits.count == 1 || (digits.count == 2 && digits.first! <= UInt8(ascii: "5")) else { return false }
            s = s.dropFirst(digits.count)
        }
        return true
    }

    /// YAML 1.1's int: binary, octal, decimal, hexadecimal, sexagesimal.
    static func isInt(_ text: ArraySlice<UInt8>) -> Bool {
        let s = dropSign(text)
        guard let first = s.first else { return false }
        let underscore = UInt8(ascii: "_")
        if first == UInt8(ascii: "0") {
            let rest = s.dropFirst()
            if rest.isEmpty { return true }
            if rest.first == UInt8(ascii: "b"), all(rest.dropFirst(), { $0 == 0x30 || $0 == 0x31 || $0 == underscore }) { return true }
            if rest.first == UInt8(ascii: "x"), all(rest.dropFirst(), { isDigit($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) || $0 == underscore }) { return true }
            let octal = rest.first == UInt8(ascii: "o") ? rest.dropFirst() : rest
            return all(octal, { (0x30...0x37).contains($0) || $0 == underscore })
        }
        guard (0x31...0x39).contains(first) else { return false }
        let tail = s.dropFirst().drop { isDigit($0) || $0 == underscore }
        return tail.isEmpty || isSexagesimalTail(tail)
    }

    /// YAML 1.1's float: fixed or exponent, sexagesimal, infinities, not-a-number.
    static func isFloat(_ text: ArraySlice<UInt8>) -> Bool {
        let dot = UInt8(ascii: "."), underscore = UInt8(ascii: "_")
        let s = dropSign(text)
        // Not-a-number and the infinities all have a point: no string is made for other scalars.
        if text.contains(dot) {
            if [".nan", ".NaN", ".NAN"].contains(String(decoding: text, as: UTF8.self)) { return true }
            if [".inf", ".Inf", ".INF"].contains(String(decoding: s, as: UTF8.self)) { return true }
        }
        if text.first == dot {
            // `\.[0-9_]+(?:[eE][-+][0-9]+)?`, unsigned
            let digits = text.dropFirst().prefix { isDigit($0) || $0 == underscore }
            guard !digits.isEmpty else { return false }
            return isExponent(text.dropFirst(1 + digits.count), signRequired: true)
        }
        guard let first = s.first, isDigit(first) else { return false }
        let whole = s.dropFirst().prefix { isDigit($0) || $0 == underscore }
        var tail = s.dropFirst(1 + whole.count)
        // `[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*`
        if tail.first == UInt8(ascii: ":") {
            guard let point = tail.firstIndex(of: dot), isSexagesimalTail(tail[..<point]) else { return false }
            return tail[(point + 1)...].allSatisfy { isDigit($0) || $0 == underscore }
        }
        // `[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?`
        if tail.first == dot { tail = tail.dropFirst().drop { isDigit($0) || $0 == underscore } }
        return isExponent(tail, signRequired: false)
    }

    /// Nothing, or `[eE]` with a sign (required or optional) and digits, to the end.
    private static func isExponent(_ s: ArraySlice<UInt8>, signRequired: Bool) -> Bool {
        guard let e = s.first else { return true }
        guard e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return false }
        let afterE = s.dropFirst()
        let unsigned = dropSign(afterE)
        if signRequired && unsigned.count == afterE.count { return false }
        return all(unsigned, isDigit)
    }
}

extension SourceError {
    /// libyaml's error, with its place and, in Chinese, its problem and context.
    init(parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? ""
        let context = parser.context.map { String(cString: $0) }
        switch parser.error {
        case YAML_READER_ERROR:
            self.init(location: nil, message: "文件无法读取（编码应为 UTF-8）", underlying: problem)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let mark = parser.problem_mark
            let detail = context.map { "\(Self.chinese($0) ?? "此处的内容")（始于第 \(parser.context_mark.line + 1) 行）" } ?? ""
            self.init(location: SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1),
                      message: "YAML 语法错误：\(Self.chinese(problem) ?? "格式不符合 YAML 语法")\(detail.isEmpty ? "" : "，" + detail)",
                      underlying: problem + (context.map { ", " + $0 } ?? ""))
        default:
            self.init(location: nil, message: "YAML 无法解析", underlying: problem)
        }
    }
}

extension SourceError {
    /// libyaml's messages that users meet most, in Chinese; any other is named only as a syntax error
    /// (the original is kept in `underlying`).
    private static let libyamlPhrases: [(String, String)] = [
        ("did not find expected ',' or ']'", "缺少「,」或「]」"),
        ("did not find expected ',' or '}'", "缺少「,」或「}」"),
        ("mapping values are not allowed in this context", "此处不能出现「: 」（检查缩进，或给含冒号的文本加引号）"),
        ("did not find expected key", "此处应为字段名（检查缩进是否对齐）"),
        ("did not find expected node content", "此处缺少内容"),
        ("could not find expected ':'", "缺少「:」"),
        ("found character that cannot start any token", "出现了不能用于开头的字符（缩进请用空格，不要用 Tab）"),
        ("found a tab character that violates indentation", "缩进中有 Tab 字符，请改用空格"),
        ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
        ("found unknown escape character", "未知的转义字符"),
        ("block sequence entries are not allowed in this context", "此处不能出现列表项「- 」（检查缩进）"),
        ("found duplicate anchor", "锚点重复"),
        ("Maximum nesting level reached", "嵌套层数过多"),
        ("while parsing a flow sequence", "在解析 [ ] 列表时"),
        ("while parsing a flow mapping", "在解析 { } 映射时"),
        ("while parsing a block mapping", "在解析字段时"),
        ("while parsing a block collection", "在解析列表时"),
        ("while scanning a quoted scalar", "在解析带引号的文本时"),
        ("while scanning a simple key", "在解析字段名时"),
        ("while scanning a plain scalar", "在解析文本时"),
        ("while scanning for the next token", "在读取下一个记号时"),
    ]

    static func chinese(_ text: String) -> String? {
        libyamlPhrases.first { text.hasPrefix($0.0) }?.1
    }
}
