import Foundation
import JixiaoCore

/// 报告文本 — a published report as plain text (from `pdftotext` or copy-paste), cleaned of
/// the artifacts extraction leaves and joined into one stream, with every character's place in
/// the original kept so that findings name their line and column.
///
/// Artifacts handled: page numbers alone on a line, blank lines between every printed line, a
/// leading space where a page began, line breaks inside sentences and labels, full-width digits
/// and punctuation in numbers, spaces inside numbers and before 「%」.
public struct ReportText: Sendable {
    /// The original lines, as read.
    public let lines: [String]
    /// The cleaned text: printed lines joined with nothing between them.
    public let text: String
    /// For each character of `text` (by `Character` offset), where it came from.
    private let origins: [SourceLocation]
    /// Character offsets in `text` at which an original line began.
    public let lineStarts: [Int]

    public init(_ raw: String) {
        let lines = raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        self.lines = lines
        var text = ""
        var origins: [SourceLocation] = []
        var starts: [Int] = []
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A page number alone on a line, or a blank line, is not content.
            if trimmed.isEmpty || trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) { continue }
            starts.append(origins.count)
            for (j, character) in line.enumerated() {
                // Spaces carry no meaning in Chinese report text: they are extraction artifacts
                // (「2021 年」, 「22.92 %」, 「11,486,444.31 元」), so the stream drops them all.
                if character.isWhitespace { continue }
                text.append(Self.halfWidth(character))
                origins.append(SourceLocation(line: i + 1, column: j + 1))
            }
        }
        self.text = text
        self.origins = origins
        lineStarts = starts
    }

    /// Where the character at `offset` of `text` was in the original.
    public func location(at offset: Int) -> SourceLocation {
        guard !origins.isEmpty else { return SourceLocation(line: 1, column: 1) }
        return origins[min(max(offset, 0), origins.count - 1)]
    }

    /// Character offset of a string index of `text`.
    public func offset(of index: String.Index) -> Int { text.distance(from: text.startIndex, to: index) }

    /// Full-width digits and the full-width point and percent sign as ASCII, one for one.
    static func halfWidth(_ c: Character) -> Character {
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return c }
        switch scalar.value {
        case 0xFF10...0xFF19: return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
        case 0xFF0E: return "."
        case 0xFF05: return "%"
        default: return c
        }
    }
}
