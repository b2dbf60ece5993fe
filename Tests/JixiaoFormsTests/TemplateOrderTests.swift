import Foundation
import JixiaoCore
import JixiaoForms
import JixiaoFormats
import Testing

/// The forms follow the report template: its order, its headings' titles.
@Suite("Forms in a template's order")
struct TemplateOrderTests {
    @Test("Under 湛江/廉江 the forms keep their order, titled by the outline's headings")
    func standard() {
        let forms = ReportParts.ordered(by: .standard)
        #expect(forms.map(\.id) == ReportParts.all.map(\.id))
        #expect(forms.map(\.title) == [
            "封面", "单位机构设置、部门职能情况", "年度总体工作和重点工作任务", "部门整体支出绩效目标", "部门整体支出情况：预算",
            "部门整体支出情况：决算", "自评工作开展情况", "自评结果", "部门整体支出绩效指标分析", "存在问题、改进措施", "其他需要说明的情况",
        ])
    }

    @Test("Under Hunan's template the forms come in Hunan's order, under Hunan's headings")
    func hunan() throws {
        let hunan = try #require(BuiltInTemplates.template("hunan-department"))
        let forms = ReportParts.ordered(by: hunan)
        #expect(forms.map(\.id) == ["cover", "unit", "budget", "final", "goals", "work", "process", "result", "indicators", "problems", "use"])
        #expect(forms.map(\.title) == [
            "封面", "部门整体支出概况：机构设置、部门职能、人员构成", "部门整体支出概况：预算", "部门整体支出概况：决算", "部门整体支出绩效目标",
            "部门整体支出或项目实施情况分析", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效评价指标分析", "存在的问题及原因分析、有关建议",
            "其他需要说明的问题",
        ])
    }

    @Test("A form whose parts a bureau's outline leaves out comes last, under its own title")
    func unlisted() throws {
        let mine = try TemplateFile.parse("""
            format: jixiao/template@1
            id: mine
            name: 本局模板
            source: 本局通知
            title: "{单位}{年度}年度部门整体支出绩效自评报告"
            cover: [unit, year]
            headings:
              - {title: 存在问题和改进措施, numbering: 一、, parts: [problems, improvements]}
              - {title: 基本情况, numbering: 一、, parts: [unit, staffing, work, performance_goals, budget, final_accounts]}
              - {title: 自评结果, numbering: 一、, parts: [self_evaluation.result, indicators]}
            """, format: .yaml, file: "mine.yaml")
        let forms = ReportParts.ordered(by: mine)
        #expect(forms.map(\.id) == ["cover", "problems", "unit", "work", "goals", "budget", "final", "result", "indicators", "process", "use"])
        #expect(forms.first { $0.id == "problems" }?.title == "存在问题和改进措施")
        #expect(forms.first { $0.id == "indicators" }?.title == "自评结果：指标分析")
        // The part named as its heading is: the heading's words once, not 「自评结果：自评结果」.
        #expect(forms.first { $0.id == "result" }?.title == "自评结果")
        #expect(forms.suffix(2).map(\.title) == [ReportParts.process.title, ReportParts.useOfResults.title])
    }
}
