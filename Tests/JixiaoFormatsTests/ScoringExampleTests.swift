import Foundation
import JixiaoCore
@testable import JixiaoFormats
import Testing

/// The national framework on the worked example, with answers a unit would supply.
@Suite("Scoring the worked example")
struct ScoringExampleTests {
    static func national() throws -> CompiledFramework { try FrameworkFile.resolve("national-2013") }

    /// The example plus the figures and answers the real report lacks.
    static func answered() throws -> Evaluation {
        var e = try loadExample().evaluation
        e.finalAccounts?.carryOver = try Amount.parse("0.00元")
        e.finalAccounts?.threePublic = try Amount.parse("1.05万元")
        e.budget?.publicOperating = try Amount.parse("80.00万元")
        e.indicators = e.indicators?.enumerated().map { i, indicator in
            var copy = indicator
            copy.target = try? Quantity.parse("90%")
            copy.actual = try? Quantity.parse(i == 0 ? "45%" : "90%")
            return copy
        }
        func manual(_ id: String, _ points: String) -> ScoringAnswer {
            var a = ScoringAnswer(indicator: id)
            a.points = StatedNumber(parsing: points)
            a.evidence = "自评小组评分记录"
            return a
        }
        var reasonable = ScoringAnswer(indicator: "goal_reasonable")
        reasonable.items = [ChecklistAnswer(id: "lawful", met: true, evidence: "年度绩效目标申报表"),
                            ChecklistAnswer(id: "duties", met: true, evidence: "三定方案"), ChecklistAnswer(id: "plan", met: false)]
        var disclosure = ScoringAnswer(indicator: "disclosure")
        disclosure.items = [ChecklistAnswer(id: "budget_public", met: true, evidence: "门户网站预算公开栏"),
                            ChecklistAnswer(id: "final_public", met: true, evidence: "门户网站决算公开栏"),
                            ChecklistAnswer(id: "performance_public", met: false)]
        var compliance = ScoringAnswer(indicator: "compliance")
        compliance.count = 1
        compliance.evidence = "2021 年度审计发现 1 项"
        var economic = ScoringAnswer(indicator: "economic")
        economic.notApplicable = true
        economic.evidence = "工会无经济效益类职能"
        e.selfScoring = SelfScoring(framework: "national-2013", answers: [
            reasonable, manual("indicator_clarity", "2"), manual("key_spending", "4"), manual("payment_progress", "3"),
            manual("carry_over_change", "2"), manual("management_rules", "2"), compliance, disclosure,
            manual("asset_rules", "2"), manual("asset_safety", "1.5"), manual("asset_utilisation", "2"),
            manual("timeliness", "4"), manual("quality", "4.5"), economic, manual("social", "1.5"),
            manual("ecological", "1"), manual("satisfaction", "5"),
        ])
        return e
    }

    /// The total worked out by hand, indicator by indicator.
    @Test("National framework: total and grade as computed by hand")
    func handComputedTotal() throws {
        let sheet = try Self.national().score(try Self.answered())
        #expect(sheet.isComplete, "unscored: \(sheet.all.filter { !$0.isComplete }.map(\.id))")
        // 投入 17.5: 合理性 1 + 0.5 (规划 not met) = 1.5, 明确性 2; 在职 10/11 ≤ 100% → 5, “三公”变动 0% → 5, 重点支出 4.
        // 过程 (预算数 = 全年预算数 11,486,444.31): 完成率 100% ≥ 95% → 4; 调整率 |全年 − 年初| 8,630,644.31 ÷ 全年
        //   = 75.1% > 20% → 0; 支付 3; 结转结余 0% → 3; 变动 2; 公用经费 772,036 / 800,000 = 96.5% ≤ 100% → 3;
        //   “三公”控制 1.05/1.2 = 87.5% → 3; 采购预算 0 → 不适用满分 2;
        //   预算管理 2 + (3 − 1) + 2 + 2 (no arithmetic finding) = 8; 资产管理 2 + 1.5 + 2 = 5.5.
        // 产出 8.5: 完成率 0/21 → 0, 及时 4, 质量 4.5, 办结 0/23 → 0.
        // 效果: 经济效益不适用，其 2 分按比例分给社会 2、生态 2、个性 8 (× 14/12):
        //   (1.5 + 1 + 8 × (6 × 1 + 0.5) / 7) × 14/12; 满意度 5.
        let publicFunds = Decimal(3)
        let benefits = (Decimal(string: "2.5")! + Decimal(8) * Decimal(string: "6.5")! / 7) * 14 / 12
        let expected = Decimal(string: "17.5")! + (4 + 0 + 3 + 3 + 2 + publicFunds + 3 + 2) + 8 + Decimal(string: "5.5")!
            + Decimal(string: "8.5")! + benefits + 5
        #expect(abs(sheet.total - expected) < Decimal(string: "0.0000001")!)
        #expect(ScoreReport.number(sheet.total) == "76.08")
        #expect(sheet.grade == .fair)
        let byID = Dictionary(uniqueKeysWithValues: sheet.all.map { ($0.id, $0) })
        #expect(byID["staff_control"]?.basis.contains("derived.in_service = 10") == true)
        #expect(byID["staff_control"]?.words == "在职人数 10 ÷ 编制数 11 × 100% = 90.91%；≤ 100%，得满分 5 分")
        #expect(byID["completion_rate"]?.words
            == "决算支出 11,486,444.31元 ÷ 全年预算数 11,486,444.31元 × 100% = 100%；≥ 95%，得满分 4 分")
        #expect(byID["public_funds_control"]?.words
            == "决算公用经费 772,036.00元 ÷ 公用经费预算数 80.00万元 × 100% = 96.5%；≤ 100%，得满分 3 分")
        #expect(byID["procurement_execution"]?.status == .notApplicable)
        #expect(byID["economic"]?.points == 0)
        #expect(byID["compliance"]?.score == 2)
    }

    @Test("A stated score is checked against the computed one")
    func statedScore() throws {
        var e = try Self.answered()
        var result = e.selfEvaluation?.result ?? EvaluationResult()
        result.score = StatedNumber(parsing: "85")
        result.grade = .good
        e.selfEvaluation?.result = result
        var options = CheckOptions()
        options.framework = try Self.national()
        let findings = CheckCatalogue.check(e, options: options)
        let mismatch = try #require(findings.first { $0.rule == "score.mismatch" })
        #expect(mismatch.expected == "76.08")
        #expect(mismatch.actual == "85")
        #expect(!findings.contains { $0.rule == "grade.mismatch" })  // 85 is 良, as stated
        result.score = StatedNumber(parsing: "76.1")
        e.selfEvaluation?.result = result
        let again = CheckCatalogue.check(e, options: options)
        #expect(!again.contains { $0.rule == "score.mismatch" })  // 76.1 stands for [76.05, 76.15]
        #expect(again.contains { $0.rule == "grade.mismatch" })  // 76.1 is 中, not 良
        result.score = nil
        e.selfEvaluation?.result = result
        let computed = try #require(CheckCatalogue.check(e, options: options).first { $0.rule == "grade.mismatch" })
        #expect(computed.expected == "中")
    }

    /// Every field a formula of the national framework reads, present in the example.
    static func formulaInputs() throws -> [String] {
        let paths = try national().framework.indicators.flatMap(Self.leaves).compactMap(\.rule?.formula)
            .flatMap { try Expression.parse($0).fieldPaths }
            .filter { $0.first != .key("derived") && !$0.contains(.every) }
            .map(Expression.text)
        let map = try answeredFile().sourceMap
        return Array(Set(paths)).sorted().filter { map.contains(FieldPath($0)) }
    }

    /// The answered example as a file, so that a figure can be changed where it is written.
    static func answeredFile() throws -> (text: String, sourceMap: SourceMap) {
        let text = try EvaluationFile.render(try answered(), as: .yaml)
        return (text, try EvaluationFile.parse(text, format: .yaml).sourceMap)
    }

    static func leaves(_ spec: IndicatorSpec) -> [IndicatorSpec] {
        spec.children.map { $0.flatMap(leaves) } ?? [spec]
    }

    @Test("Changing an input figure changes exactly the scores whose formulas read it",
          arguments: try ScoringExampleTests.formulaInputs())
    func inputChange(path: String) throws {
        let framework = try Self.national()
        let original = try Self.answeredFile()
        let before = framework.score(try Self.answered())
        let location = try #require(original.sourceMap.location(of: FieldPath(path)))
        var lines = original.text.components(separatedBy: "\n")
        let line = lines[location.line - 1]
        let start = line.unicodeScalars.index(line.unicodeScalars.startIndex, offsetBy: location.column - 1)
        let stated = String(line.unicodeScalars[start...])
        let replacement: String
        if let amount = try? Amount.parse(stated) {
            replacement = Amount(amount.number.value * 3 + 7, decimals: amount.number.decimals, unit: amount.unit).description
        } else {
            replacement = "\(try #require(Int(stated)) * 3 + 7)"
        }
        lines[location.line - 1] = String(line.unicodeScalars[..<start]) + replacement
        let after = framework.score(try EvaluationFile.parse(lines.joined(separator: "\n"), format: .yaml).evaluation)

        let components = try Expression.parse(path).fieldPaths[0]
        let specs = framework.framework.indicators.flatMap(Self.leaves)
        let readers = Set(specs.filter { spec in
            [spec.rule?.formula, spec.notApplicable?.when].compactMap { $0 }
                .contains { (try? Expression.parse($0).fieldPaths.contains(components)) == true }
        }.map(\.id))
        // A deduction counted from check findings reads every checked figure.
        let findingCounters = Set(specs.filter { $0.rule?.findings != nil }.map(\.id))
        let beforeByID = Dictionary(uniqueKeysWithValues: before.all.map { ($0.id, $0) })
        var changedValues: Set<String> = [], changedScores: Set<String> = []
        for indicator in after.all where indicator.children.isEmpty {
            let old = try #require(beforeByID[indicator.id])
            if old.value != indicator.value { changedValues.insert(indicator.id) }
            if old.score != indicator.score || old.status != indicator.status { changedScores.insert(indicator.id) }
        }
        let changed = changedValues.union(changedScores)
        #expect(!readers.isEmpty)
        // Nothing that does not read the figure changes; something that reads it does.
        #expect(changed.isSubset(of: readers.union(findingCounters)), "changing \(path) changed \(changed)")
        #expect(!changed.intersection(readers).isEmpty, "changing \(path) changed none of \(readers)")
    }
}
