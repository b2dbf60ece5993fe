import Foundation
import JixiaoCore

/// The scoring table in its two output forms: text for people, JSON for programs.
public enum ScoreReport {
    /// Scores with up to two decimals, as scoring tables print them.
    static func number(_ value: Decimal) -> String {
        var text = DecimalFormat.fixed(value, decimals: 2, grouping: false)
        if text.hasSuffix(".00") { text.removeLast(3) } else if text.contains("."), text.hasSuffix("0") { text.removeLast() }
        return text
    }

    public static func text(_ sheet: ScoreSheet) -> String {
        var lines = ["评分表：\(sheet.frameworkName)", "来源：\(sheet.source)", ""]
        for indicator in sheet.all {
            let indent = String(repeating: "  ", count: indicator.level - 1)
            let score: String
            switch indicator.status {
            case .unscorable where indicator.children.isEmpty: score = "无法计分"
            case .notApplicable: score = "\(indicator.score.map(number) ?? "—")（不适用）"
            default: score = indicator.score.map(number) ?? "—"
            }
            lines.append("\(indent)\(indicator.name) [\(indicator.id)]  分值 \(number(indicator.points))  得分 \(score)")
            lines.append("\(indent)  依据：\(indicator.words)")
        }
        lines.append("")
        let maximum = sheet.indicators.reduce(Decimal(0)) { $0 + $1.points }
        if let grade = sheet.grade {
            lines.append("总分 \(number(sheet.total)) / \(number(maximum))，等级：\(grade.rawValue)")
        } else {
            let missing = sheet.all.filter { if case .unscorable = $0.status, $0.children.isEmpty { return true } else { return false } }
            lines.append("总分 \(number(sheet.total)) / \(number(maximum))（不完整：\(missing.count) 项指标无法计分，未计入），等级待定（按已计分部分为「\(sheet.provisionalGrade.rawValue)」）")
        }
        if !sheet.strayAnswers.isEmpty {
            lines.append("注意：作答中的指标 \(sheet.strayAnswers.joined(separator: "、")) 不在此框架中，未使用")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"framework":{…}, "total", "grade", "complete", "provisional_grade", "indicators":[{"id","name",…}]}`
    public static func json(_ sheet: ScoreSheet, findings: [Finding] = []) -> String {
        let text = SourceNode.text, object = SourceNode.object
        func num(_ d: Decimal?) -> SourceNode { SourceNode.number(text: d.map(number)) }
        var items: [SourceNode] = []
        func add(_ s: IndicatorScore, parent: String?) {
            let status: String, reason: String?
            switch s.status {
            case .scored: (status, reason) = ("scored", nil)
            case .notApplicable: (status, reason) = ("not_applicable", nil)
            case .unscorable(let why): (status, reason) = ("unscorable", why)
            }
            items.append(object([
                ("id", text(s.id)), ("name", text(s.name)), ("level", .number(s.level)),
                ("parent", text(parent)), ("points", num(s.points)),
                ("score", s.isComplete || !s.children.isEmpty ? num(s.score) : SourceNode(.null)),
                ("status", text(status)), ("reason", text(reason)), ("basis", text(s.basis)), ("words", text(s.words)),
                ("value", num(s.value)),
                ("inputs", .array(s.inputs.map { text($0) })),
            ]))
            for child in s.children { add(child, parent: s.id) }
        }
        for indicator in sheet.indicators { add(indicator, parent: nil) }
        let findingItems = findings.map { f in
            object([("rule", text(f.rule)), ("severity", text(f.severity.rawValue)), ("path", text(f.path.text)),
                    ("message", text(f.message)), ("expected", text(f.expected)), ("actual", text(f.actual))])
        }
        return JSONWriter.write(object([
            ("framework", object([("id", text(sheet.frameworkID)), ("name", text(sheet.frameworkName)),
                                  ("source", text(sheet.source))])),
            ("total", num(sheet.total)), ("grade", text(sheet.grade?.rawValue)),
            ("complete", .bool(sheet.isComplete)),
            ("provisional_grade", text(sheet.provisionalGrade.rawValue)),
            ("indicators", .array(items)),
            ("findings", .array(findingItems)),
        ]))
    }

    /// `{"frameworks":[{"id","name","jurisdiction","year","source"}]}`
    public static func frameworksJSON(_ frameworks: [Framework]) -> String {
        let items = frameworks.map { f in
            SourceNode.object([
                ("id", .text(f.id)), ("name", .text(f.name)), ("jurisdiction", .text(f.jurisdiction)),
                ("year", .number(f.year)), ("source", .text(f.source)),
            ])
        }
        return JSONWriter.write(.object([("frameworks", .array(items))]))
    }
}
