import Foundation
import JixiaoAudit
import JixiaoCore
import Testing

func corpus() throws -> String {
    let url = try #require(Bundle.module.url(
        forResource: "lianjiang-zonggonghui-2021-zhengti-zipingbaogao", withExtension: "txt", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}

@Suite("Report text reader")
struct ReportTextTests {
    @Test("Page numbers, blank lines and spaces go; every character keeps its place")
    func stream() throws {
        let report = ReportText(" 附件 3\n\n整体绩效\n\n12\n\n增长 22.92 %，１１人")
        #expect(report.text == "附件3整体绩效增长22.92%，11人")
        let offset = report.units.firstIndex(of: 0x25)!
        #expect(report.location(at: offset) == SourceLocation(line: 7, column: 10))
    }

    @Test("The outline of the real report")
    func outline() throws {
        let outline = Outline(ReportText(try corpus()))
        let top = outline.headings.filter { $0.style == 1 }.map { $0.label + $0.title }
        #expect(top.first == "一、单位基本情况")
        #expect(top.contains("三、绩效自评情况"))
        #expect(outline.headings.filter { $0.style == 3 }.count >= 21 + 2)
    }
}

@Suite("Text rules")
struct TextRuleTests {
    @Test("Every text rule fires on its examples and stays silent on the others", arguments: TextRule.catalogue.map(\.id))
    func examples(id: String) throws {
        let rule = try #require(TextRule.catalogue.first { $0.id == id })
        for text in rule.triggering {
            #expect(!rule.check(ReadReport(ReportText(text))).isEmpty, "\(id) did not fire on \(text)")
        }
        for text in rule.nonTriggering {
            #expect(rule.check(ReadReport(ReportText(text))).isEmpty, "\(id) fired on \(text)")
        }
    }

    @Test("docs/text-rules.md is the catalogue as generated")
    func docs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/text-rules.md"), encoding: .utf8)
        #expect(docs == TextRule.markdown(), "regenerate with: swift run jixiao rules --text --format markdown > docs/text-rules.md")
    }

    @Test("The real report: the defects the issue lists, each at its line")
    func realReport() throws {
        let raw = try corpus()
        let lines = raw.components(separatedBy: "\n")
        let report = ReadReport(ReportText(raw))
        let findings = TextRule.catalogue.flatMap { $0.check(report) }
        func lineOf(_ rule: String) -> [String] {
            findings.filter { $0.rule == rule }.compactMap { $0.location.map { lines[$0.line - 1] } }
        }
        #expect(lineOf("placeholder.unfilled").contains { $0.contains("（单位名") })
        let guidance = lineOf("template.guidance")
        #expect(guidance.contains { $0.contains("如何结合") || $0.contains("积极组织本级开展自评") })
        #expect(guidance.contains { $0.contains("综合评判") || $0.contains("整体支出绩效自评良好") })
        #expect(!lineOf("score.missing").isEmpty)
        #expect(lineOf("numbering.duplicate").contains { $0.contains("（一）部门整体支出绩效管理存在问题") })
        #expect(lineOf("numbering.level").contains { $0.contains("一、加强思想引领") })
        #expect(findings.contains { $0.rule == "section.missing" && $0.message.contains("改进措施") })
        #expect(findings.filter { $0.rule == "section.missing" }.count == 1)
        #expect(!lineOf("indicator.value.missing").isEmpty)
        #expect(!lineOf("task.actual.missing").isEmpty)
        #expect(findings.filter { $0.rule == "problem.unexplained" }.count == 2)
        #expect(!findings.contains { $0.rule == "numbering.skipped" })
    }
}
