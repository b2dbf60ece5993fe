import Foundation

/// 标点 — the marks of a sentence, and how two that meet are written once.
public enum Punctuation {
    /// 「。」「，」「；」「、」「：」「！」「？」: the marks that doubled are an error.
    public static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "。", "，", "；", "、", "：", "！", "？": true
        default: false
        }
    }

    /// A mark inside a sentence or at its end, not 「、」 between items of a list.
    static func isClauseMark(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "。", "，", "；", "：", "！", "？", ",", ";", ":", "!", "?": true
        default: false
        }
    }

    /// A closing quote or bracket: 「”」「’」「」」「』」「）」「)」「》」「〉」「】」「〕」.
    public static func isCloser(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "”", "’", "」", "』", "）", ")", "》", "〉", "】", "〕": true
        default: false
        }
    }

    /// Whether `s` ends a clause or sentence as punctuation does (a mark, a closing bracket or an ellipsis).
    public static func ends(_ s: Unicode.Scalar) -> Bool { isMark(s) || isCloser(s) || s == "…" || s == "." || s == "!" || s == "?" }

    /// Of marks written one after the other, the one that stays: 「？」 or 「！」 where there is one,
    /// then 「。」, 「；」, 「：」, 「，」, 「、」.
    static func strongest<C: Collection>(_ run: C) -> Unicode.Scalar where C.Element == Unicode.Scalar {
        run.first { $0 == "？" || $0 == "！" } ?? ["。", "；", "：", "，", "、"].first { run.contains($0) } ?? run.first!
    }

    /// Whether a run of marks is doubled punctuation: two or more, and not only 「！」 and 「？」.
    static func isDoubled<C: Collection>(_ run: C) -> Bool where C.Element == Unicode.Scalar {
        run.count > 1 && !run.allSatisfy { $0 == "！" || $0 == "？" }
    }

    /// `text` with each run of doubled marks written as its strongest.
    static func reduced(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            guard isMark(text[i]) else { out.append(text[i]); i += 1; continue }
            var j = i
            while j < text.count, isMark(text[j]) { j += 1 }
            if isDoubled(text[i..<j]) { out.append(strongest(text[i..<j])) } else { out += text[i..<j] }
            i = j
        }
        return out
    }

    /// The runs of doubled marks in `text`, as written.
    static func doubled(_ text: ArraySlice<Unicode.Scalar>) -> [String] {
        var found: [String] = []
        var i = text.startIndex
        while i < text.endIndex {
            guard isMark(text[i]) else { i += 1; continue }
            var j = i
            while j < text.endIndex, isMark(text[j]) { j += 1 }
            if isDoubled(text[i..<j]) { found.append(PastedText.string(text[i..<j])) }
            i = j
        }
        return found
    }

    /// `left` then `right`, the marks where they meet written once: doubled marks as their
    /// strongest (「人员增加。」 and 「；」 → 「人员增加。」), and a clause's own mark dropped before
    /// a closing quote or bracket that encloses it (「（受疫情影响。」 and 「）」 → 「（受疫情影响）」), as
    /// is a 「。」 after a sentence that ends inside quotes (「“已完成。”」 and 「。」).
    public static func joined(_ left: String, _ right: String) -> String {
        guard let last = left.unicodeScalars.last, let first = right.unicodeScalars.first else { return left + right }
        if isMark(last) && isMark(first) {
            var head = left.unicodeScalars, tail = right.unicodeScalars
            let mark = strongest([last, first])
            head.removeLast()
            tail.removeFirst()
            return String(head) + String(mark) + String(tail)
        }
        if isCloser(first), isMark(last), last != "！", last != "？" {
            return String(left.unicodeScalars.dropLast()) + right
        }
        if first == "。", isCloser(last),
           let mark = left.unicodeScalars.reversed().first(where: { !isCloser($0) }), mark == "。" || mark == "！" || mark == "？"
        {
            return left + String(right.unicodeScalars.dropFirst())
        }
        return left + right
    }

    /// `text` without the marks it ends with (「。」「；」「，」「、」「：」), for a clause the composer
    /// goes on after; 「！」「？」 stay.
    public static func trimmingEnd(_ text: String) -> String {
        var scalars = text.unicodeScalars
        while let last = scalars.last, isMark(last), last != "！", last != "？" { scalars.removeLast() }
        return String(scalars)
    }
}

/// 序号 — the numbering that begins an item of a list: 「1.」「1、」「（1）」「(一)」「一、」「①」「•」「第一，」.
public enum ListMarker {
    private static let chineseNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || ("０"..."９").contains(s) }

    /// The length in scalars of the marker `line` begins with (and the space after it); 0 for none.
    public static func length<S: Sequence>(_ line: S) -> Int where S.Element == Unicode.Scalar {
        let s = Array(line.prefix(8))
        guard let first = s.first else { return 0 }
        func run(from i: Int, _ test: (Unicode.Scalar) -> Bool) -> Int {
            var j = i
            while j < s.count, j - i < 3, test(s[j]) { j += 1 }
            return j - i
        }
        func after(_ i: Int) -> Int { i < s.count && s[i] == " " ? i + 1 : i }
        // 1. 1、 1） — not 1.5万元, nor 2021年.
        let digits = run(from: 0, isDigit)
        if digits > 0, digits < s.count, [".", "．", "、", ")", "）"].contains(s[digits]),
           digits + 1 == s.count || !isDigit(s[digits + 1])
        {
            return after(digits + 1)
        }
        // （1） (一)
        if first == "（" || first == "(" {
            let n = run(from: 1) { isDigit($0) || chineseNumerals.contains($0) }
            if n > 0, 1 + n < s.count, s[1 + n] == "）" || s[1 + n] == ")" { return after(2 + n) }
        }
        // 一、 第一，
        let numerals = run(from: 0) { chineseNumerals.contains($0) }
        if numerals > 0, numerals < s.count, s[numerals] == "、" { return numerals + 1 }
        if first == "第" {
            let n = run(from: 1) { chineseNumerals.contains($0) }
            if n > 0, 1 + n < s.count, ["、", "，", "：", ",", ":"].contains(s[1 + n]) { return 2 + n }
        }
        // ① ⑴ ⒈
        if (0x2460...0x249B).contains(first.value) { return after(1) }
        // Bullets; 「-」 and 「*」 only with a space after.
        if ["•", "●", "○", "■", "□", "◆", "◇", "▪", "★", "☆", "√", "✓"].contains(first) { return after(1) }
        if (first == "-" || first == "*"), s.count > 1, s[1] == " " { return 2 }
        return 0
    }

    /// `text` without the marker it begins with: for an item the composer numbers itself.
    public static func unnumbered(_ text: String) -> String { String(text.unicodeScalars.dropFirst(length(text.unicodeScalars))) }
}
