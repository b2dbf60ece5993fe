import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// The worked example: the real 2021 report of 廉江市总工会, as structured data.
@Suite("Worked example")
struct ExampleTests {
    @Test("check reports exactly the defects the report carries, and no arithmetic finding")
    func exactDefects() throws {
        let findings = try loadExample().check()
        #expect(findings.ruleIDs == [
            "section.missing", "score.missing", "grade.missing", "task.actual.missing", "indicator.value.missing",
            "problem.unexplained", "budget.deviation.unexplained", "plausibility.vehicle-cost-without-vehicle",
        ])
        #expect(findings.filter { $0.rule == "section.missing" }.map(\.path) == ["improvements"])
        #expect(findings.filter { $0.rule == "task.actual.missing" }.count == 21)
        #expect(findings.filter { $0.rule == "indicator.value.missing" }.count == 7)
        #expect(findings.filter { $0.rule == "problem.unexplained" }.count == 2)
        // The full-year budget (derived from the final accounts, see the file) departs from the year-start
        // budget with no reason given; the spending does not depart from the full-year budget.
        let deviation = try #require(findings.first { $0.rule == "budget.deviation.unexplained" })
        #expect(deviation.message.contains("全年预算数 11,486,444.31元 为年初预算数 285.58万元 的 402.2%"))
        #expect(deviation.path == "budget.full_year")
        #expect(findings.filter { $0.rule == "budget.deviation.unexplained" }.count == 1)
        for finding in findings { #expect(finding.location != nil, "\(finding.path) has no location") }
    }

    @Test("The example holds all 21 tasks in 7 categories, numbered 1 to 21")
    func tasks() throws {
        let work = try #require(try loadExample().evaluation.work)
        #expect(work.categories?.count == 7)
        #expect(work.allTasks.map { $0.task.number } == Array(1...21).map(Optional.some))
        let task15 = try #require(work.allTasks.first { $0.task.number == 15 }?.task)
        let kinds = Set((task15.targets ?? []).map(\.kind))
        #expect(kinds.isSuperset(of: [.range, .count, .split, .deadline]))
    }

    /// Every money figure of the example is written in the real report exactly as stated there.
    @Test("Figures are as stated in the real report")
    func figuresAsStated() throws {
        let report = try corpusText().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
        let evaluation = try loadExample().evaluation
        var amounts: [Amount] = []
        for relation in evaluation.sumRelations { amounts += [relation.total.amount] + relation.parts.map(\.amount) }
        for statement in evaluation.yearOnYearStatements {
            amounts.append(statement.amount)
            if let change = statement.figure.change { amounts.append(change.amount) }
        }
        #expect(amounts.count > 40)
        for amount in amounts {
            let number = amount.unit == .yuan ? amount.number.grouped : amount.number.description
            #expect(report.contains(number + amount.unit.rawValue), "\(amount) is not in the report as stated")
        }
        let staffing = try #require(evaluation.staffing)
        #expect(staffing.authorized?.total == 11)
        #expect(staffing.supported?.total == 26)
    }
}
