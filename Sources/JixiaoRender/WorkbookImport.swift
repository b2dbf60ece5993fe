import Foundation
import JixiaoCore
import JixiaoFormats

/// A place in a workbook: a sheet, and a cell in it when the problem has one.
public struct WorkbookLocation: Sendable, Hashable, CustomStringConvertible {
    public var sheet: String
    /// A cell reference such as `C4`; nil for the sheet as a whole (a missing sheet, a whole list).
    public var cell: String?

    public init(sheet: String, cell: String? = nil) {
        self.sheet = sheet
        self.cell = cell
    }

    public var description: String { cell.map { "\(sheet)!\($0)" } ?? sheet }
}

/// One problem found reading a workbook back, located by sheet and cell:
/// `WORKBOOK.xlsx: 功能分类!C4: 错误: …（字段 final_accounts.expenditure.by_function[2].amount）`.
public struct WorkbookProblem: Sendable, CustomStringConvertible {
    public var file: String
    public var location: WorkbookLocation?
    /// The evaluation field concerned, when known.
    public var path: FieldPath?
    public var message: String

    public init(file: String, location: WorkbookLocation?, path: FieldPath? = nil, message: String) {
        self.file = file
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        var place = file.isEmpty ? "" : file + ": "
        if let location { place += "\(location): " }
        let field = path.map { "（字段 \($0)）" } ?? ""
        return place + "错误: " + message + field
    }
}

/// Every problem that stopped a workbook from being read; nothing is written when one is thrown.
public struct WorkbookImportErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [WorkbookProblem]

    public init(_ problems: [WorkbookProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads a standard workbook (see `StandardWorkbook`) back into an evaluation.
///
/// The cells become a `SourceNode` tree — table rows by position, 其他字段 rows by their field
/// path — which `EvaluationFile.decode` then checks exactly as it checks a YAML file. While the
/// tree is built, each field path is mapped to the cell it came from, so every decoding error
/// (whose location is a field path) is reported at a sheet and cell instead.
public enum WorkbookImport {
    /// Reads the workbook at `path`.
    public static func load(path: String) throws(WorkbookImportErrors) -> Evaluation {
        try read(try document(path: path), file: path)
    }

    /// The workbook at `path`, parsed, for `read` and `projects(of:)`.
    public static func document(path: String) throws(WorkbookImportErrors) -> XLSXDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkbookImportErrors([WorkbookProblem(file: path, location: nil, message: "文件不存在或无法读取")])
        }
        return try document(data, file: path)
    }

    /// Workbook bytes, parsed; `file` names the workbook in messages.
    public static func document(_ data: Data, file: String = "") throws(WorkbookImportErrors) -> XLSXDocument {
        do { return try XLSXReader.read(data) } catch {
            throw WorkbookImportErrors([WorkbookProblem(file: file, location: nil, message: error.message)])
        }
    }

    /// Reads workbook bytes; `file` names the workbook in messages.
    public static func read(_ data: Data, file: String = "") throws(WorkbookImportErrors) -> Evaluation {
        try read(try document(data, file: file), file: file)
    }

    /// Reads a parsed workbook.
    public static func read(_ document: XLSXDocument, file: String = "") throws(WorkbookImportErrors) -> Evaluation {
        let (root, locations) = try tree(of: document, file: file)
        do {
            return try EvaluationFile.decode(root, file: file).evaluation
        } catch {
            throw WorkbookImportErrors(error.errors.map { problem(from: $0, file: file, locations: locations) })
        }
    }

    /// The tree the workbook's cells make, and the cell (or sheet) each field path came from.
    public static func tree(of document: XLSXDocument, file: String = "") throws(WorkbookImportErrors)
        -> (SourceNode, [FieldPath: WorkbookLocation])
    {
        let cells = CellCollector(file: file, sheet: StandardWorkbook.otherFieldsName)
        // A deleted sheet would silently drop its fields: refuse it by name before anything else.
        for name in StandardWorkbook.dataSheetNames where document.sheet(named: name) == nil {
            cells.fail(WorkbookLocation(sheet: name), "缺少工作表「\(name)」：标准工作簿的工作表不能删除或改名")
        }
        try cells.stopIfProblems()

        for table in StandardWorkbook.tables {
            let sheet = document.sheet(named: table.sheet)!
            readTable(table, sheet, set: cells.set, fail: cells.fail)
            try cells.stopIfOverBudget()
            cells.builder.sheetLevel[table.sequence] = WorkbookLocation(sheet: table.sheet)
        }
        readOtherFields(document.sheet(named: StandardWorkbook.otherFieldsName)!, set: cells.set, fail: cells.fail)
        try cells.stopIfOverBudget()
        try cells.stopIfProblems()
        var (root, locations) = cells.finish(format: Evaluation.currentFormat)
        // A problem with a whole list (its items do not add up) is the table sheet's, not its first cell's;
        // unless 其他字段 gave the list itself (an empty list), which keeps that row's cell.
        for (path, location) in cells.builder.sheetLevel where locations[path]?.sheet == location.sheet {
            locations[path] = location
        }
        return (root, locations)
    }

    /// The project forms (项目支出绩效自评表) of the workbook: each 「项目N」 sheet, in order, read as
    /// 「其他字段」 is and decoded as a project file is, every problem at its sheet and cell.
    public static func projects(of document: XLSXDocument, file: String = "") throws(WorkbookImportErrors) -> [ProjectEvaluation] {
        var projects: [ProjectEvaluation] = []
        for number in 1... {
            guard let sheet = document.sheet(named: StandardWorkbook.projectSheetName(number)) else { break }
            let cells = CellCollector(file: file, sheet: sheet.name)
            readOtherFields(sheet, set: cells.set, fail: cells.fail)
            try cells.stopIfOverBudget()
            try cells.stopIfProblems()
            let (root, locations) = cells.finish(format: ProjectEvaluation.currentFormat)
            do {
                projects.append(try ProjectFile.decode(root, file: file).project)
            } catch {
                throw WorkbookImportErrors(error.errors.map { problem(from: $0, file: file, locations: locations) })
            }
        }
        return projects
    }

    /// A decoding error, located at the cell its field path (or the nearest field above it) came from.
    static func problem(from error: SourceError, file: String, locations: [FieldPath: WorkbookLocation]) -> WorkbookProblem {
        let location = error.path.flatMap { path in path.prefixes.lazy.compactMap { locations[$0] }.first }
        return WorkbookProblem(file: file, location: location, path: error.path, message: error.message)
    }

    // MARK: - Sheets

    typealias Setter = (FieldPath, SourceNode.Content, WorkbookLocation) -> Void
    typealias Failer = (WorkbookLocation?, String, FieldPath?) -> Void

    /// Cell text as stored. A formula a clerk typed into an input cell gives its cached value;
    /// the workbook's own formulas (折合元, totals) sit in columns and rows that are never read.
    static func input(_ sheet: XLSXDocument.Sheet, _ row: Int, _ column: Int) -> String {
        sheet.text(row: row, column: column)
    }

    static func isBlank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }

    static func scalar(_ text: String, number: Bool = false) -> SourceNode.Content {
        // The kind only matters for how YAML would quote it; decoding reads the text either way.
        .scalar(text, number && Decimal(string: text) != nil ? .number : .text)
    }

    static func readTable(_ table: StandardWorkbook.Table, _ sheet: XLSXDocument.Sheet, set: Setter, fail: Failer) {
        var outer = -1, inner = -1
        var lastGroup: String?
        for r in sheet.rowNumbers where r >= 2 {
            // The total row is recognised by its SUM formula and never read as data.
            if sheet.rows[r]?.values.contains(where: { $0.formula?.uppercased().hasPrefix("SUM(") == true }) == true {
                continue
            }
            let values = table.columns.indices.map { input(sheet, r, table.sheetColumn($0)) }
            let group = table.group == nil ? "" : input(sheet, r, 1)
            guard !(values + [group]).allSatisfy(isBlank) else { continue }

            let element: FieldPath
            if let key = table.group {
                if !isBlank(group) && group != lastGroup {
                    outer += 1
                    inner = -1
                    lastGroup = group
                    set(table.sequence[outer] / "name", .scalar(group, .text),
                        WorkbookLocation(sheet: sheet.name, cell: XLSXWriter.reference(row: r, column: 1)))
                } else if outer < 0 {
                    fail(WorkbookLocation(sheet: sheet.name, cell: XLSXWriter.reference(row: r, column: 1)),
                         "缺少\(table.groupTitle)：第一项须填写\(table.groupTitle)", nil)
                    continue
                }
                guard !values.allSatisfy(isBlank) else { continue }
                inner += 1
                element = (table.sequence[outer] / key)[inner]
            } else {
                outer += 1
                element = table.sequence[outer]
            }
            for (c, column) in table.columns.enumerated() where !isBlank(values[c]) {
                let location = WorkbookLocation(sheet: sheet.name, cell: XLSXWriter.reference(row: r, column: table.sheetColumn(c)))
                var path = element
                for key in column.key.split(separator: ".") { path = path / String(key) }
                switch column.kind {
                case .lines:
                    let lines = values[c].split(whereSeparator: \.isNewline).map(String.init).filter { !isBlank($0) }
                    for (i, line) in lines.enumerated() { set(path[i], .scalar(line, .text), location) }
                case .number: set(path, scalar(values[c], number: true), location)
                case .text, .amount: set(path, scalar(values[c]), location)
                }
            }
        }
    }

    static func readOtherFields(_ sheet: XLSXDocument.Sheet, set: Setter, fail: Failer) {
        for r in sheet.rowNumbers where r >= 2 {
            let pathText = input(sheet, r, 1).trimmingCharacters(in: .whitespacesAndNewlines)
            let value = input(sheet, r, 3)
            let type = input(sheet, r, 4).trimmingCharacters(in: .whitespacesAndNewlines)
            let at = { (column: Int) in WorkbookLocation(sheet: sheet.name, cell: XLSXWriter.reference(row: r, column: column)) }
            if pathText.isEmpty {
                if !isBlank(value) { fail(at(1), "第 \(r) 行有值但没有字段路径", nil) }
                continue
            }
            guard let components = FieldPath(pathText).steps else {
                fail(at(1), "字段路径「\(pathText)」无效：应写成 budget.income.amount 或 unit.duties[0] 的形式", nil)
                continue
            }
            let content: SourceNode.Content
            switch type {
            case StandardWorkbook.emptyList: content = .sequence([])
            case StandardWorkbook.emptyMapping: content = .mapping([])
            case StandardWorkbook.nullValue: content = .null
            case StandardWorkbook.emptyText: content = .scalar("", .text)
            case "":
                // A field left blank is simply absent, as in the blank workbook.
                if value.isEmpty { continue }
                content = scalar(value, number: true)
            default:
                fail(at(4), "类型「\(type)」无效：应为空，或「空列表」「空映射」「空值」「空文本」", nil)
                continue
            }
            set(FieldPath(pathText), content, at(3))
        }
    }
}

/// The cells of a workbook read into a tree: each value set at its field path within what one
/// revision may hold, and the problems met on the way, each at its sheet and cell.
final class CellCollector {
    let file: String
    let builder: TreeBuilder
    private(set) var problems: [WorkbookProblem] = []
    /// The cells' texts are counted as they are taken: one long shared string referenced from
    /// many cells is one string in the workbook and many in the file made of it.
    private var budget = SizeBudget.revision
    private var overBudget: WorkbookLocation?

    /// `sheet`: where a field that no cell gave (the format) is said to come from.
    init(file: String, sheet: String) {
        self.file = file
        builder = TreeBuilder(origin: WorkbookLocation(sheet: sheet))
    }

    func fail(_ location: WorkbookLocation?, _ message: String, path: FieldPath? = nil) {
        problems.append(WorkbookProblem(file: file, location: location, path: path, message: message))
    }

    func set(_ path: FieldPath, _ content: SourceNode.Content, at location: WorkbookLocation) {
        guard overBudget == nil else { return }
        let bytes = if case .scalar(let text, _) = content { text.utf8.count } else { 0 }
        guard budget.take(bytes: path.text.utf8.count + bytes, values: 1) else {
            overBudget = location
            return
        }
        guard let components = path.steps else {
            return fail(location, "字段路径「\(path.text)」无效")
        }
        if let message = builder.set(components, content, at: location) { fail(location, message, path: path) }
    }

    func stopIfOverBudget() throws(WorkbookImportErrors) {
        guard let location = overBudget else { return }
        throw WorkbookImportErrors([WorkbookProblem(file: file, location: location, message: "工作簿填写的\(budget.refusal)：读到此单元格时，"
            + "已超出一份自评文件所能容纳的。请删去重复或多余的内容：同一段文字填在许多单元格里，会在文件中重复许多次")])
    }

    func stopIfProblems() throws(WorkbookImportErrors) {
        if !problems.isEmpty { throw WorkbookImportErrors(problems) }
    }

    /// The tree, with `format` where the cells gave none, and the cell each field path came from.
    func finish(format: String) -> (SourceNode, [FieldPath: WorkbookLocation]) {
        if builder.root.children["format"] == nil {
            _ = builder.set([.key("format")], .scalar(format, .text), at: builder.root.origin)
        }
        var locations: [FieldPath: WorkbookLocation] = [:]
        let root = builder.finish(builder.root, at: .root, locations: &locations)
        return (root, locations)
    }
}

/// Builds a `SourceNode` tree from (path, value) pairs in any order, refusing a path given twice.
final class TreeBuilder {
    final class Node {
        var leaf: SourceNode.Content?
        var keys: [String] = []
        var children: [String: Node] = [:]
        var items: [Int: Node] = [:]
        /// nil until the first child decides: true for a list, false for a mapping.
        var isList: Bool?
        let origin: WorkbookLocation

        init(origin: WorkbookLocation) { self.origin = origin }
    }

    let root: Node
    init(origin: WorkbookLocation) { root = Node(origin: origin) }
    /// Whole lists that a table sheet holds: located at the sheet rather than at their first cell.
    var sheetLevel: [FieldPath: WorkbookLocation] = [:]

    /// Sets a leaf; returns what is wrong when the path is taken or contradicts another.
    func set(_ components: [FieldPath.Step], _ content: SourceNode.Content, at origin: WorkbookLocation) -> String? {
        var node = root
        for (n, component) in components.enumerated() {
            if node.leaf != nil { return "与 \(node.origin) 的字段冲突（那里已是一个值）" }
            let next: Node
            var created = false
            switch component {
            case .key(let key):
                if node.isList == true { return "此处应为列表序号 [n]，而非键「\(key)」（见 \(node.origin)）" }
                node.isList = false
                if let existing = node.children[key] { next = existing } else {
                    next = Node(origin: origin)
                    created = true
                    node.children[key] = next
                    node.keys.append(key)
                }
            case .index(let i):
                if node.isList == false { return "此处应为键，而非列表序号 [\(i)]（见 \(node.origin)）" }
                node.isList = true
                if let existing = node.items[i] { next = existing } else {
                    next = Node(origin: origin)
                    created = true
                    node.items[i] = next
                }
            }
            if n == components.count - 1 {
                guard created else {
                    return "字段重复：已在 \(next.origin) 填写"
                }
                next.leaf = content
            }
            node = next
        }
        return nil
    }

    /// The tree; list items are renumbered from 0 in order, so gaps in 其他字段 numbering do not matter.
    func finish(_ node: Node, at path: FieldPath, locations: inout [FieldPath: WorkbookLocation]) -> SourceNode {
        locations[path] = node.origin
        if let leaf = node.leaf { return SourceNode(leaf) }
        if node.isList == true {
            let items = node.items.keys.sorted().enumerated().map { i, key in
                finish(node.items[key]!, at: path[i], locations: &locations)
            }
            return SourceNode(.sequence(items))
        }
        return SourceNode(.mapping(node.keys.map { key in
            SourceNode.Entry(key: key, value: finish(node.children[key]!, at: path / key, locations: &locations))
        }))
    }
}
