import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Workbook: the standard XLSX workbook, exported and imported back")
struct WorkbookRoundTripTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examplePath = root.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml").path

    static func example() throws -> Evaluation { try EvaluationFile.load(path: examplePath).evaluation }

    // MARK: - Round trip

    @Test("Worked example → XLSX → import: the same Evaluation, and the same YAML")
    func roundTrip() throws {
        let original = try Self.example()
        let back = try WorkbookImport.read(try StandardWorkbook.make(original), file: "例.xlsx")
        #expect(back == original)
        #expect(try EvaluationFile.render(back, as: .yaml) == EvaluationFile.render(original, as: .yaml))
    }

    @Test("The budget's adjustments, full-year budget and 公用经费 budget round-trip as stated")
    func budgetAdjustments() throws {
        var original = try Self.example()
        var adjustments = BudgetAdjustments()
        adjustments.added = try Amount.parse("8,630,644.31元")
        adjustments.reduced = try Amount.parse("0.00元")
        adjustments.reason = "追加安铺工人文化宫重建资金"
        original.budget?.adjustments = adjustments
        original.budget?.publicOperating = try Amount.parse("77.20万元")
        let back = try WorkbookImport.read(try StandardWorkbook.make(original), file: "例.xlsx")
        #expect(back == original)
        #expect(back.budget?.fullYear?.description == "11,486,444.31元")
        #expect(back.budget?.adjustments?.added?.description == "8,630,644.31元")
    }

    @Test("Edge cases round-trip too: evidence lines, a line break inside an item, empty text, categories without tasks")
    func edgeCases() throws {
        var text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        func edit(_ old: String, _ new: String) throws {
            #expect(text.contains(old), "\(old) not in the example")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try edit("  attachment: 附件 3\n", "  attachment: \"\"\n")
        try edit("        - number: 1\n", """
                    - number: 1
                      result:
                        summary: 已完成
                        evidence:
                          - 会议记录
                          - 学习笔记

            """)
        try edit("        - number: 2\n", """
                    - number: 2
                      result:
                        evidence:
                          - "第一行\\n第二行"
                          - 照片

            """)
        try edit("  - name: 工会工作满意度\n    analysis: 达到良好\n", """
              - name: 工会工作满意度
                target: 95%
                actual: 98%
                analysis: 达到良好

            """)
        text += """
            improvements:
              - problem: 1
                measure: 加强学习
              - measure: 争取经费
            use_of_results:
              - 用于下年度预算安排
            """
        try edit("    - name: 强化工会自身建设\n", "    - name: 没有任务的类别\n    - name: 空任务的类别\n      tasks: []\n    - name: 强化工会自身建设\n")
        let original = try EvaluationFile.parse(text, format: .yaml).evaluation
        let data = try StandardWorkbook.make(original)
        let back = try WorkbookImport.read(data)
        #expect(back == original)
        #expect(try EvaluationFile.render(back, as: .yaml) == EvaluationFile.render(original, as: .yaml))
        // Task 1's evidence is one line per item in the table; task 2's cannot be, and goes to 其他字段.
        let document = try XLSXReader.read(data)
        let tasks = try #require(document.sheet(named: "重点任务"))
        #expect(tasks.text(row: 2, column: 6) == "会议记录\n学习笔记")
        #expect(tasks.text(row: 3, column: 6) == "")
        let other = try #require(document.sheet(named: "其他字段"))
        let paths = (2...other.lastRow).map { other.text(row: $0, column: 1) }
        #expect(paths.contains("work.categories[0].tasks[1].result.evidence[0]"))
        #expect(paths.contains("cover.attachment"))
    }

    @Test("Export is byte-for-byte reproducible, filled and blank")
    func reproducible() throws {
        let example = try Self.example()
        #expect(try StandardWorkbook.make(example) == StandardWorkbook.make(example))
        #expect(try StandardWorkbook.make(nil) == StandardWorkbook.make(nil))
    }

    @Test("Amounts keep their stated text; counts are number cells; totals are locked SUM formulas")
    func cells() throws {
        let document = try XLSXReader.read(try StandardWorkbook.make(try Self.example()))
        let function = try #require(document.sheet(named: "功能分类"))
        #expect(function.text(row: 1, column: 1) == "科目编码")
        #expect(function.text(row: 2, column: 1) == "201")
        #expect(function.text(row: 4, column: 3) == "841,491.06元")
        // The 折合元 helper column is a formula with its cached value in 元.
        #expect(function.cell(row: 2, column: 4)?.formula != nil)
        #expect(function.text(row: 2, column: 4) == "3258876.35")
        let total = try #require(function.rows.values.compactMap { $0[4] }.first { $0.formula?.hasPrefix("SUM(") == true })
        #expect(total.text == "11486444.31")
        let supported = try #require(document.sheet(named: "财政供养人员"))
        #expect(supported.text(row: 4, column: 2) == "16")
        #expect(supported.rows.values.compactMap { $0[2] }.contains { $0.formula != nil && $0.text == "26" })
        let other = try #require(document.sheet(named: "其他字段"))
        let rows = (2...other.lastRow).map { (other.text(row: $0, column: 1), other.text(row: $0, column: 3)) }
        #expect(rows.contains { $0 == ("budget.three_public.total.change", "0万元") })
        #expect(rows.contains { $0 == ("work.categories[2].tasks[0].targets[0].kind", "yes_no") })
        #expect(rows.contains { $0.0 == "unit.subordinate_units" })
    }

    @Test("Every data sheet is protected; input cells are unlocked, totals locked; code columns have drop-downs")
    func protection() throws {
        let parts = try ZipContainer.entries(of: try StandardWorkbook.make(try Self.example()))
        let styles = String(decoding: try #require(parts["xl/styles.xml"]), as: UTF8.self)
        let cellXfs = try #require(styles.components(separatedBy: "<cellXfs").last?.components(separatedBy: "</cellXfs>").first)
        let xfs: [String] = Array(cellXfs.components(separatedBy: "<xf ").dropFirst())
        let sheet = String(decoding: try #require(parts["xl/worksheets/sheet3.xml"]), as: UTF8.self)  // 功能分类
        #expect(sheet.contains("<sheetProtection sheet=\"1\""))
        // The writer escapes the quotes of the quoted sheet name.
        #expect(sheet.contains("<formula1>&#39;代码表&#39;!$A$2:$A$28</formula1>"))
        func style(of ref: String) throws -> String {
            let cell = try #require(sheet.components(separatedBy: "<c r=\"\(ref)\"").dropFirst().first)
            let attribute = try #require(cell.components(separatedBy: "s=\"").dropFirst().first)
            let index = try #require(Int(attribute.prefix { $0.isNumber }))
            return xfs[index]
        }
        #expect(try style(of: "C2").contains("locked=\"0\""))
        #expect(try !style(of: "D2").contains("locked=\"0\""))
    }

    // MARK: - The blank template

    @Test("The blank template is a valid package, and importing it unchanged gives only `format`")
    func blankTemplate() throws {
        let data = try StandardWorkbook.make(nil)
        let parts = try ZipContainer.entries(of: data)
        let types = String(decoding: try #require(parts["[Content_Types].xml"]), as: UTF8.self)
        for path in parts.keys where path != "[Content_Types].xml" {
            #expect(types.contains("PartName=\"/\(path)\"") || path.hasSuffix(".rels"), "\(path) has no content type")
            let parser = XMLParser(data: parts[path]!)
            #expect(parser.parse(), "\(path) is not well-formed XML")
        }
        let names = try XLSXReader.read(data).sheets.map(\.name)
        #expect(names == ["说明", "决算收入", "功能分类", "经济分类", "编制", "财政供养人员", "重点任务", "绩效指标",
                          "存在问题", "改进措施", "其他字段", "代码表"])
        let evaluation = try WorkbookImport.read(data)
        #expect(evaluation == Evaluation())
        #expect(try EvaluationFile.render(evaluation, as: .yaml) == "format: \(Evaluation.currentFormat)\n")
    }

    @Test("The blank template lists the fields outside the tables, with their Chinese labels")
    func blankFields() throws {
        let other = try #require(try XLSXReader.read(try StandardWorkbook.make(nil)).sheet(named: "其他字段"))
        let paths = (2...other.lastRow).map { other.text(row: $0, column: 1) }
        for path in ["format", "cover.unit_name", "budget.three_public.total.change", "final_accounts.income.total",
                     "unit.duties[0]", "budget.adjustments.added", "budget.adjustments.reduced", "budget.full_year",
                     "budget.public_operating"]
        {
            #expect(paths.contains(path), "\(path) not listed")
        }
        // A field the label catalogue names is said by its name; any other by its keys' names.
        func label(_ path: String) throws -> String? {
            let row = try #require((2...other.lastRow).first { other.text(row: $0, column: 1) == path })
            return other.text(row: row, column: 2)
        }
        #expect(try label("budget.income.amount") == "收入预算")
        #expect(try label("budget.full_year") == "全年预算数")
        #expect(try label("budget.income.change") == "预算·收入·增减额")
    }

    @Test("Every field path the blank template lists is a field the evaluation file has")
    func blankFieldsExist() throws {
        let blank = try XLSXReader.read(try StandardWorkbook.make(nil))
        let other = try #require(blank.sheet(named: "其他字段"))
        let paths = (3...other.lastRow).map { other.text(row: $0, column: 1) }.filter { !$0.isEmpty }
        #expect(paths.count > 100)
        for path in paths {
            var document = blank
            let index = try #require(document.sheets.firstIndex { $0.name == "其他字段" })
            document.sheets[index].rows = [2: [1: .init(text: path), 3: .init(text: "1")]]
            do {
                _ = try WorkbookImport.read(document)
            } catch {
                // A value of the wrong type is expected here ("1" is not a date); an unknown field is not.
                #expect(!error.description.contains("未知字段"), "\(path): \(error)")
            }
        }
    }

    @Test("A filled-in blank template reads back: table rows and 其他字段 rows")
    func filledBlank() throws {
        var entries = try ZipContainer.entries(of: try StandardWorkbook.make(nil))
        // 功能分类 row 2: 201 / 一般公共服务支出 / 1,000.00元, as inline strings a program might write.
        try Self.replaceCell(&entries, sheet: 3, ref: "A2", with: Self.inline("201", ref: "A2"))
        try Self.replaceCell(&entries, sheet: 3, ref: "C2", with: Self.inline("1,000.00元", ref: "C2"))
        // 编制 row 2: a count typed as a number.
        try Self.replaceCell(&entries, sheet: 5, ref: "A2", with: Self.inline("行政编制", ref: "A2"))
        try Self.replaceCell(&entries, sheet: 5, ref: "B2", with: #"<c r="B2"><v>9</v></c>"#)
        let evaluation = try WorkbookImport.read(try Self.zip(entries))
        let line = try #require(evaluation.finalAccounts?.expenditure?.byFunction?.first)
        #expect(line.code == "201" && line.amount.description == "1,000.00元" && line.name == nil)
        #expect(evaluation.staffing?.authorized?.parts?.first?.count == 9)
    }

    @Test("XLSXReader: rich and inline strings, numbers as stored, booleans, formulas' cached values, cells without r")
    func reader() throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let parts = [
            // Another prefix for the main namespace, and an absolute relationship target.
            ZipContainer.Entry("xl/workbook.xml", #"<x:workbook xmlns:x="\#(main)" xmlns:rel="\#(rel)"><x:sheets><x:sheet name="表" sheetId="1" rel:id="rId7"/></x:sheets></x:workbook>"#),
            ZipContainer.Entry("xl/_rels/workbook.xml.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="\#(rel)/worksheet" Target="/xl/worksheets/s.xml"/></Relationships>"#),
            ZipContainer.Entry("xl/sharedStrings.xml", #"<sst xmlns="\#(main)"><si><r><t>富</t></r><r><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si></sst>"#),
            ZipContainer.Entry("xl/worksheets/s.xml", #"<worksheet xmlns="\#(main)"><sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c t="inlineStr"><is><t>内联</t></is></c><c><v>0.1</v></c><c t="b"><v>1</v></c><c><f>1+1</f><v>2</v></c><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row><row><c r="C3"><v>1234567890.123456789</v></c></row></sheetData></worksheet>"#),
        ]
        let sheet = try #require(try XLSXReader.read(try ZipContainer.make(parts)).sheet(named: "表"))
        #expect(sheet.text(row: 2, column: 1) == "富文本 ")
        #expect(sheet.text(row: 2, column: 2) == "内联")
        #expect(sheet.text(row: 2, column: 3) == "0.1")
        #expect(sheet.text(row: 2, column: 4) == "TRUE")
        #expect(sheet.cell(row: 2, column: 5) == XLSXDocument.Cell(text: "2", formula: "1+1"))
        #expect(sheet.text(row: 2, column: 6) == "ab")
        // Row 3 follows row 2 without `r`; its digits are kept exactly, never through Double.
        #expect(sheet.text(row: 3, column: 3) == "1234567890.123456789")
    }

    @Test("Rows added by a clerk in the spare rows and in 其他字段 are read; the total row is not")
    func addedRows() throws {
        var document = try XLSXReader.read(try StandardWorkbook.make(try Self.example()))
        let problems = try #require(document.sheets.firstIndex { $0.name == "存在问题" })
        document.sheets[problems].rows[5] = [1: .init(text: "新增问题")]
        let other = try #require(document.sheets.firstIndex { $0.name == "其他字段" })
        let last = document.sheets[other].lastRow
        document.sheets[other].rows[last + 1] = [1: .init(text: "use_of_results[0]"), 3: .init(text: "用于预算安排")]
        let evaluation = try WorkbookImport.read(document)
        #expect(evaluation.problems?.map(\.title) == ["认识和重视不足，管理观念尚未转变", "工作经费不足", "新增问题"])
        #expect(evaluation.useOfResults == ["用于预算安排"])
    }

    // MARK: - Located errors

    @Test("Text in an amount cell: located at the sheet and cell, with the field path")
    func textInAmount() throws {
        var entries = try ZipContainer.entries(of: try StandardWorkbook.make(try Self.example()))
        try Self.replaceCell(&entries, sheet: 3, ref: "C4", with: Self.inline("abc", ref: "C4"))
        let error = try Self.importError(entries)
        let problem = try #require(error.problems.first)
        #expect(problem.location == WorkbookLocation(sheet: "功能分类", cell: "C4"))
        #expect(problem.path == "final_accounts.expenditure.by_function[2].amount")
        #expect(problem.description.hasPrefix("例.xlsx: 功能分类!C4: 错误: "))
        #expect(problem.description.contains("abc"))
    }

    /// Issue 21: cells are read by the same reader as forms and files.
    @Test("A figure typed in a cell is read as typed or refused at its cell: 4,8%, 285,58万元, full-width ２８")
    func typedFiguresInCells() throws {
        let made = try ZipContainer.entries(of: try StandardWorkbook.make(try Self.example()))
        for (sheet, name, ref, typed, path, message) in [
            (8, "绩效指标", "D2", "4,8%", "indicators[0].actual", "“4,8%” 中的逗号不是千位分隔符；小数请用小数点，如 4.8%"),
            (3, "功能分类", "C4", "285,58万元", "final_accounts.expenditure.by_function[2].amount",
             "“285,58万元” 中的逗号不是千位分隔符；小数请用小数点，如 285.58万元"),
        ] {
            var entries = made
            try Self.replaceCell(&entries, sheet: sheet, ref: ref, with: Self.inline(typed, ref: ref))
            let error = try Self.importError(entries)
            #expect(error.problems.count == 1)
            let problem = try #require(error.problems.first)
            #expect(problem.location == WorkbookLocation(sheet: name, cell: ref))
            #expect(problem.path == FieldPath(path))
            #expect(problem.description == "例.xlsx: \(name)!\(ref): 错误: \(message)（字段 \(path)）")
        }
        var entries = made
        try Self.replaceCell(&entries, sheet: 5, ref: "B2", with: Self.inline("２８", ref: "B2"))
        let read = try WorkbookImport.read(try Self.zip(entries), file: "例.xlsx")
        #expect(read.staffing?.authorized?.parts?.first?.count == 28)
    }

    @Test("A deleted sheet: an error naming the sheet")
    func deletedSheet() throws {
        var entries = try ZipContainer.entries(of: try StandardWorkbook.make(try Self.example()))
        entries["xl/worksheets/sheet3.xml"] = nil
        let workbook = String(decoding: try #require(entries["xl/workbook.xml"]), as: UTF8.self)
        entries["xl/workbook.xml"] = Data(workbook.replacingOccurrences(
            of: #"<sheet name="功能分类" sheetId="3" r:id="rId3"/>"#, with: "").utf8)
        #expect(!String(decoding: entries["xl/workbook.xml"]!, as: UTF8.self).contains("<sheet name=\"功能分类\""))
        let error = try Self.importError(entries)
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.location == WorkbookLocation(sheet: "功能分类"))
        #expect(error.description == "例.xlsx: 功能分类: 错误: 缺少工作表「功能分类」：标准工作簿的工作表不能删除或改名")
    }

    @Test("An unknown classification code: located at its cell")
    func unknownCode() throws {
        var entries = try ZipContainer.entries(of: try StandardWorkbook.make(try Self.example()))
        try Self.replaceCell(&entries, sheet: 4, ref: "A3", with: Self.inline("399x", ref: "A3"))  // 经济分类
        let error = try Self.importError(entries)
        let problem = try #require(error.problems.first)
        #expect(problem.location == WorkbookLocation(sheet: "经济分类", cell: "A3"))
        #expect(problem.path == "final_accounts.expenditure.by_economic[1].code")
        #expect(problem.message.contains("399x"))
    }

    @Test("An unknown field path in 其他字段: located at its row")
    func unknownField() throws {
        var entries = try ZipContainer.entries(of: try StandardWorkbook.make(try Self.example()))
        try Self.replaceCell(&entries, sheet: 11, ref: "A3", with: Self.inline("cover.atachment", ref: "A3"))
        let problem = try #require(try Self.importError(entries).problems.first)
        #expect(problem.location?.sheet == "其他字段")
        #expect(problem.location?.cell == "C3")
    }

    @Test("The CLI writes nothing when the workbook has an error (exit 2)", .enabled(if: Self.binary() != nil))
    func cliWritesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var entries = try ZipContainer.entries(of: try StandardWorkbook.make(try Self.example()))
        try Self.replaceCell(&entries, sheet: 3, ref: "C4", with: Self.inline("abc", ref: "C4"))
        let workbook = directory.appendingPathComponent("bad.xlsx")
        try Self.zip(entries).write(to: workbook)
        let output = directory.appendingPathComponent("out.yaml")
        let (status, stderr) = try Self.run(["import", workbook.path, "-o", output.path])
        #expect(status == 2)
        #expect(stderr.contains("功能分类!C4: 错误: "))
        #expect(!FileManager.default.fileExists(atPath: output.path))

        // And the good case: template → import → the same file.
        let good = directory.appendingPathComponent("good.xlsx")
        #expect(try Self.run(["template", "--xlsx", good.path, "--from", Self.examplePath]).0 == 0)
        #expect(try Self.run(["import", good.path, "-o", output.path]).0 == 0)
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text == (try EvaluationFile.render(try Self.example(), as: .yaml)))
    }

    // MARK: - Helpers

    /// A cell as an inline string, as some programs write them instead of shared strings.
    static func inline(_ text: String, ref: String) -> String {
        #"<c r="\#(ref)" t="inlineStr"><is><t>\#(text)</t></is></c>"#
    }

    static func replaceCell(_ entries: inout [String: Data], sheet: Int, ref: String, with cell: String) throws {
        let path = "xl/worksheets/sheet\(sheet).xml"
        let xml = String(decoding: try #require(entries[path]), as: UTF8.self)
        let start = try #require(xml.range(of: #"<c r="\#(ref)""#))
        let tail = xml[start.upperBound...]
        // Either a self-closed empty cell or one with content.
        let selfClose = tail.range(of: "/>"), close = tail.range(of: "</c>"), open = tail.range(of: ">")
        let end: String.Index
        if let selfClose, let open, selfClose.upperBound == open.upperBound { end = selfClose.upperBound } else {
            end = try #require(close).upperBound
        }
        entries[path] = Data((xml[..<start.lowerBound] + cell + xml[end...]).utf8)
    }

    static func zip(_ entries: [String: Data]) throws -> Data {
        // [Content_Types].xml first, as readers expect.
        let order = ["[Content_Types].xml"] + entries.keys.filter { $0 != "[Content_Types].xml" }.sorted()
        return try ZipContainer.make(order.map { ZipContainer.Entry($0, entries[$0]!) })
    }

    static func importError(_ entries: [String: Data]) throws -> WorkbookImportErrors {
        let data = try zip(entries)
        do {
            _ = try WorkbookImport.read(data, file: "例.xlsx")
        } catch {
            return error
        }
        Issue.record("import succeeded")
        throw CancellationError()
    }

    /// The `jixiao` binary next to the test bundle, when `swift test` built it.
    static func binary() -> URL? {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("jixiao") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = binary()
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
