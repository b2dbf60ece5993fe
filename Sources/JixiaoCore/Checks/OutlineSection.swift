import Foundation

/// 报告提纲的一节 — a section of the standard report outline (report-outline.md) and how to
/// tell whether an evaluation file has it.
public struct OutlineSection: Sendable {
    /// Stable ID used in `CheckOptions.requiredSections`, e.g. `1.2`.
    public let id: String
    /// The heading as the outline numbers it.
    public let heading: String
    /// The field that holds it.
    public let path: FieldPath
    let isPresent: @Sendable (Evaluation) -> Bool

    private static func filled(_ list: [some Any]?) -> Bool { !(list ?? []).isEmpty }

    /// 一（一）… 三（四）, in outline order.
    public static let standard: [OutlineSection] = [
        OutlineSection(id: "1.1", heading: "一（一）单位机构设置、部门职能情况", path: "unit") { filled($0.unit?.duties) },
        OutlineSection(id: "1.1.staffing", heading: "一（一）人员构成情况", path: "staffing") {
            $0.staffing?.authorized != nil || $0.staffing?.supported != nil
        },
        OutlineSection(id: "1.2", heading: "一（二）年度总体工作和重点工作任务", path: "work") {
            !($0.work?.allTasks.isEmpty ?? true)
        },
        OutlineSection(id: "1.3", heading: "一（三）部门整体支出绩效目标", path: "performance_goals") {
            filled($0.performanceGoals)
        },
        OutlineSection(id: "1.4.budget", heading: "一（四）部门整体支出情况：预算", path: "budget") {
            $0.budget?.income != nil || $0.budget?.expenditure != nil
        },
        OutlineSection(id: "1.4.final", heading: "一（四）部门整体支出情况：决算", path: "final_accounts") {
            $0.finalAccounts?.income?.total != nil || $0.finalAccounts?.expenditure?.total != nil
        },
        OutlineSection(id: "2.1", heading: "二（一）评价小组情况", path: "self_evaluation.team") {
            $0.selfEvaluation?.team != nil
        },
        OutlineSection(id: "2.2", heading: "二（二）自评工作过程", path: "self_evaluation.process") {
            filled($0.selfEvaluation?.process)
        },
        OutlineSection(id: "2.3", heading: "二（三）自评材料报送时间及质量", path: "self_evaluation.submission") {
            filled($0.selfEvaluation?.submission)
        },
        OutlineSection(id: "2.4", heading: "二（四）自评材料报送及公开一致情况", path: "self_evaluation.disclosure") {
            filled($0.selfEvaluation?.disclosure)
        },
        OutlineSection(id: "3.1", heading: "三（一）自评结果", path: "self_evaluation.result") {
            $0.selfEvaluation?.result != nil
        },
        OutlineSection(id: "3.2", heading: "三（二）部门整体支出绩效指标分析", path: "indicators") { filled($0.indicators) },
        OutlineSection(id: "3.3", heading: "三（三）存在问题", path: "problems") { filled($0.problems) },
        OutlineSection(id: "3.4", heading: "三（四）改进措施", path: "improvements") { filled($0.improvements) },
    ]
}
