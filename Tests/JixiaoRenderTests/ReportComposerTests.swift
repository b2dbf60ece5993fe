import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func example() throws -> Evaluation {
    try EvaluationFile.load(path: repositoryRoot.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml").path).evaluation
}

/// The report's text, block by block, as plain lines.
func plainLines(_ document: ReportDocument) -> [String] {
    [document.cover.title] + document.cover.lines.map { "\($0.label)：\($0.value.plainText)" } + document.blocks.map { block in
        switch block {
        case .heading(_, let number, let text): number + text.plainText
        case .paragraph(let text): text.plainText
        case .table(let table): table.caption + " " + table.rows.map { $0.map(\.plainText).joined(separator: "|") }.joined(separator: " / ")
        case .chart(let chart): "图：" + chart.title
        }
    }
}

/// The example with what the real report lacks filled in: a file a formal report can be written from.
func completeExample() throws -> Evaluation {
    var e = try example()
    let categories = e.work?.categories?.map { category in
        var c = category
        c.tasks = c.tasks?.map { task in
            var t = task
            var result = TaskResult()
            result.summary = "已按计划完成"
            result.evidence = ["工作台账"]
            t.result = result
            return t
        }
        return c
    }
    e.work?.categories = categories
    e.finalAccounts?.deviationReason = "年中追加政府性基金预算用于安铺工人文化宫重建"
    e.indicators = e.indicators?.map { indicator in
        var i = indicator
        i.target = try? Quantity.parse("90%")
        i.actual = try? Quantity.parse("92%")
        return i
    }
    e.improvements = [Improvement(problem: 1, measure: "组织全员学习预算绩效管理制度。"),
                      Improvement(problem: 2, measure: "编制预算时充分测算工作经费。")]
    var result = e.selfEvaluation?.result ?? EvaluationResult()
    result.score = StatedNumber(parsing: "86.5")
    result.grade = .good
    e.selfEvaluation?.result = result
    return e
}

@Suite("Report text")
struct ReportComposerTests {
    @Test("The example lacks what a formal report needs; the draft marks each gap")
    func draftOfTheExample() throws {
        let result = ReportComposer(evaluation: try example(), scores: nil).compose(draft: true)
        #expect(result.missing.filter { $0.hasSuffix("的完成情况") }.count == 21)
        for expected in ["budget.adjustments.reason", "self_evaluation.result.score", "improvements", "indicators[0].target"] {
            #expect(result.missing.contains { $0.hasPrefix(expected) }, "\(expected) not listed as missing")
        }
        let text = plainLines(result.document).joined(separator: "\n")
        #expect(text.contains("比年初预算数增加 8,630,644.31元，主要原因是【待填写：年中追加、追减预算的原因】"))
        #expect(result.document.isDraft)
    }

    @Test("Where charts cannot be drawn, a chart of the table above is left out and any other stands as its table")
    func chartsWithoutDrawing() throws {
        let framework = try FrameworkFile.resolve("national-2013")
        let evaluation = try example()
        let document = ReportComposer(evaluation: evaluation, scores: framework.score(evaluation)).compose(draft: true).document
        let markdown = MarkdownRenderer.render(document)
        // Each classification once, in its table in 元; not again in 万元 as its chart's table.
        for classification in ["按功能分类", "按经济分类"] {
            #expect(markdown.components(separatedBy: "**决算支出（\(classification)）（单位：元）**").count == 2, "\(classification)")
            #expect(!markdown.contains("**决算支出（\(classification)）**"), "\(classification)")
        }
        #expect(markdown.components(separatedBy: "**支出预算与决算**").count == 2)
        #expect(!markdown.contains("**一级指标得分**"))
        // HTML draws every chart, those of a table above too.
        #expect(HTMLRenderer.render(document).components(separatedBy: "<figure class=\"chart\">").count == 5)
    }

    @Test("Every figure is the file's or computed from it, in the register of such reports")
    func figures() throws {
        let result = ReportComposer(evaluation: try completeExample(), scores: nil).compose(draft: false)
        #expect(result.missing.isEmpty, "\(result.missing)")
        let text = plainLines(result.document).joined(separator: "\n")
        for phrase in [
            "廉江市总工会2021年度部门整体支出绩效自评报告", "收入预算 285.58万元，比上年增加 15.17万元，增长 5.6%，主要原因是人员增加",
            "机关运行经费安排 10.94万元，比上年增加 2.04万元，增长 22.92%", "现有编制 11 名，其中行政编制 9 名、工勤编制 2 名",
            "财政供养人员 26 人", "总收入 11,486,444.31元", "决算支出为全年预算数 11,486,444.31元 的 100.0%。",
            "2021年全年预算数（调整后预算数）11,486,444.31元，比年初预算数增加 8,630,644.31元，主要原因是年中追加政府性基金预算",
            "201|一般公共服务支出|3,258,876.35|28.37%", "|合计|11,486,444.31|100.00%", "人员经费 3,766,854.45元",
            "自评得分 86.5 分。整体支出绩效自评良好。", "针对“工作经费不足”：编制预算时充分测算工作经费。",
            "（21）做好基层工会经费审查审计监督工作", "1.工会工作满意度：目标值 90%，实际完成 92%",
        ] {
            #expect(text.contains(phrase), "missing: \(phrase)")
        }
        #expect(!text.contains("【待填写"))
        #expect(TemplateText.placeholders(in: text).isEmpty)
        // Headings follow GB/T 9704: 一、 then （一） then 1. then （1）; task categories never reuse 「一、」.
        let levels = result.document.blocks.compactMap { block -> (Int, String)? in
            if case .heading(let level, let number, _) = block { return (level, number) }
            return nil
        }
        #expect(levels.filter { $0.0 == 1 }.map(\.1) == ["一、", "二、", "三、"])
        #expect(levels.contains { $0.0 == 3 && $0.1 == "7." })
    }

    @Test("A year-on-year change is computed when only last year's figure is stated")
    func computedChange() throws {
        var e = try completeExample()
        var income = YearOnYear(amount: try Amount.parse("285.58万元"))
        income.lastYear = try Amount.parse("270.41万元")
        income.reason = "人员增加"
        e.budget?.income = income
        let text = plainLines(ReportComposer(evaluation: e, scores: nil).compose(draft: false).document).joined()
        #expect(text.contains("收入预算 285.58万元，比上年增加 15.17万元，增长 5.6%，主要原因是人员增加"))
    }

    @Test("A figure with only last year's amount is a gap for the year's own, never last year's shown as this year's")
    func onlyLastYearsAmount() throws {
        var e = try completeExample()
        e.budget?.income = YearOnYear(amount: nil, lastYear: try Amount.parse("285.58万元"))
        e.budget?.threePublic?.vehicles?.purchase = YearOnYear(amount: nil, lastYear: try Amount.parse("0万元"))
        let final = ReportComposer(evaluation: e, scores: nil).compose(draft: false)
        #expect(final.missing.contains("budget.income.amount：本年数"))
        #expect(final.missing.contains("budget.three_public.vehicles.purchase.amount：本年数"))
        // The amount's gap is the only one: no second gap for a change that cannot be known.
        #expect(!final.missing.contains { $0.hasPrefix("budget.income.change") || $0.hasPrefix("budget.income.reason") })
        let text = plainLines(ReportComposer(evaluation: e, scores: nil).compose(draft: true).document).joined(separator: "\n")
        #expect(text.contains("收入预算 【待填写：本年数】；"), "\(text)")
        #expect(text.contains("公务用车购置费 【待填写：本年数】，公务用车运行维护费 "), "\(text)")
        #expect(!text.contains("Optional") && !text.contains("收入预算 285.58万元"))
    }

    @Test("With a framework, the score and grade are the computed ones")
    func frameworkScore() throws {
        let framework = try FrameworkFile.parse("""
            format: jixiao/framework@1
            id: one
            name: 一项框架
            source: 测试
            indicators:
              - {id: judgement, name: 综合评价, points: 100, rule: {type: manual}}
            """)
        var e = try completeExample()
        var answer = ScoringAnswer(indicator: "judgement")
        answer.points = StatedNumber(parsing: "91")
        answer.evidence = "评审意见"
        e.selfScoring = SelfScoring(answers: [answer])
        let result = ReportComposer(evaluation: e, scores: framework.score(e)).compose(draft: false)
        let text = plainLines(result.document).joined(separator: "\n")
        #expect(text.contains("自评得分 91.00 分，等级为“优”（按一项框架评分）"))
    }
}
