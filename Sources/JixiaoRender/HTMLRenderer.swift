import Foundation
import JixiaoCore

/// Writes a `ReportDocument` as one self-contained HTML5 file.
///
/// Guarantees:
/// - one file, UTF-8, `<html lang="zh-CN">`, with no external resource of any kind: the CSS is inline,
///   charts are inline SVG, fonts are named (never loaded), and nothing refers to a URL;
/// - all document text is escaped (`&`, `<`, `>`, `"`, `'`);
/// - the print style sheet mirrors the DOCX layout (GB/T 9704-2012): A4 with margins 37/26/35/28 mm,
///   body 16 pt 仿宋 at 22 lines per 225 mm type area (28.95 pt), title 22 pt 小标宋 centred,
///   headings 黑体 / 楷体 / 仿宋 bold / 仿宋, page numbers 「— n —」 at the outside bottom corner,
///   the cover on a page of its own, and 「草稿」 on every page of a draft;
/// - headings carry their printed numbers (「一、」), never CSS counters;
/// - gaps render as `<mark class="gap">【待填写：…】</mark>`, in a draft and, should one slip through,
///   in a final document too;
/// - the output is a pure function of the document: same document, same bytes.
///
/// Element mapping: the cover title is the page's `<h1 class="title">`; heading level n (1–4) is
/// `<h(n+1) class="level-n">`, styled by its class.
public enum HTMLRenderer {
    /// The document as a complete HTML5 file (UTF-8 text).
    public static func render(_ document: ReportDocument) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(escape(document.cover.title))\(document.isDraft ? "（草稿）" : "")</title>\n"
        html += "<style>\n\(styleSheet(isDraft: document.isDraft))</style>\n</head>\n"
        html += "<body\(document.isDraft ? " class=\"draft\"" : "")>\n"
        if document.isDraft { html += "<div class=\"watermark\" aria-hidden=\"true\">草稿</div>\n" }
        html += "<main class=\"report\">\n"
        html += cover(document.cover)
        html += "<div class=\"body\">\n"
        for block in document.blocks { html += self.block(block) }
        html += "</div>\n</main>\n</body>\n</html>\n"
        return html
    }

    // MARK: - Blocks

    private static func cover(_ cover: CoverBlock) -> String {
        var html = "<header class=\"cover\">\n"
        if let attachment = cover.attachment, !attachment.isEmpty {
            html += "<p class=\"attachment\">\(escape(attachment))</p>\n"
        }
        html += "<h1 class=\"title\">\(escape(cover.title))</h1>\n"
        if !cover.lines.isEmpty {
            html += "<dl class=\"cover-lines\">\n"
            for line in cover.lines {
                html += "<div><dt>\(escape(coverLabel(line.label)))</dt><dd>\(text(line.value))</dd></div>\n"
            }
            html += "</dl>\n"
        }
        return html + "</header>\n"
    }

    private static func block(_ block: Block) -> String {
        switch block {
        case .heading(let level, let number, let content):
            let level = min(max(level, 1), 4)
            let tag = "h\(level + 1)"
            return "<\(tag) class=\"level-\(level)\"><span class=\"number\">\(escape(number))</span>\(text(content))</\(tag)>\n"
        case .paragraph(let content):
            return "<p>\(text(content))</p>\n"
        case .table(let table):
            return self.table(table)
        case .chart(let chart):
            var html = "<figure class=\"chart\">\n\(SVGChart.render(chart))\n"
            html += "<details class=\"chart-data\"><summary>数据表：\(escape(chart.title))</summary>\n"
            html += self.table(chart.table)
            return html + "</details>\n</figure>\n"
        }
    }

    /// Tables of at most this many rows are not split across pages.
    static let keepTogetherRows = 15

    static func table(_ table: Table) -> String {
        // A short table is kept on one page, so that its caption and header never end a page alone.
        var html = table.rows.count <= keepTogetherRows ? "<table class=\"data keep\">\n" : "<table class=\"data\">\n"
        if !table.caption.isEmpty { html += "<caption>\(escape(table.caption))</caption>\n" }
        let width = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
        if !table.columns.isEmpty {
            html += "<thead><tr>"
            for column in table.columns { html += "<th scope=\"col\">\(escape(column.title))</th>" }
            html += "</tr></thead>\n"
        }
        html += "<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for index in 0..<width {
                let alignment = index < table.columns.count ? table.columns[index].alignment : .leading
                let cell = index < row.count ? text(row[index]) : ""
                html += "<td class=\"\(alignmentClass(alignment))\">\(cell)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func alignmentClass(_ alignment: Table.Alignment) -> String {
        switch alignment {
        case .leading: "al-leading"
        case .center: "al-center"
        case .trailing: "al-trailing"
        }
    }

    /// A text's runs: plain runs escaped (line breaks kept), gaps marked.
    static func text(_ text: Text) -> String {
        text.runs.map { run in
            switch run {
            case .plain(let s):
                escape(s).replacingOccurrences(of: "\n", with: "<br>")
            case .gap(let what):
                "<mark class=\"gap\">【待填写：\(escape(what))】</mark>"
            }
        }.joined()
    }

    /// A cover label ends in 「：」 (added unless it already ends in a colon).
    static func coverLabel(_ label: String) -> String {
        label.isEmpty || label.hasSuffix("：") || label.hasSuffix(":") ? label : label + "："
    }

    static func escape(_ s: String) -> String { Markup.escape(s) }

    // MARK: - Style

    static let bodyFont = "\"仿宋_GB2312\", \"仿宋\", FangSong, STFangsong, serif"
    static let titleFont = "\"方正小标宋简体\", \"小标宋\", FZXiaoBiaoSong-B05S, serif"
    static let heiFont = "\"黑体\", SimHei, \"Heiti SC\", STHeiti, sans-serif"
    static let kaiFont = "\"楷体_GB2312\", \"楷体\", KaiTi, STKaiti, serif"
    static let songFont = "\"宋体\", SimSun, \"Songti SC\", STSong, serif"

    /// The inline style sheet: screen (a page on a grey desk) and print (GB/T 9704 on A4).
    public static func styleSheet(isDraft: Bool) -> String {
        let pageNumber = "content: \"— \" counter(page) \" —\"; font-family: \(songFont); font-size: 14pt; vertical-align: top; padding-top: 7mm;"
        var css = """
        :root { color-scheme: light; }
        html { background: #e8e8e4; }
        body { margin: 0; color: #000; font-family: \(bodyFont); font-size: 16pt; line-height: 28.95pt; }
        .report { box-sizing: border-box; max-width: 210mm; margin: 24px auto; padding: 37mm 26mm 35mm 28mm; background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); }
        p { margin: 0; text-indent: 2em; text-align: justify; orphans: 2; widows: 2; }
        .cover { min-height: 180mm; margin-bottom: 28.95pt; border-bottom: 1px dashed #999; }
        .cover p.attachment { text-indent: 0; text-align: left; font-family: \(heiFont); }
        h1.title { margin: 57.9pt 0 28.95pt; font-family: \(titleFont); font-size: 22pt; font-weight: normal; line-height: 1.6; text-align: center; }
        .cover-lines { margin: 57.9pt 0 0; }
        .cover-lines div { display: flex; padding-left: 2em; }
        .cover-lines dt { white-space: nowrap; }
        .cover-lines dd { margin: 0; }
        h2, h3, h4, h5 { margin: 0; font-size: 16pt; line-height: 28.95pt; text-indent: 2em; text-align: justify; font-weight: normal; break-after: avoid; page-break-after: avoid; }
        .level-1 { font-family: \(heiFont); }
        .level-2 { font-family: \(kaiFont); }
        .level-3 { font-family: \(bodyFont); font-weight: bold; }
        .level-4 { font-family: \(bodyFont); }
        table.data { width: 100%; margin: 7pt 0; border-collapse: collapse; font-size: 12pt; line-height: 1.5; }
        table.data caption { caption-side: top; font-family: \(bodyFont); font-size: 16pt; font-weight: bold; line-height: 28.95pt; text-align: center; }
        table.data th, table.data td { border: 0.5pt solid #000; padding: 2pt 4pt; text-indent: 0; vertical-align: middle; }
        table.data th { font-weight: bold; text-align: center; }
        .al-leading { text-align: left; }
        .al-center { text-align: center; }
        .al-trailing { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        table.data.keep { break-inside: avoid; page-break-inside: avoid; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        mark.gap { background: #ffe27a; color: #8a1500; padding: 0 0.1em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        figure.chart { margin: 7pt 0; text-indent: 0; break-inside: avoid; page-break-inside: avoid; }
        figure.chart svg { display: block; width: 100%; max-width: 100%; height: auto; margin: 0 auto; }
        details.chart-data { margin-top: 4pt; }
        details.chart-data summary { font-size: 12pt; line-height: 1.8; cursor: pointer; color: #333; }
        .watermark { position: fixed; inset: 0; display: flex; align-items: center; justify-content: center; pointer-events: none; z-index: 10; font-family: \(heiFont); font-size: 120pt; color: rgba(190, 0, 0, 0.10); transform: rotate(-30deg); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        @media (max-width: 820px) {
          .report { margin: 0; padding: 16px; box-shadow: none; }
          .cover { min-height: 0; }
        }
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        @page :right { @bottom-right { \(pageNumber) text-align: right; padding-right: 1em; } }
        @page :left { @bottom-left { \(pageNumber) text-align: left; padding-left: 1em; } }
        @page :first { @bottom-right { content: none; } @bottom-left { content: none; } }
        @media print {
          html { background: none; }
          .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
          .cover { min-height: 0; margin: 0; border: none; break-after: page; page-break-after: always; }
          p, h2, h3, h4, h5 { letter-spacing: -0.2pt; }
          details.chart-data:not([open]) { display: none; }
        }

        """
        if isDraft {
            css += """
            @page { @top-center { content: "草稿"; font-family: \(heiFont); font-size: 14pt; color: #b00000; vertical-align: bottom; padding-bottom: 4mm; } }

            """
        }
        return css
    }
}

