import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("XLSX: SpreadsheetML writer, 数据表 and 评分表")
struct XLSXTests {
    static let examplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml").path

    static func example() throws -> Evaluation { try EvaluationFile.load(path: examplePath).evaluation }

    static func scores() throws -> ScoreSheet { try FrameworkFile.resolve("national-2013").score(try example()) }

    // MARK: - Package

    @Test("Every part is declared in [Content_Types].xml, every relationship resolves, every XML part is well-formed")
    func packageParts() throws {
        for data in [try DataTableWorkbook.make(try Self.example()), try ScoreTableWorkbook.make(try Self.scores())] {
            let book = try Book(data)
            let types = try book.xml("[Content_Types].xml")
            let overrides = Set(types.all("Override").compactMap { $0.attr("PartName") })
            let defaults = Set(types.all("Default").compactMap { $0.attr("Extension") })
            for path in book.parts.keys where path != "[Content_Types].xml" {
                // Not `pathExtension`: it reads `_rels/.rels` as a hidden file with no extension.
                let ext = path.split(separator: ".").last.map(String.init) ?? ""
                #expect(overrides.contains("/" + path) || defaults.contains(ext), "\(path) has no content type")
            }
            for name in overrides { #expect(book.parts[String(name.dropFirst())] != nil, "\(name) declared but missing") }
            for path in ["_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                         "xl/sharedStrings.xml", "docProps/core.xml", "docProps/app.xml", "xl/worksheets/sheet1.xml"]
            {
                #expect(overrides.contains("/" + path) || path.hasSuffix(".rels"), "\(path) not declared")
                #expect(book.parts[path] != nil, "\(path) missing")
            }
            for (path, _) in book.parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
                #expect(throws: Never.self, "\(path) is not well-formed") { _ = try book.xml(path) }
            }
            for target in try book.xml("xl/_rels/workbook.xml.rels").all("Relationship").compactMap({ $0.attr("Target") }) {
                #expect(book.parts["xl/" + target] != nil, "relationship target xl/\(target) missing")
            }
            for target in try book.xml("_rels/.rels").all("Relationship").compactMap({ $0.attr("Target") }) {
                #expect(book.parts[target] != nil, "relationship target \(target) missing")
            }
        }
    }

    @Test("Two writes of the same workbook give identical bytes")
    func reproducible() throws {
        let evaluation = try Self.example(), scores = try Self.scores()
        #expect(try DataTableWorkbook.make(evaluation) == DataTableWorkbook.make(evaluation))
        #expect(try ScoreTableWorkbook.make(scores) == ScoreTableWorkbook.make(scores))
    }

    // MARK: - 数据表

    @Test("The 数据表 has one sheet per part, in order")
    func dataTableSheets() throws {
        let book = try Book(try DataTableWorkbook.make(try Self.example()))
        #expect(try book.sheetNames() == ["人员", "预算", "决算收入", "决算支出功能分类", "决算支出经济分类", "支出性质",
                                          "决算其他", "重点任务", "绩效指标"])
    }

    @Test("Functional classes: amounts as number cells, codes as shared strings, SUM with its cached total")
    func functionalClasses() throws {
        let evaluation = try Self.example()
        let book = try Book(try DataTableWorkbook.make(evaluation))
        let cells = try book.cells(ofSheet: "决算支出功能分类")
        let lines = try #require(evaluation.finalAccounts?.expenditure?.byFunction)
        #expect(lines.count == 7)
        for line in lines {
            let text = line.amount.yuan.description
            #expect(cells.contains { $0.type == nil && $0.formula == nil && $0.value == text }, "\(text) is not a number cell")
            #expect(cells.contains { $0.type == "s" && $0.text == line.code }, "code \(line.code) is not a shared string")
        }
        #expect(cells.contains { $0.type == nil && $0.value == "3258876.35" })
        // No inline strings anywhere: text goes through the shared string table only.
        #expect(!cells.contains { $0.type == "inlineStr" || $0.type == "str" })

        let sum = try #require(cells.first { $0.formula != nil })
        #expect(sum.formula == "SUM(C3:C9)")
        #expect(sum.value == "11486444.31")
        #expect(sum.type == nil)
        // The stated total has its own row next to the computed one, and they agree.
        let statedRow = try #require(cells.first { $0.text == "填报合计（总支出）" }?.row)
        #expect(statedRow == sum.row + 1)
        #expect(cells.contains { $0.row == statedRow && $0.column == "C" && $0.value == "11486444.31" })
        #expect(cells.contains { $0.row == statedRow && $0.text?.contains("一致") == true })
    }

    @Test("Income, economic classes and expenditure by nature: SUM of the parts with the stated total beside it")
    func otherBreakdowns() throws {
        let book = try Book(try DataTableWorkbook.make(try Self.example()))
        let income = try book.cells(ofSheet: "决算收入")
        #expect(income.contains { $0.formula == "SUM(B3:B4)" && $0.value == "11486444.31" })
        #expect(income.contains { $0.text == "政府性基金预算财政拨款" })
        let economic = try book.cells(ofSheet: "决算支出经济分类")
        #expect(economic.contains { $0.formula == "SUM(C3:C6)" && $0.value == "11486444.31" })
        #expect(economic.contains { $0.type == "s" && $0.text == "310" })
        let nature = try book.cells(ofSheet: "支出性质")
        // 基本支出 = 人员经费 + 公用经费 = 3,766,854.45 + 772,036.00
        #expect(nature.contains { $0.formula == "SUM(D3:D4)" && $0.value == "4538890.45" })
        #expect(nature.contains { $0.text == "廉江市安铺工人文化宫重建项目工程" })
        #expect(nature.contains { $0.formula?.contains("+") == true && $0.value == "11486444.31" })
        let staffing = try book.cells(ofSheet: "人员")
        #expect(staffing.contains { $0.formula == "SUM(D3:D4)" && $0.value == "11" })
        #expect(staffing.contains { $0.formula == "SUM(D7:D9)" && $0.value == "26" })
    }

    @Test("A stated total that disagrees stays visible beside the SUM of the parts")
    func disagreeingTotal() throws {
        var evaluation = try Self.example()
        evaluation.finalAccounts?.expenditure?.total = try Amount.parse("11,486,000.00元")
        let cells = try Book(try DataTableWorkbook.make(evaluation)).cells(ofSheet: "决算支出功能分类")
        let sum = try #require(cells.first { $0.formula == "SUM(C3:C9)" })
        #expect(sum.value == "11486444.31")
        let stated = try #require(cells.first { $0.text == "填报合计（总支出）" })
        #expect(cells.contains { $0.row == stated.row && $0.column == "C" && $0.value == "11486000" })
        #expect(cells.contains { $0.row == stated.row && $0.text == "11,486,000.00元" })
        #expect(cells.contains { $0.row == stated.row && $0.text?.contains("不一致：填报数少 444.31元") == true })
    }

    @Test("Budget amounts in 万元 become exact 元, with the figure as stated beside them")
    func budgetInYuan() throws {
        let cells = try Book(try DataTableWorkbook.make(try Self.example())).cells(ofSheet: "预算")
        let row = try #require(cells.first { $0.text == "收入预算" }?.row)
        let rowCells = cells.filter { $0.row == row }
        #expect(rowCells.contains { $0.column == "B" && $0.value == "2855800" && $0.type == nil })
        #expect(rowCells.contains { $0.column == "D" && $0.value == "151700" })
        #expect(rowCells.contains { $0.column == "E" && $0.text == "5.6%" })
        #expect(rowCells.contains { $0.column == "F" && $0.text == "285.58万元" })
        #expect(cells.contains { $0.value == "109400" })  // 机关运行经费 10.94万元
    }

    @Test("Key tasks: one row per target, with kind, text and value")
    func keyTasks() throws {
        let evaluation = try Self.example()
        let cells = try Book(try DataTableWorkbook.make(evaluation)).cells(ofSheet: "重点任务")
        let expectedRows = (evaluation.work?.allTasks ?? []).reduce(0) { $0 + max($1.task.targets?.count ?? 0, 1) }
        #expect(Set(cells.map(\.row)).count == 2 + expectedRows)
        let row = try #require(cells.first { $0.text == "全年计划新建非公企业（含农村合作组织）工会组织 66 家" }?.row)
        #expect(cells.contains { $0.row == row && $0.column == "F" && $0.value == "66" && $0.type == nil })
        #expect(cells.contains { $0.row == row && $0.column == "D" && $0.text == "数量" })
        #expect(cells.contains { $0.text == "每个镇 2；每个街道办 5；开发区 15" })
    }

    @Test("Amount cells use #,##0.00 (custom id ≥ 164); headers are bold on a fill with borders")
    func styles() throws {
        let book = try Book(try DataTableWorkbook.make(try Self.example()))
        let styles = try book.xml("xl/styles.xml")
        let format = try #require(styles.all("numFmt").first { $0.attr("formatCode") == "#,##0.00" })
        let id = try #require(format.attr("numFmtId").flatMap(Int.init))
        #expect(id >= 164)
        let xfs = try #require(styles.all("cellXfs").first).all("xf")
        let amount = try #require(try book.cells(ofSheet: "决算支出功能分类").first { $0.value == "3258876.35" })
        let style = try #require(amount.style)
        #expect(xfs[style].attr("numFmtId") == String(id))

        let header = try #require(try book.cells(ofSheet: "决算支出功能分类").first { $0.text == "科目编码" })
        let headerXF = xfs[try #require(header.style)]
        let font = styles.all("fonts")[0].all("font")[Int(headerXF.attr("fontId")!)!]
        #expect(!font.all("b").isEmpty)
        #expect(headerXF.attr("fillId") != "0" && headerXF.attr("borderId") != "0")
        let fill = styles.all("fills")[0].all("fill")[Int(headerXF.attr("fillId")!)!]
        #expect(fill.all("patternFill").first?.attr("patternType") == "solid")
    }

    @Test("Every sheet: frozen header rows, column widths, A4 landscape fitted to width, print titles")
    func layout() throws {
        for data in [try DataTableWorkbook.make(try Self.example()), try ScoreTableWorkbook.make(try Self.scores())] {
            let book = try Book(data)
            let names = try book.sheetNames()
            let definedNames = try book.xml("xl/workbook.xml").all("definedName")
            for (i, name) in names.enumerated() {
                let sheet = try book.xml(try book.sheetPath(name))
                let pane = try #require(sheet.all("pane").first)
                #expect(pane.attr("state") == "frozen")
                #expect(pane.attr("ySplit") == "2")
                #expect(!sheet.all("col").isEmpty)
                let setup = try #require(sheet.all("pageSetup").first)
                #expect(setup.attr("paperSize") == "9")
                #expect(setup.attr("orientation") == "landscape")
                #expect(setup.attr("fitToWidth") == "1" && setup.attr("fitToHeight") == "0")
                #expect(sheet.all("pageSetUpPr").first?.attr("fitToPage") == "1")
                let titles = definedNames.first { $0.attr("name") == "_xlnm.Print_Titles" && $0.attr("localSheetId") == String(i) }
                #expect(titles?.stringValue == "'\(name)'!$1:$2")
            }
        }
    }

    @Test("An evaluation with nothing filled in still gives every sheet, each marked 「（未填报）」")
    func emptyEvaluation() throws {
        let book = try Book(try DataTableWorkbook.make(Evaluation()))
        for name in try book.sheetNames() {
            #expect(try book.cells(ofSheet: name).contains { $0.text == "（未填报）" }, "\(name)")
        }
    }

    // MARK: - 评分表

    @Test("评分表: one row per indicator in tree order, then the total with its cached value and the grade")
    func scoreTable() throws {
        let scores = try Self.scores()
        let book = try Book(try ScoreTableWorkbook.make(scores))
        #expect(try book.sheetNames() == ["评分表"])
        let cells = try book.cells(ofSheet: "评分表")
        let header = cells.filter { $0.row == 2 }.compactMap { $0.text }
        #expect(header == ["一级指标", "二级指标", "三级指标", "分值", "得分", "状态", "评分依据"])

        let all = scores.all
        #expect(!all.isEmpty)
        for (i, indicator) in all.enumerated() {
            let row = cells.filter { $0.row == 3 + i }
            let column = ["A", "B", "C"][min(indicator.level, 3) - 1]
            let name = try #require(row.first { $0.column == column }?.text, "row \(3 + i)")
            #expect(name.hasSuffix(indicator.name))
            #expect(row.contains { $0.column == "D" && Decimal(string: $0.value ?? "") == indicator.points })
            let score = try #require(row.first { $0.column == "E" })
            if let expected = indicator.score {
                #expect(Decimal(string: score.value ?? "") == expected, "\(indicator.name)")
            } else {
                #expect(score.text == "无法计分")
            }
            let status = switch indicator.status {
            case .scored: "已计分"
            case .notApplicable: "不适用"
            case .unscorable: "无法计分"
            }
            #expect(row.contains { $0.column == "F" && $0.text == status })
            // The basis in the clerk's words; the formula code stays in `basis` (JSON, details views).
            #expect(row.contains { $0.column == "G" && $0.text == indicator.words })
        }

        let totalRow = 3 + all.count
        #expect(cells.contains { $0.row == totalRow && $0.column == "A" && $0.text == "总分" })
        let total = try #require(cells.first { $0.row == totalRow && $0.column == "E" })
        #expect(total.formula?.hasPrefix("SUM(") == true)
        #expect(Decimal(string: total.value ?? "") == scores.total)
        let grade = cells.filter { $0.row == totalRow + 1 }
        #expect(grade.contains { $0.column == "A" && $0.text == "等级" })
        #expect(grade.contains { $0.column == "E" && $0.text == (scores.grade?.rawValue ?? "待定") })
    }

    @Test("评分表: a branch's score is a SUM of its children's cells, cached as the scorer's own score")
    func scoreTableFormulas() throws {
        let scores = try Self.scores()
        let cells = try Book(try ScoreTableWorkbook.make(scores)).cells(ofSheet: "评分表")
        // Rows follow the depth-first order of `all`, from row 3: an indicator's row is 3 + its index.
        var rowOf: [String: Int] = [:]
        for (i, indicator) in scores.all.enumerated() { rowOf[indicator.id] = 3 + i }
        var branches = 0
        for indicator in scores.all where !indicator.children.isEmpty {
            branches += 1
            let row = try #require(rowOf[indicator.id])
            let cell = try #require(cells.first { $0.row == row && $0.column == "E" })
            let refs = indicator.children.map { "E\(rowOf[$0.id]!)" }.joined(separator: ",")
            #expect(cell.formula == "SUM(\(refs))")
            #expect(Decimal(string: cell.value ?? "") == indicator.score)
        }
        #expect(branches > 0)
        let level1 = scores.indicators.map { "E\(rowOf[$0.id]!)" }.joined(separator: ",")
        #expect(cells.contains { $0.row == 3 + scores.all.count && $0.formula == "SUM(\(level1))" })
    }

    // MARK: - Writer

    @Test("Writer: escaped text, one shared string per distinct text, exact numbers, formula with cached value")
    func writerBasics() throws {
        var sheet = Worksheet(name: "数据 'A' 表", columnWidths: [10, 12], headerRows: 1)
        sheet.append([.text("名称", .header), .text("金额", .header)])
        sheet.append([.text(#"a<b & "c" > d"#), .number(Decimal(string: "0.1")!, .amount)])
        sheet.append([.text(" 前后空格 "), .number(Decimal(string: "123456789012345678.01")!, .amount)])
        sheet.append([.text(#"a<b & "c" > d"#), .formula("SUM(B2:B3)", cached: Decimal(string: "123456789012345678.11")!, .totalAmount)])
        let book = try Book(try XLSXWriter.write(Workbook(title: "T & <t>", sheets: [sheet])))
        let strings = try book.xml("xl/sharedStrings.xml")
        #expect(strings.root.attr("uniqueCount") == "4")
        #expect(strings.root.attr("count") == "5")
        #expect(strings.all("t").map(\.stringValue) == ["名称", "金额", #"a<b & "c" > d"#, " 前后空格 "])
        #expect(strings.all("t")[3].attributes?.contains { $0.name == "xml:space" && $0.stringValue == "preserve" } == true)
        let cells = try book.cells(ofSheet: "数据 'A' 表")
        #expect(cells.contains { $0.ref == "B2" && $0.value == "0.1" })
        #expect(cells.contains { $0.ref == "B3" && $0.value == "123456789012345678.01" })
        #expect(cells.contains { $0.ref == "B4" && $0.formula == "SUM(B2:B3)" && $0.value == "123456789012345678.11" })
        #expect(try book.xml("xl/workbook.xml").all("definedName").first?.stringValue == "'数据 ''A'' 表'!$1:$1")
        #expect(try book.xml("docProps/core.xml").all("title").first?.stringValue == "T & <t>")
    }

    @Test("Writer: a row of wrapped text that needs more lines than one gets its height set")
    func rowHeights() throws {
        var sheet = Worksheet(name: "表", columnWidths: [11, 11])
        sheet.append([.text("短"), .number(1)])
        // 20 characters, 40 widths, at 9 widths a line (11 less a tenth, rounded down): 5 lines.
        sheet.append([.text(String(repeating: "评分依据", count: 5)), .number(1)])
        sheet.append([.text("一\n二\n三", .plain)])  // not wrapped: left alone
        let rows = try Book(try XLSXWriter.write(Workbook(title: "", sheets: [sheet])))
            .xml("xl/worksheets/sheet1.xml").all("row")
        #expect(rows.map { $0.attr("ht") } == [nil, "78.75", nil])
        #expect(rows[1].attr("customHeight") == "1")
    }

    @Test("Writer: column letters, and sheet names Excel would refuse are refused")
    func writerChecks() throws {
        #expect([1, 26, 27, 52, 703].map(XLSXWriter.columnName) == ["A", "Z", "AA", "AZ", "AAA"])
        #expect(XLSXWriter.reference(row: 9, column: 3) == "C9")
        for name in ["", "a/b", "[x]", "'q", String(repeating: "表", count: 32)] {
            #expect(throws: XLSXError.invalidSheetName(name)) {
                try XLSXWriter.write(Workbook(title: "", sheets: [Worksheet(name: name)]))
            }
        }
        #expect(throws: XLSXError.duplicateSheetName("Ab")) {
            try XLSXWriter.write(Workbook(title: "", sheets: [Worksheet(name: "aB"), Worksheet(name: "Ab")]))
        }
        #expect(throws: XLSXError.noSheets) { try XLSXWriter.write(Workbook(title: "", sheets: [])) }
        var sheet = Worksheet(name: "表")
        sheet.append([.number(.nan)])
        #expect(throws: XLSXError.notANumber(sheet: "表", cell: "A1")) {
            try XLSXWriter.write(Workbook(title: "", sheets: [sheet]))
        }
    }
}

// MARK: - Reading a workbook back

/// An XLSX file unzipped, with just enough reading to check what was written.
private struct Book {
    let parts: [String: Data]

    init(_ data: Data) throws { parts = try ZipContainer.entries(of: data) }

    func xml(_ path: String) throws -> XMLPart {
        guard let data = parts[path] else { throw CocoaError(.fileNoSuchFile) }
        let document = try XMLDocument(data: data)
        guard let root = document.rootElement() else { throw CocoaError(.fileReadCorruptFile) }
        return XMLPart(root: root)
    }

    func sheetNames() throws -> [String] {
        try xml("xl/workbook.xml").all("sheet").compactMap { $0.attr("name") }
    }

    /// The worksheet part of a named sheet, through the workbook's relationships.
    func sheetPath(_ name: String) throws -> String {
        let sheet = try #require(try xml("xl/workbook.xml").all("sheet").first { $0.attr("name") == name })
        let id = try #require(sheet.attr("id"))
        let rel = try #require(try xml("xl/_rels/workbook.xml.rels").all("Relationship").first { $0.attr("Id") == id })
        return "xl/" + (try #require(rel.attr("Target")))
    }

    struct Cell {
        var ref: String
        var row: Int
        var column: String
        var style: Int?
        var type: String?
        var value: String?
        var formula: String?
        /// The shared string, for `t="s"` cells.
        var text: String?
    }

    func cells(ofSheet name: String) throws -> [Cell] {
        let strings = try xml("xl/sharedStrings.xml").all("si").map { $0.all("t").map { $0.stringValue ?? "" }.joined() }
        return try xml(try sheetPath(name)).all("c").map { c in
            let ref = c.attr("r") ?? ""
            let value = c.all("v").first?.stringValue
            var cell = Cell(ref: ref, row: Int(ref.filter(\.isNumber)) ?? 0, column: ref.filter(\.isLetter),
                            style: c.attr("s").flatMap(Int.init), type: c.attr("t"), value: value,
                            formula: c.all("f").first?.stringValue)
            if cell.type == "s", let index = value.flatMap(Int.init), strings.indices.contains(index) {
                cell.text = strings[index]
            }
            return cell
        }
    }
}

/// A parsed XML part; elements are found by local name, whatever their namespace prefix.
private struct XMLPart {
    let root: XMLElement

    func all(_ name: String) -> [XMLElement] { root.all(name) }
}

extension XMLElement {
    fileprivate func all(_ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ node: XMLNode) {
            for child in node.children ?? [] {
                guard let element = child as? XMLElement else { continue }
                if element.name.map(XMLElement.local) == name { found.append(element) }
                walk(element)
            }
        }
        walk(self)
        return found
    }

    /// An attribute by local name. (On Linux, `attribute(forName:)` misses unprefixed attributes
    /// of namespaced elements, and `localName` crashes on them, so both are done by hand.)
    fileprivate func attr(_ name: String) -> String? {
        attributes?.first { $0.name.map(XMLElement.local) == name }?.stringValue
    }

    fileprivate static func local(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }
}

/// The bounds of reading a workbook from outside (issue 12).
@Suite("XLSX bounds")
struct XLSXBoundsTests {
    private func refusal(_ data: Data, limits: ZipContainer.ReadLimits = ZipContainer.ReadLimits()) -> String? {
        do {
            _ = try XLSXReader.read(data, limits: limits)
            return nil
        } catch {
            return error.message
        }
    }

    private func workbook(sheet: String) throws -> Data {
        try ZipContainer.make([
            .init("xl/workbook.xml", #"<workbook xmlns:r="r"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            .init("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
            .init("xl/worksheets/sheet1.xml", sheet),
        ])
    }

    @Test func aDenseEntryIsRefusedBeforeItIsInflated() throws {
        let zeros = String(repeating: " ", count: 40 << 20)
        let message = try #require(refusal(try workbook(sheet: "<worksheet>" + zeros + "</worksheet>")))
        #expect(message.contains("过大") || message.contains("压缩比异常"))
    }

    @Test func theRatioAndTotalHoldWhileInflating() throws {
        var limits = ZipContainer.ReadLimits()
        limits.ratio = 10
        let spaces = "<worksheet>" + String(repeating: " ", count: 3 << 20) + "</worksheet>"
        #expect(refusal(try workbook(sheet: spaces), limits: limits)?.contains("压缩比异常") == true)
        // Numbers compress some fourfold: the ratio holds, the total does not.
        let numbers = "<worksheet>" + (0..<300_000).map(String.init).joined(separator: " ") + "</worksheet>"
        limits = ZipContainer.ReadLimits()
        limits.totalBytes = 1 << 20
        #expect(refusal(try workbook(sheet: numbers), limits: limits)?.contains("解压后过大") == true)
    }

    @Test func tooManyEntriesDTDsAndCellsAreRefused() throws {
        let many = try ZipContainer.make((0...1_000).map { ZipContainer.Entry("x/\($0)", "") })
        #expect(refusal(many)?.contains("文件过多") == true)
        let entities = #"<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>"#
        #expect(refusal(try workbook(sheet: entities))?.contains("文档类型定义") == true)
        let cells = (1...(XLSXReader.maximumCells + 1)).map { #"<c r="A\#($0)" t="inlineStr"><is><t>x</t></is></c>"# }.joined()
        #expect(refusal(try workbook(sheet: "<worksheet><sheetData><row>" + cells + "</row></sheetData></worksheet>"))?.contains("单元格过多") == true)
    }

    /// Found by FuzzXLSX: an element name that is no UTF-8 made FoundationXML's parser trap,
    /// which took the whole server down with the upload.
    @Test func aPartThatIsNoUTF8IsRefusedBeforeTheXMLParserSeesIt() throws {
        var data = try workbook(sheet: "<worksheet/>")
        var entries = try ZipContainer.entries(of: data)
        entries["xl/sharedStrings.xml"] = Data([0x3C, 0x6D, 0xBA, 0x8B, 0x3C, 0xE5])
        data = try ZipContainer.make(entries.sorted { $0.key < $1.key }.map { ZipContainer.Entry($0.key, $0.value) })
        #expect(refusal(data)?.contains("不是 UTF-8") == true)
    }

    /// Found by FuzzXLSX: a part whose deflate stream never ends (kept in Fuzz/Crashes) held the
    /// reading thread for ever (ZIPFoundation on Linux inflates until the stream ends, and at the end
    /// of the file reads nothing again and again); now refused as broken. A part cut short, or with
    /// a wrong checksum, is refused too.
    @Test func aPartThatNeverEndsIsRefusedNotReadForEver() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let hang = try Data(contentsOf: root.appendingPathComponent("Fuzz/Crashes/FuzzXLSX-unterminated-deflate.xlsx"))
        let start = ContinuousClock.now
        #expect(refusal(hang)?.contains("已损坏") == true)
        #expect(ContinuousClock.now - start < .seconds(2))
        let good = try workbook(sheet: "<worksheet/>")
        #expect(try !ZipContainer.entries(of: good).isEmpty)
        #expect(refusal(good.prefix(good.count * 2 / 3)) != nil)
        var flipped = [UInt8](good)
        // The first entry's first deflated byte: after its 30-byte local header, name and extra field.
        let dataStart = 30 + Int(flipped[26]) + Int(flipped[27]) << 8 + Int(flipped[28]) + Int(flipped[29]) << 8
        flipped[dataStart + 1] ^= 0x10
        #expect(refusal(Data(flipped)) != nil)
    }

    @Test func referencesBeyondASheetAreIgnoredNotTrapped() throws {
        let sheet = #"<worksheet><sheetData><row r="99999999999999999999"><c r="ZZZZZZZZZZZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#
        let document = try XLSXReader.read(try workbook(sheet: sheet))
        #expect(document.sheets.first?.rows.isEmpty == false)
    }
}

