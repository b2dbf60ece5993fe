import Foundation
import JixiaoCore

/// 标题 — a numbered heading as printed: 「一、」 (level 1), 「（一）」 (2), 「1.」 (3), 「（1）」 (4).
public struct Heading: Sendable, Equatable {
    /// The level its numbering style belongs to (GB/T 9704), whatever level it is used at.
    public var style: Int
    public var number: Int
    /// The number as printed, e.g. 「（一）」.
    public var label: String
    /// The heading text up to the first 「。」 or the end of its line.
    public var title: String
    /// Character offset in the report text, and the original place.
    public var offset: Int
    public var location: SourceLocation
}

/// 提纲 — the headings of a report in order, read from the starts of printed lines.
public struct Outline: Sendable {
    public var headings: [Heading]

    nonisolated(unsafe) static let patterns: [(Int, Regex<(Substring, Substring)>)] = [
        (1, /^([一二三四五六七八九十]{1,3})、/),
        (2, /^[（(]([一二三四五六七八九十]{1,3})[）)]/),
        (3, /^([0-9]{1,2})[.、](?![0-9])/),
        (4, /^[（(]([0-9]{1,2})[）)]/),
    ]

    public init(_ report: ReportText) {
        var headings: [Heading] = []
        let characters = Array(report.text)
        for start in report.lineStarts {
            let rest = String(characters[start..<min(start + 60, characters.count)])
            for (style, pattern) in Self.patterns {
                guard let match = rest.prefixMatch(of: pattern) else { continue }
                let number = style <= 2 ? ChineseNumeral.value(String(match.output.1)) : Int(match.output.1)
                guard let number else { continue }
                let label = String(match.output.0)
                // The title runs to the first 「。」 or the end of the printed line.
                let lineEnd = report.lineStarts.first { $0 > start } ?? characters.count
                var end = start + label.count
                while end < lineEnd && end < characters.count && characters[end] != "。" { end += 1 }
                let title = String(characters[(start + label.count)..<end])
                headings.append(Heading(style: style, number: number, label: label, title: title, offset: start,
                                        location: report.location(at: start)))
                break
            }
        }
        self.headings = headings
    }
}
