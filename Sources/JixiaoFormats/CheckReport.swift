import Foundation
import JixiaoCore

extension LoadedEvaluation {
    /// Runs the check catalogue and places every finding at its line and column in the file.
    public func check(options: CheckOptions = CheckOptions()) -> [Finding] {
        CheckCatalogue.check(evaluation, options: options).map { finding in
            var located = finding
            located.location = sourceMap.location(of: finding.path)
            return located
        }
        .sorted { ($0.severity, $0.location ?? .init(line: 0, column: 0)) < ($1.severity, $1.location ?? .init(line: 0, column: 0)) }
    }
}

/// The two output forms of a set of findings: one line each for people, JSON for programs.
public enum FindingReport {
    /// `file:line:column: 错误 [rule] path: message（应为 …，填报 …）`, then a summary line, after
    /// `note` (what was read) when given.
    public static func text(file: String, findings: [Finding], note: String? = nil) -> String {
        var lines = findings.map { finding in
            var place = file
            if let location = finding.location { place += ":\(location.line):\(location.column)" }
            var line = "\(place): \(finding.severity.label) [\(finding.rule)] \(finding.path): \(finding.message)"
            if let expected = finding.expected, let actual = finding.actual { line += "（应为 \(expected)，填报 \(actual)）" }
            return line
        }
        let summary = FindingSummary(findings)
        if let note { lines.append("\(file): \(note)") }
        lines.append("\(file): 共 \(findings.count) 项发现：错误 \(summary.error)，警告 \(summary.warning)，提示 \(summary.info)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"file":…, "findings":[{"rule","severity","path","line","column","message","expected","actual"}], "summary":{…}}`
    /// `extra` members go after the summary (the audit's `coverage`).
    public static func json(file: String, findings: [Finding], extra: [(String, SourceNode)] = []) -> String {
        let value = SourceNode.text, number = SourceNode.number(_:) as (Int?) -> SourceNode, object = SourceNode.object
        let items = findings.map { f in
            object([
                ("rule", value(f.rule)), ("severity", value(f.severity.rawValue)), ("path", value(f.path.text)),
                ("line", number(f.location?.line)), ("column", number(f.location?.column)),
                ("message", value(f.message)), ("expected", value(f.expected)), ("actual", value(f.actual)),
                ("related", .array(f.related.map { value($0.text) })),
            ])
        }
        let summary = FindingSummary(findings)
        let root = object([
            ("file", value(file)), ("findings", .array(items)),
            ("summary", object([("error", number(summary.error)), ("warning", number(summary.warning)),
                                ("info", number(summary.info))])),
        ] + extra)
        return JSONWriter.write(root)
    }
}
