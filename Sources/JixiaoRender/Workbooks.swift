import Foundation
import JixiaoCore

/// 数据表 — every figure of an evaluation file as a workbook, one sheet per part of the report.
///
/// Amounts are in 元 with `#,##0.00`, converted exactly from the stated unit, and each sits next
/// to the figure as the file states it (`285.58万元`), so a reviewer can check the conversion.
/// Where a total's parts are listed, the sheet sums them with a `SUM` formula (「各项合计」) and
/// shows the stated total in its own row (「填报合计」) with whether the two agree: a wrong stated
/// total is never hidden behind a computed one, nor the other way round.
public enum DataTableWorkbook {
    /// The 数据表 as XLSX bytes.
    public static func make(_ evaluation: Evaluation) throws -> Data {
        try XLSXWriter.write(workbook(evaluation))
    }

    /// The 数据表 as sheets, before it is written.
    public static func workbook(_ evaluation: Evaluation) -> Workbook {
        let who = subject(evaluation)
        let sheets = [
            staffing(evaluation.staffing, who: who),
            budget(evaluation.budget, evaluationYear: evaluation.year, who: who),
            finalIncome(evaluation.finalAccounts?.income, who: who),
            classified("决算支出功能分类", lines: evaluation.finalAccounts?.expenditure?.byFunction,
                       total: evaluation.finalAccounts?.expenditure?.total, who: who),
            classified("决算支出经济分类", lines: evaluation.finalAccounts?.expenditure?.byEconomic,
                       total: evaluation.finalAccounts?.expenditure?.total, who: who),
            byNature(evaluation.finalAccounts?.expenditure, who: who),
            finalOther(evaluation.finalAccounts, who: who),
            tasks(evaluation.work, who: who),
            indicators(evaluation.indicators, who: who),
        ]
        return Workbook(title: "\(who)部门整体支出绩效自评数据表", sheets: sheets)
    }

    /// 「廉江市总工会2021年度」, from what the file states.
    static func subject(_ evaluation: Evaluation) -> String {
        (evaluation.unit?.name ?? evaluation.cover?.unitName ?? "") + (evaluation.year.map { "\($0)年度" } ?? "")
    }

    // MARK: - 人员

    static func staffing(_ staffing: Staffing?, who: String) -> Worksheet {
        var sheet = Worksheet.table("人员", title: "\(who)人员构成", headers: ["类别", "人员类别", "状态", "人数", "说明"],
                                    widths: [16, 26, 8, 10, 44])
        let table = FigureTable(labelColumns: 3, money: false)
        func headcount(_ category: String, _ count: Headcount?) {
            guard let count, count.total != nil || !(count.parts ?? []).isEmpty else { return }
            let parts = (count.parts ?? []).map {
                FigureTable.Line(labels: [category, $0.kind, $0.status?.rawValue ?? ""], value: Decimal($0.count))
            }
            table.appendBreakdown(to: &sheet, parts: parts, stated: count.total.map { .exactly(Decimal($0)) },
                                  sumLabels: [category, "各项合计", ""], statedLabels: [category, "填报合计", ""])
        }
        headcount("编制", staffing?.authorized)
        headcount("财政供养人员", staffing?.supported)
        if let inService = staffing?.inService {
            table.append(to: &sheet, FigureTable.Line(labels: ["在职人员", "实际在职人数", ""], value: Decimal(inService)))
        }
        if let rate = staffing?.controlRate {
            sheet.append([.text("在职人员"), .text("在职人员控制率（填报）"), .blank(), .text(rate.description),
                          .text("= 实际在职人数 ÷ 编制数")])
        }
        sheet.appendNothingStated(columns: 5)
        return sheet
    }

    // MARK: - 预算

    static func budget(_ budget: Budget?, evaluationYear: Int?, who: String) -> Worksheet {
        // The budget year only when it is not the evaluated year already in the title.
        let year = budget?.year.flatMap { $0 == evaluationYear ? nil : "\($0)年" } ?? ""
        var sheet = Worksheet.table(
            "预算", title: "\(who)\(year)预算（金额单位：元）",
            headers: ["项目", "本年数", "上年数", "增减额", "增长率", "本年数（填报）", "上年数（填报）", "增减额（填报）", "说明"],
            widths: [30, 16, 16, 14, 9, 14, 14, 13, 40])
        /// A figure with last year's and the change, each as stated: growth stays the stated text.
        func yearOnYear(_ label: String, _ figure: YearOnYear?) {
            guard let figure else { return }
            sheet.append([.text(label), .amount(figure.amount), .amount(figure.lastYear), .amount(figure.change?.amount),
                          .textOrBlank(figure.growth?.description), .textOrBlank(figure.amount?.description),
                          .textOrBlank(figure.lastYear?.description), .textOrBlank(figure.change?.description),
                          .textOrBlank(figure.reason)])
        }
        /// A figure without a comparison: only 本年数.
        func single(_ label: String, _ amount: Amount?, note: String? = nil) {
            guard let amount else { return }
            sheet.append([.text(label), .amount(amount), .blank(), .blank(), .blank(), .text(amount.description),
                          .blank(), .blank(), .textOrBlank(note)])
        }
        /// A count or measure that is not money; its unit is in the label.
        func quantity(_ label: String, _ value: StatedNumber?) {
            guard let value else { return }
            sheet.append([.text(label), .number(value.value), .blank(), .blank(), .blank(), .text(value.description),
                          .blank(), .blank(), .blank()])
        }

        yearOnYear("收入预算", budget?.income)
        yearOnYear("支出预算（\(FieldLabels.label(of: "budget.expenditure.amount"))）", budget?.expenditure)
        let adjustments = budget?.adjustments
        single("　" + FieldLabels.label(of: "budget.adjustments.added"), adjustments?.added)
        single("　" + FieldLabels.label(of: "budget.adjustments.reduced"), adjustments?.reduced)
        if let reason = adjustments?.reason {
            sheet.append([.text("　" + FieldLabels.label(of: "budget.adjustments.reason"))] + Array(repeating: .blank(), count: 7)
                + [.text(reason)])
        }
        if let full = budget?.fullYearBudget {
            // A derived full-year budget is the sum as computed; a stated one carries whether the sum agrees.
            let label = FieldLabels.label(of: "budget.full_year")
            if full.isDerived {
                sheet.append([.text(label), .number(full.yuan, .amount), .blank(), .blank(), .blank(), .blank(), .blank(),
                              .blank(), .text("未填报，按 年初预算数 + 追加 − 追减 算得")])
            } else {
                let relation = budget?.fullYearRelation
                single(label, budget?.fullYear, note: relation.map { $0.holds ? "= 年初预算数 + 追加 − 追减" : "与 年初预算数 + 追加 − 追减 = \($0.expected) 不一致" })
            }
        }
        single(FieldLabels.label(of: "budget.public_operating"), budget?.publicOperating)
        let three = budget?.threePublic
        yearOnYear("财政拨款安排“三公”经费", three?.total)
        yearOnYear("　因公出国（境）费", three?.overseasTravel)
        yearOnYear("　公务用车购置及运行维护费", three?.vehicles?.total)
        yearOnYear("　　公务用车购置费", three?.vehicles?.purchase)
        yearOnYear("　　公务用车运行维护费", three?.vehicles?.running)
        yearOnYear("　公务接待费", three?.reception)
        yearOnYear("机关运行经费", budget?.operatingFunds)
        if let definition = budget?.operatingFundsDefinition {
            sheet.append([.text("　机关运行经费口径")] + Array(repeating: .blank(), count: 7) + [.text(definition)])
        }
        let procurement = budget?.procurement
        single("政府采购预算", procurement?.total)
        single("　货物类", procurement?.goods)
        single("　工程类", procurement?.works)
        single("　服务类", procurement?.services)
        let assets = budget?.fixedAssets
        single("固定资产" + (assets?.asOf.map { "（截至 \($0)）" } ?? ""), assets?.amount)
        quantity("　房屋面积（平方米）", assets?.buildingArea)
        quantity("　车辆（辆）", assets?.vehicles.map { StatedNumber(Decimal($0), decimals: 0) })
        quantity("　单价100万元以上设备（台）", assets?.equipmentOverOneMillion.map { StatedNumber(Decimal($0), decimals: 0) })
        single("本年度拟购置固定资产", assets?.plannedPurchase, note: assets?.plannedNote)
        sheet.appendNothingStated(columns: 9)
        return sheet
    }

    // MARK: - 决算

    static func finalIncome(_ income: FinalIncome?, who: String) -> Worksheet {
        var sheet = Worksheet.table("决算收入", title: "\(who)决算收入（金额单位：元）",
                                    headers: ["收入来源", "金额", "填报数", "说明"], widths: [30, 18, 20, 44])
        let parts = (income?.bySource ?? []).map { FigureTable.Line(labels: [$0.source.rawValue], amount: $0.amount) }
        FigureTable(labelColumns: 1, money: true).appendBreakdown(
            to: &sheet, parts: parts, stated: income?.total.map(StatedTotal.init), sumLabels: ["各项合计"],
            statedLabels: ["填报合计（总收入）"])
        sheet.appendNothingStated(columns: 4)
        return sheet
    }

    /// A classified breakdown (功能分类 2xx, 经济分类 3xx): codes stay text, so 「201」 keeps its digits.
    static func classified(_ name: String, lines: [ClassifiedLine]?, total: Amount?, who: String) -> Worksheet {
        var sheet = Worksheet.table(name, title: "\(who)\(name)（金额单位：元）",
                                    headers: ["科目编码", "科目名称", "金额", "填报数", "说明"], widths: [12, 28, 18, 20, 44])
        let parts = (lines ?? []).map {
            FigureTable.Line(cells: [.text($0.code, .code), .textOrBlank($0.name)], amount: $0.amount)
        }
        FigureTable(labelColumns: 2, money: true).appendBreakdown(
            to: &sheet, parts: parts, stated: total.map(StatedTotal.init), sumLabels: ["", "各项合计"],
            statedLabels: ["", "填报合计（总支出）"])
        sheet.appendNothingStated(columns: 5)
        return sheet
    }

    /// 支出性质: 基本支出 = 人员经费 + 公用经费, then the projects, then the two together.
    static func byNature(_ expenditure: FinalExpenditure?, who: String) -> Worksheet {
        var sheet = Worksheet.table("支出性质", title: "\(who)决算支出按性质（金额单位：元）",
                                    headers: ["支出性质", "项目类别", "明细", "金额", "填报数", "说明"],
                                    widths: [12, 16, 34, 18, 20, 40])
        let table = FigureTable(labelColumns: 3, money: true)
        let nature = expenditure?.byNature
        let basic = nature?.basic
        let basicParts = [("人员经费", basic?.personnel), ("公用经费", basic?.publicOperating)].compactMap { label, amount in
            amount.map { FigureTable.Line(labels: ["基本支出", "", label], amount: $0) }
        }
        let basicTotal = table.appendBreakdown(
            to: &sheet, parts: basicParts, stated: basic?.amount.map(StatedTotal.init),
            sumLabels: ["基本支出", "", "人员经费＋公用经费"], statedLabels: ["基本支出", "", "填报基本支出"])
        let projectParts = (nature?.projects ?? []).map {
            FigureTable.Line(labels: ["项目支出", $0.category ?? "", $0.name], amount: $0.amount)
        }
        let projectTotal = table.appendBreakdown(
            to: &sheet, parts: projectParts, stated: nature?.projectTotal.map(StatedTotal.init),
            sumLabels: ["项目支出", "", "各项合计"], statedLabels: ["项目支出", "", "填报项目支出合计"])
        // The whole only when both halves are there: one half alone is not the expenditure total.
        if let basicTotal, let projectTotal {
            let column = XLSXWriter.columnName(table.valueColumn)
            let sum = basicTotal.value + projectTotal.value
            let row = sheet.append(table.cells(
                ["支出合计", "", "基本支出＋项目支出"],
                value: .formula("\(column)\(basicTotal.row)+\(column)\(projectTotal.row)", cached: sum, .totalAmount),
                stated: nil, note: "", total: true))
            if let total = expenditure?.total {
                table.appendStated(to: &sheet, StatedTotal(total), labels: ["支出合计", "", "填报合计（总支出）"],
                                   against: (row, sum))
            }
        }
        sheet.appendNothingStated(columns: 6)
        return sheet
    }

    /// The figures of the final accounts that belong to no breakdown.
    static func finalOther(_ accounts: FinalAccounts?, who: String) -> Worksheet {
        var sheet = Worksheet.table("决算其他", title: "\(who)决算其他情况（金额单位：元）",
                                    headers: ["项目", "金额", "填报数", "说明"], widths: [30, 18, 20, 50])
        let table = FigureTable(labelColumns: 1, money: true)
        for (label, amount) in [("年末结转结余", accounts?.carryOver), ("“三公”经费决算数", accounts?.threePublic),
                                ("政府采购实际金额", accounts?.procurement)]
        {
            if let amount { table.append(to: &sheet, FigureTable.Line(labels: [label], amount: amount)) }
        }
        if accounts?.executionRate != nil || accounts?.deviationReason != nil {
            let note = ["= 决算支出 ÷ 全年预算数（未填报时为年初预算数）", accounts?.deviationReason.map { "差异原因：\($0)" }].compactMap { $0 }
            sheet.append([.text("预算执行率"), .blank(), .textOrBlank(accounts?.executionRate?.description),
                          .text(note.joined(separator: "；"))])
        }
        sheet.appendNothingStated(columns: 4)
        return sheet
    }

    // MARK: - 重点任务

    static func tasks(_ work: WorkPlan?, who: String) -> Worksheet {
        var sheet = Worksheet.table(
            "重点任务", title: "\(who)重点工作任务及目标",
            headers: ["序号", "任务类别", "任务", "目标类型", "目标", "目标值", "单位", "实际完成", "是否完成", "说明", "完成情况"],
            widths: [6, 18, 22, 9, 40, 12, 7, 10, 8, 20, 30])
        for (c, _, task) in work?.allTasks ?? [] {
            let category = work?.categories?[c].name ?? ""
            let lead: [Worksheet.Cell] = [task.number.map { .number(Decimal($0)) } ?? .blank(), .text(category), .text(task.title)]
            var result = task.result?.summary ?? ""
            if let evidence = task.result?.evidence, !evidence.isEmpty {
                result += (result.isEmpty ? "" : "；") + "佐证材料：" + evidence.joined(separator: "、")
            }
            let targets = task.targets ?? []
            if targets.isEmpty {
                sheet.append(lead + Array(repeating: .blank(), count: 7) + [.textOrBlank(result)])
            }
            for (i, target) in targets.enumerated() {
                let actual = target.actual
                let actualCell: Worksheet.Cell = if let value = actual?.value { .number(value.value) }
                    else if let percent = actual?.percent { .text(percent.description) }
                    else if let date = actual?.date { .text(date.description) }
                    else { .blank() }
                let achieved = actual?.achieved.map { $0 ? "是" : "否" }
                // The task's result once, on its first target's row.
                sheet.append(lead + [.text(target.kind.label), .text(target.text ?? target.subject), targetValue(target),
                                     .textOrBlank(target.unit), actualCell, .textOrBlank(achieved),
                                     .textOrBlank(actual?.note), i == 0 ? .textOrBlank(result) : .blank()])
            }
        }
        sheet.appendNothingStated(columns: 11)
        return sheet
    }

    /// A single number stays a number; ranges, rates, dates and splits are written as text.
    static func targetValue(_ target: TaskTarget) -> Worksheet.Cell {
        switch target.kind {
        case .count, .atLeast:
            return target.value.map { .number($0.value) } ?? .blank()
        case .range:
            guard let min = target.min, let max = target.max else { return .blank() }
            return .text("\(min)–\(max)")
        case .percentage:
            return .textOrBlank(target.percent?.description)
        case .deadline:
            return .textOrBlank(target.deadline.map { "\($0) 前" })
        case .yesNo:
            return .blank()
        case .split:
            let parts = (target.splits ?? []).map { "\($0.by) \($0.value)" + ($0.units.map { " × \($0)" } ?? "") }
            return parts.isEmpty ? .blank() : .text(parts.joined(separator: "；"))
        }
    }

    // MARK: - 绩效指标

    static func indicators(_ indicators: [IndicatorResult]?, who: String) -> Worksheet {
        var sheet = Worksheet.table(
            "绩效指标", title: "\(who)部门整体支出绩效指标",
            headers: ["指标名称", "所属指标", "目标值", "实际值", "方向", "分值", "得分", "指标分析"],
            widths: [26, 16, 12, 12, 10, 8, 8, 50])
        for indicator in indicators ?? [] {
            let direction = indicator.better.map { $0 == .lower ? "越低越好" : "越高越好" }
            sheet.append([.text(indicator.name), .textOrBlank(indicator.category), .textOrBlank(indicator.target?.description),
                          .textOrBlank(indicator.actual?.description), .textOrBlank(direction),
                          indicator.points.map { Worksheet.Cell.number($0.value, .decimal) } ?? .blank(),
                          indicator.score.map { Worksheet.Cell.number($0.value, .decimal) } ?? .blank(), .textOrBlank(indicator.analysis)])
        }
        sheet.appendNothingStated(columns: 8)
        return sheet
    }
}

/// 评分表 — one row per indicator in tree order, with the total and the grade.
///
/// A branch's score is a `SUM` of its children's cells, and the total a `SUM` of the 一级指标, so a
/// reviewer who changes a score in Excel sees the totals follow; the cached values are the
/// scorer's own. An indicator that cannot be scored shows 「无法计分」, which `SUM` skips, just as
/// the scorer counts it as nothing.
public enum ScoreTableWorkbook {
    /// The 评分表 as XLSX bytes.
    public static func make(_ sheet: ScoreSheet) throws -> Data {
        try XLSXWriter.write(workbook(sheet))
    }

    /// The 评分表 as a workbook, before it is written.
    public static func workbook(_ scores: ScoreSheet) -> Workbook {
        var sheet = Worksheet.table(
            "评分表", title: "评分表 — \(scores.frameworkName)",
            headers: ["一级指标", "二级指标", "三级指标", "分值", "得分", "状态", "评分依据"],
            widths: [16, 18, 22, 8, 8, 10, 70])
        var level1: [(row: Int, points: Decimal, score: Decimal)] = []
        for indicator in scores.indicators {
            let (row, score) = append(indicator, to: &sheet)
            level1.append((row, indicator.points, score ?? 0))
        }

        let points = level1.reduce(Decimal(0)) { $0 + $1.points }
        let total = level1.reduce(Decimal(0)) { $0 + $1.score }
        let unscorable = scores.all.filter { if case .unscorable = $0.status { true } else { false } }.count
        let refs = { (column: String) in level1.map { "\(column)\($0.row)" }.joined(separator: ",") }
        sheet.append([.text("总分", .totalText), .blank(.totalText), .blank(.totalText),
                      level1.isEmpty ? .number(0, .totalDecimal) : .formula("SUM(\(refs("D")))", cached: points, .totalDecimal),
                      level1.isEmpty ? .number(0, .totalDecimal) : .formula("SUM(\(refs("E")))", cached: total, .totalDecimal),
                      .text(unscorable == 0 ? "已计分" : "\(unscorable) 项无法计分", .totalText),
                      .text("一级指标得分之和" + (unscorable == 0 ? "" : "（无法计分的指标未计入）"), .totalText)])
        let basis = scores.grade != nil
            ? "按总分评定"
            : "有指标无法计分，等级待定；按现有得分暂为「\(scores.provisionalGrade.rawValue)」"
        sheet.append([.text("等级", .totalText), .blank(.totalText), .blank(.totalText), .blank(.totalText),
                      .text(scores.grade?.rawValue ?? "待定", .totalText), .blank(.totalText), .text(basis, .totalText)])
        if !scores.strayAnswers.isEmpty {
            sheet.append([.text("说明", .plain)] + Array(repeating: .blank(.plain), count: 5)
                + [.text("作答中的以下指标不在评分框架中，未计分：" + scores.strayAnswers.joined(separator: "、"), .plain)])
        }
        sheet.append([.text("评分框架：\(scores.frameworkName)（\(scores.source)）", .plain)])
        return Workbook(title: "评分表 — \(scores.frameworkName)", sheets: [sheet])
    }

    /// Appends an indicator and, below it, its children; returns its row and the value its score cell holds.
    static func append(_ s: IndicatorScore, to sheet: inout Worksheet) -> (row: Int, score: Decimal?) {
        // The row is taken before the children are written, and filled in once their rows are known.
        let row = sheet.append([])
        let children = s.children.map { append($0, to: &sheet) }
        let scoreCell: Worksheet.Cell
        let value: Decimal?
        if !children.isEmpty {
            value = children.reduce(Decimal(0)) { $0 + ($1.score ?? 0) }
            let refs = children.map { "E\($0.row)" }.joined(separator: ",")
            scoreCell = .formula("SUM(\(refs))", cached: value!, .decimal)
        } else if let score = s.score {
            value = score
            scoreCell = .number(score, .decimal)
        } else {
            value = nil
            scoreCell = .text("无法计分")
        }
        // Three name columns; a deeper indicator goes in the third, indented.
        var names: [Worksheet.Cell] = [.blank(), .blank(), .blank()]
        let column = min(max(s.level, 1), 3) - 1
        names[column] = .text(String(repeating: "　", count: max(s.level - 3, 0)) + s.name)
        let status = switch s.status {
        case .scored: "已计分"
        case .notApplicable: "不适用"
        case .unscorable: "无法计分"
        }
        sheet.rows[row - 1] = names + [.number(s.points, .decimal), scoreCell, .text(status), .text(s.words)]
        return (row, value)
    }
}

// MARK: - Building blocks

extension Worksheet {
    /// A table sheet: a title row merged across the table, then the column headers; both are
    /// frozen on screen and repeated on every printed page.
    fileprivate static func table(_ name: String, title: String, headers: [String], widths: [Int]) -> Worksheet {
        var sheet = Worksheet(name: name, columnWidths: widths, headerRows: 2)
        sheet.append([.text(title, .title)])
        sheet.merges.append("A1:\(XLSXWriter.columnName(headers.count))1")
        sheet.append(headers.map { .text($0, .header) })
        return sheet
    }

    /// 「（未填报）」 under the headers of a part the file does not fill in, so that no sheet is blank.
    fileprivate mutating func appendNothingStated(columns: Int) {
        guard rows.count == headerRows else { return }
        append([.text("（未填报）")] + Array(repeating: .blank(), count: columns - 1))
    }
}

extension Worksheet.Cell {
    /// An amount in 元, exactly; blank when there is none.
    fileprivate static func amount(_ amount: Amount?) -> Worksheet.Cell {
        amount.map { .number($0.yuan, .amount) } ?? .blank()
    }

    fileprivate static func textOrBlank(_ text: String?, _ style: Worksheet.Style = .text) -> Worksheet.Cell {
        guard let text, !text.isEmpty else { return .blank(style) }
        return .text(text, style)
    }
}

/// A stated total: its value, the values its precision allows, and its text.
private struct StatedTotal {
    var value: Decimal
    var interval: Interval
    var stated: String?

    init(_ amount: Amount) {
        value = amount.yuan
        interval = amount.intervalInYuan
        stated = amount.description
    }

    init(value: Decimal, interval: Interval, stated: String?) {
        self.value = value
        self.interval = interval
        self.stated = stated
    }

    static func exactly(_ value: Decimal) -> StatedTotal {
        StatedTotal(value: value, interval: Interval(exactly: value), stated: nil)
    }
}

/// A table of figures: label columns, then the value, then (for money) the figure as stated, then 说明.
private struct FigureTable {
    /// One part of a breakdown.
    struct Line {
        var cells: [Worksheet.Cell]
        var value: Decimal
        var stated: String?

        init(labels: [String], value: Decimal) {
            cells = labels.map { .textOrBlank($0) }
            self.value = value
        }

        init(labels: [String], amount: Amount) {
            self.init(cells: labels.map { .textOrBlank($0) }, amount: amount)
        }

        init(cells: [Worksheet.Cell], amount: Amount) {
            self.cells = cells
            value = amount.yuan
            stated = amount.description
        }
    }

    var labelColumns: Int
    /// Amounts in 元 with a 填报数 column; otherwise counts.
    var money: Bool
    var valueColumn: Int { labelColumns + 1 }

    func cells(_ labels: [String], value: Worksheet.Cell, stated: String?, note: String, total: Bool) -> [Worksheet.Cell] {
        let text: Worksheet.Style = total ? .totalText : .text
        return cells(labels.map { .textOrBlank($0, text) }, value: value, stated: stated, note: note, total: total)
    }

    func cells(_ labels: [Worksheet.Cell], value: Worksheet.Cell, stated: String?, note: String, total: Bool) -> [Worksheet.Cell] {
        let text: Worksheet.Style = total ? .totalText : .text
        var row = labels + Array(repeating: .blank(text), count: max(labelColumns - labels.count, 0))
        row.append(value)
        if money { row.append(.textOrBlank(stated, text)) }
        row.append(.textOrBlank(note, text))
        return row
    }

    func valueStyle(total: Bool) -> Worksheet.Style {
        money ? (total ? .totalAmount : .amount) : (total ? .totalNumber : .number)
    }

    @discardableResult
    func append(to sheet: inout Worksheet, _ line: Line) -> Int {
        sheet.append(cells(line.cells, value: .number(line.value, valueStyle(total: false)), stated: line.stated, note: "",
                           total: false))
    }

    /// Appends the parts, their `SUM` (「各项合计」) when there are any, and the stated total
    /// (「填报合计」) with whether it agrees. Returns the row and value that stand for the whole:
    /// the sum when the parts are listed, else the stated total; nil when there is neither.
    @discardableResult
    func appendBreakdown(to sheet: inout Worksheet, parts: [Line], stated: StatedTotal?, sumLabels: [String],
                         statedLabels: [String]) -> (row: Int, value: Decimal)?
    {
        var whole: (row: Int, value: Decimal)?
        if !parts.isEmpty {
            let first = sheet.nextRow
            for part in parts { append(to: &sheet, part) }
            let column = XLSXWriter.columnName(valueColumn)
            let sum = parts.reduce(Decimal(0)) { $0 + $1.value }
            let row = sheet.append(cells(sumLabels, value: .formula("SUM(\(column)\(first):\(column)\(sheet.nextRow - 1))",
                                                                     cached: sum, valueStyle(total: true)),
                                         stated: nil, note: "", total: true))
            whole = (row, sum)
        }
        if let stated {
            let row = appendStated(to: &sheet, stated, labels: statedLabels, against: whole)
            if whole == nil { whole = (row, stated.value) }
        }
        return whole
    }

    /// The stated total in its own row, with whether the computed total agrees with it.
    @discardableResult
    func appendStated(to sheet: inout Worksheet, _ stated: StatedTotal, labels: [String],
                      against computed: (row: Int, value: Decimal)?) -> Int
    {
        var note = ""
        if let computed {
            let label = "第 \(computed.row) 行"
            let difference = stated.value - computed.value
            if difference == 0 {
                note = "与\(label)的合计一致"
            } else if stated.interval.contains(computed.value) {
                note = "与\(label)的合计在填报精度内一致"
            } else {
                let shown = money
                    ? DecimalFormat.fixed(abs(difference), decimals: 2, grouping: true) + "元" : "\(abs(difference))"
                note = "与\(label)的合计不一致：填报数\(difference > 0 ? "多" : "少") \(shown)"
            }
        }
        return sheet.append(cells(labels, value: .number(stated.value, valueStyle(total: false)), stated: stated.stated,
                                  note: note, total: false))
    }
}
