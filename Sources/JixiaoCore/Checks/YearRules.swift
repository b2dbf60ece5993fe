import Foundation

/// Rules on the year a report is of: the cover's 评价年度, the budget's year and the notice it
/// answers must point to one year (and, in the bureau's system, to the year the bureau opened). A
/// year started from last year's report keeps last year's wherever the clerk forgot to change it.
/// The date filled in is judged by `date.before-year-end`.
enum YearRules {
    static let mismatch = Rule(
        id: "year.mismatch", severity: .error, kind: .year, title: "年度不一致",
        summary: "封面的评价年度与预算年度不是同一年；在财政局的系统中，二者还须是财政局开启的评价年度。常见于从上年的自评或报告开始填写后只改了一处。年度不一致的自评不能报送。",
        triggering: [RuleExample("封面 2022 年度，预算 2021 年度", focus: "budget.year", """
            cover: {year: 2022}
            budget: {year: 2021}
            """)],
        nonTriggering: [RuleExample("封面与预算同为 2022 年度", """
            cover: {year: 2022}
            budget: {year: 2022}
            """)]
    ) { evaluation, options in
        let stated = [("封面评价年度", FieldPath("cover.year"), evaluation.cover?.year),
                      ("预算年度", FieldPath("budget.year"), evaluation.budget?.year)]
            .compactMap { label, path, year in year.map { (label: label, path: path, year: $0) } }
        if let expected = options.expectedYear {
            return stated.filter { $0.year != expected }.map {
                Discrepancy($0.path, "本次填报的是 \(expected) 年度的自评，\($0.label)为 \($0.year) 年，应为 \(expected) 年",
                            expected: "\(expected)", actual: "\($0.year)")
            }
        }
        guard let reference = stated.first else { return [] }
        return stated.dropFirst().filter { $0.year != reference.year }.map {
            Discrepancy($0.path, "\(reference.label)为 \(reference.year) 年，\($0.label)为 \($0.year) 年，应为同一年度",
                        expected: "\(reference.year)", actual: "\($0.year)", related: [reference.path])
        }
    }

    static let notice = Rule(
        id: "year.notice", severity: .warning, kind: .year, title: "通知的年份与评价年度不符",
        summary: "财政局通知的标题所称的年度（「2021年度」）不是评价年度，或通知文号中的年份（〔2022〕，发文的年份，通常为评价年度的次年）不在评价年度或其次年：多是沿用了上年的通知。文号的年份不是评价年度，二者不必相同。",
        triggering: [
            RuleExample("2022 年度的自评，通知标题为 2021 年度", focus: "cover.notice.title", """
                cover:
                  year: 2022
                  notice: {title: 关于开展2021年度部门整体支出绩效自评工作的通知, number: 廉财绩〔2022〕2号}
                """),
            RuleExample("2022 年度的自评，文号为〔2021〕", focus: "cover.notice.number", """
                cover:
                  year: 2022
                  notice: {title: 关于开展部门整体支出绩效自评工作的通知, number: 廉财绩〔2021〕2号}
                """),
        ],
        nonTriggering: [RuleExample("2022 年度的自评，2023 年发文", """
            cover:
              year: 2022
              notice: {title: 关于开展2022年度部门整体支出绩效自评工作的通知, number: 廉财绩〔2023〕2号}
            """)]
    ) { evaluation, options in
        guard let year = options.expectedYear ?? evaluation.year, let notice = evaluation.cover?.notice else { return [] }
        var found: [Discrepancy] = []
        if let title = notice.title {
            let named = YearText.yearsNamedAsYear(in: title)
            if !named.isEmpty, !named.contains(year) {
                let shown = named.map { "\($0)年度" }.joined(separator: "、")
                found.append(Discrepancy("cover.notice.title",
                                         "财政局通知的标题称「\(shown)」，评价年度为 \(year) 年：请核对是否沿用了上年的通知",
                                         expected: "\(year)年度", actual: shown, related: ["cover.year"]))
            }
        }
        if let number = notice.number, let issued = YearText.issueYear(of: number), !(year...year + 1).contains(issued) {
            found.append(Discrepancy("cover.notice.number",
                                     "通知文号「\(number)」为 \(issued) 年发文，评价年度为 \(year) 年：评价 \(year) 年度的通知应在 \(year) 年或 \(year + 1) 年发出，请核对是否沿用了上年的通知",
                                     expected: "\(year) 或 \(year + 1) 年", actual: "\(issued) 年", related: ["cover.year"]))
        }
        return found
    }

    static let all = [mismatch, notice]
}

/// Years as a notice writes them.
enum YearText {
    /// The years a text names as a 年度: 「2021年度」, 「2021 年度」, full-width digits too.
    static func yearsNamedAsYear(in text: String) -> [Int] {
        var years: [Int] = []
        for match in yearBeforeNiandu.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            if let range = Range(match.range(at: 1), in: text), let year = year(text[range]), !years.contains(year) {
                years.append(year)
            }
        }
        return years
    }

    /// The year a document number was issued in: the four digits in its 〔〕 (or 【】, [], （）).
    static func issueYear(of number: String) -> Int? {
        guard let match = bracketedYear.firstMatch(in: number, range: NSRange(number.startIndex..., in: number)),
              let range = Range(match.range(at: 1), in: number)
        else { return nil }
        return year(number[range])
    }

    private static let yearBeforeNiandu = try! NSRegularExpression(pattern: "(?<![0-9０-９])([0-9０-９]{4})\\s*年度")
    private static let bracketedYear = try! NSRegularExpression(pattern: "[〔【\\[（(]\\s*([0-9０-９]{4})\\s*[〕】\\]）)]")

    /// Four digits, half- or full-width, read as figures are.
    private static func year(_ digits: Substring) -> Int? { try? TypedNumber.count(String(digits)) }
}
