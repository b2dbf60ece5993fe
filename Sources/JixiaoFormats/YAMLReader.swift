import JixiaoCore
import Yams

/// Reads YAML text into a `SourceNode` tree, keeping every value's line and column.
enum YAMLReader {
    static func read(_ text: String) throws(SourceError) -> SourceNode {
        try YAMLEventScan.check(text)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SourceError(yaml: error)
        } catch {
            throw SourceError(location: nil, message: "YAML 无法解析", underlying: "\(error)")
        }
        guard let root else { return SourceNode(.null, at: SourceLocation(line: 1, column: 1)) }
        return try convert(root, depth: 1)
    }

    private static func location(_ mark: Mark?) -> SourceLocation? {
        mark.map { SourceLocation(line: $0.line, column: $0.column) }
    }

    private static func convert(_ node: Node, depth: Int) throws(SourceError) -> SourceNode {
        if depth > SourceNode.maximumDepth {
            throw SourceError(location: location(node.mark), message: "嵌套层数超过 \(SourceNode.maximumDepth) 层")
        }
        switch node {
        case .scalar(let scalar):
            let kind: SourceNode.ScalarKind
            // Composed scalars carry only explicit tags; plain ones are resolved as YAML 1.1 would.
            let tag = scalar.tag.rawValue.isEmpty ? Resolver.default.resolveTag(of: node) : Tag.Name(rawValue: scalar.tag.rawValue)
            switch tag {
            case .null: return SourceNode(.null, at: location(scalar.mark))
            case .int, .float: kind = .number
            case .bool: kind = .bool
            default: kind = .text
            }
            return SourceNode(.scalar(scalar.string, kind), at: location(scalar.mark))
        case .mapping(let mapping):
            var entries: [SourceNode.Entry] = []
            var seen: Set<String> = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw SourceError(location: location(key.mark), message: "键必须是文本")
                }
                if !seen.insert(keyScalar.string).inserted {
                    throw SourceError(location: location(key.mark), message: "键「\(keyScalar.string)」重复出现")
                }
                entries.append(.init(key: keyScalar.string, keyLocation: location(key.mark), value: try convert(value, depth: depth + 1)))
            }
            return SourceNode(.mapping(entries), at: location(mapping.mark))
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1)) }
            return SourceNode(.sequence(items), at: location(sequence.mark))
        case .alias(let alias):
            // YAMLEventScan refuses aliases before composing; kept for the switch to be whole.
            throw SourceError(location: location(alias.mark), message: "不支持 YAML 别名（*\(alias.anchor)）：请直接写出内容")
        }
    }
}

extension SourceError {
    init(yaml error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(Self.chinese($0.text) ?? "此处的内容")（始于第 \($0.mark.line) 行）" } ?? ""
            self.init(location: SourceLocation(line: mark.line, column: mark.column),
                      message: "YAML 语法错误：\(Self.chinese(problem) ?? "格式不符合 YAML 语法")\(detail.isEmpty ? "" : "，" + detail)",
                      underlying: problem + (context.map { ", " + $0.text } ?? ""))
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(location: SourceLocation(line: context.mark.line, column: context.mark.column),
                      message: "键重复出现：\(duplicates.joined(separator: "、"))")
        case .reader(let problem, _, _, _):
            self.init(location: nil, message: "文件无法读取（编码应为 UTF-8）", underlying: problem)
        default:
            self.init(location: nil, message: "YAML 无法解析", underlying: "\(error)")
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
