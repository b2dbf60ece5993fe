import Foundation
import Testing

/// The project form's documents as a user asks for them: `render --format`, `render --project` with
/// the unit's package, and the standard workbook's `template --project` and `import`.
@Suite("jixiao render, template and import with project forms")
struct ProjectDocumentsCLITests {
    static let example = "examples/langfang-foodschool-project-2019.yaml"
    static let overall = "examples/lianjiang-zonggonghui-2021.yaml"

    static func isZip(_ url: URL) throws -> Bool { try Data(contentsOf: url).prefix(2) == Data("PK".utf8) }

    @Test("render PROJECT --format xlsx writes the XLSX only; --format docx the landscape DOCX; an evaluation file refuses --format")
    func formats() throws {
        let out = try CLITests.temporaryDirectory()
        let xlsx = try CLITests.run(["render", Self.example, "--format", "xlsx", "--out", out.path])
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["langfang-foodschool-project-2019.xlsx"])
        #expect(try Self.isZip(out.appendingPathComponent("langfang-foodschool-project-2019.xlsx")))
        let docx = try CLITests.run(["render", Self.example, "--format", "docx", "--out", out.path])
        #expect(docx.status == 0, "\(docx.stderr)")
        #expect(docx.stdout.hasSuffix("langfang-foodschool-project-2019.docx\n"))
        #expect(try Self.isZip(out.appendingPathComponent("langfang-foodschool-project-2019.docx")))

        let refused = try CLITests.run(["render", Self.overall, "--framework", "national-2013", "--format", "xlsx", "--out", out.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--format 只用于项目支出绩效自评表"))
        let unknown = try CLITests.run(["render", Self.example, "--format", "doc", "--out", out.path])
        #expect(unknown.status != 0)
    }

    /// CI installs LibreOffice and sets JIXIAO_REQUIRE_PDF=1, so this cannot pass by skipping there.
    @Test("render PROJECT --format pdf: a landscape PDF holding the form's figures, and no DOCX left beside it")
    func pdf() throws {
        let required = ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1"
        guard required || CLITests.onPath("soffice") != nil else { return }
        let out = try CLITests.temporaryDirectory()
        let result = try CLITests.run(["render", Self.example, "--format", "pdf", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["langfang-foodschool-project-2019.pdf"])
        let pdf = out.appendingPathComponent("langfang-foodschool-project-2019.pdf").path
        let text = try CLITests.runTool("pdftotext", ["-layout", pdf, "-"]).replacingOccurrences(of: " ", with: "")
        for figure in ["项目支出绩效自评表（2019年度）", "廊坊市食品工程学校", "86.20%", "37.24", "工程资金金额", "总分98"] {
            #expect(text.contains(figure), "the PDF lacks \(figure)")
        }
        let info = try CLITests.runTool("pdfinfo", [pdf])
        #expect(info.contains("841.89 x 595.") , "not landscape A4: \(info)")
    }

    @Test("render OVERALL --project adds each project's DOCX and XLSX to the unit's package; a project file refuses --project")
    func package() throws {
        let out = try CLITests.temporaryDirectory()
        let result = try CLITests.run(["render", Self.overall, "--framework", "national-2013", "--draft", "--out", out.path,
                                       "--project", Self.example])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        for ext in ["docx", "xlsx"] {
            #expect(names.contains("廉江市总工会2021年度项目支出绩效自评表1（办公宿舍楼、食堂及餐厅暖通改造经费）（草稿）.\(ext)"), "\(names)")
        }
        let refused = try CLITests.run(["render", Self.example, "--out", out.path, "--project", Self.example])
        #expect(refused.status == 2)
    }

    @Test("template --project then import: the project form comes back as a file of its own, the same as the original")
    func workbookRoundTrip() throws {
        let dir = try CLITests.temporaryDirectory()
        let workbook = dir.appendingPathComponent("工作簿.xlsx").path
        let written = try CLITests.run(["template", "--xlsx", workbook, "--from", Self.overall, "--project", Self.example])
        #expect(written.status == 0, "\(written.stderr)")
        let output = dir.appendingPathComponent("自评数据.yaml").path
        let imported = try CLITests.run(["import", workbook, "-o", output])
        #expect(imported.status == 0, "\(imported.stderr)")
        let project = dir.appendingPathComponent("自评数据-project-1.yaml").path
        #expect(imported.stdout == project + "\n")
        let original = dir.appendingPathComponent("original.yaml").path
        #expect(try CLITests.run(["convert", Self.example, "-o", original]).status == 0)
        #expect(try String(contentsOfFile: project, encoding: .utf8) == String(contentsOfFile: original, encoding: .utf8))
        #expect(try CLITests.run(["check", project]).status == 0)
    }
}
