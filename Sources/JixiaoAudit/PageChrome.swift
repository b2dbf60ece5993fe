import Foundation
import JixiaoCore

/// 网页框架文字 — what the pages of government and republishing sites print around a published
/// text: font-size switches, print and close links, the publishing date, author and source,
/// reading counts, names masked for privacy. Not the report's own words, so never a placeholder
/// left unfilled. Each entry's examples are tests (`PageChromeTests`).
enum PageChrome {
    struct Entry: Sendable {
        /// What it is, in the words a reviewer would use.
        let name: String
        /// Whether a placeholder match (its units) is this chrome, given the units just before it.
        let matches: @Sendable (_ match: [UInt16], _ before: UInt16?) -> Bool
        /// Lines as sites print them: none may be reported as a placeholder.
        let examples: [String]
    }

    /// Words that open the bracketed links and labels of a site's page frame: 「【字体:大 中 小】」.
    static let bracketWords = ["字体", "字号", "打印", "关闭", "发布时间", "发布日期", "发布机构", "作者", "来源", "信息来源", "阅读", "浏览",
                               "点击", "分享", "收藏", "纠错", "返回", "大中小", "大 中 小"]

    static let entries: [Entry] = [
        Entry(name: "网页的字体、打印、关闭等链接和发布时间、作者、来源、阅读次数", matches: { match, _ in
            guard match.first == bracket else { return false }
            let inside = String(decoding: match.dropFirst(), as: UTF16.self).trimmingCharacters(in: .whitespaces)
            return bracketWords.contains { inside.hasPrefix($0) }
        }, examples: ["【字体:大 中 小】【打印本页】【关闭窗口】", "【字体: 】 【发布时间:2022-04-15 14:54】 【作者:县政协办】【阅读:",
                      "【发布日期:2023-06-01】【来源:县财政局】【浏览次数:128】"]),
        Entry(name: "转载网站在标题后加的「(年度)」", matches: { match, _ in
            let text = String(decoding: match, as: UTF16.self)
            return text == "(年度)" || text == "（年度）"
        }, examples: ["部门整体支出绩效自评报告(年度)\n发布时间:2022-05-10", "项目支出绩效自评表（年度）"]),
        Entry(name: "为保护隐私而以星号隐去的姓名", matches: { match, before in
            // 「张**」: stars right after a name's first character.
            guard let before, Unit.isHan(before), let first = match.first, stars.contains(first) else { return false }
            return match.allSatisfy { stars.contains($0) }
        }, examples: ["联系人:张**  联系电话:0759-1234567", "项目负责人:李**"]),
    ]

    /// Whether the placeholder match at `range` of `units` is page chrome.
    static func covers(_ range: Range<Int>, in units: [UInt16]) -> Bool {
        let match = Array(units[range])
        let before = range.lowerBound > 0 ? units[range.lowerBound - 1] : nil
        return entries.contains { $0.matches(match, before) }
    }

    private static let bracket: UInt16 = 0x3010  // 【
    private static let stars = Set("*＊".utf16)
}
