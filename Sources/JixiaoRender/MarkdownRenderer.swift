import Foundation
import JixiaoCore

/// Writes a `ReportDocument` as Markdown (GitHub-flavoured), for diffing and review.
///
/// The same text as the DOCX and HTML: a 「> 草稿」 line first in a draft; the cover (附件编号, the title
/// in bold, one paragraph per label–value line) and a thematic break; heading level n (1–4) as n `#`
/// followed by the printed number and the text (「# 一、单位基本情况」); paragraphs; tables as pipe
/// tables with a bold caption line above and `---:` for trailing (figure) columns, `:---:` for centred
/// ones; a chart as its data table (none for a chart of the table above); gaps as 「【待填写：…】」.
///
/// Text is written as it is, except that Markdown's inline markers (`\`, `` ` ``, `*`, `_`, `<`) are
/// backslash-escaped, a line that would start a block (`#`, `>`, `-`, `+`, `=`, `1.`) is escaped, and
/// in table cells `|` is escaped and line breaks become `<br>`. Same document, same bytes.
public enum MarkdownRenderer {
    /// The document as Markdown, ending in one newline.
    public static func render(_ document: ReportDocument) -> String {
        var parts: [String] = []
        if document.isDraft { parts.append("> 草稿") }
        let cover = document.cover
        if let attachment = cover.attachment, !attachment.isEmpty { parts.append(paragraph(attachment)) }
        parts.append("**\(inline(cover.title))**")
        for line in cover.lines {
            parts.append(paragraph(HTMLRenderer.coverLabel(line.label) + line.value.plainText))
        }
        parts.append("---")
        for block in Block.withoutPicturedTables(document.blocks) { parts.append(self.block(block)) }
        return parts.joined(separator: "\n\n") + "\n"
    }

    private static func block(_ block: Block) -> String {
        switch block {
        case .heading(let level, let number, let text):
            let level = min(max(level, 1), 4)
            return String(repeating: "#", count: level) + " " + inline(number + text.plainText).replacingOccurrences(of: "\n", with: " ")
        case .paragraph(let text):
            return paragraph(text.plainText)
        case .table(let table):
            return self.table(table)
        case .chart(let chart):
            return self.table(chart.table)
        }
    }

    /// A table as a bold caption line and a GFM pipe table.
    public static func table(_ table: Table) -> String {
        let width = max(table.columns.count, table.rows.map(\.count).max() ?? 0, 1)
        var lines: [String] = []
        if !table.caption.isEmpty { lines.append("**\(inline(table.caption))**"); lines.append("") }
        let titles = (0..<width).map { $0 < table.columns.count ? cell(table.columns[$0].title) : "" }
        lines.append(row(titles))
        lines.append(row((0..<width).map { index in
            switch index < table.columns.count ? table.columns[index].alignment : .leading {
            case .leading: "---"
            case .center: ":---:"
            case .trailing: "---:"
            }
        }))
        for cells in table.rows {
            lines.append(row((0..<width).map { $0 < cells.count ? cell(cells[$0].plainText) : "" }))
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    private static func cell(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r\n", with: "<br>").replacingOccurrences(of: "\n", with: "<br>")
    }

    /// A paragraph: inline markers escaped, and each line kept from starting a block.
    private static func paragraph(_ text: String) -> String {
        inline(text).split(separator: "\n", omittingEmptySubsequences: false).map { guardLineStart(String($0)) }
            .joined(separator: "\n")
    }

    /// Backslash-escapes the characters that would make emphasis, code, HTML or an escape.
    static func inline(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "<": out += "\\"
            default: break
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Escapes a line whose start Markdown would read as a heading, quote, list, rule or setext line.
    private static func guardLineStart(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " }
        let leading = String(line.prefix(line.count - trimmed.count))
        guard let first = trimmed.first else { return line }
        if "#>-+=".contains(first) { return leading + "\\" + trimmed }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = trimmed.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")" {
                let after = rest.dropFirst()
                if after.isEmpty || after.first == " " || after.first == "\t" {
                    return leading + digits + "\\" + rest
                }
            }
        }
        return line
    }
}
