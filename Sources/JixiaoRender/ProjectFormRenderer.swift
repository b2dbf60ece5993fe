import Foundation
import JixiaoCore

/// 项目支出绩效自评表 as the standard table, in Markdown and HTML: the project's heading rows, the
/// money rows, the annual goal, the indicator rows, then 总分 and the conclusion — every figure as
/// stated in the form.
public enum ProjectFormRenderer {
    /// One block of the form: a header row and its rows.
    struct Block {
        var header: [String]
        var rows: [[String]]
    }

    static func title(_ project: ProjectEvaluation) -> String {
        "项目支出绩效自评表" + (project.year.map { "（\($0)年度）" } ?? "")
    }

    static func blocks(_ project: ProjectEvaluation) -> [Block] {
        let funds = project.funds
        // The header says 万元: a figure stated in another unit keeps its unit.
        func amount(_ a: Amount?) -> String { a.map { $0.unit == .tenThousandYuan ? $0.number.description : $0.description } ?? "" }
        func row(_ name: String, _ r: FundRow?, total: Bool) -> [String] {
            [name] + FundRow.columns.map { amount(r?[keyPath: $0.value]) }
                + [total ? funds?.weight?.description ?? "" : "", r?.executionRate?.description ?? "", total ? funds?.score?.description ?? "" : ""]
        }
        let money = Block(
            header: ["项目资金（万元）"] + FundRow.columns.map(\.label) + ["分值", "执行率", "得分"],
            rows: [row("年度资金总额", funds?.total, total: true)]
                + (funds?.parts ?? []).enumerated().map { row(($0 == 0 ? "其中：" : "　　") + ($1.source ?? ""), $1, total: false) }
                + ((funds?.explanation).map { [["原因", $0, "", "", "", "", ""]] } ?? []))
        let indicators = Block(
            header: ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            rows: (project.indicators ?? []).map { i in
                [i.level1 ?? "", i.level2 ?? "", i.name ?? "", i.nature?.rawValue ?? "", i.target ?? "", i.unit ?? "", i.actual ?? "",
                 i.weight?.description ?? "", i.score?.description ?? "", i.deviation ?? ""]
            } + [["总分", "", "", "", "", "", "", "", project.totalScore?.description ?? "", ""]])
        return [
            Block(header: ["项目名称", project.name ?? ""], rows: [
                ["主管部门", project.department ?? ""], ["实施单位", project.implementer ?? ""],
            ] + (project.category.map { [["项目类别", $0]] } ?? [])),
            money,
            Block(header: ["年度总体目标", "预期目标", "实际完成情况"], rows: [["", project.goal?.expected ?? "", project.goal?.achieved ?? ""]]),
            indicators,
            Block(header: ["评价等级", project.grade ?? ""], rows: [
                ["评价结论", project.conclusion ?? ""], ["存在问题", project.problems ?? ""], ["改进措施", project.improvements ?? ""],
                ["项目负责人", project.projectLead ?? ""], ["财务负责人", project.financeLead ?? ""],
            ]),
        ]
    }

    public static func markdown(_ project: ProjectEvaluation) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>") }
        var out = "# \(title(project))\n"
        for block in blocks(project) {
            out += "\n| " + block.header.map(cell).joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: " --- |", count: block.header.count) + "\n"
            for row in block.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        }
        return out
    }

    public static func html(_ project: ProjectEvaluation) -> String {
        let e = Markup.escape
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(e(title(project)))</title>
            <style>body{font-family:"SimSun","Songti SC",serif;margin:2em}h1{text-align:center;font-size:1.4em}
            table{border-collapse:collapse;width:100%;margin-bottom:-1px}th,td{border:1px solid #000;padding:4px 6px;font-size:0.9em}
            th{background:#f2f2f2;font-weight:normal}@page{size:A4 landscape}</style></head><body>
            <h1>\(e(title(project)))</h1>

            """
        for block in blocks(project) {
            out += "<table><thead><tr>" + block.header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for row in block.rows { out += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n" }
            out += "</tbody></table>\n"
        }
        return out + "</body></html>\n"
    }
}
