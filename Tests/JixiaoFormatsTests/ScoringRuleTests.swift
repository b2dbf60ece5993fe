import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// Each scoring rule type: full marks, partial marks, zero, and 「无法计分」.
@Suite("Scoring rules")
struct ScoringRuleTests {
    /// A framework of one 100-point indicator scored by `rule`.
    static func framework(_ rule: String, notApplicable: String? = nil) throws -> CompiledFramework {
        try FrameworkFile.parse("""
            format: jixiao/framework@1
            id: test
            name: 测试框架
            source: 测试
            indicators:
              - id: only
                name: 唯一指标
                points: 100
            \(notApplicable.map { "    not_applicable: \($0)\n" } ?? "")    rule:
            \(rule.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            """)
    }

    static func evaluation(_ body: String) throws -> Evaluation {
        try EvaluationFile.parse("format: jixiao/evaluation@1\n" + body, format: .yaml).evaluation
    }

    static func only(_ framework: CompiledFramework, _ body: String) throws -> IndicatorScore {
        try #require(framework.score(try evaluation(body)).indicators.first)
    }

    static func unscorable(_ s: IndicatorScore) -> String? {
        if case .unscorable(let reason) = s.status { return reason }
        return nil
    }

    static let execution = """
        type: linear
        formula: final_accounts.expenditure.total / budget.expenditure.amount * 100
        unit: "%"
        full_at: 95
        floor: 40
        """

    static func spent(_ total: String, budget: String?) -> String {
        (budget.map { "budget:\n  expenditure: {amount: \($0)}\n" } ?? "") + "final_accounts:\n  expenditure: {total: \(total)}\n"
    }

    @Test func linearProportional() throws {
        let f = try Self.framework(Self.execution)
        #expect(try Self.only(f, Self.spent("100万元", budget: "100万元")).score == 100)
        #expect(try Self.only(f, Self.spent("190万元", budget: "200万元")).score == 100)  // 95% exactly
        let half = try Self.only(f, Self.spent("50万元", budget: "100万元"))
        #expect(half.score == Decimal(100) * 50 / 95)
        #expect(half.basis.contains("final_accounts.expenditure.total = 500000"))
        #expect(try Self.only(f, Self.spent("30万元", budget: "100万元")).score == 0)  // below the floor
        let missing = try Self.only(f, Self.spent("30万元", budget: nil))
        #expect(Self.unscorable(missing)?.contains("budget.expenditure.amount") == true)
        #expect(missing.score == nil)
        let zero = try Self.only(f, Self.spent("30万元", budget: "0万元"))
        #expect(Self.unscorable(zero)?.contains("除数为零") == true)
    }

    static let control = """
        type: linear
        formula: derived.in_service / staffing.authorized.total * 100
        direction: at_most
        full_at: 100
        slope: 2
        """

    static func staff(_ inService: Int, authorized: Int?) -> String {
        "staffing:\n  in_service: \(inService)\n" + (authorized.map { "  authorized: {total: \($0)}\n" } ?? "")
    }

    @Test func linearSlope() throws {
        let f = try Self.framework(Self.control)
        #expect(try Self.only(f, Self.staff(10, authorized: 11)).score == 100)
        #expect(try Self.only(f, Self.staff(12, authorized: 10)).score == 60)  // 20 points over × 2
        #expect(try Self.only(f, Self.staff(20, authorized: 10)).score == 0)  // capped at zero
        #expect(Self.unscorable(try Self.only(f, Self.staff(10, authorized: nil))) != nil)
        #expect(Self.unscorable(try Self.only(f, Self.staff(10, authorized: 0)))?.contains("除数为零") == true)
    }

    @Test func linearSteps() throws {
        let f = try Self.framework("""
            type: linear
            formula: final_accounts.expenditure.total / budget.expenditure.amount * 100
            full_at: 100
            slope: 40
            step: 5
            """)
        #expect(try Self.only(f, Self.spent("100元", budget: "100元")).score == 100)
        #expect(try Self.only(f, Self.spent("97元", budget: "100元")).score == 100)  // less than one whole step
        #expect(try Self.only(f, Self.spent("93元", budget: "100元")).score == 60)  // one step of 5
        #expect(try Self.only(f, Self.spent("80元", budget: "100元")).score == 0)
        #expect(Self.unscorable(try Self.only(f, Self.spent("80元", budget: nil))) != nil)
    }

    @Test func tiers() throws {
        let f = try Self.framework("""
            type: tiers
            formula: abs(final_accounts.expenditure.total - budget.expenditure.amount) / budget.expenditure.amount * 100
            tiers:
              - {equals: 0, points: 100}
              - {above: 0, to: 10, points: 60}
              - {above: 10, to: 20, points: 30}
            """)
        #expect(try Self.only(f, Self.spent("100元", budget: "100元")).score == 100)
        #expect(try Self.only(f, Self.spent("110元", budget: "100元")).score == 60)  // 10 is in (0, 10]
        #expect(try Self.only(f, Self.spent("85元", budget: "100元")).score == 30)
        let outside = try Self.only(f, Self.spent("150元", budget: "100元"))
        #expect(outside.score == 0)
        #expect(outside.basis.contains("不在任何区间"))
        #expect(Self.unscorable(try Self.only(f, Self.spent("150元", budget: "0元"))) != nil)
    }

    static let checklist = """
        type: checklist
        items:
          - {id: a, text: 符合法规, points: 50}
          - {id: b, text: 符合职责, points: 30}
          - {id: c, text: 符合规划, points: 20}
        """

    static func answers(_ items: String) -> String {
        "self_scoring:\n  answers:\n    - indicator: only\n      items: \(items)\n"
    }

    @Test func checklistItems() throws {
        let f = try Self.framework(Self.checklist)
        let all = Self.answers("[{id: a, met: true, evidence: 文件1}, {id: b, met: true, evidence: 文件2}, {id: c, met: true, evidence: 文件3}]")
        #expect(try Self.only(f, all).score == 100)
        let some = try Self.only(f, Self.answers("[{id: a, met: true, evidence: 文件1}, {id: b, met: false}, {id: c, met: true, evidence: 规划}]"))
        #expect(some.score == 70)
        #expect(some.basis.contains("符合法规 符合 +50（文件1）"))
        #expect(try Self.only(f, Self.answers("[{id: a, met: false}, {id: b, met: false}, {id: c, met: false}]")).score == 0)
        let unanswered = try Self.only(f, Self.answers("[{id: a, met: true, evidence: 文件1}]"))
        #expect(Self.unscorable(unanswered)?.contains("符合职责") == true)
        let noEvidence = try Self.only(f, Self.answers("[{id: a, met: true}, {id: b, met: false}, {id: c, met: false}]"))
        #expect(Self.unscorable(noEvidence)?.contains("佐证") == true)
        #expect(Self.unscorable(try Self.only(f, "")) != nil)
    }

    @Test func deductionByFindings() throws {
        let f = try Self.framework("""
            type: deduction
            per: 40
            findings: [sum.mismatch, staffing.mismatch]
            """)
        #expect(try Self.only(f, "staffing:\n  authorized: {total: 11, parts: [{kind: 行政编制, count: 11}]}\n").score == 100)
        let one = try Self.only(f, "staffing:\n  authorized: {total: 12, parts: [{kind: 行政编制, count: 11}]}\n")
        #expect(one.score == 60)
        let three = try Self.only(f, """
            staffing:
              authorized: {total: 12, parts: [{kind: 行政编制, count: 11}]}
              supported: {total: 30, parts: [{kind: 退休, count: 16}]}
            budget:
              procurement: {total: 5.00万元, goods: 1.00万元, works: 1.00万元, services: 1.00万元}
            """)
        #expect(three.score == 0)  // 3 × 40 is capped at the indicator's 100 points
    }

    @Test func deductionCountedByHand() throws {
        let f = try Self.framework("type: deduction\nper: 25")
        func answer(_ count: Int, evidence: String? = "审计报告") -> String {
            "self_scoring:\n  answers:\n    - {indicator: only, count: \(count)\(evidence.map { ", evidence: \($0)" } ?? "")}\n"
        }
        #expect(try Self.only(f, answer(0)).score == 100)
        #expect(try Self.only(f, answer(2)).score == 50)
        #expect(try Self.only(f, answer(9)).score == 0)
        #expect(Self.unscorable(try Self.only(f, ""))?.contains("未作答") == true)
        #expect(Self.unscorable(try Self.only(f, answer(1, evidence: nil)))?.contains("佐证") == true)
    }

    @Test func manual() throws {
        let f = try Self.framework("type: manual")
        func answer(_ points: String, evidence: String? = "评审记录") -> String {
            "self_scoring:\n  answers:\n    - {indicator: only, points: \(points)\(evidence.map { ", evidence: \($0)" } ?? "")}\n"
        }
        #expect(try Self.only(f, answer("100")).score == 100)
        let partial = try Self.only(f, answer("72.5"))
        #expect(partial.score == Decimal(string: "72.5"))
        #expect(partial.basis.contains("评审记录"))
        #expect(try Self.only(f, answer("0")).score == 0)
        #expect(Self.unscorable(try Self.only(f, ""))?.contains("未作答") == true)
        #expect(Self.unscorable(try Self.only(f, answer("80", evidence: nil)))?.contains("佐证") == true)
        #expect(Self.unscorable(try Self.only(f, answer("101")))?.contains("超出分值") == true)
    }

    @Test func unitIndicators() throws {
        let f = try Self.framework("type: unit_indicators")
        let full = try Self.only(f, """
            indicators:
              - {name: 满意度, target: 90%, actual: 95%}
              - {name: 费用控制率, target: 100%, actual: 98%, better: lower}
            """)
        #expect(full.score == 100)
        let partial = try Self.only(f, """
            indicators:
              - {name: 满意度, target: 90%, actual: 45%}
              - {name: 会员发展, target: 100人, actual: 100人}
            """)
        #expect(partial.score == 75)
        let over = try Self.only(f, """
            indicators:
              - {name: 费用控制率, target: 100%, actual: 200%, better: lower}
              - {name: 活动, target: 10场, actual: 0场}
            """)
        #expect(over.score == 25)
        let zero = try Self.only(f, "indicators:\n  - {name: 活动, target: 10场, actual: 0场}\n")
        #expect(zero.score == 0)
        #expect(Self.unscorable(try Self.only(f, "indicators:\n  - {name: 满意度}\n"))?.contains("满意度") == true)
        #expect(Self.unscorable(try Self.only(f, "")) != nil)
    }

    @Test func notApplicableFullMarks() throws {
        let f = try Self.framework(Self.execution, notApplicable: "{outcome: full, when: \"budget.expenditure.amount == 0\"}")
        let na = try Self.only(f, Self.spent("0元", budget: "0元"))
        #expect(na.status == .notApplicable)
        #expect(na.score == 100)
        #expect(try Self.only(f, Self.spent("50元", budget: "100元")).status == .scored)
        // A unit may declare it with evidence; without evidence it cannot be scored.
        let declared = try Self.only(f, "self_scoring:\n  answers:\n    - {indicator: only, not_applicable: true, evidence: 无此项支出}\n")
        #expect(declared.score == 100)
        let bare = try Self.only(f, "self_scoring:\n  answers:\n    - {indicator: only, not_applicable: true}\n")
        #expect(Self.unscorable(bare)?.contains("佐证") == true)
        // Where the framework allows no N/A, a claim of N/A does not score.
        let strict = try Self.framework("type: manual")
        let claimed = try Self.only(strict, "self_scoring:\n  answers:\n    - {indicator: only, not_applicable: true, evidence: 无}\n")
        #expect(Self.unscorable(claimed) != nil)
    }

    @Test func notApplicableRedistributed() throws {
        let f = try FrameworkFile.parse("""
            format: jixiao/framework@1
            id: test
            name: 测试框架
            source: 测试
            indicators:
              - id: effect
                name: 效果
                points: 100
                children:
                  - {id: economic, name: 经济效益, points: 20, not_applicable: {outcome: redistribute}, rule: {type: manual}}
                  - {id: social, name: 社会效益, points: 40, rule: {type: manual}}
                  - {id: people, name: 满意度, points: 40, rule: {type: manual}}
            """)
        let sheet = f.score(try Self.evaluation("""
            self_scoring:
              answers:
                - {indicator: economic, not_applicable: true, evidence: 本单位无经济效益类职能}
                - {indicator: social, points: 30, evidence: 评审记录}
                - {indicator: people, points: 40, evidence: 问卷}
            """))
        let children = try #require(sheet.indicators.first?.children)
        #expect(children.map(\.points) == [0, 50, 50])
        #expect(children.map(\.score) == [0, Decimal(string: "37.5"), 50])
        #expect(sheet.total == Decimal(string: "87.5"))
        #expect(sheet.grade == .good)
    }
}
