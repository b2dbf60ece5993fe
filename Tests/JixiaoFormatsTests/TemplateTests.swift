import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// Report templates are data: the built-in ones read as a bureau's file would, and a malformed
/// file is refused with located Chinese errors.
@Suite("Report templates")
struct TemplateTests {
    static let header = "format: jixiao/template@1\nid: test\nname: 测试模板\nsource: 测试\ntitle: \"{单位}{年度}年度报告\"\ncover: [year, unit]\n"

    static func errors(_ body: String) -> [SourceError] {
        do {
            _ = try TemplateFile.parse(header + body, file: "t.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    @Test("Every built-in template reads through the bureau's loader as it does built in, with no problem")
    func builtIns() throws {
        #expect(BuiltInTemplates.files.count >= 3)
        #expect(BuiltInTemplates.all.count == BuiltInTemplates.files.count, "a built-in template does not read")
        for url in BuiltInTemplates.files {
            let loaded = try TemplateFile.load(path: url.path)
            #expect(loaded.structuralProblems().isEmpty, "\(url.lastPathComponent)")
            #expect(url.lastPathComponent == loaded.id + ".json", "file name must be the id")
            #expect(BuiltInTemplates.template(loaded.id) == loaded)
            #expect(!loaded.source.isEmpty)
        }
        #expect(ReportTemplate.standard.id == BuiltInTemplates.standardID)
    }

    @Test("The standard template numbers its outline as the worked example does")
    func standardNumbers() {
        let numbers = ReportTemplate.standard.outline.map { $0.number + $0.heading.title }
        #expect(numbers.prefix(3) == ["一、单位基本情况", "一（一）单位机构设置、部门职能情况", "一（二）年度总体工作和重点工作任务"])
        #expect(numbers.contains("三（四）改进措施"))
        #expect(ReportTemplate.standard.heading(holding: .finalAccounts)?.number == "一（四）")
        #expect(Numbering.chineseParenthesized.label(12) == "（十二）" && Numbering.chinese.label(20) == "二十、")
    }

    @Test("A numbering the template format does not know is refused at its line")
    func badNumbering() throws {
        let e = try #require(Self.errors("headings:\n  - title: 基本情况\n    numbering: 第一章\n").first)
        #expect(e.location?.line == 9)
        #expect(e.file == "t.yaml")
        #expect(e.description.contains("t.yaml:9"))
        #expect(e.message.contains("「第一章」无效") && e.message.contains("（一）"))
    }

    @Test("A part written under two headings is refused at the second, in Chinese")
    func partTwice() throws {
        let e = try #require(Self.errors("""
            headings:
              - {title: 基本情况, numbering: 一、, parts: [unit]}
              - {title: 部门概况, numbering: 一、, parts: [staffing, unit]}
            """).first)
        #expect(e.message.contains("只能写在一个标题下"))
        #expect(e.location?.line == 9)
    }

    @Test("An empty outline and a wrong format are refused")
    func emptyOutline() {
        #expect(Self.errors("headings: []\n").contains { $0.message.contains("提纲没有标题") })
        do {
            _ = try TemplateFile.parse("format: jixiao/framework@1\nid: x\nname: x\nsource: x\ntitle: x\ncover: []\nheadings: [{title: 甲, numbering: 一、}]\n")
            Issue.record("a framework's format was accepted")
        } catch {
            #expect(error.errors.contains { $0.message.contains("jixiao/template@1") })
        }
    }

    @Test("An unknown ID that is no file names the built-in ones")
    func unknownID() {
        do {
            _ = try TemplateFile.resolve("guangxi")
            Issue.record("resolved")
        } catch {
            #expect(error.errors.first?.message.contains("hunan-department") == true)
        }
    }
}
