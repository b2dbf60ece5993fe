import Foundation
import JixiaoCore
import JixiaoFormats

/// 项目支出绩效自评表 as a form — one project's form (`jixiao/project@1`) in the national table's
/// order: the project, its money rows, the goal, the indicator rows (added, removed and moved), the
/// total and the conclusion. Keys are the project file's paths.
public enum ProjectForm {
    /// The form of one project.
    public static let part: FormPart = {
        // The money columns are named once, by `FundRow.columns`.
        func money(_ row: String) -> [FormItem] {
            FundRow.columns.map { .field(key: row.isEmpty ? $0.key : "\(row).\($0.key)", label: $0.label, kind: .amount) }
        }
        return FormPart(id: "project", title: "项目支出绩效自评表", owns: ["name", "department", "implementer", "category", "year", "funds",
                                                                  "goal", "indicators", "total_score", "grade", "conclusion", "problems",
                                                                  "improvements", "project_lead", "finance_lead"], items: [
            .heading("项目基本情况"),
            .field(key: "name", label: "项目名称", kind: .text),
            .field(key: "department", label: "主管部门", kind: .text),
            .field(key: "implementer", label: "实施单位", kind: .text),
            .field(key: "category", label: "项目类别", kind: .text),
            .heading("项目资金（万元）· 年度资金总额"),
        ] + money("funds.total") + [
            .field(key: "funds.total.execution_rate", label: "执行率", kind: .percent),
            .field(key: "funds.weight", label: "预算执行率分值", kind: .number),
            .field(key: "funds.score", label: "预算执行率得分", kind: .number),
            .list(key: "funds.parts", label: "其中", row: "资金来源", items: [.field(key: "source", label: "资金来源", kind: .text)] + money("")),
            .field(key: "funds.explanation", label: "执行率偏低或预算调整的原因", kind: .paragraph),
            .heading("年度总体目标"),
            .field(key: "goal.expected", label: "预期目标", kind: .paragraph),
            .field(key: "goal.achieved", label: "实际完成情况", kind: .paragraph),
            .list(key: "indicators", label: "绩效指标", row: "指标", items: [
                .field(key: "level1", label: "一级指标", kind: .choice(["产出指标", "效益指标", "满意度指标"])),
                .field(key: "level2", label: "二级指标", kind: .text),
                .field(key: "name", label: "三级指标", kind: .text),
                .field(key: "nature", label: "指标性质", kind: .choice(IndicatorNature.allCases.map(\.rawValue))),
                .field(key: "target", label: "年度指标值", kind: .text),
                .field(key: "unit", label: "度量单位", kind: .text),
                .field(key: "actual", label: "实际完成值", kind: .text),
                .field(key: "weight", label: "分值", kind: .number),
                .field(key: "score", label: "得分", kind: .number),
                .field(key: "deviation", label: "偏差原因分析及改进措施", kind: .paragraph),
            ]),
            .heading("总分与结论"),
            .field(key: "total_score", label: "总分", kind: .number),
            .field(key: "grade", label: "评价等级", kind: .text),
            .field(key: "conclusion", label: "评价结论", kind: .paragraph),
            .field(key: "problems", label: "存在问题", kind: .paragraph),
            .field(key: "improvements", label: "改进措施", kind: .paragraph),
            .field(key: "project_lead", label: "项目负责人", kind: .text),
            .field(key: "finance_lead", label: "财务负责人", kind: .text),
        ])
    }()

    /// Where `path` (of the project file) is on the form: 「指标 2 › 实际完成值」; nil when the form does not show it.
    public static func place(of path: String) -> String? { ReportParts.place(of: path, in: part) }

    /// A check's message in the clerk's words: any field path in it said by its place on the form.
    public static func plain(_ message: String) -> String {
        FieldWords.plain(message) { place(of: $0) ?? FieldLabels.label(of: FieldPath($0)) }
    }

    /// The edited form as the project file to store: rows added and left blank, and the form's
    /// bookkeeping, dropped; decoded with the file's own checks; refused (`InputRejected`, by field
    /// path) when a typed value is not valid, when the file cannot be read, or when it would pass a
    /// revision's `SizeBudget`.
    @inline(never)
    public static func file(from tree: SourceNode, typed: [String: String]) throws -> String {
        let clean = try FormEngine.cleaned(tree, typed: typed, what: "项目自评表")
        do { _ = try ProjectFile.decode(clean) } catch {
            throw InputRejected(problems: error.errors.map { InputProblem(location: nil, path: $0.path?.text, message: $0.message) })
        }
        do { return try EvaluationFile.text(of: clean, as: .yaml) } catch {
            throw InputRejected(problems: [InputProblem(message: "无法写出修改后的项目自评表：\(error)")])
        }
    }
}

/// Field paths in a message said in words, for the clerk.
public enum FieldWords {
    /// `message` with 「（final_accounts.deviation_reason）」 dropped (the message sits beside the
    /// field) and any other field path said as `naming` names it.
    public static func plain(_ message: String, naming: (String) -> String) -> String {
        // A field path has a lower-case ASCII letter or `_`; most messages have none (regexes are dear).
        guard message.utf8.contains(where: { (0x61...0x7A).contains($0) || $0 == 0x5F }) else { return message }
        let path = #"[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*|\[[0-9]+\])+"#
        var text = message.replacingOccurrences(of: "（\(path)）", with: "", options: .regularExpression)
        while let range = text.range(of: path, options: .regularExpression) {
            text.replaceSubrange(range, with: "「\(naming(String(text[range])))」")
        }
        return text
    }
}
