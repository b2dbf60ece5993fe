import Foundation
import JixiaoCore

/// 报告各部分的表单 — the report's parts, each field with its Chinese label and its key in the
/// evaluation file. The one place where the forms name the file's fields: pages, the JSON API and
/// the completeness bars all read these descriptions. Their order and titles are the report
/// template's (`ordered(by:)`).
public enum ReportParts {
    /// Every form, the cover first.
    public static let all: [FormPart] = [cover, unit, work, goals, budget, finalAccounts, process, result, indicators, problems, useOfResults]

    public static func part(_ id: String) -> FormPart? { all.first { $0.id == id } }

    /// The forms in `template`'s outline order, each titled by the heading that holds its parts:
    /// the cover first, and last, under their own titles, the forms whose parts the outline has no
    /// heading for (the file still holds them).
    public static func ordered(by template: ReportTemplate) -> [FormPart] {
        let outline = template.parts
        let placed = all.enumerated().map { offset, form in
            let parts = form.reportParts
            let place = parts.isEmpty ? -1 : parts.compactMap { outline.firstIndex(of: $0) }.min() ?? outline.count
            return (form: form, place: place, offset: offset)
        }
        return placed.sorted { ($0.place, $0.offset) < ($1.place, $1.offset) }.map { entry in
            var form = entry.form
            form.title = title(of: form, in: template)
            return form
        }
    }

    /// A form's title under `template`: the one heading that holds its parts (with the parts named
    /// where that heading holds others too); for parts under several headings, the level-1 heading
    /// over them when it holds nothing else, else their titles in turn.
    static func title(of form: FormPart, in template: ReportTemplate) -> String {
        let parts = Set(form.reportParts)
        let outline = template.outline
        let holding = outline.filter { !parts.isDisjoint(with: $0.heading.parts ?? []) }
        guard let first = holding.first else { return form.title }
        if holding.count == 1 {
            let held = first.heading.parts ?? []
            guard held.contains(where: { !parts.contains($0) }) else { return first.heading.title }
            let named = held.filter(parts.contains).map(\.label).joined(separator: "、")
            // 自评结果 under a heading 自评结果 that holds more: the heading's words alone.
            return named == first.heading.title ? named : first.heading.title + "：" + named
        }
        if holding.allSatisfy({ $0.top == first.top }),
            let top = outline.first(where: { $0.level == 1 && $0.top == first.top }),
            outline.filter({ $0.top == first.top }).allSatisfy({ Set($0.heading.parts ?? []).isSubset(of: parts) }) {
            return top.heading.title
        }
        return holding.map(\.heading.title).joined(separator: "、")
    }

    /// The part a field path belongs to.
    public static func part(owning path: String) -> FormPart? { all.first { $0.owns(path) } }

    /// Every field's label by its path with the list indices left out (`work.categories.tasks.title`).
    public static let labels: [String: String] = {
        var labels: [String: String] = [:]
        func walk(_ items: [FormItem], _ base: String) {
            for item in items {
                switch item {
                case .field(let key, let label, _), .paragraphs(let key, let label): labels[base.isEmpty ? key : "\(base).\(key)"] = label
                case .list(let key, let label, _, let rows):
                    labels[base.isEmpty ? key : "\(base).\(key)"] = label
                    walk(rows, base.isEmpty ? key : "\(base).\(key)")
                case .variant(_, _, let items): walk(items, base)
                case .heading, .judgement: break
                }
            }
        }
        for part in all { walk(part.items, "") }
        return labels
    }()

    /// The label of the field at `path` (`work.categories[0].tasks[2].title` → 任务名称), or of its
    /// nearest labelled ancestor; nil when no form shows it.
    public static func label(of path: String) -> String? {
        FieldPath(path).prefixes.lazy.compactMap { labels[$0.text.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "", options: .regularExpression)] }.first
    }

    /// A field named as the core's label catalogue names it (`FieldLabels`), where the published tables
    /// and the scoring basis name it too.
    static func named(_ key: String, _ kind: FieldKind) -> FormItem {
        .field(key: key, label: FieldLabels.label(of: FieldPath(key)), kind: kind)
    }

    /// Where the field, row or list at `path` is, in the form's words: 「类别 1 › 任务 3 › 完成情况」.
    /// Nil when no form shows it.
    public static func place(of path: String) -> String? {
        part(owning: path).flatMap { place(of: path, in: $0) }
    }

    /// Where the field, row or list at `path` is in `part`'s form (a project form's too); nil when it does not show it.
    public static func place(of path: String, in part: FormPart) -> String? {
        func find(_ items: [FormItem], _ rest: Substring) -> [String]? {
            for item in items {
                switch item {
                case .field(let key, let label, _) where rest == key:
                    return [label]
                case .paragraphs(let key, let label), .list(let key, let label, _, _):
                    guard rest.hasPrefix(key) else { continue }
                    let after = rest.dropFirst(key.count)
                    if after.isEmpty { return [label] }
                    guard after.first == "[", let close = after.firstIndex(of: "]"), let i = Int(after.dropFirst().prefix(upTo: close)) else { continue }
                    let inner = after[after.index(after: close)...]
                    if case .list(_, _, let row, let rowItems) = item {
                        if inner.isEmpty { return ["\(row) \(i + 1)"] }
                        guard inner.first == ".", let below = find(rowItems, inner.dropFirst()) else { continue }
                        return ["\(row) \(i + 1)"] + below
                    }
                    if inner.isEmpty { return [label, "第 \(i + 1) 段"] }
                case .variant(_, _, let variantItems):
                    if let found = find(variantItems, rest) { return found }
                default:
                    continue
                }
            }
            return nil
        }
        return find(part.items, path[...])?.joined(separator: " › ")
    }

    public static let cover = FormPart(id: "cover", title: "封面", owns: ["cover"], items: [
        .field(key: "cover.attachment", label: "附件编号", kind: .text),
        .field(key: "cover.title", label: "报告标题", kind: .text),
        .field(key: "cover.year", label: "评价年度", kind: .year),
        .field(key: "cover.unit_name", label: "评价单位", kind: .text),
        .field(key: "cover.seal_label", label: "盖章栏文字", kind: .text),
        .field(key: "cover.filled_on", label: "填报日期", kind: .date),
        .heading("财政局通知"),
        .field(key: "cover.notice.issuer", label: "发文机关", kind: .text),
        .field(key: "cover.notice.title", label: "通知标题", kind: .text),
        .field(key: "cover.notice.number", label: "文号", kind: .text),
        .paragraphs(key: "cover.opening", label: "开头段落"),
    ])

    public static let headcount: [FormItem] = [
        .field(key: "kind", label: "类别", kind: .text),
        .field(key: "count", label: "人数", kind: .count),
        .field(key: "status", label: "人员状态", kind: .choice(PersonStatus.choices)),
    ]

    public static let unit = FormPart(id: "unit", title: "单位基本情况", owns: ["unit", "staffing"], items: [
        .heading("机构设置"),
        .field(key: "unit.name", label: "单位名称", kind: .text),
        .field(key: "unit.type", label: "单位类型", kind: .choice(UnitType.choices)),
        .field(key: "unit.civil_service_managed", label: "参照公务员法管理", kind: .bool),
        .field(key: "unit.budget_level", label: "预算级次", kind: .choice(BudgetLevel.choices)),
        .paragraphs(key: "unit.duties", label: "主要职责"),
        .paragraphs(key: "unit.departments", label: "内设机构"),
        .paragraphs(key: "unit.subordinate_units", label: "下属单位"),
        .paragraphs(key: "unit.narrative", label: "其他说明"),
        .heading("人员构成"),
        named("staffing.authorized.total", .count),
        .list(key: "staffing.authorized.parts", label: "编制数 · 分类", row: "编制类别", items: headcount),
        named("staffing.supported.total", .count),
        .list(key: "staffing.supported.parts", label: "财政供养人员 · 分类", row: "人员类别", items: headcount),
        named("staffing.in_service", .count),
        named("staffing.control_rate", .percent),
        .paragraphs(key: "staffing.narrative", label: "人员情况说明"),
    ])

    /// A target's fields: those its kind uses (as `TaskTarget` documents them), and the actual value of the same sort.
    public static let target: [FormItem] = {
        func only(_ kinds: [TargetKind], _ items: [FormItem]) -> FormItem { .variant(key: "kind", values: kinds.map(\.rawValue), items: items) }
        let counted: [TargetKind] = [.count, .atLeast, .range, .split]
        return [
            .field(key: "kind", label: "目标类型", kind: .choice(TargetKind.choices, labels: Dictionary(uniqueKeysWithValues: TargetKind.allCases.map { ($0.rawValue, $0.label) }))),
            .field(key: "subject", label: "目标内容", kind: .text),
            only(counted, [.field(key: "unit", label: "计量单位", kind: .text)]),
            only([.count, .atLeast, .split], [.field(key: "value", label: "目标值", kind: .number)]),
            only([.range], [.field(key: "min", label: "目标下限", kind: .number), .field(key: "max", label: "目标上限", kind: .number)]),
            only([.percentage], [.field(key: "percent", label: "目标比例", kind: .percent)]),
            only([.deadline], [.field(key: "deadline", label: "完成期限", kind: .date)]),
            only([.split], [.list(key: "splits", label: "分解", row: "分解", items: [
                .field(key: "by", label: "分解到", kind: .text),
                .field(key: "value", label: "数量", kind: .number),
                .field(key: "units", label: "个数", kind: .count),
            ])]),
            .field(key: "text", label: "目标原文", kind: .text),
            only(counted, [.field(key: "actual.value", label: "实际完成值", kind: .number)]),
            only([.percentage], [.field(key: "actual.percent", label: "实际完成比例", kind: .percent)]),
            only([.deadline], [.field(key: "actual.date", label: "实际完成日期", kind: .date)]),
            .field(key: "actual.achieved", label: "是否完成", kind: .bool),
            .field(key: "actual.note", label: "完成情况说明", kind: .text),
        ]
    }()

    public static let work = FormPart(id: "work", title: "年度工作与重点任务", owns: ["work"], pagedList: "work.categories", items: [
        .paragraphs(key: "work.general", label: "总体工作要求"),
        .list(key: "work.categories", label: "工作任务类别", row: "类别", items: [
            .field(key: "name", label: "类别名称", kind: .text),
            .list(key: "tasks", label: "重点工作任务", row: "任务", items: [
                .field(key: "number", label: "任务序号", kind: .count),
                .field(key: "title", label: "任务名称", kind: .text),
                .field(key: "description", label: "任务内容", kind: .paragraph),
                .list(key: "targets", label: "目标", row: "目标", items: target),
                .field(key: "result.summary", label: "完成情况", kind: .paragraph),
                .paragraphs(key: "result.evidence", label: "佐证材料"),
            ]),
        ]),
    ])

    public static let goals = FormPart(id: "goals", title: "绩效目标", owns: ["performance_goals"], items: [
        .paragraphs(key: "performance_goals", label: "部门整体支出绩效目标"),
    ])

    public static let budget = FormPart(id: "budget", title: "预算", owns: ["budget"], items: [
        .field(key: "budget.year", label: "预算年度", kind: .year),
    ] + FormItem.yearOnYear("budget.income", "收入预算") + FormItem.yearOnYear("budget.expenditure", "年初支出预算") + [
        .heading("预算调整与全年预算"),
        named("budget.adjustments.added", .amount),
        named("budget.adjustments.reduced", .amount),
        named("budget.adjustments.reason", .text),
        named("budget.full_year", .amount),
        named("budget.public_operating", .amount),
    ]
        + FormItem.yearOnYear("budget.three_public.total", "“三公”经费")
        + FormItem.yearOnYear("budget.three_public.overseas_travel", "因公出国（境）费")
        + FormItem.yearOnYear("budget.three_public.vehicles.total", "公务用车购置及运行维护费")
        + FormItem.yearOnYear("budget.three_public.vehicles.purchase", "公务用车购置费")
        + FormItem.yearOnYear("budget.three_public.vehicles.running", "公务用车运行维护费")
        + FormItem.yearOnYear("budget.three_public.reception", "公务接待费")
        + FormItem.yearOnYear("budget.operating_funds", "机关运行经费") + [
            .field(key: "budget.operating_funds_definition", label: "机关运行经费的口径", kind: .paragraph),
            .heading("政府采购预算"),
            .field(key: "budget.procurement.total", label: "政府采购 · 合计", kind: .amount),
            .field(key: "budget.procurement.goods", label: "政府采购 · 货物类", kind: .amount),
            .field(key: "budget.procurement.works", label: "政府采购 · 工程类", kind: .amount),
            .field(key: "budget.procurement.services", label: "政府采购 · 服务类", kind: .amount),
            .heading("固定资产"),
            .field(key: "budget.fixed_assets.as_of", label: "截至日期", kind: .date),
            .field(key: "budget.fixed_assets.amount", label: "固定资产金额", kind: .amount),
            .field(key: "budget.fixed_assets.building_area", label: "房屋面积（平方米）", kind: .number),
            .field(key: "budget.fixed_assets.vehicles", label: "车辆数", kind: .count),
            .field(key: "budget.fixed_assets.equipment_over_one_million", label: "单价 100 万元以上设备（台）", kind: .count),
            .field(key: "budget.fixed_assets.planned_purchase", label: "本年度拟购置固定资产", kind: .amount),
            .field(key: "budget.fixed_assets.planned_note", label: "拟购置说明", kind: .text),
            .paragraphs(key: "budget.narrative", label: "预算情况说明"),
        ])

    public static func classified(_ classification: Classification) -> [FormItem] {
        [
            .field(key: "code", label: "科目编码", kind: .code(classification)),
            .field(key: "name", label: "科目名称", kind: .text),
            .field(key: "amount", label: "金额", kind: .amount),
        ]
    }

    public static let finalAccounts = FormPart(id: "final", title: "决算", owns: ["final_accounts"], items: [
        .heading("收入决算"),
        named("final_accounts.income.total", .amount),
        .list(key: "final_accounts.income.by_source", label: "收入 · 按来源", row: "收入来源", items: [
            .field(key: "source", label: "来源", kind: .choice(IncomeSource.choices)),
            .field(key: "amount", label: "金额", kind: .amount),
        ]),
        .heading("支出决算"),
        named("final_accounts.expenditure.total", .amount),
        .list(key: "final_accounts.expenditure.by_function", label: "支出 · 按功能分类", row: "功能分类科目",
              items: classified(.functional)),
        .field(key: "final_accounts.expenditure.by_nature.basic.amount", label: "基本支出", kind: .amount),
        named("final_accounts.expenditure.by_nature.basic.personnel", .amount),
        named("final_accounts.expenditure.by_nature.basic.public_operating", .amount),
        .field(key: "final_accounts.expenditure.by_nature.project_total", label: "项目支出合计", kind: .amount),
        .list(key: "final_accounts.expenditure.by_nature.projects", label: "项目支出", row: "项目", items: [
            .field(key: "category", label: "项目类别", kind: .text),
            .field(key: "name", label: "项目名称", kind: .text),
            .field(key: "amount", label: "金额", kind: .amount),
        ]),
        .list(key: "final_accounts.expenditure.by_economic", label: "支出 · 按经济分类", row: "经济分类科目",
              items: classified(.economic)),
        .heading("其他决算数"),
        named("final_accounts.carry_over", .amount),
        named("final_accounts.three_public", .amount),
        named("final_accounts.procurement", .amount),
        named("final_accounts.execution_rate", .percent),
        named("final_accounts.deviation_reason", .paragraph),
        .paragraphs(key: "final_accounts.narrative", label: "决算情况说明"),
    ])

    public static let process = FormPart(
        id: "process", title: "自评工作开展情况",
        owns: ["self_evaluation.team", "self_evaluation.process", "self_evaluation.submission", "self_evaluation.disclosure"],
        items: [
            .heading("评价小组"),
            .field(key: "self_evaluation.team.members", label: "小组成员人数", kind: .count),
            .field(key: "self_evaluation.team.composition", label: "人员构成", kind: .text),
            .field(key: "self_evaluation.team.office", label: "办公室设在", kind: .text),
            .field(key: "self_evaluation.team.duties", label: "小组职责", kind: .paragraph),
            .paragraphs(key: "self_evaluation.process", label: "自评工作过程"),
            .paragraphs(key: "self_evaluation.submission", label: "自评材料报送时间及质量"),
            .paragraphs(key: "self_evaluation.disclosure", label: "自评材料报送及公开一致情况"),
        ])

    public static let result = FormPart(id: "result", title: "自评结果", owns: ["self_evaluation.result", "self_scoring"], items: [
        .field(key: "self_evaluation.result.score", label: "自评得分", kind: .number),
        .field(key: "self_evaluation.result.grade", label: "自评等级", kind: .choice(Grade.allCases.map(\.rawValue))),
        .field(key: "self_evaluation.result.judgement", label: "综合评判", kind: .paragraph),
        .judgement,
    ])

    /// 复核评分 — the judgement items again, answered by the reviewer (an answers sheet, not the file).
    public static let reviewScoring = FormPart(id: "review", title: "复核评分", owns: ["self_scoring"], items: [.judgement])

    public static let indicators = FormPart(id: "indicators", title: "指标分析", owns: ["indicators", "self_evaluation.indicator_summary"], items: [
        .paragraphs(key: "self_evaluation.indicator_summary", label: "指标分析总述"),
        .list(key: "indicators", label: "绩效指标", row: "指标", items: [
            .field(key: "name", label: "指标名称", kind: .text),
            .field(key: "category", label: "所属一级/二级指标", kind: .text),
            .field(key: "target", label: "目标值", kind: .quantity),
            .field(key: "actual", label: "实际完成值", kind: .quantity),
            .field(key: "better", label: "指标方向", kind: .choice(IndicatorDirection.choices, labels: ["higher": "越高越好", "lower": "越低越好"])),
            .field(key: "points", label: "分值", kind: .number),
            .field(key: "score", label: "得分", kind: .number),
            .field(key: "analysis", label: "指标分析", kind: .paragraph),
        ]),
    ])

    public static let problems = FormPart(id: "problems", title: "问题和改进措施", owns: ["problems", "improvements"], items: [
        .list(key: "problems", label: "存在问题", row: "问题", items: [
            .field(key: "title", label: "问题", kind: .text),
            .field(key: "explanation", label: "具体说明", kind: .paragraph),
        ]),
        .list(key: "improvements", label: "改进措施", row: "措施", items: [
            .field(key: "problem", label: "针对的问题", kind: .problemNumber),
            .field(key: "measure", label: "措施", kind: .paragraph),
        ]),
    ])

    public static let useOfResults = FormPart(id: "use", title: "结果应用", owns: ["use_of_results", "other_matters"], items: [
        .paragraphs(key: "use_of_results", label: "结果应用"),
        .paragraphs(key: "other_matters", label: "其他需要说明的情况"),
    ])
}
