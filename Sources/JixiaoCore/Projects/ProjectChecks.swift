import Foundation

/// 项目表审核规则 — one rule on a project form (the project counterpart of `Rule`): its findings
/// carry the field they concern and a Chinese message, as the overall checks' do.
public struct ProjectRule: Sendable {
    /// Stable ID, e.g. `project.funds.sum`.
    public let id: String
    public let severity: Severity
    public let kind: RuleKind
    /// Short Chinese name.
    public let title: String
    /// What it catches and why, in Chinese.
    public let summary: String
    private let evaluate: @Sendable (ProjectEvaluation, ProjectScoreSheet) -> [Discrepancy]

    init(id: String, severity: Severity, kind: RuleKind, title: String, summary: String,
         evaluate: @escaping @Sendable (ProjectEvaluation, ProjectScoreSheet) -> [Discrepancy])
    {
        self.id = id
        self.severity = severity
        self.kind = kind
        self.title = title
        self.summary = summary
        self.evaluate = evaluate
    }

    public func check(_ project: ProjectEvaluation, sheet: ProjectScoreSheet) -> [Finding] {
        evaluate(project, sheet).map {
            Finding(rule: id, severity: severity, path: $0.path, message: $0.message,
                    expected: $0.expected, actual: $0.actual, related: $0.related)
        }
    }
}

/// 项目表审核规则目录 — every rule `jixiao check` runs on a project form, in the form's order.
public enum ProjectChecks {
    public static let rules: [ProjectRule] = [
        fundsRow, fundsSum, fundsRate, executionUnexplained, weightsTotal, weightsLevel, scoreOverWeight, scoreRule,
        scoreBand, scoreUnjudged, scoreMissing, deviationMissing, totalMismatch, gradeMismatch,
    ]

    /// 项目与整体自评相符 — checked when project forms are checked together with the unit's overall
    /// evaluation: each project's 全年执行数 against the 项目支出 line of the same name in the final accounts.
    public static let overallMismatch = ProjectRule(
        id: "project.overall.mismatch", severity: .warning, kind: .arithmetic, title: "项目执行数与整体自评的项目支出不符",
        summary: "项目表的全年执行数与同一单位整体自评决算中同名项目的项目支出不符（按填报精度判断）。项目名称按去掉项目编码后相同或互相包含匹配；匹配凭名称，故为警告。整体自评列有项目支出而无同名项目时只作提示。"
    ) { _, _ in [] }

    /// Each project's findings against the overall evaluation (`overallMismatch`); the project's own
    /// file is where they stand.
    public static func check(_ project: ProjectEvaluation, against overall: Evaluation) -> [Finding] {
        guard let spent = project.funds?.total?.spent, let name = project.name.map(plainName), !name.isEmpty,
              let lines = overall.finalAccounts?.expenditure?.byNature?.projects, !lines.isEmpty
        else { return [] }
        let rule = overallMismatch
        func finding(_ severity: Severity, _ message: String, expected: String? = nil) -> Finding {
            Finding(rule: rule.id, severity: severity, path: "funds.total.spent", message: message,
                    expected: expected, actual: expected == nil ? nil : spent.description)
        }
        guard let (index, line) = lines.enumerated().first(where: { _, line in
            let other = plainName(line.name)
            return !other.isEmpty && (other == name || other.contains(name) || name.contains(other))
        }) else {
            return [finding(.info, "整体自评决算的项目支出中没有名为「\(name)」的项目，未核对全年执行数 \(spent)")]
        }
        let path = FieldPath("final_accounts.expenditure.by_nature.projects")[index] / "amount"
        guard !spent.intervalInYuan.overlaps(line.amount.intervalInYuan) else { return [] }
        var found = finding(.warning, "全年执行数 \(spent) 与整体自评决算中项目支出「\(line.name)」的 \(line.amount) 不符",
                            expected: spent.formatted(yuan: line.amount.yuan))
        found.related = [path]
        return [found]
    }

    /// A project's name without the budget system's code before it (`51092324T000010263357-…`).
    public static func plainName(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let dash = trimmed.firstIndex(where: { $0 == "-" || $0 == "－" }),
              trimmed[..<dash].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return trimmed }
        return String(trimmed[trimmed.index(after: dash)...]).trimmingCharacters(in: .whitespaces)
    }

    public static func rule(_ id: String) -> ProjectRule? { rules.first { $0.id == id } }

    /// All findings of all rules on `project` under `framework`.
    public static func check(_ project: ProjectEvaluation, under framework: ProjectFramework) -> [Finding] {
        let sheet = ProjectScoring.score(project, under: framework)
        return rules.flatMap { $0.check(project, sheet: sheet) }
    }


    static let fundsRow = ProjectRule(
        id: "project.funds.row", severity: .info, kind: .completeness, title: "资金行名称与表式不同",
        summary: "其中行的名称不是评分规则所依表式的资金行（全国：当年财政拨款、上年结转资金、其他资金；四川：财政资金、财政专户管理资金、单位资金、其他资金）。名称各地有别，只作提示。"
    ) { project, sheet in
        (project.funds?.parts ?? []).enumerated().compactMap { i, row in
            guard let source = row.source, !sheet.framework.fundRows.contains(source) else { return nil }
            return Discrepancy((FieldPath("funds.parts")[i]) / "source",
                               "资金行「\(source)」不在\(sheet.framework.name)的表式中（\(sheet.framework.fundRows.joined(separator: "、"))）")
        }
    }

    static let fundsSum = ProjectRule(
        id: "project.funds.sum", severity: .error, kind: .arithmetic, title: "年度资金总额不等于其中各行之和",
        summary: "年度资金总额的年初预算数、全年预算数、全年执行数应分别等于其中各行（如当年财政拨款、上年结转资金、其他资金）之和，按填报精度判断；空白的其中行按未填报不计。"
    ) { project, _ in
        guard let total = project.funds?.total, let parts = project.funds?.parts else { return [] }
        let funds: FieldPath = "funds"
        return FundRow.columns.compactMap { column in
            guard let stated = total[keyPath: column.value] else { return nil }
            let present = parts.enumerated().compactMap { i, row in
                row[keyPath: column.value].map { StatedAmount(path: (funds / "parts")[i] / column.key, amount: $0) }
            }
            guard !present.isEmpty else { return nil }
            return SumRelation(label: "年度资金总额的\(column.label)", total: StatedAmount(path: funds / "total" / column.key, amount: stated),
                               parts: present).discrepancy()
        }
    }

    static let fundsRate = ProjectRule(
        id: "project.funds.rate", severity: .error, kind: .arithmetic, title: "执行率与资金数不符",
        summary: "执行率 = 全年执行数 ÷ 全年预算数 × 100%，按填报精度判断（如 215,457.6 ÷ 250,000.00 = 86.18%，填报 86.19% 为错；全年预算 1.8、执行 1.8 而填报 0% 为错）；全年预算数为 0 时无法计算，不报。"
    ) { project, _ in
        let funds: FieldPath = "funds"
        let rows = [(funds / "total", project.funds?.total)] + (project.funds?.parts ?? []).enumerated().map { ((funds / "parts")[$0], Optional($1)) }
        return rows.compactMap { path, row in
            guard let row, let stated = row.executionRate, let spent = row.spent, let budget = row.fullYear else { return nil }
            let name = row.source ?? "年度资金总额"
            return RatioRelation(label: "\(name)的执行率（全年执行数 \(spent) ÷ 全年预算数 \(budget)）", path: path / "execution_rate",
                                 stated: stated, numerator: spent.intervalInYuan.clamped(atLeast: 0),
                                 denominator: budget.intervalInYuan.clamped(atLeast: 0),
                                 exact: budget.yuan == 0 ? nil : spent.yuan / budget.yuan * 100).discrepancy()
        }
    }

    static let executionUnexplained = ProjectRule(
        id: "project.execution.unexplained", severity: .warning, kind: .completeness, title: "执行率偏低未说明原因",
        summary: "评分规则要求说明原因的执行率（如四川：未达到 90%）以下，资金行的「原因」未填写。评分规则未作要求的不报。"
    ) { project, sheet in
        guard let floor = sheet.framework.execution.explainBelow, let rate = sheet.executionRate,
              rate * 100 < floor.number.value, (project.funds?.explanation ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { return [] }
        return [Discrepancy("funds.explanation",
                            "预算执行率 \(ProjectScoring.percent(rate)) 低于 \(floor)，\(sheet.framework.name)要求说明原因，原因未填写",
                            related: ["funds.total.spent", "funds.total.full_year"])]
    }

    static let weightsTotal = ProjectRule(
        id: "project.weights.total", severity: .error, kind: .scoring, title: "分值合计不等于满分",
        summary: "预算执行率的分值与各指标分值之和应等于评分规则的满分（一般为 100）；有指标未填分值时不核对。"
    ) { project, sheet in
        let indicators = project.indicators ?? []
        guard !indicators.isEmpty else { return [] }
        let executionWeight = project.funds?.weight?.value ?? sheet.framework.execution.weight.value
        let stated = indicators.compactMap(\.weight?.value)
        let sum = stated.reduce(executionWeight, +)
        let full = sheet.framework.total.value
        // A weight left blank could be anything: the sum is judged only when every weight is stated.
        guard stated.count == indicators.count, sum != full else { return [] }
        return [Discrepancy("indicators", "预算执行率分值 \(ProjectScoring.number(executionWeight)) 与 \(indicators.count) 项指标分值相加为 \(ProjectScoring.number(sum))，应等于满分 \(sheet.framework.total)",
                            expected: sheet.framework.total.description, actual: ProjectScoring.number(sum), related: ["funds.weight"])]
    }

    static let weightsLevel = ProjectRule(
        id: "project.weights.level", severity: .info, kind: .scoring, title: "一级指标分值与评分规则不同",
        summary: "某一级指标（产出、效益、满意度）的分值之和与评分规则的权重不同。财预〔2020〕10号规定的权重是「原则上」的，单位可按项目调整，故只作提示。"
    ) { project, sheet in
        let levels = sheet.framework.indicatorWeights.filter { $0.level1 != nil }
        let indicators = project.indicators ?? []
        guard !levels.isEmpty, indicators.allSatisfy({ $0.weight != nil }) else { return [] }
        return levels.compactMap { level in
            let word = level.level1!
            let members = indicators.enumerated().filter { $1.level1?.contains(word) == true }
            let sum = members.reduce(Decimal(0)) { $0 + $1.element.weight!.value }
            guard sum != level.weight.value else { return nil }
            return Discrepancy(members.first.map { FieldPath("indicators")[$0.offset] / "weight" } ?? "indicators",
                               "\(word)指标的分值合计为 \(ProjectScoring.number(sum))，\(sheet.framework.name)原则上为 \(level.weight)",
                               expected: level.weight.description, actual: ProjectScoring.number(sum))
        }
    }

    static let scoreOverWeight = ProjectRule(
        id: "project.score.over-weight", severity: .error, kind: .scoring, title: "得分超过分值",
        summary: "预算执行率和每项指标的得分都不能超过其分值。"
    ) { _, sheet in
        ([sheet.execution] + sheet.indicators).compactMap { line in
            guard let stated = line.stated, let weight = line.weight, stated.value > weight else { return nil }
            return Discrepancy(line.path, "「\(line.label)」得分 \(stated) 超过分值 \(ProjectScoring.number(weight))",
                               expected: "不超过 \(ProjectScoring.number(weight))", actual: stated.description)
        }
    }

    static let scoreRule = ProjectRule(
        id: "project.score.rule", severity: .error, kind: .scoring, title: "得分与计分规则不符",
        summary: "预算执行率得分 = 执行率 × 分值（不超过分值）；定量指标达到目标得满分，未达到按比例得分（≥ 指标：实际 ÷ 指标值；≤ 指标：指标值 ÷ 实际），不超过分值。按填报精度判断：整数得分允许 ±0.5。"
    ) { _, sheet in
        ([sheet.execution] + sheet.indicators).compactMap { line in
            guard !line.isQualitative, let stated = line.misfit, let computed = line.computed else { return nil }
            let expected = ProjectScoring.number(computed)
            return Discrepancy(line.path, "「\(line.label)」得分应为 \(expected)，填报为 \(stated)（\(line.basis)）",
                               expected: expected, actual: stated.description)
        }
    }

    static let scoreBand = ProjectRule(
        id: "project.score.band", severity: .warning, kind: .scoring, title: "定性指标得分不在其档次内",
        summary: "定性指标按实际完成情况分档计分：达成得分值的 80%–100%，部分达成 60%–80%，未达成 0–60%（档次以评分规则为准）。得分不在实际完成值所在档次内。"
    ) { _, sheet in
        sheet.indicators.compactMap { line in
            guard line.isQualitative, let stated = line.misfit, let allowed = line.allowed else { return nil }
            return Discrepancy(line.path, "「\(line.label)」得分 \(stated) 不在其档次内（\(line.basis)）",
                               expected: "\(ProjectScoring.number(allowed.lower))–\(ProjectScoring.number(allowed.upper))", actual: stated.description)
        }
    }

    static let scoreUnjudged = ProjectRule(
        id: "project.score.unjudged", severity: .info, kind: .scoring, title: "得分无法按规则核对",
        summary: "指标值或实际完成值不是可比较的数值、未填指标性质、或定性完成情况不是「达成、部分达成、未达成」，无法按规则核对填报的得分，只作提示。"
    ) { _, sheet in
        sheet.indicators.compactMap { line in
            guard let stated = line.stated, line.allowed == nil, line.weight != nil else { return nil }
            return Discrepancy(line.path, "「\(line.label)」得分 \(stated) 无法按规则核对：\(line.basis)")
        }
    }

    static let scoreMissing = ProjectRule(
        id: "project.score.missing", severity: .warning, kind: .completeness, title: "未填报得分",
        summary: "填了分值而未填得分的预算执行率或指标，以及未填总分的表。"
    ) { project, sheet in
        let lines = [sheet.execution] + sheet.indicators
        var found = lines.compactMap { line in
            line.stated == nil && line.weight != nil && (line.path != "funds.score" || project.funds?.weight != nil)
                ? Discrepancy(line.path, "「\(line.label)」有分值 \(ProjectScoring.number(line.weight!))，未填报得分") : nil
        }
        if project.totalScore == nil && !(project.indicators ?? []).isEmpty {
            found.append(Discrepancy("total_score", "未填报总分"))
        }
        return found
    }

    static let deviationMissing = ProjectRule(
        id: "project.deviation.missing", severity: .warning, kind: .completeness, title: "未达到目标未说明偏差原因",
        summary: "实际完成值未达到年度指标值（或得分低于分值）的指标，应填写偏差原因分析及改进措施。"
    ) { project, sheet in
        zip(project.indicators ?? [], sheet.indicators).enumerated().compactMap { i, pair in
            let (indicator, line) = pair
            // Not met by the rule; where the rule cannot tell, a score below the weight says so.
            let short = line.met.map { !$0 } ?? (line.stated.map { s in line.weight.map { s.value < $0 } ?? false } ?? false)
            guard short, (indicator.deviation ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return Discrepancy(FieldPath("indicators")[i] / "deviation", "「\(line.label)」未达到目标（\(line.basis)），偏差原因分析及改进措施未填写",
                               related: [line.path])
        }
    }

    static let totalMismatch = ProjectRule(
        id: "project.total.mismatch", severity: .error, kind: .arithmetic, title: "总分不等于各项得分之和",
        summary: "总分应等于预算执行率得分与各指标得分（按所填数字）之和，按总分的填报精度判断；有得分未填时不核对。"
    ) { project, sheet in
        guard let total = project.totalScore else { return [] }
        let lines = [sheet.execution] + sheet.indicators
        let scores = lines.compactMap(\.stated)
        guard scores.count == lines.count else { return [] }
        // A clerk adds the scores as written (9 for 8.62 is the score, not a rounding of it): their
        // exact sum must round to the stated total.
        let exact = scores.reduce(Decimal(0)) { $0 + $1.value }
        guard !total.interval.contains(exact) else { return [] }
        return [Discrepancy("total_score", "各项得分之和为 \(ProjectScoring.number(exact))，填报的总分为 \(total)",
                            expected: ProjectScoring.number(exact), actual: total.description, related: lines.map(\.path))]
    }

    static let gradeMismatch = ProjectRule(
        id: "project.grade.mismatch", severity: .error, kind: .scoring, title: "评价等级与总分不符",
        summary: "评价等级按评分规则由总分确定（财预〔2020〕10号：90 分及以上为优，80–90 为良，60–80 为中，60 以下为差）。"
    ) { project, sheet in
        guard let stated = project.grade?.trimmingCharacters(in: .whitespaces), !stated.isEmpty,
              let total = project.totalScore, let expected = sheet.framework.grade(for: total.value),
              !stated.hasPrefix(expected.grade)
        else { return [] }
        return [Discrepancy("grade", "总分 \(total) 的评价等级应为「\(expected.grade)」，填报为「\(stated)」",
                            expected: expected.grade, actual: stated, related: ["total_score"])]
    }
}
