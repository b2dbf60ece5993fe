import Foundation
import JixiaoCore

// 行文 — how the composer's own words meet the clerk's. Every join is `Text.+`, which writes the
// marks where two texts meet once (`Punctuation.joined`); a field's text is quoted tidied, as the
// forms store it (`PastedText`); a phrase of the composer's is left out where the clerk's text
// begins with it (`Phrase`); and the score sentence where the clerk's judgement states the score
// and grade already (`StatedResult`).

extension Text {
    /// A field's text inside a sentence of the composer's: tidied to one line, without the marks it
    /// ends with (the composer's words go on after it).
    init(clause field: String) { self.init(Punctuation.trimmingEnd(PastedText.line(field))) }

    /// A field's text as an item of a list the composer numbers: a clause, its own number left out.
    init(listItem field: String) { self.init(clause: ListMarker.unnumbered(PastedText.line(field))) }

    /// `texts` with `separator` between them, each join through `+`.
    static func joined(_ texts: [Text], separator: Text) -> Text {
        guard let first = texts.first else { return "" }
        return texts.dropFirst().reduce(first) { $0 + separator + $1 }
    }

    /// Whether the text's first plain words begin with `prefix`.
    func begins(with prefix: String) -> Bool {
        guard case .plain(let words)? = runs.first else { return false }
        return words.hasPrefix(prefix)
    }
}

/// 引语 — words the composer puts before the clerk's, and the words a clerk may begin with that say
/// the same: the composer's are left out where the clerk's text begins with either, so that
/// 「主要原因是主要原因是…」 is never written.
struct Phrase {
    var words: Text
    var sameAs: [String]

    init(_ words: Text, sameAs: [String]) {
        self.words = words
        self.sameAs = sameAs
    }

    static let reason = Phrase("主要原因是", sameAs: ["主要原因", "原因是", "原因为", "原因：", "主要是", "主要由于", "主要因为", "由于", "因为"])
    static let duties = Phrase("职责是", sameAs: ["职责", "主要职责", "负责"])
    static let result = Phrase("完成情况：", sameAs: ["完成情况"])

    /// 「针对“问题”：」 before a measure, left out where the measure names what it answers itself.
    static func measure(_ problem: String) -> Phrase { Phrase(Text("针对“") + Text(clause: problem) + "”：", sameAs: ["针对"]) }

    /// A problem's title before its explanation, left out where the explanation begins with it.
    static func problem(_ title: String) -> Phrase { Phrase(Text(listItem: title) + "。", sameAs: [Text(listItem: title).plainText]) }

    /// The phrase then `field`: the phrase only where `field` does not begin with it.
    func before(_ field: Text) -> Text {
        let words = words.plainText
        return field.begins(with: words) || sameAs.contains(where: { !$0.isEmpty && field.begins(with: $0) }) ? field : self.words + field
    }
}

/// 自评结果的表述 — whether the clerk's judgement states the score and the grade, so that the
/// composer's score sentence does not say them a second time.
enum StatedResult {
    /// A figure followed by 「分」: 「86.5分」「86.50 分」「８６.５分」.
    private static let scorePattern = try! NSRegularExpression(pattern: "(?<![0-9０-９.．])([0-9０-９]{1,3}(?:[.．][0-9０-９]{1,2})?)\\s{0,2}分")

    /// Whether `text` states `score` as so many 分 (to any number of decimals).
    static func statesScore(_ text: String, _ score: Decimal) -> Bool {
        scorePattern.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).contains { match in
            guard let range = Range(match.range(at: 1), in: text) else { return false }
            let digits = String(text[range].unicodeScalars.map { s -> Character in
                (0xFF10...0xFF19).contains(s.value) ? Character(Unicode.Scalar(s.value - 0xFF10 + 0x30)!) : s == "．" ? "." : Character(s)
            })
            return Decimal(string: digits) == score
        }
    }

    /// The words that name `grade`, longest first.
    private static func words(_ grade: Grade) -> [String] {
        switch grade {
        case .excellent: ["优秀", "优"]
        case .good: ["良好", "良"]
        case .fair: ["中等", "合格", "中"]
        case .poor: ["不合格", "较差", "差"]
        }
    }

    /// Whether `text` states `grade` as a grade: 「等级为良」「评为“良”」「自评良好」「良好等级」. A word of
    /// it elsewhere (「取得良好效果」「评价结果中」) is no statement of the grade.
    static func statesGrade(_ text: String, _ grade: Grade) -> Bool {
        let all = words(grade).joined(separator: "|")
        // A word of one character only where no other character follows to make it another word.
        let name = "(?:" + words(grade).map { $0.count > 1 ? $0 : "\($0)(?![\\p{Han}])" }.joined(separator: "|") + ")"
        let pattern = "(?:等级|等次|评价|评定|评为|自评|结果)(?:为|是|：|:)?\\s?[“\"「『]?\(name)"
            + "|[“\"「『](?:\(all))[”\"」』]|(?:\(all))[”\"」』]?(?:等级|等次)"
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
        return expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
