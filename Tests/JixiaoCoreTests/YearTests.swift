import Foundation
import Testing
@testable import JixiaoCore

/// The year a report is of (`year.*` rules) and a year started from last year's figures.
@Suite("The year")
struct YearTests {
    static func evaluation(cover year: Int?, budget budgetYear: Int?) -> Evaluation {
        var e = Evaluation()
        var cover = Cover()
        cover.year = year
        e.cover = cover
        var budget = Budget()
        budget.year = budgetYear
        e.budget = budget
        return e
    }

    static func findings(_ e: Evaluation, _ rule: String, expectedYear: Int? = nil) -> [Finding] {
        var options = CheckOptions()
        options.expectedYear = expectedYear
        return CheckCatalogue.check(e, options: options).filter { $0.rule == rule }
    }

    @Test("A cover of 2022 and a budget of 2021: an error that names both years and both fields")
    func coverAndBudgetDisagree() throws {
        let found = Self.findings(Self.evaluation(cover: 2022, budget: 2021), "year.mismatch")
        let finding = try #require(found.first)
        #expect(found.count == 1)
        #expect(finding.severity == .error)
        #expect(finding.path == "budget.year")
        #expect(finding.message == "封面评价年度为 2022 年，预算年度为 2021 年，应为同一年度")
        #expect(finding.expected == "2022" && finding.actual == "2021")
        #expect(CheckCatalogue.yearErrors(found).count == 1)
        #expect(Self.findings(Self.evaluation(cover: 2022, budget: 2022), "year.mismatch").isEmpty)
        #expect(Self.findings(Self.evaluation(cover: 2022, budget: nil), "year.mismatch").isEmpty)
    }

    @Test("Against the year the bureau opened, each stated year that is not it is named")
    func againstTheExpectedYear() {
        let found = Self.findings(Self.evaluation(cover: 2021, budget: 2021), "year.mismatch", expectedYear: 2022)
        #expect(found.map(\.path) == ["cover.year", "budget.year"])
        #expect(found.first?.message == "本次填报的是 2022 年度的自评，封面评价年度为 2021 年，应为 2022 年")
        let budgetOnly = Self.findings(Self.evaluation(cover: 2022, budget: 2021), "year.mismatch", expectedYear: 2022)
        #expect(budgetOnly.map(\.path) == ["budget.year"])
        #expect(Self.findings(Self.evaluation(cover: 2022, budget: 2022), "year.mismatch", expectedYear: 2022).isEmpty)
    }

    static func withNotice(year: Int, title: String?, number: String?) -> Evaluation {
        var e = evaluation(cover: year, budget: nil)
        var notice = Notice()
        notice.title = title
        notice.number = number
        e.cover?.notice = notice
        return e
    }

    @Test("The notice's 年度 and its issue year: warnings, and the issue year is not the evaluation year")
    func notice() {
        let usual = Self.withNotice(year: 2022, title: "关于开展2022年度部门整体支出绩效自评工作的通知", number: "廉财绩〔2023〕2号")
        #expect(Self.findings(usual, "year.notice").isEmpty)
        // Issued in the evaluated year itself is possible too.
        #expect(Self.findings(Self.withNotice(year: 2022, title: nil, number: "廉财绩〔2022〕15号"), "year.notice").isEmpty)

        let carried = Self.withNotice(year: 2022, title: "关于开展２０２１年度部门整体支出绩效自评工作的通知", number: "廉财绩〔2021〕2号")
        let found = Self.findings(carried, "year.notice")
        #expect(found.map(\.path) == ["cover.notice.title", "cover.notice.number"])
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(found.first?.message.contains("「2021年度」") == true)
        #expect(found.last?.message.contains("2021 年发文，评价年度为 2022 年") == true)
        // Warnings never stop a submission.
        #expect(CheckCatalogue.yearErrors(found).isEmpty)

        // A title that names the evaluated year among others is not judged wrong.
        let both = Self.withNotice(year: 2022, title: "关于做好2022年度绩效自评和2023年度绩效目标编报工作的通知", number: nil)
        #expect(Self.findings(both, "year.notice").isEmpty)
        // Against the bureau's year when given.
        #expect(Self.findings(usual, "year.notice", expectedYear: 2021).map(\.path) == ["cover.notice.title", "cover.notice.number"])
    }

    /// A 2021 evaluation with everything that belongs to one year.
    static func lastYear() throws -> Evaluation {
        var e = evaluation(cover: 2021, budget: 2021)
        e.cover?.filledOn = CalendarDate(year: 2022, month: 3, day: 1)
        var notice = Notice()
        notice.number = "廉财绩〔2022〕2号"
        e.cover?.notice = notice
        e.cover?.opening = ["根据《通知》（廉财绩〔2022〕2号）要求，现将自评情况报告如下："]
        e.cover?.unitName = "廉江市总工会"
        var income = YearOnYear(amount: try Amount.parse("285.58万元"))
        income.change = AmountChange(try Amount.parse("15.17万元"))
        income.growth = try Percent.parse("5.6%")
        income.reason = "人员增加"
        e.budget?.income = income
        e.budget?.expenditure = YearOnYear(amount: try Amount.parse("285.58万元"))
        var three = ThreePublicExpenses()
        three.total = YearOnYear(amount: try Amount.parse("1.20万元"))
        three.reception = YearOnYear(amount: try Amount.parse("0万元"))
        e.budget?.threePublic = three
        var assets = FixedAssets()
        assets.asOf = CalendarDate(year: 2020, month: 12, day: 31)
        assets.amount = try Amount.parse("100万元")
        e.budget?.fixedAssets = assets
        var accounts = FinalAccounts()
        var spent = FinalExpenditure()
        spent.total = try Amount.parse("11,486,444.31元")
        accounts.expenditure = spent
        e.finalAccounts = accounts
        return e
    }

    @Test("Starting the next year moves last year's amounts to 上年数 and leaves the year's own empty")
    func nextYearDraft() throws {
        let last = try Self.lastYear()
        let next = last.nextYearDraft()
        #expect(next.cover?.year == 2022 && next.budget?.year == 2022)
        #expect(next.cover?.unitName == "廉江市总工会")
        #expect(next.cover?.filledOn == nil && next.cover?.notice == nil && next.cover?.opening == nil)
        #expect(next.budget?.fixedAssets == nil)
        #expect(next.finalAccounts == nil)
        let income = try #require(next.budget?.income)
        #expect(income == YearOnYear(amount: nil, lastYear: last.budget?.income?.amount))
        #expect(next.budget?.threePublic?.reception?.lastYear?.description == "0万元")
        #expect(next.budget?.threePublic?.reception?.amount == nil)

        // Nothing to judge in a change without the year's amount; each missing amount is asked for.
        let findings = CheckCatalogue.check(next)
        #expect(!findings.contains { $0.rule == "yoy.mismatch" || $0.rule == "yoy.reason.missing" || $0.rule == "placeholder.unfilled" })
        let missing = findings.filter { $0.rule == "yoy.amount.missing" }
        #expect(missing.map(\.path) == ["budget.income.amount", "budget.expenditure.amount", "budget.three_public.total.amount",
                                        "budget.three_public.reception.amount"])
        #expect(missing.first?.message == "收入预算只有上年数 285.58万元，未填写本年数（2022 年）")
        #expect(missing.allSatisfy { $0.severity == .error })
        #expect(next.yearOnYearStatements.isEmpty)

        // The year given from elsewhere wins over the file's.
        #expect(last.nextYearDraft(year: 2023).cover?.year == 2023)
    }

    @Test("A report read as the start of a year: last year's moves, the year's own stays, another is refused")
    func startOfYear() throws {
        let last = try Self.lastYear()
        let moved = try last.start(ofYear: 2022)
        #expect(moved.evaluation == last.nextYearDraft())
        #expect(moved.note.contains("2021 年度的预算数字已作为 2022 年度的上年数"))

        let own = try last.start(ofYear: 2021)
        #expect(own.evaluation == last)

        var undated = last
        undated.cover?.year = nil
        undated.budget?.year = nil
        let assumed = try undated.start(ofYear: 2022)
        #expect(assumed.evaluation.cover?.year == 2022)
        #expect(assumed.evaluation.budget?.income?.lastYear?.description == "285.58万元")
        #expect(assumed.note.hasPrefix("未读出报告的年度"))

        #expect(throws: ReportOfAnotherYear(reportYear: 2021, targetYear: 2024)) { try last.start(ofYear: 2024) }
        #expect(throws: ReportOfAnotherYear(reportYear: 2021, targetYear: 2020)) { try last.start(ofYear: 2020) }
    }

    @Test("A year-on-year figure with this year's amount is a statement; without it, none")
    func statementNeedsTheYearsAmount() throws {
        var figure = YearOnYear(amount: nil, lastYear: try Amount.parse("10.00万元"))
        figure.change = AmountChange(try Amount.parse("2.00万元"))
        #expect(YearOnYearStatement(label: "机关运行经费", path: "budget.operating_funds", figure: figure) == nil)
        figure.amount = try Amount.parse("12.00万元")
        let statement = try #require(YearOnYearStatement(label: "机关运行经费", path: "budget.operating_funds", figure: figure))
        #expect(statement.discrepancies().isEmpty)
        figure.amount = try Amount.parse("13.00万元")
        #expect(YearOnYearStatement(label: "机关运行经费", path: "budget.operating_funds", figure: figure)?.discrepancies().count == 1)
    }
}
