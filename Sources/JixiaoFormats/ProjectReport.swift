import Foundation
import JixiaoCore

/// A project form's scoring table in its two output forms: text for people, JSON for programs.
public enum ProjectScoreReport {
    public static func text(_ sheet: ProjectScoreSheet) -> String {
        let number = ProjectScoring.number
        var lines = ["项目评分表：\(sheet.framework.name)", "来源：\(sheet.framework.source)", ""]
        for line in [sheet.execution] + sheet.indicators {
            let counted = line.counted.map(number) ?? "无法计分"
            let note: String
            if let stated = line.stated, line.counted == stated.value, let computed = line.computed, computed != stated.value {
                note = "（按规则为 \(number(computed))，填报 \(stated) 在填报精度内相符）"
            } else if let stated = line.stated, line.counted != stated.value {
                note = "（填报 \(stated)）"
            } else {
                note = ""
            }
            lines.append("\(line.label)  分值 \(line.weight.map(number) ?? "—")  得分 \(counted)\(note)")
            lines.append("  依据：\(line.basis)")
        }
        lines.append("")
        let maximum = sheet.framework.total
        if sheet.unscored.isEmpty {
            lines.append("总分 \(number(sheet.total)) / \(maximum)，等级：\(sheet.grade?.grade ?? "—")")
        } else {
            lines.append("总分 \(number(sheet.total)) / \(maximum)（不完整：\(sheet.unscored.count) 项无法计分，未计入），等级待定（按已计分部分为「\(sheet.grade?.grade ?? "—")」）")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"framework":{…}, "execution_rate", "total", "grade", "complete", "lines":[{"path","label","weight","stated","computed","met","basis"}], "findings":[…]}`
    public static func json(_ sheet: ProjectScoreSheet, findings: [Finding] = []) -> String {
        let text = SourceNode.text, object = SourceNode.object
        func num(_ d: Decimal?) -> SourceNode { SourceNode.number(text: d.map(ProjectScoring.number)) }
        let lines = ([sheet.execution] + sheet.indicators).map { line in
            object([
                ("path", text(line.path.text)), ("label", text(line.label)), ("weight", num(line.weight)),
                ("stated", num(line.stated?.value)), ("computed", num(line.computed)), ("counted", num(line.counted)),
                ("allowed", line.allowed.map { object([("lower", num($0.lower)), ("upper", num($0.upper))]) } ?? SourceNode(.null)),
                ("met", line.met.map { .bool($0) } ?? SourceNode(.null)), ("basis", text(line.basis)),
            ])
        }
        let findingItems = findings.map { f in
            object([("rule", text(f.rule)), ("severity", text(f.severity.rawValue)), ("path", text(f.path.text)),
                    ("line", .number(f.location?.line)), ("column", .number(f.location?.column)),
                    ("message", text(f.message)), ("expected", text(f.expected)), ("actual", text(f.actual))])
        }
        return JSONWriter.write(object([
            ("framework", object([("id", text(sheet.framework.id)), ("name", text(sheet.framework.name)),
                                  ("source", text(sheet.framework.source))])),
            ("execution_rate", num(sheet.executionRate.map { $0 * 100 })),
            ("total", num(sheet.total)), ("grade", text(sheet.grade?.grade)), ("complete", .bool(sheet.unscored.isEmpty)),
            ("lines", .array(lines)), ("findings", .array(findingItems)),
        ]))
    }

    /// `{"project_frameworks":[{"id","name","jurisdiction","source"}]}`
    public static func frameworksJSON(_ frameworks: [ProjectFramework]) -> String {
        let items = frameworks.map { f in
            SourceNode.object([("id", .text(f.id)), ("name", .text(f.name)), ("jurisdiction", .text(f.jurisdiction)), ("source", .text(f.source))])
        }
        return JSONWriter.write(.object([("project_frameworks", .array(items))]))
    }
}
