import Foundation

/// Rules on what a report must say: sections, score and grade, results, explanations.
enum CompletenessRules {
    static let sectionMissing = Rule(
        id: "section.missing", severity: .error, kind: .completeness, title: "缺少报告章节",
        summary: "报告模板（默认湛江/廉江：一 单位基本情况、二 自评工作开展情况、三 绩效自评情况）中必需的某一节没有内容，例如没有改进措施。模板及其必需章节由财政局选定（jixiao check --template）。",
        triggering: [RuleExample("有存在问题而无改进措施", focus: "improvements", """
            problems:
              - title: 工作经费不足
                explanation: 年中新增职工服务项目，公用经费预算不足，部分活动推迟开展。
            """)],
        nonTriggering: [RuleExample("存在问题与改进措施俱全（只看改进措施一节）", focus: "improvements", """
            problems:
              - title: 工作经费不足
            improvements:
              - {problem: 1, measure: 编制预算时充分测算新增服务项目经费。}
            """)]
    ) { evaluation, options in
        options.template.outline.filter(\.isRequired).flatMap { numbered in
            let parts = numbered.heading.parts ?? []
            // A heading of several parts names the one missing.
            return parts.filter { !$0.isPresent(in: evaluation) }.map { part in
                let what = parts.count > 1 ? "中\(part.label)" : ""
                return Discrepancy(part.path, "缺少「\(numbered.number)\(numbered.heading.title)」\(what)的内容")
            }
        }
    }

    static let scoreMissing = Rule(
        id: "score.missing", severity: .error, kind: .completeness, title: "未填自评得分",
        summary: "自评结果没有数字得分（只写“良好”等评语不够）。",
        triggering: [RuleExample("只有评语", """
            self_evaluation:
              result: {judgement: 整体支出绩效自评良好}
            """)],
        nonTriggering: [RuleExample("有得分", """
            self_evaluation:
              result: {score: 86.5, grade: 良}
            """)]
    ) { evaluation, _ in
        evaluation.selfEvaluation?.result?.score == nil
            ? [Discrepancy("self_evaluation.result.score", "自评结果没有填写自评得分（分数）")] : []
    }

    static let gradeMissing = Rule(
        id: "grade.missing", severity: .error, kind: .completeness, title: "未填自评等级",
        summary: "自评结果没有等级（优、良、中、差）。",
        triggering: [RuleExample("有得分无等级", """
            self_evaluation:
              result: {score: 86.5}
            """)],
        nonTriggering: [RuleExample("有等级", """
            self_evaluation:
              result: {score: 86.5, grade: 良}
            """)]
    ) { evaluation, _ in
        evaluation.selfEvaluation?.result?.grade == nil
            ? [Discrepancy("self_evaluation.result.grade", "自评结果没有填写等级（优、良、中、差）")] : []
    }

    static let gradeMismatch = Rule(
        id: "grade.mismatch", severity: .error, kind: .scoring, title: "等级与得分不符",
        summary: "填报的等级不是该得分按等级标准应得的等级（默认 财预〔2020〕10号：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60）。",
        triggering: [RuleExample("78 分填“良”", """
            self_evaluation:
              result: {score: 78, grade: 良}
            """)],
        nonTriggering: [RuleExample("86.5 分为“良”", """
            self_evaluation:
              result: {score: 86.5, grade: 良好}
            """)]
    ) { evaluation, options in
        guard let grade = evaluation.selfEvaluation?.result?.grade else { return [] }
        let expected: Grade
        let because: String
        if let score = evaluation.selfEvaluation?.result?.score {
            expected = options.grades.grade(for: score.value)
            because = "得分 \(score)"
        } else if let sheet = options.sheet(evaluation), let computed = sheet.grade {
            // No stated score: judge the grade by the score the framework computes.
            expected = computed
            because = "按「\(sheet.frameworkName)」计算的得分 \(show(sheet.total))"
        } else {
            return []
        }
        guard expected != grade else { return [] }
        return [Discrepancy("self_evaluation.result.grade", "\(because) 对应的等级为「\(expected.rawValue)」，填报为「\(grade.rawValue)」",
                            expected: expected.rawValue, actual: grade.rawValue, related: ["self_evaluation.result.score"])]
    }

    static let scoreMismatch = Rule(
        id: "score.mismatch", severity: .error, kind: .scoring, title: "自评得分与计算不符",
        summary: "按评分框架计算的总分与填报的自评得分不符（按填报精度判断）。只在指定评分框架（jixiao score / check --framework）且所有指标均能计分时判断。",
        triggering: [RuleExample("框架计算 2 分，填报 5 分", framework: scoreExampleFramework, """
            self_evaluation:
              result: {score: 5}
            self_scoring:
              answers:
                - {indicator: judgement, points: 2, evidence: 评审记录}
            """)],
        nonTriggering: [RuleExample("框架计算 2 分，填报 2 分", framework: scoreExampleFramework, """
            self_evaluation:
              result: {score: 2}
            self_scoring:
              answers:
                - {indicator: judgement, points: 2, evidence: 评审记录}
            """)]
    ) { evaluation, options in
        guard let stated = evaluation.selfEvaluation?.result?.score, let sheet = options.sheet(evaluation) else { return [] }
        guard sheet.isComplete, !stated.interval.contains(sheet.total) else { return [] }
        let expected = DecimalFormat.fixed(sheet.total, decimals: max(stated.decimals, 2), grouping: false)
        return [Discrepancy("self_evaluation.result.score",
                            "按「\(sheet.frameworkName)」计算的总分为 \(expected)，填报的自评得分为 \(stated)",
                            expected: expected, actual: stated.description)]
    }

    /// The smallest framework: one manual indicator worth all 100 points.
    static let scoreExampleFramework = """
        format: jixiao/framework@1
        id: example
        name: 示例框架
        source: 示例
        indicators:
          - {id: judgement, name: 综合评价, points: 100, rule: {type: manual}}
        """

    static let taskActualMissing = Rule(
        id: "task.actual.missing", severity: .warning, kind: .completeness, title: "重点任务无完成情况",
        summary: "重点工作任务列出了（目标），却没有报告完成情况或实际完成值。",
        triggering: [RuleExample("有目标无完成情况", """
            work:
              categories:
                - name: 大力弘扬劳模精神
                  tasks:
                    - title: 开展巡演报告会
                      targets: [{kind: at_least, subject: 劳模工匠事迹巡演报告会, value: 2, unit: 场}]
            """)],
        nonTriggering: [RuleExample("报告了实际完成值", """
            work:
              categories:
                - name: 大力弘扬劳模精神
                  tasks:
                    - title: 开展巡演报告会
                      targets:
                        - kind: at_least
                          subject: 劳模工匠事迹巡演报告会
                          value: 2
                          unit: 场
                          actual: {value: 3}
            """)]
    ) { evaluation, _ in
        (evaluation.work?.allTasks ?? []).compactMap { c, i, task in
            guard !task.isReported else { return nil }
            let targets = task.targets ?? []
            let name = task.number.map { "任务 \($0)「\(task.title)」" } ?? "任务「\(task.title)」"
            let detail = targets.isEmpty ? "没有报告完成情况" : "列出了 \(targets.count) 项目标，没有报告完成情况或实际完成值"
            return Discrepancy((FieldPath("work.categories")[c] / "tasks")[i], "\(name)\(detail)")
        }
    }

    static let indicatorValueMissing = Rule(
        id: "indicator.value.missing", severity: .warning, kind: .completeness, title: "指标无数值",
        summary: "绩效指标只列名称，没有目标值、实际值或得分。",
        triggering: [RuleExample("只有名称", """
            indicators:
              - name: 工会工作满意度
            """)],
        nonTriggering: [RuleExample("有目标值和实际值", """
            indicators:
              - {name: 工会工作满意度, target: 90%, actual: 95.2%}
            """)]
    ) { evaluation, _ in
        (evaluation.indicators ?? []).enumerated().compactMap { i, indicator in
            indicator.target == nil && indicator.actual == nil && indicator.score == nil
                ? Discrepancy(FieldPath("indicators")[i], "指标「\(indicator.name)」没有目标值、实际值或得分") : nil
        }
    }

    static let problemUnexplained = Rule(
        id: "problem.unexplained", severity: .warning, kind: .completeness, title: "问题未说明",
        summary: "存在问题只有寥寥数字，既无具体说明，也无对应的改进措施。",
        triggering: [RuleExample("只有标题", """
            problems:
              - title: 工作经费不足
            """)],
        nonTriggering: [RuleExample("有对应的改进措施", """
            problems:
              - title: 工作经费不足
            improvements:
              - {problem: 1, measure: 编制预算时充分测算新增服务项目经费。}
            """)]
    ) { evaluation, options in
        let answered = Set((evaluation.improvements ?? []).compactMap(\.problem))
        return (evaluation.problems ?? []).enumerated().compactMap { i, problem in
            let explained = (problem.explanation ?? "").count >= options.minimumExplanationLength
            guard !explained && !answered.contains(i + 1) else { return nil }
            return Discrepancy(FieldPath("problems")[i], "问题「\(problem.title)」没有具体说明，也没有对应的改进措施")
        }
    }

    static let budgetDeviationUnexplained = Rule(
        id: "budget.deviation.unexplained", severity: .warning, kind: .plausibility, title: "决算偏离预算未说明",
        summary: "决算支出偏离预算数（全年预算数；未填报时为年初预算数）超过阈值，或全年预算数因年中追加、追减偏离年初预算数超过阈值，且未说明原因（阈值默认 ±20%，推断值，可配置）。",
        triggering: [
            RuleExample("预算 285.58万元，决算 1,148.64万元", """
                budget:
                  expenditure: {amount: 285.58万元}
                final_accounts:
                  expenditure: {total: "11,486,444.31元"}
                """),
            RuleExample("年中追加 863.06万元，未说明原因", """
                budget:
                  expenditure: {amount: 285.58万元}
                  adjustments: {added: 863.06万元, reduced: 0万元}
                  full_year: 1,148.64万元
                final_accounts:
                  expenditure: {total: "11,486,444.31元"}
                """),
        ],
        nonTriggering: [
            RuleExample("偏离大但已说明原因", """
                budget:
                  expenditure: {amount: 285.58万元}
                final_accounts:
                  expenditure: {total: "11,486,444.31元"}
                  deviation_reason: 年中追加政府性基金预算 694.76万元用于安铺工人文化宫重建。
                """),
            RuleExample("年中追加已说明原因，决算与全年预算相符", """
                budget:
                  expenditure: {amount: 285.58万元}
                  adjustments: {added: 863.06万元, reduced: 0万元, reason: 追加安铺工人文化宫重建资金}
                  full_year: 1,148.64万元
                final_accounts:
                  expenditure: {total: "11,486,444.31元"}
                """),
        ]
    ) { evaluation, options in
        let budget = evaluation.budget
        let explained = !(evaluation.finalAccounts?.deviationReason ?? "").isEmpty
        guard !explained, let start = budget?.yearStartBudget else { return [] }
        /// `part` as a percentage of `whole` and its departure from 100%, when beyond the threshold.
        func departure(_ part: Decimal, of whole: Decimal) -> (shown: String, signed: String)? {
            guard whole > 0 else { return nil }
            let ratio = part / whole * 100, deviation = ratio - 100
            guard abs(deviation) > options.deviationThreshold else { return nil }
            return (DecimalFormat.fixed(ratio, decimals: 1, grouping: false),
                    (deviation > 0 ? "+" : "") + DecimalFormat.fixed(deviation, decimals: 1, grouping: false))
        }
        var found: [Discrepancy] = []
        let full = budget?.fullYearBudget
        if let full, (budget?.adjustments?.reason ?? "").isEmpty, let (shown, signed) = departure(full.yuan, of: start.yuan) {
            found.append(Discrepancy(
                full.isDerived ? "budget.adjustments" : "budget.full_year",
                "全年预算数 \(full.text) 为年初预算数 \(start.text) 的 \(shown)%（偏离 \(signed)%，超过 ±\(options.deviationThreshold)%），未说明年中追加、追减预算的原因",
                expected: "偏离不超过 ±\(options.deviationThreshold)%，或说明调整原因", actual: "\(shown)%",
                related: ["budget.expenditure.amount"]))
        }
        let budgeted = full ?? start
        if let spent = evaluation.finalAccounts?.expenditure?.total, let (shown, signed) = departure(spent.yuan, of: budgeted.yuan) {
            let hint = full == nil ? "；如年中追加、追减了预算，请填报全年预算数" : ""
            found.append(Discrepancy(
                "final_accounts.expenditure.total",
                "决算支出 \(spent) 为\(budgeted.basis.label) \(budgeted.text) 的 \(shown)%（偏离 \(signed)%，超过 ±\(options.deviationThreshold)%），未说明决算与预算差异的原因\(hint)",
                expected: "偏离不超过 ±\(options.deviationThreshold)%，或说明原因", actual: "\(shown)%",
                related: [full == nil ? "budget.expenditure.amount" : "budget.full_year"]))
        }
        return found
    }

    static let reasonMissing = Rule(
        id: "yoy.reason.missing", severity: .warning, kind: .completeness, title: "增减未说明原因",
        summary: "预算、“三公”经费或机关运行经费比上年有增减，却没有说明原因。",
        triggering: [RuleExample("增加 2.04万元无原因", """
            budget:
              operating_funds: {amount: 10.94万元, change: 2.04万元, growth: 22.92%}
            """)],
        nonTriggering: [RuleExample("有原因", """
            budget:
              operating_funds: {amount: 10.94万元, change: 2.04万元, growth: 22.92%, reason: 增加职工}
            """)]
    ) { evaluation, _ in
        evaluation.yearOnYearStatements.compactMap { statement in
            let figure = statement.figure
            let change = figure.change?.amount.yuan ?? figure.lastYear.map { statement.amount.yuan - $0.yuan }
            guard let change, change != 0, (figure.reason ?? "").isEmpty else { return nil }
            return Discrepancy(statement.path / "reason", "\(statement.label)比上年\(change > 0 ? "增加" : "减少")，未说明原因")
        }
    }

    static let amountMissing = Rule(
        id: "yoy.amount.missing", severity: .error, kind: .completeness, title: "未填本年数",
        summary: "预算、“三公”经费或机关运行经费只有上年数（或增减、原因），没有本年数。从上年的自评或报告开始的年度先只有上年数，本年数须由单位填写；未填本年数时，同比增减也无从核对。",
        triggering: [RuleExample("只有上年数", """
            cover: {year: 2022}
            budget:
              income: {last_year: 285.58万元}
            """)],
        nonTriggering: [RuleExample("本年数和上年数俱全", """
            cover: {year: 2022}
            budget:
              income: {amount: 300.12万元, last_year: 285.58万元, reason: 人员增加}
            """)]
    ) { evaluation, _ in
        let year = evaluation.year.map { "（\($0) 年）" } ?? ""
        return evaluation.yearOnYearFigures.compactMap { label, path, figure in
            guard figure.amount == nil else { return nil }
            let known = figure.lastYear.map { "只有上年数 \($0)，" } ?? ""
            return Discrepancy(path / "amount", "\(label)\(known)未填写本年数\(year)")
        }
    }

    static let all = [
        sectionMissing, scoreMissing, scoreMismatch, gradeMissing, gradeMismatch, taskActualMissing, indicatorValueMissing,
        problemUnexplained, budgetDeviationUnexplained, amountMissing, reasonMissing,
    ]
}
