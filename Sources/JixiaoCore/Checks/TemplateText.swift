import Foundation

/// 模板残留 — the marks of a report template left unfilled: placeholders and guidance text.
/// Shared by the structured-file check and the text audit, so both judge text alike.
public enum TemplateText {
    /// A piece of template text found in a string.
    public struct Match: Sendable, Equatable {
        public var text: String
        /// Offset of the match in the searched string, in UTF-16 code units.
        public var offset: Int
    }

    // Placeholders: （单位名称）-style blanks, XX/××/＊＊ runs, 【…】 blanks (not 【2020】-style
    // document-number brackets), and 请填写/（填写…） instructions. Earlier patterns win where
    // two match at one place. Every repetition is bounded, so a scan is linear in the text.
    // The patterns are ICU syntax, for whichever ICU-backed engine the caller runs.
    public static let placeholderPatterns = [
        "[（(](?:单位|部门|项目|预算单位|主管部门)?(?:名称|全称)[）)]|[（(](?:年度|时间|日期|金额|数值|数字)[）)]",
        "[XxＸｘ]{2,}|[×＊*]{2,}|○○|某某",
        "【(?!\\s{0,4}[0-9０-９]{4}\\s{0,4}】)[^】]{0,20}】",
        "请填写|[（(]填写[^）)]{0,40}[）)]|待填写",
    ]

    /// Guidance in brackets: 「（综合评判……）」 and the like.
    public static let guidancePatterns = [
        "[（(](?:综合评判|主要包括|包括但不限于|简要|重点说明|说明|请|按照|根据)[^（）()]{4,200}[）)]",
        // A form's word limit, 「（100字以内）」: the instruction, where the answer should be.
        "[（(][0-9０-９]{1,5}字(?:以内|以下|左右)[）)]",
        // A template's either-or wording left as it is: 「比预算数增加(减少)0万元,增长(下降)0%」 (matched
        // at its bracket, the word before it joined to the match by `guidance(bracketed:units:)`).
        "(?<=增加|增长|上升|提高)[（(](?:减少|下降|降低)[）)]",
    ]

    /// The characters every placeholder (guidance) match begins with, for engines that try the
    /// pattern only where one stands.
    public static let placeholderAnchors = "（(XxＸｘ×＊*○某【请待"
    public static let guidanceAnchors = "（("

    /// The placeholder patterns as one alternation: a single scan finds the leftmost match, and
    /// where several begin at one place the first pattern's, then goes on after it.
    public static let placeholderPattern = placeholderPatterns.map { "(?:\($0))" }.joined(separator: "|")
    public static let guidancePattern = guidancePatterns.map { "(?:\($0))" }.joined(separator: "|")

    private static let placeholderExpression = try! NSRegularExpression(pattern: placeholderPattern)
    private static let guidanceExpression = try! NSRegularExpression(pattern: guidancePattern)

    private static let placeholderAnchorUnits = UnitSet(placeholderAnchors)
    private static let guidanceAnchorUnits = UnitSet(guidanceAnchors + "如")

    public static func placeholders(in text: String) -> [Match] {
        // Most fields hold no character a placeholder begins with: no pattern to run (Foundation's
        // regular expressions copy the text on every call on Linux).
        guard placeholderAnchorUnits.containsAny(of: text) else { return [] }
        let found = matches(placeholderExpression, in: text)
        if found.isEmpty { return [] }
        let units = Array(text.utf16)
        return found.map { match($0, units) }
    }

    /// The template's own questions (see `questionClauses`) and bracketed instructions.
    public static func guidance(in text: String) -> [Match] {
        guard guidanceAnchorUnits.containsAny(of: text) else { return [] }
        let units = Array(text.utf16)
        return guidance(bracketed: matches(guidanceExpression, in: text), units: units).map { match($0, units) }
    }

    /// Bracketed guidance already matched, merged with the question clauses of `units`, in order.
    /// An either-or bracket takes the word before it: 「(减少)」 is quoted as 「增加(减少)」.
    public static func guidance(bracketed: [Range<Int>], units: [UInt16]) -> [Range<Int>] {
        var found = bracketed.map { range in
            range.count == 4 && range.lowerBound >= 2 && eitherOrWords.contains(Array(units[(range.lowerBound - 2)..<range.lowerBound]))
                ? (range.lowerBound - 2)..<range.upperBound : range
        }
        for clause in questionClauses(units) where !found.contains(where: { $0.lowerBound == clause.lowerBound }) {
            found.append(clause)
        }
        return found.sorted { $0.lowerBound < $1.lowerBound }
    }

    private static let eitherOrWords: Set<[UInt16]> = Set(["增加", "增长", "上升", "提高"].map { Array($0.utf16) })

    /// Clauses that begin with 「如何」 (to the end of the sentence) or end with 「如何等」.
    /// Found from each 「如何」 outwards, not by a pattern with a leading open-ended class, which
    /// would be quadratic in the length of the text.
    public static func questionClauses(_ units: [UInt16]) -> [Range<Int>] {
        let clauseBreaks = Set("。；;，,".utf16), sentenceBreaks = Set("。；;".utf16)
        let how = Array("如何".utf16), etc = "等".utf16.first!
        func isSpace(_ u: UInt16) -> Bool { u == 0x20 || u == 0x09 || u == 0x3000 || u == 0x0A || u == 0x0D }
        var found: [Range<Int>] = []
        var i = 0
        while i + 1 < units.count {
            guard units[i] == how[0], units[i + 1] == how[1] else { i += 1; continue }
            let after = i + 2
            var clauseStart = i
            while clauseStart > 0, !clauseBreaks.contains(units[clauseStart - 1]) { clauseStart -= 1 }
            let opensClause = units[clauseStart..<i].allSatisfy(isSpace)
            let endsWithEtc = after < units.count && units[after] == etc
            guard opensClause || endsWithEtc else { i = after; continue }
            var end = after + 1
            if opensClause {
                end = after
                while end < units.count, !sentenceBreaks.contains(units[end]) { end += 1 }
            }
            found.append(clauseStart..<end)
            i = max(after, end)
        }
        return found
    }

    private static func matches(_ expression: NSRegularExpression, in text: String) -> [Range<Int>] {
        expression.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).compactMap { Range($0.range) }
    }

    private static func match(_ range: Range<Int>, _ units: [UInt16]) -> Match {
        Match(text: String(decoding: units[range], as: UTF16.self).trimmingCharacters(in: .whitespaces), offset: range.lowerBound)
    }
}

extension FieldPath {
    /// A model property name as the file writes it: `byFunction` → `by_function`.
    public static func fileKey(_ propertyName: String) -> String {
        let utf8 = propertyName.utf8
        // Every property name is ASCII: bytes, not characters (this runs for every key decoded).
        if utf8.allSatisfy({ $0 < 0x80 }) {
            guard utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return propertyName }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 4)
            for byte in utf8 {
                if byte >= 0x41 && byte <= 0x5A { out += [UInt8(ascii: "_"), byte + 0x20] } else { out.append(byte) }
            }
            return String(decoding: out, as: UTF8.self)
        }
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
