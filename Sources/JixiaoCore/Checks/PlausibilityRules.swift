import Foundation

/// Rules on text left from the template and on figures that are possible but unlikely.
enum PlausibilityRules {
    static let placeholderUnfilled = Rule(
        id: "placeholder.unfilled", severity: .error, kind: .template, title: "模板占位符未填写",
        summary: "文字中留有模板占位符：（单位名称）、XX、××、＊＊、【…】、“请填写”等。文号中的【2020】不算。",
        triggering: [RuleExample("开头段落留有（单位名称）", """
            cover:
              opening:
                - 现将 2021 年度（单位名称）整体绩效自我评价报告如下：
            """)],
        nonTriggering: [RuleExample("文号中的【2020】", """
            cover:
              opening:
                - 根据《关于对经审工作规范化建设考核方案进行调整的通知》（粤工审【2020】9 号）文件要求，现将自评情况报告如下：
            """)]
    ) { evaluation, options in templateFindings(evaluation, options, TemplateText.placeholders, "留有模板占位符") }

    static let templateGuidance = Rule(
        id: "template.guidance", severity: .warning, kind: .template, title: "留有模板说明文字",
        summary: "内容处留着模板的提问或括注说明（“如何……”“……如何等”“（综合评判……）”），而不是实际情况。",
        triggering: [RuleExample("自评工作过程照抄模板提问", """
            self_evaluation:
              process:
                - 积极组织本级开展自评；如何结合部门职能在财政部门设定的评价指标框架内，设置最具部门或行业代表性的个性化评价指标和标准；自评效果如何等。
            """)],
        nonTriggering: [RuleExample("写明实际做法", """
            self_evaluation:
              process:
                - 成立自评小组，对照评分表逐项查阅账务和项目资料，结合职能设置了 7 项个性指标。
            """)]
    ) { evaluation, options in templateFindings(evaluation, options, TemplateText.guidance, "留有模板说明文字") }

    /// One finding for each piece of template text in any text field of the file.
    private static func templateFindings(_ evaluation: Evaluation, _ options: CheckOptions, _ find: (String) -> [TemplateText.Match],
                                         _ what: String) -> [Discrepancy]
    {
        (options.textFields ?? evaluation.textFields).flatMap { field in
            find(field.text).map { Discrepancy(field.path, "\(what)「\($0.text)」", actual: $0.text) }
        }
    }

    static let vehicleCostWithoutVehicle = Rule(
        id: "plausibility.vehicle-cost-without-vehicle", severity: .info, kind: .plausibility, title: "有公务用车运行费而无车辆",
        summary: "安排了公务用车运行维护费，固定资产中却没有车辆。可能是租用车辆或车辆登记在别处，值得核实。",
        triggering: [RuleExample("运行费 1.20万元，车辆 0 辆", """
            budget:
              three_public:
                vehicles:
                  running: {amount: 1.20万元}
              fixed_assets: {vehicles: 0}
            """)],
        nonTriggering: [RuleExample("有 1 辆车", """
            budget:
              three_public:
                vehicles:
                  running: {amount: 1.20万元}
              fixed_assets: {vehicles: 1}
            """)]
    ) { evaluation, _ in
        guard let budget = evaluation.budget, budget.fixedAssets?.vehicles == 0 else { return [] }
        let vehicles = budget.threePublic?.vehicles
        let path: FieldPath = "budget.three_public.vehicles"
        guard let (field, amount) = [(path / "running" / "amount", vehicles?.running?.amount),
                                     (path / "total" / "amount", vehicles?.total?.amount)]
            .first(where: { ($0.1?.yuan ?? 0) > 0 }), let amount
        else { return [] }
        return [Discrepancy(field, "安排公务用车运行维护费 \(amount)，但固定资产中车辆为 0 辆", related: ["budget.fixed_assets.vehicles"])]
    }

    static let classificationName = Rule(
        id: "classification.name.mismatch", severity: .warning, kind: .classification, title: "科目名称与编码不符",
        summary: "类级科目编码与填报的科目名称不一致（如 205 写成“社会保障和就业支出”）。",
        triggering: [RuleExample("205 不是社会保障和就业支出", """
            final_accounts:
              expenditure:
                by_function:
                  - {code: "205", name: 社会保障和就业支出, amount: "841,491.06元"}
            """)],
        nonTriggering: [RuleExample("208 社会保障和就业支出", """
            final_accounts:
              expenditure:
                by_function:
                  - {code: "208", name: 社会保障和就业支出, amount: "841,491.06元"}
            """)]
    ) { evaluation, _ in
        let ex: FieldPath = "final_accounts.expenditure"
        return [(ex / "by_function", evaluation.finalAccounts?.expenditure?.byFunction, Classification.functional),
                (ex / "by_economic", evaluation.finalAccounts?.expenditure?.byEconomic, Classification.economic)]
            .flatMap { path, lines, classification in
                (lines ?? []).enumerated().compactMap { i, line -> Discrepancy? in
                    guard line.code.count == 3, let name = line.name, let expected = classification.className(of: line.code),
                          name != expected
                    else { return nil }
                    return Discrepancy(path[i] / "name", "科目 \(line.code) 的名称应为「\(expected)」，填报为「\(name)」",
                                       expected: expected, actual: name)
                }
            }
    }

    static let classificationDuplicate = Rule(
        id: "classification.duplicate", severity: .warning, kind: .plausibility, title: "科目重复列示",
        summary: "同一科目编码在一个分类中出现两次，合计可能重复计算。",
        triggering: [RuleExample("201 出现两次", """
            final_accounts:
              expenditure:
                by_function:
                  - {code: "201", amount: 100.00元}
                  - {code: "201", amount: 100.00元}
            """)],
        nonTriggering: [RuleExample("编码各不相同", """
            final_accounts:
              expenditure:
                by_function:
                  - {code: "201", amount: 100.00元}
                  - {code: "205", amount: 100.00元}
            """)]
    ) { evaluation, _ in
        let ex: FieldPath = "final_accounts.expenditure"
        return [(ex / "by_function", evaluation.finalAccounts?.expenditure?.byFunction),
                (ex / "by_economic", evaluation.finalAccounts?.expenditure?.byEconomic)]
            .flatMap { path, lines in
                var seen: Set<String> = []
                return (lines ?? []).enumerated().compactMap { i, line in
                    seen.insert(line.code).inserted ? nil : Discrepancy(path[i] / "code", "科目 \(line.code) 重复列示")
                }
            }
    }

    static let filledBeforeYearEnd = Rule(
        id: "date.before-year-end", severity: .warning, kind: .plausibility, title: "填报日期早于评价年度结束",
        summary: "填报日期在评价年度结束之前：年度决算尚未形成，自评不可能完成。",
        triggering: [RuleExample("2021 年度报告于 2021-09-30 填报", """
            cover: {year: 2021, filled_on: 2021-09-30}
            """)],
        nonTriggering: [RuleExample("2022-09-30 填报", """
            cover: {year: 2021, filled_on: 2022-09-30}
            """)]
    ) { evaluation, _ in
        guard let year = evaluation.cover?.year, let date = evaluation.cover?.filledOn, date.year <= year else { return [] }
        return [Discrepancy("cover.filled_on", "填报日期 \(date) 早于评价年度 \(year) 年结束", related: ["cover.year"])]
    }

    static let targetUnmet = Rule(
        id: "task.target.unmet", severity: .warning, kind: .plausibility, title: "目标未完成且未说明",
        summary: "任务目标的实际完成值低于目标，且没有说明原因。",
        triggering: [RuleExample("目标至少 2 场，实际 1 场", """
            work:
              categories:
                - name: 宣传
                  tasks:
                    - title: 开展巡演报告会
                      targets:
                        - {kind: at_least, subject: 巡演报告会, value: 2, unit: 场, actual: {value: 1}}
            """)],
        nonTriggering: [RuleExample("未完成但已说明", """
            work:
              categories:
                - name: 宣传
                  tasks:
                    - title: 开展巡演报告会
                      targets:
                        - kind: at_least
                          subject: 巡演报告会
                          value: 2
                          unit: 场
                          actual: {value: 1, note: 受疫情影响第二场改为线上宣讲。}
            """)]
    ) { evaluation, _ in
        (evaluation.work?.allTasks ?? []).flatMap { c, i, task in
            (task.targets ?? []).enumerated().compactMap { t, target -> Discrepancy? in
                guard let actual = target.actual, (actual.note ?? "").isEmpty, let shortfall = target.shortfall(actual)
                else { return nil }
                let path = (((FieldPath("work.categories")[c] / "tasks")[i] / "targets")[t]) / "actual"
                return Discrepancy(path, "任务「\(task.title)」的目标「\(target.subject)」\(shortfall)，未说明原因")
            }
        }
    }

    static let all = [
        placeholderUnfilled, templateGuidance, vehicleCostWithoutVehicle, classificationName, classificationDuplicate,
        filledBeforeYearEnd, targetUnmet,
    ]
}

extension TaskTarget {
    /// How the actual falls short of the target, in words; nil when met or not comparable.
    func shortfall(_ actual: TargetActual) -> String? {
        let unitText = unit ?? ""
        switch kind {
        case .count, .atLeast, .split:
            guard let goal = value, let got = actual.value, got.value < goal.value else { return nil }
            return "目标 \(goal)\(unitText)，实际 \(got)\(unitText)"
        case .range:
            guard let low = min, let got = actual.value, got.value < low.value else { return nil }
            return "目标 \(low)–\(max.map(\.description) ?? "")\(unitText)，实际 \(got)\(unitText)"
        case .percentage:
            guard let goal = percent, let got = actual.percent, got.number.value < goal.number.value else { return nil }
            return "目标 \(goal)，实际 \(got)"
        case .deadline:
            guard let goal = deadline, let done = actual.date, goal < done else { return nil }
            return "期限 \(goal)，实际 \(done) 完成"
        case .yesNo:
            return actual.achieved == false ? "未完成" : nil
        }
    }
}
