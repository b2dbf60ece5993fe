import Foundation

/// 模板残留 — the marks of a report template left unfilled: placeholders and guidance text.
/// Shared by the structured-file check and the text audit, so both judge text alike.
public enum TemplateText {
    /// A piece of template text found in a string.
    public struct Match: Sendable, Equatable {
        public var text: String
        /// Character offset of the match in the searched string.
        public var offset: Int
    }

    // Placeholders: （单位名称）-style blanks, XX/××/＊＊ runs, 【…】 blanks (not 【2020】-style
    // document-number brackets), and 请填写/（填写…） instructions.
    nonisolated(unsafe) private static let placeholderPatterns: [Regex<Substring>] = [
        /[（(](?:单位|部门|项目|预算单位|主管部门)?(?:名称|全称)[）)]|[（(](?:年度|时间|日期|金额|数值|数字)[）)]/,
        /[XxＸｘ]{2,}|[×＊*]{2,}|○○|某某/,
        /【(?!\s*[0-9０-９]{4}\s*】)[^】]{0,20}】/,
        /请填写|[（(]填写[^）)]*[）)]|待填写/,
    ]

    // Guidance in brackets: 「（综合评判……）」 and the like.
    nonisolated(unsafe) private static let guidancePatterns: [Regex<Substring>] = [
        /[（(](?:综合评判|主要包括|包括但不限于|简要|重点说明|说明|请|按照|根据)[^（）()]{4,}[）)]/,
    ]

    /// Every placeholder pattern starts with one of these characters.
    private static let placeholderAnchors: Set<Character> = ["（", "(", "X", "x", "Ｘ", "ｘ", "×", "＊", "*", "○", "某", "【", "请", "待"]
    private static let guidanceAnchors: Set<Character> = ["（", "("]

    public static func placeholders(in text: String) -> [Match] {
        matches(placeholderPatterns, anchoredAt: placeholderAnchors, window: 60, in: text)
    }

    /// The template's own questions: a clause that begins with 「如何」 or ends with 「如何等」, and
    /// bracketed instructions. Clauses are found from each 「如何」 outwards, not by a pattern with
    /// a leading open-ended class, which would be quadratic in the length of the text.
    public static func guidance(in text: String) -> [Match] {
        var found = matches(guidancePatterns, anchoredAt: guidanceAnchors, window: 200, in: text)
        let clauseBreaks: Set<Character> = ["。", "；", ";", "，", ","]
        let sentenceBreaks: Set<Character> = ["。", "；", ";"]
        var search = text.startIndex
        while let hit = text[search...].range(of: "如何") {
            search = hit.upperBound
            let clauseStart = text[..<hit.lowerBound].lastIndex(where: clauseBreaks.contains).map(text.index(after:)) ?? text.startIndex
            let opensClause = text[clauseStart..<hit.lowerBound].allSatisfy(\.isWhitespace)
            let endsWithEtc = text[hit.upperBound...].hasPrefix("等")
            guard opensClause || endsWithEtc else { continue }
            let end = opensClause
                ? text[hit.upperBound...].firstIndex(where: sentenceBreaks.contains) ?? text.endIndex
                : text.index(after: hit.upperBound)
            let quote = String(text[clauseStart..<end]).trimmingCharacters(in: .whitespaces)
            let offset = text.distance(from: text.startIndex, to: clauseStart)
            if !found.contains(where: { $0.offset == offset }) { found.append(Match(text: quote, offset: offset)) }
            search = max(search, end)
        }
        return found.sorted { $0.offset < $1.offset }
    }

    /// Matches of patterns that each begin with an anchor character: the patterns are tried only
    /// where an anchor stands, on a window of text after it, so the cost is linear in the text
    /// and small where anchors are rare (a whole-text regex scan is slow on long reports).
    private static func matches(_ patterns: [Regex<Substring>], anchoredAt anchors: Set<Character>, window: Int,
                                in text: String) -> [Match]
    {
        var found: [Match] = []
        var offset = 0
        var index = text.startIndex
        var skipUntil = 0
        while index < text.endIndex {
            if offset >= skipUntil, anchors.contains(text[index]) {
                let windowEnd = text.index(index, offsetBy: window, limitedBy: text.endIndex) ?? text.endIndex
                let candidate = text[index..<windowEnd]
                for pattern in patterns {
                    guard let match = candidate.prefixMatch(of: pattern) else { continue }
                    let length = match.output.count
                    found.append(Match(text: String(match.output), offset: offset))
                    skipUntil = offset + max(length, 1)
                    break
                }
            }
            index = text.index(after: index)
            offset += 1
        }
        return found
    }
}

extension Evaluation {
    /// Every text value of the file with its field path, in declaration order.
    public var textFields: [(path: FieldPath, text: String)] {
        var out: [(FieldPath, String)] = []
        func walk(_ value: Any, _ path: FieldPath) {
            if let text = value as? String { out.append((path, text)); return }
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let some = mirror.children.first { walk(some.value, path) }
            case .collection:
                for (i, child) in mirror.children.enumerated() { walk(child.value, path[i]) }
            case .struct:
                for child in mirror.children {
                    guard let label = child.label else { continue }
                    walk(child.value, path / FieldPath.fileKey(label))
                }
            default:
                break
            }
        }
        walk(self, .root)
        return out
    }
}

extension FieldPath {
    /// A model property name as the file writes it: `byFunction` → `by_function`.
    public static func fileKey(_ propertyName: String) -> String {
        var out = ""
        for c in propertyName {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// A file key as the model property it names: `by_function` → `byFunction`.
    public static func propertyName(_ fileKey: String) -> String {
        let parts = fileKey.split(separator: "_")
        guard let first = parts.first else { return fileKey }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
