import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The project form (项目支出绩效自评表) as documents: the XLSX sheet with its formulas, the landscape
/// DOCX page, the unit's package with its projects, and the standard workbook's round trip.
@Suite("Project form documents: XLSX with formulas, landscape DOCX, workbook round trip")
struct ProjectDocumentTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examplePath = root.appendingPathComponent("examples/langfang-foodschool-project-2019.yaml").path

    static func example() throws -> ProjectEvaluation { try ProjectFile.load(path: examplePath).project }
    static func framework() throws -> ProjectFramework { try ProjectFrameworkFile.resolve(ProjectFramework.defaultID) }

    /// The example with a row of every other kind: ≤ not met (指标值 5 ÷ 实际 8 × 10 = 6.25), a
    /// qualitative row judged within its band, a row without 分值 (无法计分), and a money row in 元.
    static func variant() throws -> ProjectEvaluation {
        var project = try example()
        var indicators = try #require(project.indicators)
        indicators[1].nature = .atMost
        indicators[1].target = "5"
        indicators[1].actual = "8"
        indicators[1].score = StatedNumber(Decimal(string: "6.25")!, decimals: 2)
        indicators[2].nature = .qualitative
        indicators[2].target = "效果明显"
        indicators[2].actual = "部分达成"
        indicators[2].score = StatedNumber(7, decimals: 0)
        indicators[3].weight = nil
        project.indicators = indicators
        project.funds?.parts?[0].spent = try Amount.parse("372,400.00元")
        project.grade = "良"
        project.conclusion = "项目基本完成年度目标。"
        return project
    }

    static func cells(_ project: ProjectEvaluation) throws -> XLSXDocument.Sheet {
        let data = try ProjectFormWorkbook.make(project, scores: ProjectScoring.score(project, under: try framework()))
        return try #require(try XLSXReader.read(data).sheets.first)
    }

    /// The row whose column A (or any cell) holds `label`.
    static func row(_ sheet: XLSXDocument.Sheet, _ label: String) throws -> Int {
        try #require(sheet.rowNumbers.first { r in (sheet.rows[r] ?? [:]).values.contains { $0.text == label } }, "no row \(label)")
    }

    // MARK: - XLSX

    @Test("The worked example's sheet: 执行率, scores and 总分 as formulas whose cached values are jixiao's")
    func exampleFormulas() throws {
        let project = try Self.example()
        let scores = ProjectScoring.score(project, under: try Self.framework())
        let sheet = try Self.cells(project)
        let money = try Self.row(sheet, "年度资金总额")
        #expect(sheet.cell(row: money, column: 8)?.formula == "F\(money)/E\(money)")
        #expect(Decimal(string: sheet.text(row: money, column: 8)) == scores.executionRate)
        #expect(sheet.cell(row: money, column: 9)?.formula == "ROUND(MIN(H\(money),1)*G\(money),0)")
        // 37.24 ÷ 43.2 × 10 = 8.62, stated in whole points as the form does: 9.
        #expect(sheet.text(row: money, column: 9) == "9")
        let first = try Self.row(sheet, "工程资金金额")
        #expect(sheet.cell(row: first, column: 9)?.formula == "IF(G\(first)>=E\(first),H\(first),ROUND(G\(first)/E\(first)*H\(first),0))")
        #expect(sheet.text(row: first, column: 9) == "9")
        #expect(sheet.text(row: first + 1, column: 9) == "10")
        let total = try Self.row(sheet, "总分")
        #expect(sheet.cell(row: total, column: 9)?.formula?.hasPrefix("SUM(I\(money),I\(first),") == true)
        // The total jixiao scores the form at, which is the form's stated 98.
        #expect(Decimal(string: sheet.text(row: total, column: 9)) == scores.total)
        #expect(scores.total == 98)
        for label in ["项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度总体目标",
                      "一级指标", "三级指标", "偏差原因分析及改进措施", "评价结论", "存在问题", "改进措施", "项目负责人", "财务负责人"] {
            _ = try Self.row(sheet, label)
        }
    }

    @Test("Each kind of row: ≤ not met in proportion, a qualitative score as judged, 无法计分 counted as 0, 元 as 万元")
    func rowKinds() throws {
        let project = try Self.variant()
        let sheet = try Self.cells(project)
        let atMost = try Self.row(sheet, "工程完工率")
        #expect(sheet.cell(row: atMost, column: 9)?.formula == "IF(G\(atMost)<=E\(atMost),H\(atMost),ROUND(E\(atMost)/G\(atMost)*H\(atMost),2))")
        #expect(sheet.text(row: atMost, column: 9) == "6.25")
        let qualitative = try Self.row(sheet, "工程验收合格率")
        #expect(sheet.cell(row: qualitative, column: 9) == XLSXDocument.Cell(text: "7"))
        #expect(sheet.text(row: qualitative, column: 5) == "效果明显")
        let unscored = try Self.row(sheet, "项目完成及时率")
        #expect(sheet.text(row: unscored, column: 9) == "无法计分")
        let part = try Self.row(sheet, "其中：当年财政拨款")
        #expect(sheet.text(row: part, column: 6) == "37.24")
        // 9 + 9 + 6.25 + 7 + 5 × 10 (the row without 分值 counts nothing).
        let total = try Self.row(sheet, "总分")
        #expect(Decimal(string: sheet.text(row: total, column: 9)) == Decimal(string: "81.25"))
        #expect(sheet.text(row: try Self.row(sheet, "评价等级"), column: 3) == "良")
    }

    /// CI installs LibreOffice and openxml-audit and sets JIXIAO_REQUIRE_PDF=1, so this cannot pass by skipping there.
    @Test("LibreOffice recalculates every formula to jixiao's values, and openxml-audit finds no error")
    func recalculatedByLibreOffice() throws {
        let required = ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1"
        guard required || Self.onPath("soffice") != nil else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (name, project) in [("example", try Self.example()), ("variant", try Self.variant())] {
            let scores = ProjectScoring.score(project, under: try Self.framework())
            for (ext, data) in [("xlsx", try ProjectFormWorkbook.make(project, scores: scores)),
                                ("docx", try DOCXWriter.write(project, scores: scores, isDraft: false))] {
                let url = dir.appendingPathComponent("\(name).\(ext)")
                try data.write(to: url)
                paths.append(url.path)
            }
        }
        let xlsx = paths.filter { $0.hasSuffix(".xlsx") }
        let recalculation = try Self.python([Self.root.appendingPathComponent("scripts/check-xlsx-formulas.py").path] + xlsx)
        #expect(recalculation.status == 0, "\(recalculation.output)")
        #expect(recalculation.output.contains("example.xlsx: 12 formulas recalculated by LibreOffice, 0 disagree"), "\(recalculation.output)")
        #expect(recalculation.output.contains("variant.xlsx: 10 formulas recalculated by LibreOffice, 0 disagree"), "\(recalculation.output)")
        let auditInstalled = try Self.python(["-c", "import openxml_audit"]).status == 0
        guard required || auditInstalled else { return }
        for path in paths {
            let audit = try Self.python(["-m", "openxml_audit", path])
            #expect(audit.status == 0 && audit.output.contains("Errors: 0"), "\(path): \(audit.output)")
        }
    }

    // MARK: - DOCX

    @Test("The DOCX: one landscape A4 section, the form as one table with spanning cells, the values as jixiao computes them")
    func landscapeDOCX() throws {
        let project = try Self.example()
        let data = try DOCXWriter.write(project, scores: ProjectScoring.score(project, under: try Self.framework()), isDraft: true)
        let parts = try ZipContainer.entries(of: data)
        let document = String(decoding: try #require(parts["word/document.xml"]), as: UTF8.self)
        _ = try XMLDocument(data: Data(document.utf8))
        #expect(document.contains(#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#))
        #expect(document.components(separatedBy: "<w:sectPr>").count == 2)
        #expect(document.components(separatedBy: "<w:tbl>").count == 2)
        #expect(document.contains(#"<w:gridSpan w:val="8"/>"#))
        for text in ["项目支出绩效自评表（2019年度）", "办公宿舍楼、食堂及餐厅暖通改造经费", "86.20%", "37.24", "工程资金金额", "98"] {
            #expect(document.contains(">\(text)<"), "\(text) missing")
        }
        // The draft's 「草稿」 header on every page.
        #expect(parts["word/header1.xml"].map { String(decoding: $0, as: UTF8.self).contains("草稿") } == true)
        for (path, part) in parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") { _ = try XMLDocument(data: part) }
    }

    @Test("The unit's package holds each project's form as DOCX and XLSX after the report and tables")
    func packageWithProjects() throws {
        let evaluation = try EvaluationFile.load(path: Self.root.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml").path).evaluation
        let compiled = try FrameworkFile.resolve("national-2013")
        let scores = compiled.score(evaluation)
        var composer = ReportComposer(evaluation: evaluation, scores: scores)
        composer.template = .standard
        let report = composer.compose(draft: true).document
        let forms = try [Self.example(), Self.variant()].map { ($0, ProjectScoring.score($0, under: try Self.framework())) }
        let package = try RenderedPackage.make(evaluation: evaluation, report: report, scores: scores,
                                               projects: forms.map { (form: $0.0, scores: $0.1) })
        let names = package.files.map(\.name)
        #expect(names.count == 9)
        #expect(names.suffix(4) == [
            "廉江市总工会2021年度项目支出绩效自评表1（办公宿舍楼、食堂及餐厅暖通改造经费）（草稿）.docx",
            "廉江市总工会2021年度项目支出绩效自评表1（办公宿舍楼、食堂及餐厅暖通改造经费）（草稿）.xlsx",
            "廉江市总工会2021年度项目支出绩效自评表2（办公宿舍楼、食堂及餐厅暖通改造经费）（草稿）.docx",
            "廉江市总工会2021年度项目支出绩效自评表2（办公宿舍楼、食堂及餐厅暖通改造经费）（草稿）.xlsx",
        ])
    }

    // MARK: - Standard workbook

    @Test("The standard workbook round-trips the projects: the same forms, the same YAML, and the evaluation unchanged")
    func workbookRoundTrip() throws {
        let evaluation = try EvaluationFile.load(path: Self.root.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml").path).evaluation
        let projects = [try Self.example(), try Self.variant()]
        let document = try WorkbookImport.document(try StandardWorkbook.make(evaluation, projects: projects), file: "例.xlsx")
        #expect(try WorkbookImport.read(document, file: "例.xlsx") == evaluation)
        let back = try WorkbookImport.projects(of: document, file: "例.xlsx")
        #expect(back == projects)
        #expect(try back.map { try ProjectFile.render($0, as: .yaml) } == projects.map { try ProjectFile.render($0, as: .yaml) })
        // Every field of the project sheets is named in Chinese.
        let sheet = try #require(document.sheet(named: "项目1"))
        for r in sheet.rowNumbers where r >= 2 && !sheet.text(row: r, column: 1).isEmpty {
            let label = sheet.text(row: r, column: 2)
            #expect(!label.unicodeScalars.contains { $0.isASCII && $0.properties.isAlphabetic }, "\(sheet.text(row: r, column: 1)): \(label)")
        }
        // Without projects the workbook has no project sheet and reads back none.
        let plain = try WorkbookImport.document(try StandardWorkbook.make(evaluation), file: "例.xlsx")
        #expect(try WorkbookImport.projects(of: plain, file: "例.xlsx").isEmpty)
    }

    @Test("A bad figure on a project sheet is refused at its sheet and cell")
    func badProjectCell() throws {
        var workbook = try StandardWorkbook.workbook(nil, projects: [try Self.example()])
        let index = try #require(workbook.sheets.firstIndex { $0.name == "项目1" })
        let r = try #require(workbook.sheets[index].rows.firstIndex { $0.first?.value == .text("funds.total.spent") })
        workbook.sheets[index].rows[r][2] = .text("37,2.4万元", .inputCode)
        let document = try WorkbookImport.document(try XLSXWriter.write(workbook), file: "例.xlsx")
        let error = try #require(throws: WorkbookImportErrors.self) { try WorkbookImport.projects(of: document, file: "例.xlsx") }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.location == WorkbookLocation(sheet: "项目1", cell: "C\(r + 1)"), "\(error)")
        #expect(error.description.contains("37,2.4"), "\(error)")
    }

    // MARK: - Helpers

    static func onPath(_ name: String) -> String? {
        ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/\(name)" }
            .first(where: FileManager.default.isExecutableFile)
    }

    /// `python3 ARGUMENTS`: its exit status and its output and errors together.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(onPath("python3"), "python3 is not on the PATH"))
        process.arguments = arguments
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
