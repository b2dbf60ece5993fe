import Foundation
import JixiaoAudit
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

/// The report follows the chosen template: its title, its headings, their numbering and order.
@Suite("Report templates in the report")
struct TemplateRenderTests {
    /// The complete example with the optional parts the templates place too.
    static func evaluation() throws -> Evaluation {
        var e = try completeExample()
        e.useOfResults = ["自评结果用于下年度预算安排。"]
        e.otherMatters = ["无。"]
        return e
    }

    static func document(_ id: String) throws -> ReportDocument {
        var composer = ReportComposer(evaluation: try evaluation(), scores: nil)
        composer.template = try #require(BuiltInTemplates.template(id))
        return composer.compose(draft: true).document
    }

    /// The level-1 and level-2 headings of the Markdown, as written.
    static func headings(_ document: ReportDocument) -> [String] {
        MarkdownRenderer.render(document).components(separatedBy: "\n").compactMap { line in
            line.hasPrefix("# ") ? String(line.dropFirst(2)) : line.hasPrefix("## ") ? String(line.dropFirst(3)) : nil
        }
    }

    static let expected: [String: (title: String, headings: [String])] = [
        "zhanjiang-lianjiang": ("廉江市总工会2021年度部门整体支出绩效自评报告", [
            "一、单位基本情况", "（一）单位机构设置、部门职能情况", "（二）年度总体工作和重点工作任务", "（三）部门整体支出绩效目标",
            "（四）部门整体支出情况", "二、自评工作开展情况", "（一）评价小组情况", "（二）自评工作过程", "（三）自评材料报送时间及质量",
            "（四）自评材料报送及公开一致情况", "三、绩效自评情况", "（一）自评结果", "（二）部门整体支出绩效指标分析", "（三）存在问题",
            "（四）改进措施", "四、其他需要说明的情况", "（一）结果应用", "（二）其他事项",
        ]),
        "hunan-department": ("廉江市总工会2021年度部门整体支出绩效评价报告", [
            "一、基本情况", "（一）部门整体支出概况", "（二）部门整体支出绩效目标", "（三）部门整体支出或项目实施情况分析",
            "二、绩效评价工作开展情况", "三、综合评价情况及评价结论", "四、绩效评价指标分析", "五、存在的问题及原因分析", "六、有关建议",
            "七、其他需要说明的问题",
        ]),
        // 摘要 and the other free-text headings have no field in the file: left out, the rest numbered on.
        "yunnan-xundian": ("廉江市总工会2021年部门整体支出绩效自评报告", [
            "一、部门概况", "（一）部门机构设置、编制", "（二）部门工作完成情况", "（三）部门资金来源及使用情况", "二、绩效目标",
            "三、评价思路和过程", "四、评价结论和绩效分析", "（一）评价结论", "（二）具体绩效分析", "五、存在的问题", "六、改进措施及建议",
        ]),
    ]

    @Test("Every built-in template is one the test knows")
    func allKnown() {
        #expect(Set(BuiltInTemplates.all.map(\.id)) == Set(Self.expected.keys))
    }

    @Test("Each template's title and headings, in its numbering and order, in the Markdown and the DOCX",
          arguments: ["zhanjiang-lianjiang", "hunan-department", "yunnan-xundian"])
    func headingsInOrder(_ id: String) throws {
        let document = try Self.document(id)
        let expected = try #require(Self.expected[id])
        #expect(document.cover.title == expected.title)
        #expect(Self.headings(document) == expected.headings)
        // The DOCX's text holds the same headings in the same order.
        let xml = String(decoding: try #require(try ZipContainer.entries(of: DOCXWriter.write(document))["word/document.xml"]), as: UTF8.self)
        let text = xml.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        var from = text.startIndex
        for heading in expected.headings.map({ $0.replacingOccurrences(of: "^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", with: "", options: .regularExpression) }) {
            let found = try #require(text.range(of: heading, range: from..<text.endIndex), "\(id): 「\(heading)」 not in the DOCX after the one before")
            from = found.upperBound
        }
    }

    @Test("The default template is the 湛江/廉江 one")
    func defaultTemplate() throws {
        let plain = ReportComposer(evaluation: try Self.evaluation(), scores: nil).compose(draft: true).document
        #expect(MarkdownRenderer.render(plain) == MarkdownRenderer.render(try Self.document("zhanjiang-lianjiang")))
    }

    @Test("A report rendered on Hunan's template is read as Hunan's by the audit: no section missing, no note")
    func auditReadsItsOwnTemplate() throws {
        let text = RenderThenAuditTests.text(try Self.document("hunan-department"))
        let findings = Auditor.audit(text)
        #expect(!findings.contains { $0.rule == "section.missing" })
        #expect(!findings.contains { $0.rule == "reader.uncertain" && $0.message.contains("模板") })
        let underStandard = Auditor.audit(text, template: .standard)
        #expect(!underStandard.contains { $0.rule == "section.missing" })
        #expect(underStandard.contains { $0.rule == "reader.uncertain" && $0.severity == .info && $0.message.contains("湛江/廉江") })
    }
}
