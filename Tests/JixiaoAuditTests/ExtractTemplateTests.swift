import Foundation
import JixiaoAudit
import JixiaoCore
import Testing

/// `extract` on real 整体支出 reports of other outlines (`../shared/corpus/real/`): the sections of
/// each report's own outline land in the parts of the file its template binds them to, and a
/// table of contents is never read as content.
@Suite("Extract by the report's own template")
struct ExtractTemplateTests {
    /// The extraction of a corpus text, with its original lines.
    static func extract(_ name: String, template: ReportTemplate? = nil) throws -> (lines: [String], extraction: Extraction) {
        let folder = try #require(RealCorpusTests.folder(), "../shared/corpus/real is missing")
        let raw = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return (lines(raw), FactExtractor.extract(ReportText(raw), template: template))
    }

    /// The text read at `path` begins with `words` on the original line it is located at.
    static func read(_ x: (lines: [String], extraction: Extraction), _ path: FieldPath, startsWith words: String) -> Bool {
        figure(at: path, in: x.extraction, of: x.lines, startsWith: words)
    }

    @Test("Hunan (南县政协): 一（二）绩效目标 and 一（三）实施情况分析 under Hunan's outline")
    func hunan() throws {
        let x = try Self.extract("53-hunan-nanxian-zx-zhengti-pingjia-2021.txt")
        let e = x.extraction.evaluation
        #expect(e.performanceGoals?.first?.hasPrefix("县政协坚持按照县委") == true)
        #expect(Self.read(x, "performance_goals[0]", startsWith: "县政协坚持按照县委"))
        #expect(e.work?.general?.first?.hasPrefix("本项目由基本支出和项目支出") == true)
        // What is missing is named by Hunan's headings, not 湛江's.
        #expect(x.extraction.unread.contains { $0.hasPrefix("一（一）部门整体支出概况") })
        #expect(!x.extraction.unread.contains { $0.hasPrefix("一（四）") })
    }

    @Test("Xuwen (湛江's outline after a paragraph numbered 一、): each 二（n） in its part")
    func xuwen() throws {
        let x = try Self.extract("62-guangdong-xuwen-dfglj-zhengti-ziping-2024.txt")
        let e = x.extraction.evaluation
        #expect(e.work?.general?.first?.hasPrefix("本年度围绕省县道公路建设") == true)
        #expect(e.performanceGoals?.first?.hasPrefix("1、上级部门和市委、市政府下达的工作目标") == true)
        #expect(Self.read(x, "work.general[0]", startsWith: "本年度围绕"))
        #expect(e.cover?.notice?.number == "徐财绩[2025]5号")
    }

    @Test("Maoming (one line, 湛江's outline): tasks and goals after their headings' words")
    func maoming() throws {
        let x = try Self.extract("55-guangdong-maoming-fgj-zhengti-ziping-2021.txt")
        let e = x.extraction.evaluation
        #expect(e.work?.allTasks.first?.task.title == "强化经济综合管理,积极发挥党委政府的参谋助手作用")
        #expect(e.work?.general == nil)
        #expect(e.performanceGoals?.first?.hasPrefix("我局部门整体支出绩效目标") == true)
        #expect(e.staffing?.authorized?.total == 63)
    }

    @Test("Xundian (Yunnan): the table of contents is no content; 一、部门概况 is read, as the unit")
    func xundianContents() throws {
        let x = try Self.extract("16-xundian-xwb-2023-zhengti-ziping.txt")
        let e = x.extraction.evaluation
        // The contents list 「八、改进措施及建议」 and the attachments: no measure, no problem, no goal.
        #expect(e.improvements == nil)
        #expect(e.problems == nil)
        #expect(e.performanceGoals == nil)
        // Nothing is read in the contents (lines 2–29); the unit is read under 一、部门概况 (line 33 on).
        #expect(x.extraction.locations.filter { $0.key.description.hasPrefix("unit") }.allSatisfy { $0.value.line >= 33 })
        #expect(x.extraction.locations.keys.contains { $0.description.hasPrefix("unit.") })
        #expect(!x.extraction.unread.contains { $0.hasPrefix("二（一）部门机构设置、编制：未找到该部分") })
        #expect(x.extraction.unread.contains { $0.hasPrefix("八、改进措施及建议：未找到该部分") })
        #expect(!x.extraction.unread.contains { $0.hasPrefix("提纲：") })
    }

    @Test("A table of contents with leaders and page numbers, on one line or on its own lines, is never a section")
    func contentsWithLeaders() {
        let text = """
            某局2022年度部门整体支出绩效自评报告
            目录 一、单位基本情况……1 二、自评工作开展情况……3 三、绩效自评情况……4（三）存在问题……5（四）改进措施……6
            一、单位基本情况
            （一）单位机构设置、部门职能情况
            本局为行政单位，内设3个股室。
            三、绩效自评情况
            （三）存在问题
            1.预算执行进度偏慢。
            （四）改进措施
            1.加快预算执行进度。
            """
        let x = FactExtractor.extract(ReportText(text))
        #expect(x.evaluation.improvements?.map(\.measure) == ["加快预算执行进度"])
        #expect(x.evaluation.problems?.map(\.title) == ["预算执行进度偏慢"])
    }

    @Test("A report on no known outline: what a heading's words name is read, the rest left with a note")
    func noKnownOutline() {
        let text = """
            某镇2022年度整体支出绩效自评报告
            一、工作开展情况
            今年全镇完成各项任务。
            二、存在的问题
            1.资金拨付偏慢。
            """
        let x = FactExtractor.extract(ReportText(text))
        #expect(x.evaluation.problems?.map(\.title) == ["资金拨付偏慢"])
        #expect(x.unread.contains { $0.hasPrefix("提纲：") && $0.contains("最接近的是") })
    }

    @Test("A template given by the caller is the one the headings are read by")
    func chosenTemplate() throws {
        let hunan = try #require(BuiltInTemplates.template("hunan-department"))
        let x = try Self.extract("53-hunan-nanxian-zx-zhengti-pingjia-2021.txt", template: hunan)
        #expect(x.extraction.evaluation.performanceGoals?.first?.hasPrefix("县政协坚持按照县委") == true)
        let underStandard = try Self.extract("53-hunan-nanxian-zx-zhengti-pingjia-2021.txt", template: .standard)
        #expect(underStandard.extraction.unread.contains { $0.hasPrefix("提纲：") && $0.contains("未按所选模板「湛江/廉江") })
    }
}
