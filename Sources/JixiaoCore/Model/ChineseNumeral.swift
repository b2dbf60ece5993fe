/// 中文数字 — the numerals of headings and targets: 一 … 九十九, with 两 and 零. Read by the audit
/// (「三、」, 「十二个」), written by the templates' numbering and the audit's messages.
public enum ChineseNumeral {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                           "六": 6, "七": 7, "八": 8, "九": 9]

    /// 「三」 → 3, 「十二」 → 12, 「二十」 → 20, 「两」 → 2; nil for anything else.
    public static func value(_ s: String) -> Int? {
        if s.isEmpty { return nil }
        if let i = s.firstIndex(of: "十") {
            let tens = s[..<i].isEmpty ? 1 : digits[s[..<i].first!]
            let rest = s[s.index(after: i)...]
            let ones = rest.isEmpty ? 0 : digits[rest.first!]
            guard let tens, let ones, s[..<i].count <= 1, rest.count <= 1 else { return nil }
            return tens * 10 + ones
        }
        guard s.count == 1, let d = digits[s.first!] else { return nil }
        return d
    }

    /// Whether `u` is one of 一 … 十, the numerals of heading numbers.
    public static func isDigit(_ u: UInt16) -> Bool { headingDigits.contains(u) }
    private static let headingDigits = UnitSet("一二三四五六七八九十")

    /// 3 → 「三」, 12 → 「十二」, 20 → 「二十」: heading numbers and messages.
    public static func text(_ n: Int) -> String {
        let names = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        if n >= 0 && n <= 10 { return names[n] }
        if n < 20 { return "十" + names[n - 10] }
        if n < 100 { return names[n / 10] + "十" + (n % 10 == 0 ? "" : names[n % 10]) }
        return "\(n)"
    }
}
