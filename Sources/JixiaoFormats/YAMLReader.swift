import JixiaoCore
import Yams

/// Reads YAML text into a `SourceNode` tree, keeping every value's line and column.
enum YAMLReader {
    static func read(_ text: String) throws(SourceError) -> SourceNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SourceError(yaml: error)
        } catch {
            throw SourceError(location: nil, message: "YAML 无法解析：\(error)")
        }
        guard let root else { return SourceNode(.null, at: SourceLocation(line: 1, column: 1)) }
        return try convert(root)
    }

    private static func location(_ mark: Mark?) -> SourceLocation? {
        mark.map { SourceLocation(line: $0.line, column: $0.column) }
    }

    private static func convert(_ node: Node) throws(SourceError) -> SourceNode {
        switch node {
        case .scalar(let scalar):
            let kind: SourceNode.ScalarKind
            switch Tag.Name(rawValue: scalar.tag.rawValue) {
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
                entries.append(.init(key: keyScalar.string, keyLocation: location(key.mark), value: try convert(value)))
            }
            return SourceNode(.mapping(entries), at: location(mapping.mark))
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for item in sequence { items.append(try convert(item)) }
            return SourceNode(.sequence(items), at: location(sequence.mark))
        case .alias(let alias):
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
            let detail = context.map { "\($0.text)（第 \($0.mark.line) 行）" } ?? ""
            self.init(location: SourceLocation(line: mark.line, column: mark.column),
                      message: "YAML 语法错误：\(problem)\(detail.isEmpty ? "" : "，" + detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(location: SourceLocation(line: context.mark.line, column: context.mark.column),
                      message: "键重复出现：\(duplicates.joined(separator: "、"))")
        case .reader(let problem, _, _, _):
            self.init(location: nil, message: "文件无法读取（编码应为 UTF-8）：\(problem)")
        default:
            self.init(location: nil, message: "YAML 无法解析：\(error)")
        }
    }
}
