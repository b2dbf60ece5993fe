import Foundation

/// Rules on figures that must agree: sums, year-on-year changes, rates, headcounts.
enum ArithmeticRules {
    static let sumMismatch = Rule(
        id: "sum.mismatch", severity: .error, kind: .arithmetic, title: "合计数不等于各项之和",
        summary: "各项之和与填报的合计数不符，且超出按填报精度允许的误差（决算收入按来源、决算支出按功能分类/经济分类/支出性质、基本支出、“三公”经费、公务用车、政府采购）。按 XBRL Calculations 1.1：带 d 位小数的数代表 ±0.5×10⁻ᵈ 的区间，各区间无交集才报错。",
        triggering: [RuleExample("功能分类之和 11,486,444.31元 ≠ 总支出 11,486,445.31元", """
            final_accounts:
              expenditure:
                total: 11,486,445.31元
                by_function:
                  - {code: "201", amount: "4,538,890.45元"}
                  - {code: "229", amount: "6,947,553.86元"}
            """)],
        nonTriggering: [RuleExample("“三公”1.2万元 = 0 + 1.20 + 0（精度内相符）", """
            budget:
              three_public:
                total: {amount: 1.2万元}
                overseas_travel: {amount: 0万元}
                vehicles:
                  total: {amount: 1.20万元}
                  purchase: {amount: 0万元}
                  running: {amount: 1.20万元}
                reception: {amount: 0万元}
            """)],
        count: { evaluation, _ in evaluation.sumRelations.count { !$0.holds } }
    ) { evaluation, _ in
        evaluation.sumRelations.compactMap { $0.discrepancy() }
    }

    static let yoyMismatch = Rule(
        id: "yoy.mismatch", severity: .error, kind: .arithmetic, title: "同比增减与数字不符",
        summary: "「比上年增加/减少 X，增长/下降 p%」与本年、上年数不符：增减额 = 本年 − 上年，增长率 = 增减额 ÷ 上年。未填上年数时以 本年 − 增减额 推得上年数。按填报精度判断。",
        triggering: [
            RuleExample("15.17 ÷ 270.41 = 5.61%，填报 5.9%", """
                budget:
                  expenditure: {amount: 285.58万元, change: 15.17万元, growth: 5.9%, reason: 人员增加}
                """),
            RuleExample("本年 10.94万元 − 上年 8.90万元 = 2.04万元，填报增加 2.40万元", """
                budget:
                  operating_funds: {amount: 10.94万元, last_year: 8.90万元, change: 2.40万元, reason: 增加职工}
                """),
            RuleExample("增加 12.04万元 大于本年 10.94万元：上年数为负", """
                budget:
                  operating_funds: {amount: 10.94万元, change: 12.04万元, reason: 增加职工}
                """),
        ],
        nonTriggering: [RuleExample("15.17 ÷ 270.41 = 5.61%，填报 5.6%（一位小数精度内相符）", """
            budget:
              expenditure: {amount: 285.58万元, change: 15.17万元, growth: 5.6%, reason: 人员增加}
            """)],
        count: { evaluation, _ in evaluation.yearOnYearStatements.reduce(0) { $0 + $1.failures.count } }
    ) { evaluation, _ in
        evaluation.yearOnYearStatements.flatMap { $0.discrepancies() }
    }

    static let ratioMismatch = Rule(
        id: "ratio.mismatch", severity: .error, kind: .arithmetic, title: "比率与数字不符",
        summary: "同比以外的填报比率与其分子、分母不符，按填报精度判断：在职人员控制率 = 实际在职人数 ÷ 编制数；预算执行率 = 决算支出 ÷ 预算数，预算数按评分框架的口径（未指定框架时为全年预算数），按年初预算数、全年预算数都不相符时报错。",
        triggering: [
            RuleExample("在职 10 人 ÷ 编制 11 名 = 90.91%，填报 95%", """
                staffing:
                  authorized: {total: 11}
                  in_service: 10
                  control_rate: 95%
                """),
            RuleExample("1,148.64万元 ÷ 全年预算 1,162.50万元 = 98.81%，÷ 年初预算 659.93万元 = 174.05%，填报 90%", executionRateFile("90%")),
        ],
        nonTriggering: [
            RuleExample("10 ÷ 11 = 90.91%，填报 90.9%", """
                staffing:
                  authorized: {total: 11}
                  in_service: 10
                  control_rate: 90.9%
                """),
            RuleExample("1,148.64万元 ÷ 全年预算 1,162.50万元 = 98.81%", executionRateFile("98.81%")),
        ],
        count: { evaluation, options in
            evaluation.ratioRelations.count { !$0.holds } + (evaluation.executionRate(on: options.budgetBasis)?.verdict == .mismatch ? 1 : 0)
        }
    ) { evaluation, options in
        evaluation.ratioRelations.compactMap { $0.discrepancy() }
            + [evaluation.executionRate(on: options.budgetBasis)].compactMap { statement in
                statement?.verdict == .mismatch ? statement?.discrepancy() : nil
            }
    }

    static let executionRateBasis = Rule(
        id: "ratio.basis", severity: .warning, kind: .arithmetic, title: "预算执行率的预算口径不符",
        summary: "填报的预算执行率不是按应有的预算数计算的：按另一口径（年初预算数或全年预算数）计算相符，或未填报全年预算数、按年初预算数又不相符。应有的预算数按评分框架的口径（框架文件的 budget_basis），未指定框架时为全年预算数（财预〔2013〕53号：（变动后）预算数）。",
        triggering: [
            RuleExample("按年初预算计算的 174.05%，而全年预算为 1,162.50万元", executionRateFile("174.05%")),
            RuleExample("评分框架按年初预算数计算，填报的 98.81% 是按全年预算计算的", framework: yearStartFramework, executionRateFile("98.81%")),
            RuleExample("未填报全年预算数，按年初预算计算为 174.05%，填报 98.81%", executionRateFile("98.81%", fullYear: false)),
        ],
        nonTriggering: [RuleExample("按全年预算（年初 + 追加 − 追减）计算的 98.81%", """
            budget:
              expenditure: {amount: 659.93万元}
              adjustments: {added: 502.57万元, reduced: 0万元, reason: 追加安铺工人文化宫重建资金}
            final_accounts:
              expenditure: {total: "1,148.64万元"}
              execution_rate: 98.81%
            """)]
    ) { evaluation, options in
        guard let statement = evaluation.executionRate(on: options.budgetBasis) else { return [] }
        switch statement.verdict {
        case .computedOn, .unconfirmed: return [statement.discrepancy()].compactMap { $0 }
        case .holds, .mismatch: return []
        }
    }

    /// The smallest framework, its 预算数 the year-start budget.
    static let yearStartFramework = CompletenessRules.scoreExampleFramework + "\nbudget_basis: year_start\n"

    /// The file of a 预算执行率 example: 1,148.64万元 spent, a year-start budget of 659.93万元 and, unless
    /// `fullYear` is false, a full-year budget of 1,162.50万元 (98.81% of it; 174.05% of the year-start one).
    static func executionRateFile(_ rate: String, fullYear: Bool = true) -> String {
        """
        budget:
          expenditure: {amount: 659.93万元}
        \(fullYear ? "  full_year: 1,162.50万元\n" : "")final_accounts:
          expenditure: {total: "1,148.64万元"}
          execution_rate: \(rate)
        """
    }

    static let fullYearMismatch = Rule(
        id: "budget.full-year.mismatch", severity: .error, kind: .arithmetic, title: "全年预算数与调整不符",
        summary: "全年预算数（调整后预算数）应等于 年初预算数 + 本年追加 − 本年追减；四个数都填报时按填报精度核对。",
        triggering: [RuleExample("659.93 + 502.57 − 0 = 1,162.50万元，填报 1,100.00万元", """
            budget:
              expenditure: {amount: 659.93万元}
              adjustments: {added: 502.57万元, reduced: 0万元}
              full_year: 1,100.00万元
            """)],
        nonTriggering: [RuleExample("659.93 + 502.57 − 0 = 1,162.50万元", """
            budget:
              expenditure: {amount: 659.93万元}
              adjustments: {added: 502.57万元, reduced: 0万元}
              full_year: 1,162.50万元
            """)],
        count: { evaluation, _ in evaluation.budget?.fullYearRelation?.holds == false ? 1 : 0 }
    ) { evaluation, _ in
        [evaluation.budget?.fullYearRelation?.discrepancy()].compactMap { $0 }
    }

    static let staffingMismatch = Rule(
        id: "staffing.mismatch", severity: .error, kind: .arithmetic, title: "人数合计不符",
        summary: "编制数或财政供养人员数的分项之和与填报的合计不符。",
        triggering: [RuleExample("行政编制 9 + 工勤编制 2 ≠ 12", """
            staffing:
              authorized:
                total: 12
                parts: [{kind: 行政编制, count: 9}, {kind: 工勤编制, count: 2}]
            """)],
        nonTriggering: [RuleExample("8 + 2 + 16 = 26", """
            staffing:
              supported:
                total: 26
                parts:
                  - {kind: 行政编制, count: 8, status: 在职}
                  - {kind: 工勤人员, count: 2, status: 在职}
                  - {kind: 退休人员, count: 16, status: 退休}
            """)]
    ) { evaluation, _ in
        [("编制数", FieldPath("staffing.authorized"), evaluation.staffing?.authorized),
         ("财政供养人员数", FieldPath("staffing.supported"), evaluation.staffing?.supported)]
            .compactMap { label, path, headcount in
                guard let total = headcount?.total, let parts = headcount?.parts, !parts.isEmpty else { return nil }
                let sum = parts.reduce(0) { $0 + $1.count }
                guard sum != total else { return nil }
                let terms = parts.map { "\($0.kind) \($0.count)" }.joined(separator: " + ")
                return Discrepancy(path / "total", "\(label)：\(terms) = \(sum)，填报的合计为 \(total)",
                                   expected: "\(sum)", actual: "\(total)",
                                   related: parts.indices.map { (path / "parts")[$0] / "count" })
            }
    }

    static let personnelEconomic = Rule(
        id: "sum.personnel-economic", severity: .info, kind: .arithmetic, title: "人员经费与经济分类口径不一",
        summary: "人员经费通常等于 工资福利支出（301）+ 对个人和家庭的补助（303）。单位按此口径记账时二者应相等；不相等时请核对口径（推断规则，仅作提示）。",
        triggering: [RuleExample("人员经费 3,766,854.45元 ≠ 301 + 303 = 3,700,000.00元", """
            final_accounts:
              expenditure:
                by_nature:
                  basic: {personnel: "3,766,854.45元"}
                by_economic:
                  - {code: "301", amount: "1,300,000.00元"}
                  - {code: "303", amount: "2,400,000.00元"}
            """)],
        nonTriggering: [RuleExample("1,332,312.10 + 2,434,542.35 = 3,766,854.45", """
            final_accounts:
              expenditure:
                by_nature:
                  basic: {personnel: "3,766,854.45元"}
                by_economic:
                  - {code: "301", amount: "1,332,312.10元"}
                  - {code: "303", amount: "2,434,542.35元"}
            """)]
    ) { evaluation, _ in
        guard let personnel = evaluation.finalAccounts?.expenditure?.byNature?.basic?.personnel,
              let lines = evaluation.finalAccounts?.expenditure?.byEconomic
        else { return [] }
        let matching = lines.enumerated().filter { ["301", "303"].contains($0.element.code) }
        guard !matching.isEmpty else { return [] }
        let sum = Interval.sum(matching.map { $0.element.amount.intervalInYuan })
        guard !sum.overlaps(personnel.intervalInYuan) else { return [] }
        let exact = matching.reduce(Decimal(0)) { $0 + $1.element.amount.yuan }
        let path: FieldPath = "final_accounts.expenditure.by_nature.basic.personnel"
        return [Discrepancy(path, "人员经费 \(personnel) 与 工资福利支出 + 对个人和家庭的补助 = \(personnel.formatted(yuan: exact)) 不一致，请核对记账口径",
                            expected: personnel.formatted(yuan: exact), actual: personnel.description,
                            related: matching.map { (FieldPath("final_accounts.expenditure.by_economic")[$0.offset] / "amount") })]
    }

    static let splitMismatch = Rule(
        id: "target.split.mismatch", severity: .error, kind: .arithmetic, title: "分解目标合计不符",
        summary: "分解目标（如 每个镇 2 家、每个街道办 5 家、开发区 15 家）在各类单位个数都已填写时，各份额之和应等于总目标。",
        triggering: [RuleExample("18×2 + 3×5 + 1×15 = 66，填报 60", """
            work:
              categories:
                - name: 基层工会建设
                  tasks:
                    - title: 拓展工会组建新领域
                      targets:
                        - kind: split
                          subject: 新建非公企业工会组织
                          unit: 家
                          value: 60
                          splits:
                            - {by: 每个镇, value: 2, units: 18}
                            - {by: 每个街道办, value: 5, units: 3}
                            - {by: 开发区, value: 15, units: 1}
            """)],
        nonTriggering: [RuleExample("18×2 + 3×5 + 1×15 = 66", """
            work:
              categories:
                - name: 基层工会建设
                  tasks:
                    - title: 拓展工会组建新领域
                      targets:
                        - kind: split
                          subject: 新建非公企业工会组织
                          unit: 家
                          value: 66
                          splits:
                            - {by: 每个镇, value: 2, units: 18}
                            - {by: 每个街道办, value: 5, units: 3}
                            - {by: 开发区, value: 15, units: 1}
            """)]
    ) { evaluation, _ in
        (evaluation.work?.allTasks ?? []).flatMap { c, i, task in
            (task.targets ?? []).enumerated().compactMap { t, target -> Discrepancy? in
                guard target.kind == .split, let total = target.value, let splits = target.splits, !splits.isEmpty
                else { return nil }
                // Targets count whole things: they are exact, not rounded figures.
                var exact = Decimal(0)
                for split in splits {
                    guard let units = split.units else { return nil }  // unknown counts: nothing to sum
                    exact += split.value.value * Decimal(units)
                }
                guard exact != total.value else { return nil }
                let path = (((FieldPath("work.categories")[c] / "tasks")[i] / "targets")[t])
                let terms = splits.map { "\($0.by) \($0.units ?? 0)×\($0.value)" }.joined(separator: " + ")
                return Discrepancy(path / "value", "任务「\(task.title)」的分解目标：\(terms) = \(exact)，填报的总目标为 \(total)",
                                   expected: "\(exact)", actual: total.description,
                                   related: splits.indices.map { (path / "splits")[$0] / "value" })
            }
        }
    }

    static let all = [
        sumMismatch, yoyMismatch, ratioMismatch, executionRateBasis, fullYearMismatch, staffingMismatch, splitMismatch,
        personnelEconomic,
    ]
}
