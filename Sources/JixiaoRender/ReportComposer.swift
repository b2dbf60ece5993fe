import Foundation
import JixiaoCore

/// Writes the report from the evaluation file in the register of such reports, heading by
/// heading of a report template's outline (default: 湛江/廉江, report-outline.md). Every figure is the file's, computed
/// from the file, or checked by the catalogue; what the report needs and the file lacks becomes
/// a gap, listed in `missing`: a formal report is written only when there is none.
public struct ReportComposer {
    public let evaluation: Evaluation
    /// The scores under the bureau's framework, when one is given.
    public let scores: ScoreSheet?
    /// Departure of final expenditure from the budget, in percent, beyond which a reason is required.
    public var deviationThreshold: Decimal = 20
    /// The template whose title, cover, headings, numbering and order the report follows.
    public var template: ReportTemplate = .standard

    public init(evaluation: Evaluation, scores: ScoreSheet?) {
        self.evaluation = evaluation
        self.scores = scores
    }

    /// The composed report and what it lacks (each a field path and what belongs there).
    public struct Result: Sendable {
        public var document: ReportDocument
        public var missing: [String]
    }

    public func compose(draft: Bool) -> Result {
        var writer = Writer()
        let unit = evaluation.unit?.name ?? evaluation.cover?.unitName
        let unitText = unit.map { Text($0) } ?? writer.gap("unit.name", "单位名称")
        let yearText = evaluation.year.map { Text("\($0)") } ?? writer.gap("cover.year", "评价年度")
        let cover = coverBlock(&writer, unit: unitText, year: yearText)
        writer.opening(evaluation, unit: unitText, year: yearText)
        writer.outline(template.headings, level: 1, Writer.Context(e: evaluation, scores: scores, unit: unitText, year: yearText,
                                                                   deviationThreshold: deviationThreshold))
        return Result(document: ReportDocument(cover: cover, blocks: writer.blocks, isDraft: draft), missing: writer.missing)
    }

    private func coverBlock(_ writer: inout Writer, unit: Text, year: Text) -> CoverBlock {
        let c = evaluation.cover
        let lines: [(String, Text)] = template.cover.map { field in
            switch field {
            case .year: ("评价年度", year + " 年度")
            case .unit: ("评价单位", unit)
            case .seal: (c?.sealLabel ?? "预算部门单位（公章）", "")
            case .filledOn: ("填报日期", c?.filledOn.map { Text("\($0.year) 年 \($0.month) 月 \($0.day) 日") } ?? writer.gap("cover.filled_on", "填报日期"))
            }
        }
        return CoverBlock(attachment: c?.attachment, title: template.title(unit: unit.plainText, year: year.plainText), lines: lines)
    }
}

/// Accumulates blocks and gaps while the report is written.
private struct Writer {
    var blocks: [Block] = []
    var missing: [String] = []

    /// A gap: data the report needs, named by its field.
    mutating func gap(_ path: String, _ what: String) -> Text {
        missing.append("\(path)：\(what)")
        return Text([.gap(what)])
    }

    mutating func heading(_ level: Int, _ number: String, _ text: Text) {
        blocks.append(.heading(level: level, number: number, text: text))
    }

    mutating func paragraph(_ text: Text) { blocks.append(.paragraph(text)) }

    /// The clerk's paragraphs, tidied as the forms store them.
    mutating func paragraphs(_ texts: [String]?) { for t in texts ?? [] { for p in PastedText.paragraphs(t) { paragraph(Text(p)) } } }

    /// The composer's `words`, then the clerk's `field` (after `phrase`, where it does not begin
    /// with it): the field's first paragraph runs on in the composer's, ended with a full stop when
    /// it is the only one, and its others follow as paragraphs of their own.
    mutating func paragraph(_ words: Text, _ phrase: Phrase? = nil, then field: String?) {
        let fieldParagraphs = field.map(PastedText.paragraphs) ?? []
        let first = Text(fieldParagraphs.first ?? "")
        paragraph(words + (phrase.map { $0.before(first) } ?? first) + (fieldParagraphs.count > 1 ? "" : "。"))
        for p in fieldParagraphs.dropFirst() { paragraph(Text(p)) }
    }

    // MARK: 开头

    mutating func opening(_ e: Evaluation, unit: Text, year: Text) {
        if let opening = e.cover?.opening, !opening.isEmpty {
            paragraphs(opening)
            return
        }
        var text: Text = "根据"
        if let notice = e.cover?.notice, let title = notice.title {
            text = text + Text(clause: notice.issuer ?? "") + "《" + Text(clause: title) + "》" + (notice.number.map { "（" + Text(clause: $0) + "）" } ?? "")
        } else {
            text = text + gap("cover.notice", "财政局通知及文号")
        }
        paragraph(text + "要求，" + unit + "对" + year + "年度部门整体支出开展了绩效自评。现将自评情况报告如下：")
    }

    // MARK: The outline

    /// What every part's writer may need.
    struct Context {
        let e: Evaluation
        let scores: ScoreSheet?
        let unit: Text
        let year: Text
        let deviationThreshold: Decimal
    }

    /// The template's headings at `level`, numbered by their place among those written: a heading
    /// not required is left out when the file has nothing for it (nor for any heading below it).
    mutating func outline(_ headings: [TemplateHeading], level: Int, _ context: Context) {
        func holdsContent(_ h: TemplateHeading) -> Bool {
            (h.parts ?? []).contains { $0.isPresent(in: context.e) } || (h.headings ?? []).contains(where: holdsContent)
        }
        var written = 0
        for h in headings where h.isRequired || holdsContent(h) {
            written += 1
            heading(level, h.numbering.label(written), Text(h.title))
            let parts = h.parts ?? []
            for part in parts { write(part, context, title: parts.count == 1 ? h.title : part.label) }
            outline(h.headings ?? [], level: level + 1, context)
        }
    }

    /// One part of the file under its heading; `title` names what a gap lacks.
    mutating func write(_ part: ReportPart, _ c: Context, title: String) {
        let e = c.e, s = e.selfEvaluation
        switch part {
        case .unit: organisation(e, unit: c.unit)
        case .staffing: staffing(e, year: c.year)
        case .work: tasks(e)
        case .performanceGoals:
            if let goals = e.performanceGoals, !goals.isEmpty { paragraphs(goals) } else { paragraph(gap("performance_goals", "部门整体支出绩效目标")) }
        case .budget: budget(e, year: c.year, deviationThreshold: c.deviationThreshold)
        case .finalAccounts: finalAccounts(e, unit: c.unit, year: c.year, deviationThreshold: c.deviationThreshold)
        case .team: team(s?.team)
        case .process: paragraphs(s?.process, orGap: part, title)
        case .submission: paragraphs(s?.submission, orGap: part, title)
        case .disclosure: paragraphs(s?.disclosure, orGap: part, title)
        case .result: result(e, scores: c.scores, year: c.year)
        case .indicators: indicators(e)
        case .problems: problems(e)
        case .improvements: improvements(e)
        case .useOfResults: paragraphs(e.useOfResults)
        case .otherMatters: paragraphs(e.otherMatters)
        }
    }

    /// The clerk's paragraphs, or a gap naming what belongs there.
    mutating func paragraphs(_ texts: [String]?, orGap part: ReportPart, _ title: String) {
        if let texts, !texts.isEmpty { paragraphs(texts) } else { paragraph(gap(part.rawValue, title)) }
    }

    // MARK: 单位基本情况

    mutating func organisation(_ e: Evaluation, unit: Text) {
        let u = e.unit
        var text = unit + "是"
        switch (u?.type, u?.civilServiceManaged) {
        case (let type?, let managed):
            let kind = [UnitType.administrative: "行政单位", .institution: "事业单位", .massOrganisation: "群团组织", .other: "单位"][type]!
            text = text + Text((managed == true ? "参照公务员法管理的" : "") + kind)
        case (nil, _):
            text = text + gap("unit.type", "单位类型")
        }
        if let duties = u?.duties, !duties.isEmpty {
            text = text + "，主要职责：" + Text.joined(duties.enumerated().map { Text("\($0.offset + 1).") + Text(listItem: $0.element) }, separator: "；") + "。"
        } else {
            text = text + "，主要职责：" + gap("unit.duties", "主要职责") + "。"
        }
        if let departments = u?.departments, !departments.isEmpty {
            text = text + Text("内设 \(departments.count) 个职能部门（") + Text.joined(departments.map(Text.init(listItem:)), separator: "、") + "）。"
        }
        if let subordinate = u?.subordinateUnits {
            text = text + (subordinate.isEmpty ? "本部门无下属单位"
                : Text("下属单位 \(subordinate.count) 个（") + Text.joined(subordinate.map(Text.init(listItem:)), separator: "、") + "）")
            text = text + Text(u?.budgetLevel == .consolidated ? "，部门预算为汇总预算。" : "，部门预算为本级预算。")
        }
        paragraph(text)
        paragraphs(u?.narrative)
    }

    /// 「现有编制 11 名，其中行政编制 9 名、工勤编制 2 名」: the total as stated, or summed.
    static func headcount(_ h: Headcount, noun: String, measure: String) -> String {
        let parts = h.parts ?? []
        let total = h.total ?? parts.reduce(0) { $0 + $1.count }
        let list = parts.map { "\($0.kind) \($0.count) \(measure)" }.joined(separator: "、")
        return "\(noun) \(total) \(measure)" + (list.isEmpty ? "" : "，其中\(list)")
    }

    mutating func staffing(_ e: Evaluation, year: Text) {
        guard let s = e.staffing, s.authorized != nil || s.supported != nil else {
            paragraph("人员构成情况：" + gap("staffing", "编制数和财政供养人员数"))
            return
        }
        var text: Text = "人员构成情况："
        if let a = s.authorized { text = text + Text(Self.headcount(a, noun: "现有编制", measure: "名") + "。") }
        if let p = s.supported { text = text + year + Text("年有" + Self.headcount(p, noun: "财政供养人员", measure: "人") + "。") }
        paragraph(text)
        paragraphs(s.narrative)
    }

    mutating func tasks(_ e: Evaluation) {
        paragraphs(e.work?.general)
        let categories = e.work?.categories ?? []
        if categories.isEmpty { paragraph(gap("work.categories", "重点工作任务")) }
        for (c, category) in categories.enumerated() {
            heading(3, "\(c + 1).", Text(listItem: category.name))
            for (i, task) in (category.tasks ?? []).enumerated() {
                let path = "work.categories[\(c)].tasks[\(i)]"
                heading(4, "（\(task.number ?? i + 1)）", Text(listItem: task.title))
                paragraphs(task.description.map { [$0] })
                let targets = (task.targets ?? []).map { Text(clause: Self.targetText($0)) }
                if !targets.isEmpty { paragraph("目标：" + Text.joined(targets, separator: "；") + "。") }
                paragraph(Phrase.result.before(result(task, path: path)))
            }
        }
    }

    static func targetText(_ t: TaskTarget) -> String {
        if let text = t.text { return text }
        let unit = t.unit ?? ""
        switch t.kind {
        case .count: return "\(t.subject) \(t.value.map(\.description) ?? "") \(unit)"
        case .atLeast: return "\(t.subject)不少于 \(t.value.map(\.description) ?? "") \(unit)"
        case .range: return "\(t.subject) \(t.min.map(\.description) ?? "") 至 \(t.max.map(\.description) ?? "") \(unit)"
        case .percentage: return "\(t.subject)达到 \(t.percent.map(\.description) ?? "") 以上"
        case .deadline: return "\(t.subject)于 \(t.deadline.map(\.description) ?? "") 前完成"
        case .yesNo: return t.subject
        case .split:
            let parts = (t.splits ?? []).map { "\($0.by) \($0.value) \(unit)" }.joined(separator: "、")
            return "\(t.subject)（\(parts)）"
        }
    }

    mutating func result(_ task: WorkTask, path: String) -> Text {
        var pieces: [Text] = []
        for target in task.targets ?? [] {
            guard let actual = target.actual else { continue }
            let value = actual.value.map { "\($0) \(target.unit ?? "")" } ?? actual.percent?.description
                ?? actual.date.map { "\($0) 完成" } ?? (actual.achieved.map { $0 ? "已完成" : "未完成" } ?? "")
            pieces.append(Text(clause: target.subject) + Text("实际 \(value)") + (actual.note.map { "（" + Text(clause: $0) + "）" } ?? ""))
        }
        if let summary = task.result?.summary { pieces.insert(Text(clause: summary), at: 0) }
        if let evidence = task.result?.evidence, !evidence.isEmpty {
            pieces.append("佐证材料：" + Text.joined(evidence.map(Text.init(listItem:)), separator: "、"))
        }
        guard !pieces.isEmpty, task.isReported else {
            return gap(path + ".result", "任务\(task.number.map { " \($0)" } ?? "")「\(task.title)」的完成情况")
        }
        return Text.joined(pieces, separator: "；") + "。"
    }

    // MARK: 预算

    /// A year-on-year figure's 本年数, or the gap where the year's amount is not stated yet.
    mutating func amount(_ y: YearOnYear, path: String) -> Text {
        y.amount.map { Text($0.description) } ?? gap(path + ".amount", "本年数")
    }

    /// 「比上年增加 15.17万元，增长 5.6%，主要原因是人员增加」, from what is stated or computed.
    mutating func change(_ y: YearOnYear, path: String) -> Text {
        var change: Amount?
        if let stated = y.change?.amount {
            change = stated
        } else if let last = y.lastYear, let amount = y.amount {
            let d = max(amount.number.decimals, last.number.decimals)
            change = Amount(DecimalFormat.rounded(amount.number.value - last.yuan / amount.unit.yuanFactor, decimals: d),
                            decimals: d, unit: amount.unit)
        }
        // Without this year's amount the change is unknown, and the amount's gap already asks for it.
        guard let change else { return y.amount == nil ? "" : "，" + gap(path + ".change", "比上年增减额") }
        // 「比上年增加 0万元，增长 0%」 is not how a change of nothing is written.
        if change.number.value == 0 {
            guard let reason = y.reason, !reason.isEmpty, !Self.saysUnchanged(reason) else { return Text("，与上年持平") }
            return Text("，与上年持平，") + Text(clause: reason)
        }
        let up = change.number.value > 0
        let magnitude = Amount(abs(change.number.value), decimals: change.number.decimals, unit: change.unit)
        var text = Text("，比上年\(up ? "增加" : "减少") \(magnitude)")
        let base = y.lastYear?.yuan ?? y.amount.map { $0.yuan - change.yuan }
        if let growth = y.growth {
            text = text + Text("，\(growth.number.value >= 0 ? "增长" : "下降") \(Percent(abs(growth.number.value), decimals: growth.number.decimals))")
        } else if let base, base != 0 {
            let rate = change.yuan / base * 100
            text = text + Text("，\(rate >= 0 ? "增长" : "下降") \(DecimalFormat.fixed(abs(rate), decimals: 1, grouping: false))%")
        }
        if let reason = y.reason, !reason.isEmpty {
            text = text + "，" + Phrase.reason.before(Text(clause: reason))
        } else if change.number.value != 0 {
            text = text + "，主要原因是" + gap(path + ".reason", "增减原因")
        }
        return text
    }

    /// Whether a reason only says that nothing changed (「与上年持平，无增减变化」).
    static func saysUnchanged(_ reason: String) -> Bool {
        ["持平", "无增减", "没有变化", "无变化", "未发生变化"].contains { reason.contains($0) }
    }

    mutating func budget(_ e: Evaluation, year: Text, deviationThreshold: Decimal) {
        let b = e.budget
        if b?.income == nil && b?.expenditure == nil {
            paragraph(gap("budget", "收入预算和支出预算"))
        } else {
            var text = year + "年本部门"
            if let income = b?.income { text = text + "收入预算 " + amount(income, path: "budget.income") + change(income, path: "budget.income") + "；" }
            if let spending = b?.expenditure {
                text = text + "支出预算 " + amount(spending, path: "budget.expenditure") + change(spending, path: "budget.expenditure") + "。"
            }
            paragraph(text)
        }
        adjustments(e, year: year, deviationThreshold: deviationThreshold)
        if let tp = b?.threePublic {
            var text = year + "年本部门财政拨款安排“三公”经费"
            if let total = tp.total { text = text + " " + amount(total, path: "budget.three_public.total") + change(total, path: "budget.three_public.total") }
            var parts: [Text] = []
            if let o = tp.overseasTravel {
                parts.append("因公出国（境）费 " + amount(o, path: "budget.three_public.overseas_travel") + change(o, path: "budget.three_public.overseas_travel"))
            }
            if let v = tp.vehicles {
                var t: Text = "公务用车购置及运行费"
                if let total = v.total { t = t + " " + amount(total, path: "budget.three_public.vehicles.total") }
                let detail = [v.purchase.map { ("公务用车购置费 ", $0, "budget.three_public.vehicles.purchase") },
                              v.running.map { ("公务用车运行维护费 ", $0, "budget.three_public.vehicles.running") }]
                    .compactMap { $0 }.map { label, figure, path in Text(label) + amount(figure, path: path) }
                if !detail.isEmpty { t = t + "（" + detail.dropFirst().reduce(detail[0]) { $0 + "，" + $1 } + "）" }
                if let total = v.total { t = t + change(total, path: "budget.three_public.vehicles.total") }
                parts.append(t)
            }
            if let r = tp.reception { parts.append("公务接待费 " + amount(r, path: "budget.three_public.reception") + change(r, path: "budget.three_public.reception")) }
            if !parts.isEmpty { text = text + "。其中：" + parts.dropFirst().reduce(parts[0]) { $0 + "；" + $1 } }
            paragraph(text + "。")
        }
        paragraphs(b?.operatingFundsDefinition.map { [$0] })
        if let funds = b?.operatingFunds {
            paragraph(year + "年本部门机关运行经费安排 " + amount(funds, path: "budget.operating_funds") + change(funds, path: "budget.operating_funds") + "。")
        }
        if let p = b?.procurement {
            let parts = [p.goods.map { "货物类采购预算 \($0)" }, p.works.map { "工程类采购预算 \($0)" }, p.services.map { "服务类采购预算 \($0)" }]
                .compactMap { $0 }
            paragraph(year + Text("年本部门政府采购安排 \(p.total.map(\.description) ?? "")" + (parts.isEmpty ? "" : "，其中：" + parts.joined(separator: "，")) + "。"))
        }
        if let a = b?.fixedAssets {
            var text = "截至 \(a.asOf.map { "\($0.year) 年 \($0.month) 月 \($0.day) 日" } ?? "上年末")，本部门固定资产金额 \(a.amount.map(\.description) ?? "—")"
            let parts = [a.buildingArea.map { "房屋 \($0) 平方米" }, a.vehicles.map { "车辆 \($0) 辆" },
                         a.equipmentOverOneMillion.map { "单价在 100 万元以上的设备 \($0) 台" }].compactMap { $0 }
            if !parts.isEmpty { text += "，分布构成情况为：" + parts.joined(separator: "，") }
            var note: Text = ""
            if let planned = a.plannedPurchase {
                text += "。本年度拟购置固定资产 \(planned)"
                note = a.plannedNote.map { "，" + Text(clause: $0) } ?? ""
            }
            paragraph(Text(text) + note + "。")
        }
        paragraphs(b?.narrative)
    }

    /// 「2021年全年预算数（调整后预算数）1,148.64万元，年度中追加预算 863.06万元、追减预算 0万元，主要原因是…。」
    /// A full-year budget far from the year-start one needs its reason (or the deviation's).
    mutating func adjustments(_ e: Evaluation, year: Text, deviationThreshold: Decimal) {
        guard let b = e.budget else { return }
        let parts = [b.adjustments?.added.map { "追加预算 \($0)" }, b.adjustments?.reduced.map { "追减预算 \($0)" }].compactMap { $0 }
        let full = b.fullYearBudget
        guard full != nil || !parts.isEmpty else { return }
        var text = year + (full.map { Text("年全年预算数（调整后预算数）\($0.text)") } ?? "年")
        if !parts.isEmpty {
            text = text + Text("\(full == nil ? "" : "，")年度中" + parts.joined(separator: "、"))
        } else if let full, let start = b.yearStartBudget, full.yuan != start.yuan, let change = b.adjustmentTotal {
            text = text + Text("，比年初预算数\(full.yuan > start.yuan ? "增加" : "减少") \(change.text)")
        }
        if let reason = b.adjustments?.reason ?? e.finalAccounts?.deviationReason, !reason.isEmpty {
            text = text + "，" + Phrase.reason.before(Text(clause: reason))
        } else if let full, let start = b.yearStartBudget, start.yuan > 0, abs(full.yuan / start.yuan * 100 - 100) > deviationThreshold {
            text = text + "，主要原因是" + gap("budget.adjustments.reason", "年中追加、追减预算的原因")
        }
        paragraph(text + "。")
    }

    // MARK: 决算

    static func wan(_ amount: Amount) -> Decimal { amount.yuan / 10_000 }

    mutating func finalAccounts(_ e: Evaluation, unit: Text, year: Text, deviationThreshold: Decimal) {
        guard let fa = e.finalAccounts, fa.income?.total != nil || fa.expenditure?.total != nil else {
            paragraph(gap("final_accounts", "部门决算收支"))
            return
        }
        var text = unit + year + "年部门决算"
        if let income = fa.income?.total { text = text + Text("总收入 \(income)，") }
        if let spent = fa.expenditure?.total { text = text + Text("总支出 \(spent)。") }
        let sources = (fa.income?.bySource ?? []).map { "\($0.source.rawValue)收入 \($0.amount)" }
        if !sources.isEmpty { text = text + Text("其中" + sources.joined(separator: "；") + "。") }
        paragraph(text)

        let budgeted = e.budget?.budget(on: nil)
        if let spent = fa.expenditure?.total, let budgeted, budgeted.yuan > 0 {
            let ratio = spent.yuan / budgeted.yuan * 100
            var t = Text("决算支出为\(budgeted.basis.label) \(budgeted.text) 的 \(DecimalFormat.fixed(ratio, decimals: 1, grouping: false))%")
            if abs(ratio - 100) > deviationThreshold {
                t = t + "，" + (fa.deviationReason.map { Phrase.reason.before(Text(clause: $0)) }
                    ?? "主要原因是" + gap("final_accounts.deviation_reason", "决算偏离预算的原因"))
            }
            paragraph(t + "。")
        }
        let ex = fa.expenditure
        if let lines = ex?.byFunction, !lines.isEmpty {
            blocks.append(.table(Self.classified("决算支出（按功能分类）", lines, Classification.functional, total: ex?.total)))
            blocks.append(.chart(Chart(title: "决算支出（按功能分类）", unit: "万元", series: ["决算支出"],
                                       groups: lines.map { ($0.name ?? Classification.functional.className(of: $0.code) ?? $0.code, [Self.wan($0.amount)]) }, picturesTableAbove: true)))
        }
        if let nature = ex?.byNature {
            var t: Text = "按支出性质分："
            if let basic = nature.basic {
                t = t + Text("基本支出 \(basic.amount.map(\.description) ?? "")" + [basic.personnel.map { "人员经费 \($0)" }, basic.publicOperating.map { "公用经费 \($0)" }]
                    .compactMap { $0 }.joined(separator: "，").prefixed("，其中"))
            }
            for project in nature.projects ?? [] {
                t = t + "；项目支出（" + Text(clause: project.category ?? "项目") + "）" + Text(clause: project.name) + Text(" \(project.amount)")
            }
            paragraph(t + "。")
        }
        if let lines = ex?.byEconomic, !lines.isEmpty {
            blocks.append(.table(Self.classified("决算支出（按经济分类）", lines, Classification.economic, total: ex?.total)))
            blocks.append(.chart(Chart(title: "决算支出（按经济分类）", unit: "万元", series: ["决算支出"],
                                       groups: lines.map { ($0.name ?? Classification.economic.className(of: $0.code) ?? $0.code, [Self.wan($0.amount)]) }, picturesTableAbove: true)))
        }
        if let budgeted, let spent = fa.expenditure?.total {
            blocks.append(.chart(Chart(title: "支出预算与决算", unit: "万元", series: [budgeted.basis.label, "决算"],
                                       groups: [("支出", [budgeted.yuan / 10_000, Self.wan(spent)])])))
        }
        paragraphs(fa.narrative)
    }

    /// A classified breakdown in code order, with each line's share and the total.
    static func classified(_ caption: String, _ lines: [ClassifiedLine], _ classification: Classification, total: Amount?) -> Table {
        let sum = lines.reduce(Decimal(0)) { $0 + $1.amount.yuan }
        let rows = lines.sorted { $0.code < $1.code }.map { line -> [Text] in
            let share = sum == 0 ? "—" : DecimalFormat.fixed(line.amount.yuan / sum * 100, decimals: 2, grouping: false) + "%"
            return [Text(line.code), Text(line.name ?? classification.className(of: line.code) ?? ""),
                    Text(DecimalFormat.fixed(line.amount.yuan, decimals: 2, grouping: true)), Text(share)]
        }
        let totalRow: [Text] = ["", "合计", Text(DecimalFormat.fixed(total?.yuan ?? sum, decimals: 2, grouping: true)), "100.00%"]
        return Table(caption: caption + "（单位：元）",
                     columns: [("科目编码", .leading), ("科目名称", .leading), ("金额", .trailing), ("占比", .trailing)],
                     rows: rows + [totalRow])
    }

    // MARK: 自评工作开展情况

    mutating func team(_ team: EvaluationTeam?) {
        if let team {
            var text: Text = "自评小组已成立"
            if let n = team.members { text = text + Text("，小组成员 \(n) 人") }
            if let c = team.composition { text = text + "，由" + Text(clause: c) + "组成" }
            if let o = team.office { text = text + "，办公室设在" + Text(clause: o) }
            if let d = team.duties { text = text + "，" + Phrase.duties.before(Text(clause: d)) }
            paragraph(text + "。")
        } else {
            paragraph(gap("self_evaluation.team", "自评小组的人数、构成和职责"))
        }
    }

    // MARK: 绩效自评情况

    mutating func result(_ e: Evaluation, scores: ScoreSheet?, year: Text) {
        let stated = e.selfEvaluation?.result
        let judgement = stated?.judgement.map(PastedText.tidied)
        let lead = "经自评，本部门" + year + "年度部门整体支出绩效自评"
        // The score and grade, each said here only where the clerk's judgement does not say it.
        var result: (score: Decimal, shown: String, grade: Grade, basis: String)?
        if let scores, scores.isComplete, let grade = scores.grade {
            result = (scores.total, DecimalFormat.fixed(scores.total, decimals: 2, grouping: false), grade, "（按\(scores.frameworkName)评分）")
        } else if let score = stated?.score, let grade = stated?.grade {
            result = (score.value, score.description, grade, "")
        }
        if let result {
            let clauses = [judgement.map { StatedResult.statesScore($0, result.score) } == true ? nil : "得分 \(result.shown) 分",
                           judgement.map { StatedResult.statesGrade($0, result.grade) } == true ? nil : "等级为“\(result.grade.rawValue)”"]
                .compactMap { $0 }
            paragraph(clauses.isEmpty ? "" : lead + Text(clauses.joined(separator: "，") + result.basis + "。"), then: judgement)
        } else {
            let reason = scores.map { s in
                "（按\(s.frameworkName)评分，尚有 \(s.all.filter { !$0.isComplete && $0.children.isEmpty }.count) 项指标无法计分）"
            } ?? ""
            paragraph(lead + "得分" + gap("self_evaluation.result.score", "自评得分和等级" + reason) + "。", then: judgement)
        }
        if let scores {
            blocks.append(.table(Table(
                caption: "评分汇总（\(scores.frameworkName)）",
                columns: [("指标", .leading), ("分值", .trailing), ("得分", .trailing)],
                rows: scores.all.filter { $0.level <= 2 }.map { s in
                    [Text((s.level == 2 ? "　" : "") + s.name), Text(Self.points(s.points)),
                     s.isComplete || !s.children.isEmpty ? Text(s.score.map(Self.points) ?? "—") : Text("无法计分")]
                })))
            blocks.append(.chart(Chart(title: "一级指标得分", unit: "分", series: ["分值", "得分"],
                                       groups: scores.indicators.map { ($0.name, [$0.points, $0.score ?? 0]) }, picturesTableAbove: true)))
        }
    }

    mutating func indicators(_ e: Evaluation) {
        paragraphs(e.selfEvaluation?.indicatorSummary)
        let indicators = e.indicators ?? []
        if indicators.isEmpty { paragraph(gap("indicators", "绩效指标及其目标值、实际值")) }
        for (i, indicator) in indicators.enumerated() {
            let path = "indicators[\(i)]"
            var t = Text("\(i + 1).") + Text(listItem: indicator.name) + "：目标值 "
            t = t + (indicator.target.map { Text($0.description) } ?? gap(path + ".target", "「\(indicator.name)」的目标值"))
            t = t + "，实际完成 " + (indicator.actual.map { Text($0.description) } ?? gap(path + ".actual", "「\(indicator.name)」的实际值"))
            if let score = indicator.score { t = t + Text("，得分 \(score)") }
            paragraph(t + "。", then: indicator.analysis)
        }
    }

    mutating func problems(_ e: Evaluation) {
        let problems = e.problems ?? []
        if problems.isEmpty { paragraph(gap("problems", "存在的问题")) }
        for (i, problem) in problems.enumerated() {
            paragraph(Text("\(i + 1)."), .problem(problem.title), then: problem.explanation)
        }
    }

    mutating func improvements(_ e: Evaluation) {
        let problems = e.problems ?? [], improvements = e.improvements ?? []
        for (i, problem) in problems.enumerated() where !improvements.contains(where: { $0.problem == i + 1 }) {
            paragraph(Phrase.measure(problem.title).words + gap("improvements", "问题 \(i + 1)「\(problem.title)」的改进措施"))
        }
        if problems.isEmpty && improvements.isEmpty { paragraph(gap("improvements", "改进措施")) }
        for (i, improvement) in improvements.enumerated() {
            let target = improvement.problem.flatMap { n in problems.indices.contains(n - 1) ? problems[n - 1].title : nil }
            paragraph(Text("\(i + 1)."), target.map(Phrase.measure), then: ListMarker.unnumbered(PastedText.tidied(improvement.measure)))
        }
    }

    static func points(_ value: Decimal) -> String {
        var text = DecimalFormat.fixed(value, decimals: 2, grouping: false)
        if text.hasSuffix(".00") { text.removeLast(3) }
        return text
    }
}

private extension String {
    /// The string after `prefix`, or empty when the string is empty.
    func prefixed(_ prefix: String) -> String { isEmpty ? "" : prefix + self }
}
