import Foundation
import JixiaoCore

extension DOCXWriter {
    /// 项目支出绩效自评表 as a Word document: one landscape A4 section with the title and the form's
    /// table (`ProjectFormTable`, the grid of the XLSX sheet, each formula printed as its value), in
    /// the report's faces and styles. A draft carries 「草稿」 on every page.
    public static func write(_ project: ProjectEvaluation, scores: ProjectScoreSheet, isDraft: Bool) throws -> Data {
        let table = ProjectFormTable(project, scores: scores)
        let body = Body(isDraft: isDraft)
        let package = parts(title: table.title, isDraft: isDraft, landscape: true) { section in
            XML.declaration + XML.element("w:document", ["xmlns:w": WordML.w, "xmlns:r": WordML.r],
                XML.element("w:body", [:], body.paragraph(style: "Title", runs: body.run(table.title)), formTable(table, body: body), section))
        }
        return try ZipContainer.make(package.map { ZipContainer.Entry($0.path, $0.xml) })
    }

    /// The form's grid as one table across the landscape type area: columns in the XLSX sheet's
    /// proportions, a spanning cell as `w:gridSpan`, labels bold and centred, figures right-aligned,
    /// 五号 so that ten columns fit; no row split across pages.
    static func formTable(_ table: ProjectFormTable, body: Body) -> String {
        let proportions = ProjectFormTable.columnWidths
        let width = PageLayout.Landscape.textWidth
        var widths = proportions.map { width * $0 / proportions.reduce(0, +) }
        widths[widths.count - 1] += width - widths.reduce(0, +)
        let rows = table.rows.map { cells -> String in
            var column = 0
            let content = cells.map { cell -> String in
                let span = widths[column..<min(column + cell.span, widths.count)].reduce(0, +)
                column += cell.span
                var tcPr = [XML.element("w:tcW", ["w:w": "\(span)", "w:type": "dxa"])]
                if cell.span > 1 { tcPr.append(XML.element("w:gridSpan", ["w:val": "\(cell.span)"])) }
                tcPr.append(XML.element("w:vAlign", ["w:val": "center"]))
                let isLabel = cell.style == .header
                let isFigure = if case .text = cell.value { false } else { cell.value != .empty }
                let pPr = XML.element("w:pPr", [:], XML.element("w:pStyle", ["w:val": "TableText"]),
                                      XML.element("w:jc", ["w:val": isLabel ? "center" : isFigure ? "right" : "left"]))
                return XML.element("w:tc", [:], XML.element("w:tcPr", [:], tcPr),
                                   XML.element("w:p", [:], [pPr] + body.run(cell.shown, .init(bold: isLabel, size: 21))))
            }
            return XML.element("w:tr", [:], [XML.element("w:trPr", [:], XML.element("w:cantSplit"))] + content)
        }
        return XML.element("w:tbl", [:], [Body.tableProperties(width: width), Body.tableGrid(widths)] + rows)
    }
}
