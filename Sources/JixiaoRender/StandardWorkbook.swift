import Foundation
import JixiaoCore
import JixiaoFormats

/// 标准工作簿 — an evaluation as the workbook finance staff fill in, and read back losslessly
/// by `WorkbookImport`.
///
/// The workbook is built from the evaluation's `SourceNode` tree, not from the model, so that
/// every figure keeps its stated text (`4,538,890.45元`, `285.58万元`) and nothing is
/// reformatted on the way. The parts clerks fill as tables get their own sheets; every other
/// scalar of the tree goes to 「其他字段」 under its field path. Whatever a table cannot hold
/// losslessly (a task's targets, an evidence line containing a line break) falls through to
/// 「其他字段」 too, so the export is lossless by construction: each leaf of the tree is written
/// exactly once, either in a table cell or in a 其他字段 row.
///
/// Input cells are unlocked and every sheet is protected (no password): the totals and the
/// 折合元 helper column are locked formulas, which import ignores.
public enum StandardWorkbook {
    /// The standard workbook as XLSX bytes: filled from `evaluation`, or blank when it is nil, with
    /// a sheet for each of the year's project forms. The same files always give the same bytes.
    public static func make(_ evaluation: Evaluation?, projects: [ProjectEvaluation] = []) throws -> Data {
        try XLSXWriter.write(try workbook(evaluation, projects: projects))
    }

    /// The standard workbook, filled from `evaluation` or blank, then 「项目1」「项目2」… for `projects`.
    public static func workbook(_ evaluation: Evaluation?, projects: [ProjectEvaluation] = []) throws -> Workbook {
        let tree = try evaluation.map { try EvaluationFile.tree(of: $0) }
        var consumed: Set<FieldPath> = []
        var sheets = [instructionsSheet()]
        for table in tables { sheets.append(tableSheet(table, tree: tree, consumed: &consumed)) }
        sheets.append(otherFieldsSheet(tree: tree, consumed: consumed))
        for (i, project) in projects.enumerated() {
            sheets.append(fieldSheet(name: projectSheetName(i + 1), rows: leafRows(try ProjectFile.tree(of: project), except: [])))
        }
        sheets.append(codeSheet())
        var title = "部门整体支出绩效自评标准工作簿"
        if let evaluation, let unit = evaluation.cover?.unitName ?? evaluation.unit?.name {
            title = unit + (evaluation.year.map { "\($0)年度" } ?? "") + title
        }
        return Workbook(title: title, sheets: sheets)
    }

    // MARK: - Layout (shared with WorkbookImport)

    static let instructionsName = "说明"
    static let otherFieldsName = "其他字段"
    static let codeSheetName = "代码表"
    /// The sheet of the year's `number`th project form (项目支出绩效自评表), from 1.
    static func projectSheetName(_ number: Int) -> String { "项目\(number)" }

    /// What a table column holds, which decides its cell style and how import reads it back.
    enum ColumnKind {
        /// Text, kept as typed (the cell has the text format, so 「201」 stays 「201」).
        case text
        /// A count: a number cell, summed by the total row.
        case number
        /// A stated amount such as `4,538,890.45元`: text, with a locked 折合元 formula beside it.
        case amount
        /// A list of texts, one per line within the cell.
        case lines
    }

    /// A drop-down list on 代码表.
    enum CodeList: CaseIterable {
        case functional, economic, incomeSource, moneyUnit, targetKind, personStatus

        var title: String {
            switch self {
            case .functional: "功能分类编码"
            case .economic: "经济分类编码"
            case .incomeSource: "收入来源"
            case .moneyUnit: "金额单位"
            case .targetKind: "目标类型"
            case .personStatus: "人员状态"
            }
        }

        /// The list's values and, for codes, their names.
        var values: [(String, String)] {
            switch self {
            case .functional: Classification.functional.classes.map { ($0.code, $0.name) }
            case .economic: Classification.economic.classes.map { ($0.code, $0.name) }
            case .incomeSource: IncomeSource.allCases.map { ($0.rawValue, "") }
            case .moneyUnit: MoneyUnit.allCases.map { ($0.rawValue, "") }
            case .targetKind: TargetKind.allCases.map { ($0.rawValue, $0.label) }
            case .personStatus: PersonStatus.allCases.map { ($0.rawValue, "") }
            }
        }

        /// Column of the values on 代码表 (each list takes two columns and a gap).
        var column: Int { (CodeList.allCases.firstIndex(of: self)! * 3) + 1 }

        /// Deeper codes (款、项) than the listed class level are allowed, with a warning.
        var strict: Bool { self != .functional && self != .economic }

        var source: String {
            let letter = XLSXWriter.columnName(column)
            return "'\(StandardWorkbook.codeSheetName)'!$\(letter)$2:$\(letter)$\(values.count + 1)"
        }
    }

    /// One column of a table sheet: its header and the key below the element (dotted, e.g. `result.summary`).
    struct Column {
        let title: String
        let key: String
        let kind: ColumnKind
        let width: Int
        var list: CodeList? = nil
    }

    /// A sheet that holds one list of the tree as rows.
    struct Table {
        let sheet: String
        /// The list, e.g. `final_accounts.income.by_source`.
        let sequence: FieldPath
        /// For two-level lists (categories of tasks): the inner list's key; the first sheet
        /// column then holds the outer element's `name`, and consecutive rows with the same
        /// name belong to the same outer element.
        var group: String? = nil
        var groupTitle = ""
        let columns: [Column]
        /// Whether a locked total row sums the amounts or counts.
        var total = false

        /// Sheet column (1-based) of each table column: after the group column when there is one.
        func sheetColumn(_ index: Int) -> Int { index + (group == nil ? 1 : 2) }

        /// The amount column, if any: the 折合元 helper column follows the last column.
        var amountColumn: Int? { columns.firstIndex { $0.kind == .amount } }
        var countColumn: Int? { columns.firstIndex { $0.kind == .number } }
        var helperColumn: Int? { amountColumn == nil ? nil : sheetColumn(columns.count) }
    }

    static let tables: [Table] = [
        Table(sheet: "决算收入", sequence: "final_accounts.income.by_source", columns: [
            Column(title: "收入来源", key: "source", kind: .text, width: 28, list: .incomeSource),
            Column(title: "金额（如 4,538,890.45元）", key: "amount", kind: .amount, width: 24),
        ], total: true),
        Table(sheet: "功能分类", sequence: "final_accounts.expenditure.by_function", columns: [
            Column(title: "科目编码", key: "code", kind: .text, width: 12, list: .functional),
            Column(title: "科目名称", key: "name", kind: .text, width: 28),
            Column(title: "金额（如 3,258,876.35元）", key: "amount", kind: .amount, width: 24),
        ], total: true),
        Table(sheet: "经济分类", sequence: "final_accounts.expenditure.by_economic", columns: [
            Column(title: "科目编码", key: "code", kind: .text, width: 12, list: .economic),
            Column(title: "科目名称", key: "name", kind: .text, width: 28),
            Column(title: "金额（如 1,332,312.10元）", key: "amount", kind: .amount, width: 24),
        ], total: true),
        Table(sheet: "编制", sequence: "staffing.authorized.parts", columns: [
            Column(title: "类别", key: "kind", kind: .text, width: 20),
            Column(title: "人数", key: "count", kind: .number, width: 10),
            Column(title: "状态", key: "status", kind: .text, width: 10, list: .personStatus),
        ], total: true),
        Table(sheet: "财政供养人员", sequence: "staffing.supported.parts", columns: [
            Column(title: "类别", key: "kind", kind: .text, width: 20),
            Column(title: "人数", key: "count", kind: .number, width: 10),
            Column(title: "状态", key: "status", kind: .text, width: 10, list: .personStatus),
        ], total: true),
        Table(sheet: "重点任务", sequence: "work.categories", group: "tasks", groupTitle: "类别", columns: [
            Column(title: "序号", key: "number", kind: .number, width: 6),
            Column(title: "标题", key: "title", kind: .text, width: 24),
            Column(title: "描述", key: "description", kind: .text, width: 60),
            Column(title: "完成情况", key: "result.summary", kind: .text, width: 40),
            Column(title: "佐证（每行一项）", key: "result.evidence", kind: .lines, width: 30),
        ]),
        Table(sheet: "绩效指标", sequence: "indicators", columns: [
            Column(title: "指标名称", key: "name", kind: .text, width: 24),
            Column(title: "指标类别", key: "category", kind: .text, width: 12),
            Column(title: "目标值", key: "target", kind: .text, width: 12),
            Column(title: "实际值", key: "actual", kind: .text, width: 12),
            Column(title: "方向", key: "better", kind: .text, width: 8),
            Column(title: "分值", key: "points", kind: .text, width: 8),
            Column(title: "得分", key: "score", kind: .text, width: 8),
            Column(title: "分析", key: "analysis", kind: .text, width: 40),
        ]),
        Table(sheet: "存在问题", sequence: "problems", columns: [
            Column(title: "问题", key: "title", kind: .text, width: 36),
            Column(title: "具体说明", key: "explanation", kind: .text, width: 60),
        ]),
        Table(sheet: "改进措施", sequence: "improvements", columns: [
            Column(title: "对应问题序号", key: "problem", kind: .number, width: 12),
            Column(title: "改进措施", key: "measure", kind: .text, width: 72),
        ]),
    ]

    /// Sheets import cannot do without: every sheet that holds fields.
    static var dataSheetNames: [String] { tables.map(\.sheet) + [otherFieldsName] }

    /// Blank input rows below the data, for clerks to add lines without inserting rows.
    static let spareRows = 10
    static let blankRows = 20

    // MARK: - Sheets

    static func instructionsSheet() -> Worksheet {
        var sheet = Worksheet(name: instructionsName, columnWidths: [100])
        sheet.isProtected = true
        sheet.append([.text("部门整体支出绩效自评标准工作簿 — 填写说明", .title)])
        let lines = [
            "一、本工作簿由 jixiao 生成，填好后用「jixiao import 本文件.xlsx -o 自评数据.yaml」读回自评数据文件，再用 jixiao check 核对。",
            "二、白色单元格可填写；灰色单元格是公式或合计（自动计算），已锁定，不能改写。工作表保护无密码，仅为防止误改合计。",
            "三、金额按报告所写填写，带单位和小数位，如 4,538,890.45元 或 285.58万元；单位只能是 元、万元、亿元。小数位即填报精度，请勿删改。",
            "四、「折合元」列和「合计」行由金额自动换算求和，仅供核对，读回时不使用；报告所列合计数请填在「其他字段」中（如说明为「决算总收入」的一行）。",
            "五、各表每行一项，可在空白行继续填写，或插入行；整行留空的行读回时忽略。「重点任务」表同一类别的任务连续填写，类别名相同即为同一类别。",
            "六、「代码表」列出功能分类、经济分类科目编码（类级，款、项级编码以类级编码开头）、收入来源、金额单位、目标类型、人员状态的有效值；编码和来源列有下拉选项。",
            "七、「其他字段」每行一个字段：字段路径（供读回用，请勿改动）、说明（字段的中文名称）、值。同一列表的各项按「第1项」「第2项」……排列，新增一项时照前一项的字段路径把方括号中的序号加 1。「类型」列标「空列表」「空映射」「空值」「空文本」的行表示该字段为空，请勿改动。",
            "八、日期写成 2022-09-30，百分比写成 5.6%，是/否写 true 或 false。单元格已设为文本格式，请勿改为数字或日期格式。",
            "九、请勿删除或改名工作表；读回时缺少工作表或内容有误，会指出工作表和单元格（如 功能分类!C4），且不写出任何文件。",
            "十、「项目1」「项目2」……各是一个项目的项目支出绩效自评表，填法同「其他字段」；读回时每个项目写出一个项目自评表文件。",
        ]
        for line in lines { sheet.append([.text(line)]) }
        return sheet
    }

    static func tableSheet(_ table: Table, tree: SourceNode?, consumed: inout Set<FieldPath>) -> Worksheet {
        var widths = (table.group == nil ? [] : [20]) + table.columns.map(\.width)
        if table.helperColumn != nil { widths.append(18) }
        var sheet = Worksheet(name: table.sheet, columnWidths: widths, headerRows: 1)
        sheet.isProtected = true
        var header: [Worksheet.Cell] = table.group == nil ? [] : [.text(table.groupTitle, .header)]
        header += table.columns.map { .text($0.title, .header) }
        if table.helperColumn != nil { header.append(.text("折合元（自动）", .header)) }
        sheet.append(header)

        // The rows of the tree's list: (group name, element, element path).
        var rows: [[String?]] = []
        let items = table.sequence.steps.flatMap { steps in tree?.node(at: steps) }.flatMap(sequenceItems) ?? []
        for (i, item) in items.enumerated() {
            let path = table.sequence[i]
            guard let group = table.group else {
                rows.append(table.columns.map { cellText(item, column: $0, at: path, consumed: &consumed) })
                continue
            }
            let name = scalarText(child(item, "name"))
            if name != nil { consumed.insert(path / "name") }
            let inner = child(item, group).flatMap(sequenceItems) ?? []
            if inner.isEmpty { rows.append([name] + table.columns.map { _ in nil }) }
            for (j, task) in inner.enumerated() {
                rows.append([name] + table.columns.map { cellText(task, column: $0, at: (path / group)[j], consumed: &consumed) })
            }
        }
        let spare = tree == nil ? blankRows : spareRows
        rows += Array(repeating: Array(repeating: nil, count: table.columns.count + (table.group == nil ? 0 : 1)),
                      count: spare)

        var helperSum = Decimal(0), countSum = Decimal(0)
        for values in rows {
            let r = sheet.nextRow
            var cells: [Worksheet.Cell] = []
            if table.group != nil { cells.append(inputCell(values[0], kind: .text)) }
            for (c, column) in table.columns.enumerated() {
                let value = values[c + (table.group == nil ? 0 : 1)]
                cells.append(inputCell(value, kind: column.kind))
                if column.kind == .number, let value { countSum += Decimal(string: value) ?? 0 }
            }
            if let a = table.amountColumn {
                let text = values[a + (table.group == nil ? 0 : 1)]
                let yuan = text.flatMap { try? Amount.parse($0).yuan } ?? 0
                helperSum += yuan
                let ref = XLSXWriter.reference(row: r, column: table.sheetColumn(a))
                cells.append(.formula(yuanFormula(ref), cached: yuan, .totalAmount))
            }
            sheet.append(cells)
        }
        let lastInput = sheet.rows.count
        for (c, column) in table.columns.enumerated() {
            guard let list = column.list else { continue }
            let letter = XLSXWriter.columnName(table.sheetColumn(c))
            sheet.validations.append(.init(range: "\(letter)2:\(letter)\(max(lastInput, 2))", source: list.source,
                                           strict: list.strict))
        }
        if table.total {
            // Import skips this row: it is recognised by its SUM formula, never read as data.
            var cells: [Worksheet.Cell] = [.text("合计（自动计算）", .totalText)]
            let width = table.sheetColumn(table.columns.count) - 1 + (table.helperColumn == nil ? 0 : 1)
            while cells.count < width { cells.append(.blank(.totalText)) }
            let sumColumn = table.helperColumn ?? table.countColumn.map(table.sheetColumn)
            if let sumColumn {
                let letter = XLSXWriter.columnName(sumColumn)
                let cached = table.helperColumn == nil ? countSum : helperSum
                let style: Worksheet.Style = table.helperColumn == nil ? .totalNumber : .totalAmount
                cells[sumColumn - 1] = .formula("SUM(\(letter)2:\(letter)\(max(lastInput, 2)))", cached: cached, style)
            }
            sheet.append(cells)
        }
        return sheet
    }

    /// Excel text → 元: strips the thousands separators and the unit, scales 万元 and 亿元.
    static func yuanFormula(_ ref: String) -> String {
        let digits = #"SUBSTITUTE(\#(ref),",","")"#
        return #"IF(\#(ref)="",0,IF(RIGHT(\#(ref),2)="万元",VALUE(LEFT(\#(digits),LEN(\#(digits))-2))*10000,"#
            + #"IF(RIGHT(\#(ref),2)="亿元",VALUE(LEFT(\#(digits),LEN(\#(digits))-2))*100000000,"#
            + #"VALUE(LEFT(\#(digits),LEN(\#(digits))-1)))))"#
    }

    static func inputCell(_ value: String?, kind: ColumnKind) -> Worksheet.Cell {
        guard let value else { return .blank(kind == .number ? .inputNumber : .inputCode) }
        // A count is a number cell only when Decimal writes back exactly the same digits.
        if kind == .number, let number = Decimal(string: value), number.description == value {
            return .number(number, .inputNumber)
        }
        return .text(value, kind == .number ? .inputNumber : .inputCode)
    }

    /// The text a table cell shows for one element, marking the leaves it takes as consumed;
    /// nil when the column has nothing losslessly tabular for this element.
    static func cellText(_ item: SourceNode, column: Column, at path: FieldPath, consumed: inout Set<FieldPath>)
        -> String?
    {
        var node: SourceNode? = item
        var full = path
        for key in column.key.split(separator: ".").map(String.init) {
            node = node.flatMap { child($0, key) }
            full = full / key
        }
        guard let node else { return nil }
        if let text = scalarText(node) {
            // An empty text cannot be told from an empty cell: it goes to 其他字段 with its type.
            guard !text.isEmpty else { return nil }
            consumed.insert(full)
            return text
        }
        if column.kind == .lines, let lines = sequenceItems(node), !lines.isEmpty {
            let texts = lines.compactMap(scalarText)
            // Only when one line per item reads back as the same items.
            guard texts.count == lines.count, texts.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isNewline)
                && $0.trimmingCharacters(in: .whitespaces) == $0 })
            else { return nil }
            for i in lines.indices { consumed.insert(full[i]) }
            return texts.joined(separator: "\n")
        }
        return nil
    }

    static func otherFieldsSheet(tree: SourceNode?, consumed: Set<FieldPath>) -> Worksheet {
        let rows = tree.map { leafRows($0, except: consumed) }
            ?? skeleton.map { path in (FieldPath(path), path == "format" ? Evaluation.currentFormat : nil, "") }
        return fieldSheet(name: otherFieldsName, rows: rows)
    }

    /// Each leaf of `tree` not in `consumed` as (path, value, 类型 marker).
    static func leafRows(_ tree: SourceNode, except consumed: Set<FieldPath>) -> [(FieldPath, String?, String)] {
        var all: [(FieldPath, SourceNode)] = []
        leaves(tree, at: .root, into: &all)
        return all.filter { !consumed.contains($0.0) }.map { path, node in
            switch node.content {
            case .scalar(let text, _): (path, text.isEmpty ? nil : text, text.isEmpty ? emptyText : "")
            case .null: (path, nil, nullValue)
            case .mapping: (path, nil, emptyMapping)
            case .sequence: (path, nil, emptyList)
            }
        }
    }

    /// A sheet of one field a row — 字段路径, 说明 (the field's Chinese name), 值, 类型 — with spare
    /// rows below: 「其他字段」, and each project form's sheet.
    static func fieldSheet(name: String, rows: [(FieldPath, String?, String)]) -> Worksheet {
        var sheet = Worksheet(name: name, columnWidths: [44, 36, 60, 10], headerRows: 1)
        sheet.isProtected = true
        sheet.append([.text("字段路径", .header), .text("说明", .header), .text("值", .header), .text("类型", .header)])
        for (path, value, type) in rows {
            sheet.append([.text(path.text, .inputCode), .text(FieldLabels.label(of: path), .text),
                          value.map { .text($0, .inputCode) } ?? .blank(.inputCode),
                          type.isEmpty ? .blank(.text) : .text(type, .text)])
        }
        for _ in 0..<spareRows {
            sheet.append([.blank(.inputCode), .blank(.text), .blank(.inputCode), .blank(.text)])
        }
        return sheet
    }

    /// Markers of the 类型 column for values a cell cannot show.
    static let emptyList = "空列表", emptyMapping = "空映射", nullValue = "空值", emptyText = "空文本"

    static func codeSheet() -> Worksheet {
        var widths: [Int] = []
        for _ in CodeList.allCases { widths += [18, 28, 3] }
        var sheet = Worksheet(name: codeSheetName, columnWidths: widths, headerRows: 1)
        sheet.isProtected = true
        let lists = CodeList.allCases
        var header: [Worksheet.Cell] = []
        for list in lists { header += [.text(list.title, .header), .text("名称", .header), .blank(.plain)] }
        sheet.append(header)
        let height = lists.map(\.values.count).max() ?? 0
        for r in 0..<height {
            var row: [Worksheet.Cell] = []
            for list in lists {
                let values = list.values
                row += r < values.count ? [.text(values[r].0, .code), .text(values[r].1, .text), .blank(.plain)]
                    : [.blank(.plain), .blank(.plain), .blank(.plain)]
            }
            sheet.append(row)
        }
        return sheet
    }

    // MARK: - Tree helpers

    static func child(_ node: SourceNode, _ key: String) -> SourceNode? {
        guard case .mapping(let entries) = node.content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    static func sequenceItems(_ node: SourceNode) -> [SourceNode]? {
        guard case .sequence(let items) = node.content else { return nil }
        return items
    }

    static func scalarText(_ node: SourceNode?) -> String? {
        guard let node, case .scalar(let text, _) = node.content else { return nil }
        return text
    }

    /// Every leaf in file order: scalars, nulls, and empty mappings and lists.
    static func leaves(_ node: SourceNode, at path: FieldPath, into result: inout [(FieldPath, SourceNode)]) {
        switch node.content {
        case .mapping(let entries) where !entries.isEmpty:
            for entry in entries { leaves(entry.value, at: path / entry.key, into: &result) }
        case .sequence(let items) where !items.isEmpty:
            for (i, item) in items.enumerated() { leaves(item, at: path[i], into: &result) }
        default:
            result.append((path, node))
        }
    }

    // MARK: - Labels


    /// The fields 「其他字段」 lists in the blank workbook: every scalar field outside the
    /// tables, with the first item of each list (`[0]`) as a pattern for further items.
    static let skeleton: [String] = [
        "format",
        "cover.attachment",
        "cover.title",
        "cover.year",
        "cover.unit_name",
        "cover.seal_label",
        "cover.filled_on",
        "cover.notice.issuer",
        "cover.notice.title",
        "cover.notice.number",
        "cover.opening[0]",
        "unit.name",
        "unit.type",
        "unit.civil_service_managed",
        "unit.duties[0]",
        "unit.departments[0]",
        "unit.subordinate_units[0]",
        "unit.budget_level",
        "staffing.authorized.total",
        "staffing.supported.total",
        "staffing.in_service",
        "staffing.control_rate",
        "work.general[0]",
        "work.categories[0].tasks[0].targets[0].kind",
        "work.categories[0].tasks[0].targets[0].subject",
        "work.categories[0].tasks[0].targets[0].unit",
        "work.categories[0].tasks[0].targets[0].value",
        "work.categories[0].tasks[0].targets[0].min",
        "work.categories[0].tasks[0].targets[0].max",
        "work.categories[0].tasks[0].targets[0].percent",
        "work.categories[0].tasks[0].targets[0].deadline",
        "work.categories[0].tasks[0].targets[0].splits[0].by",
        "work.categories[0].tasks[0].targets[0].splits[0].value",
        "work.categories[0].tasks[0].targets[0].text",
        "work.categories[0].tasks[0].targets[0].actual.value",
        "work.categories[0].tasks[0].targets[0].actual.percent",
        "work.categories[0].tasks[0].targets[0].actual.date",
        "work.categories[0].tasks[0].targets[0].actual.achieved",
        "work.categories[0].tasks[0].targets[0].actual.note",
        "performance_goals[0]",
        "budget.year",
        "budget.income.amount",
        "budget.income.last_year",
        "budget.income.change",
        "budget.income.growth",
        "budget.income.reason",
        "budget.expenditure.amount",
        "budget.expenditure.last_year",
        "budget.expenditure.change",
        "budget.expenditure.growth",
        "budget.expenditure.reason",
        "budget.adjustments.added",
        "budget.adjustments.reduced",
        "budget.adjustments.reason",
        "budget.full_year",
        "budget.public_operating",
        "budget.three_public.total.amount",
        "budget.three_public.total.last_year",
        "budget.three_public.total.change",
        "budget.three_public.total.growth",
        "budget.three_public.total.reason",
        "budget.three_public.overseas_travel.amount",
        "budget.three_public.overseas_travel.last_year",
        "budget.three_public.overseas_travel.change",
        "budget.three_public.overseas_travel.growth",
        "budget.three_public.overseas_travel.reason",
        "budget.three_public.vehicles.total.amount",
        "budget.three_public.vehicles.total.last_year",
        "budget.three_public.vehicles.total.change",
        "budget.three_public.vehicles.total.growth",
        "budget.three_public.vehicles.total.reason",
        "budget.three_public.vehicles.purchase.amount",
        "budget.three_public.vehicles.purchase.last_year",
        "budget.three_public.vehicles.running.amount",
        "budget.three_public.vehicles.running.last_year",
        "budget.three_public.reception.amount",
        "budget.three_public.reception.last_year",
        "budget.three_public.reception.change",
        "budget.three_public.reception.growth",
        "budget.three_public.reception.reason",
        "budget.operating_funds.amount",
        "budget.operating_funds.last_year",
        "budget.operating_funds.change",
        "budget.operating_funds.growth",
        "budget.operating_funds.reason",
        "budget.operating_funds_definition",
        "budget.procurement.total",
        "budget.procurement.goods",
        "budget.procurement.works",
        "budget.procurement.services",
        "budget.fixed_assets.as_of",
        "budget.fixed_assets.amount",
        "budget.fixed_assets.building_area",
        "budget.fixed_assets.vehicles",
        "budget.fixed_assets.equipment_over_one_million",
        "budget.fixed_assets.planned_purchase",
        "budget.fixed_assets.planned_note",
        "final_accounts.income.total",
        "final_accounts.expenditure.total",
        "final_accounts.expenditure.by_nature.basic.amount",
        "final_accounts.expenditure.by_nature.basic.personnel",
        "final_accounts.expenditure.by_nature.basic.public_operating",
        "final_accounts.expenditure.by_nature.projects[0].category",
        "final_accounts.expenditure.by_nature.projects[0].name",
        "final_accounts.expenditure.by_nature.projects[0].amount",
        "final_accounts.carry_over",
        "final_accounts.three_public",
        "final_accounts.procurement",
        "final_accounts.execution_rate",
        "final_accounts.deviation_reason",
        "final_accounts.narrative[0]",
        "self_evaluation.team.members",
        "self_evaluation.team.composition",
        "self_evaluation.team.office",
        "self_evaluation.team.duties",
        "self_evaluation.process[0]",
        "self_evaluation.submission[0]",
        "self_evaluation.disclosure[0]",
        "self_evaluation.result.score",
        "self_evaluation.result.grade",
        "self_evaluation.result.judgement",
        "self_evaluation.indicator_summary[0]",
        "use_of_results[0]",
        "other_matters[0]",
    ]
}
