import Foundation
import JixiaoCore

/// 项目支出绩效自评表 laid out as the national form (财预〔2020〕10号 附件) on a grid of ten columns:
/// 项目名称、主管部门、实施单位; the money rows with 年初预算数、全年预算数、全年执行数、分值、执行率、得分;
/// 年度总体目标; the indicator rows; 总分, 评价等级, 评价结论, 存在问题, 改进措施 and the signatures.
///
/// One layout for the XLSX sheet and the DOCX page. In the sheet 执行率, the execution's score, each
/// quantitative indicator's score and 总分 are formulas, each with the value jixiao computes under
/// the project framework as its cached value; the page prints those values.
struct ProjectFormTable {
    /// One cell of the grid.
    struct Cell {
        var value: Worksheet.Value
        var style: Worksheet.Style
        /// The columns it spans, itself included.
        var span = 1
        /// The text the DOCX page prints: as stated, or a formula's value as the form shows it.
        var shown: String
    }

    static let columnCount = 10
    /// Column widths in characters, A to J (a Chinese character is about two).
    static let columnWidths = [8, 12, 14, 11, 11, 11, 11, 7, 7, 22]
    /// The sheet row of the grid's first row: the title comes before it.
    static let firstRow = 2

    /// 「项目支出绩效自评表（2019年度）」.
    var title: String
    var rows: [[Cell]]

    init(_ project: ProjectEvaluation, scores: ProjectScoreSheet) {
        title = ProjectFormRenderer.title(project)
        var builder = Builder()
        builder.heading(project)
        builder.money(project, scores: scores)
        builder.goal(project.goal)
        builder.indicators(project, scores: scores)
        builder.conclusion(project, framework: scores.framework)
        rows = builder.rows
    }

    /// Appends rows, knowing each row's sheet number so that formulas can refer to the cells above.
    private struct Builder {
        var rows: [[Cell]] = []
        /// The score cells 总分 adds up, with the values they hold.
        var scoreCells: [(ref: String, value: Decimal)] = []

        /// The sheet row the next appended row takes.
        var row: Int { ProjectFormTable.firstRow + rows.count }

        static func label(_ text: String, span: Int = 1) -> Cell { Cell(value: .text(text), style: .header, span: span, shown: text) }
        static func text(_ text: String?, span: Int = 1) -> Cell {
            guard let text, !text.isEmpty else { return Cell(value: .empty, style: .text, span: span, shown: "") }
            return Cell(value: .text(text), style: .text, span: span, shown: text)
        }
        static func number(_ value: Decimal?, shown: String, span: Int = 1) -> Cell {
            guard let value else { return text(nil, span: span) }
            return Cell(value: .number(value), style: .number, span: span, shown: shown)
        }
        /// An amount in the form's unit, 万元, shown as stated (with its unit when stated in another).
        static func amount(_ amount: Amount?) -> Cell {
            guard let amount else { return text(nil) }
            let inWan = amount.unit == .tenThousandYuan ? amount.number.value : amount.yuan / 10_000
            return number(inWan, shown: amount.unit == .tenThousandYuan ? amount.number.description : amount.description)
        }
        /// A score as the form writes it: at most two decimals, trailing zeros dropped.
        static func score(_ formula: String, _ value: Decimal, span: Int = 1) -> Cell {
            Cell(value: .formula(formula, cached: value), style: .number, span: span, shown: ProjectScoring.number(value))
        }
        /// 「无法计分」: jixiao counts the row as 0, never full (the reason is in `jixiao score`).
        static func unscored(span: Int = 1) -> Cell { text("无法计分", span: span) }

        mutating func heading(_ project: ProjectEvaluation) {
            rows.append([Self.label("项目名称", span: 2), Self.text(project.name, span: 8)])
            rows.append([Self.label("主管部门", span: 2), Self.text(project.department, span: 3),
                         Self.label("实施单位", span: 2), Self.text(project.implementer, span: 3)])
            if let category = project.category {
                rows.append([Self.label("项目类别", span: 2), Self.text(category, span: 8)])
            }
        }

        /// The money rows: 执行率 = 全年执行数 ÷ 全年预算数 and the execution's score
        /// = 执行率 × 分值, at most 分值, rounded to the decimals the form states its score in.
        mutating func money(_ project: ProjectEvaluation, scores: ProjectScoreSheet) {
            let funds = project.funds
            rows.append([Self.label("项目资金（万元）", span: 3), Self.label("年初预算数"), Self.label("全年预算数"), Self.label("全年执行数"),
                         Self.label("分值"), Self.label("执行率"), Self.label("得分", span: 2)])
            let r = row
            let execution = scores.execution
            let weight = execution.weight
            var cells = [Self.label("年度资金总额", span: 3), Self.amount(funds?.total?.yearStart), Self.amount(funds?.total?.fullYear),
                         Self.amount(funds?.total?.spent), Self.number(weight, shown: weight.map(ProjectScoring.number) ?? "")]
            if let rate = scores.executionRate, let weight, execution.computed != nil {
                cells.append(Cell(value: .formula("F\(r)/E\(r)", cached: rate), style: .percent, shown: ProjectScoring.percent(rate)))
                let value = DecimalFormat.rounded(min(rate, 1) * weight, decimals: Self.decimals(of: execution))
                cells.append(Self.score("ROUND(MIN(H\(r),1)*G\(r),\(Self.decimals(of: execution)))", value, span: 2))
                scoreCells.append(("I\(r)", value))
            } else {
                cells += [Self.text(funds?.total?.executionRate?.description), Self.unscored(span: 2)]
            }
            rows.append(cells)
            for (i, part) in (funds?.parts ?? []).enumerated() {
                rows.append([Self.text((i == 0 ? "其中：" : "　　") + (part.source ?? ""), span: 3), Self.amount(part.yearStart),
                             Self.amount(part.fullYear), Self.amount(part.spent), Self.text("—"),
                             Self.text(part.executionRate?.description ?? "—"), Self.text("—", span: 2)])
            }
            if let explanation = funds?.explanation {
                rows.append([Self.label("原因", span: 3), Self.text(explanation, span: 7)])
            }
        }

        mutating func goal(_ goal: ProjectGoal?) {
            rows.append([Self.label("年度总体目标", span: 2), Self.label("预期目标", span: 4), Self.label("实际完成情况", span: 4)])
            rows.append([Self.text(nil, span: 2), Self.text(goal?.expected, span: 4), Self.text(goal?.achieved, span: 4)])
        }

        /// The indicator rows. A quantitative row scored by its rule gets its target and actual value
        /// as numbers and its score as the rule's formula; a qualitative row keeps the score stated
        /// within its band (a judgement, no formula); a row the rule cannot score says so.
        mutating func indicators(_ project: ProjectEvaluation, scores: ProjectScoreSheet) {
            rows.append(["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分",
                         "偏差原因分析及改进措施"].map { Self.label($0) })
            for (indicator, line) in zip(project.indicators ?? [], scores.indicators) {
                let r = row
                var target = Self.text(indicator.target), actual = Self.text(indicator.actual)
                let scoreCell: Cell
                if let formula = Self.formula(indicator, line, row: r), let computed = line.computed, let weight = line.weight,
                   let targetNumber = indicator.targetNumber, let actualNumber = indicator.actualNumber
                {
                    target = Self.number(targetNumber.value, shown: indicator.target ?? "")
                    actual = Self.number(actualNumber.value, shown: indicator.actual ?? "")
                    let value = line.met == true ? weight : DecimalFormat.rounded(computed, decimals: Self.decimals(of: line))
                    scoreCell = Self.score(formula, value)
                    scoreCells.append(("I\(r)", value))
                } else if line.isQualitative, let computed = line.computed {
                    scoreCell = Self.number(computed, shown: ProjectScoring.number(computed))
                    scoreCells.append(("I\(r)", computed))
                } else {
                    scoreCell = Self.unscored()
                }
                rows.append([Self.text(indicator.level1), Self.text(indicator.level2), Self.text(indicator.name),
                             Self.text(indicator.nature?.rawValue), target, Self.text(indicator.unit), actual,
                             Self.number(indicator.weight?.value, shown: indicator.weight?.description ?? ""), scoreCell,
                             Self.text(indicator.deviation)])
            }
        }

        /// The rule of a quantitative row as a formula over its cells (E 指标值, G 实际完成值, H 分值):
        /// met scores the whole weight, not met in proportion (实际 ÷ 指标值 for ≥, 指标值 ÷ 实际 for ≤);
        /// nil where jixiao does not score the row by a formula.
        static func formula(_ indicator: ProjectIndicator, _ line: ProjectScoreLine, row r: Int) -> String? {
            guard !line.isQualitative, line.computed != nil else { return nil }
            let d = decimals(of: line)
            switch indicator.effectiveNature {
            case .atLeast: return "IF(G\(r)>=E\(r),H\(r),ROUND(G\(r)/E\(r)*H\(r),\(d)))"
            case .atMost: return "IF(G\(r)<=E\(r),H\(r),ROUND(E\(r)/G\(r)*H\(r),\(d)))"
            // 「=」 is met within the figures' stated precision (jixiao scores it only when met).
            case .equal: return "H\(r)"
            case .qualitative, nil: return nil
            }
        }

        /// The decimals the form states its score in (a form of whole points rounds 8.62 to 9), two
        /// when it states none.
        static func decimals(of line: ProjectScoreLine) -> Int { line.stated?.decimals ?? 2 }

        /// 总分 = Σ the score cells, then the grade, the conclusion and the signatures.
        mutating func conclusion(_ project: ProjectEvaluation, framework: ProjectFramework) {
            let total = scoreCells.reduce(Decimal(0)) { $0 + $1.value }
            let refs = scoreCells.map(\.ref).joined(separator: ",")
            rows.append([Self.label("总分", span: 8),
                         scoreCells.isEmpty ? Self.unscored() : Self.score("SUM(\(refs))", total), Self.text(nil)])
            rows.append([Self.label("评价等级", span: 2), Self.text(project.grade ?? framework.grade(for: total)?.grade, span: 8)])
            for (label, text) in [("评价结论", project.conclusion), ("存在问题", project.problems), ("改进措施", project.improvements)] {
                rows.append([Self.label(label, span: 2), Self.text(text, span: 8)])
            }
            rows.append([Self.label("项目负责人", span: 2), Self.text(project.projectLead, span: 3),
                         Self.label("财务负责人", span: 2), Self.text(project.financeLead, span: 3)])
        }
    }
}

/// 项目支出绩效自评表 as an XLSX workbook of one sheet, laid out as the national form, with formulas
/// for 执行率, the scores and 总分 whose cached values are jixiao's.
public enum ProjectFormWorkbook {
    public static func make(_ project: ProjectEvaluation, scores: ProjectScoreSheet) throws -> Data {
        try XLSXWriter.write(workbook(project, scores: scores))
    }

    static func workbook(_ project: ProjectEvaluation, scores: ProjectScoreSheet) -> Workbook {
        let table = ProjectFormTable(project, scores: scores)
        var sheet = Worksheet(name: "项目支出绩效自评表", columnWidths: ProjectFormTable.columnWidths)
        let last = XLSXWriter.columnName(ProjectFormTable.columnCount)
        sheet.append([.text(table.title, .title)])
        sheet.merges = ["A1:\(last)1"]
        for cells in table.rows {
            let r = sheet.nextRow
            var row: [Worksheet.Cell] = []
            for cell in cells {
                if cell.span > 1 {
                    sheet.merges.append(XLSXWriter.reference(row: r, column: row.count + 1) + ":"
                                        + XLSXWriter.reference(row: r, column: row.count + cell.span))
                }
                row.append(Worksheet.Cell(cell.value, style: cell.style))
                // The covered cells keep the border.
                row += Array(repeating: .blank(cell.style), count: cell.span - 1)
            }
            sheet.append(row)
        }
        return Workbook(title: table.title, sheets: [sheet])
    }
}
