import Foundation

/// Writes a `ReportDocument` as a Word document (.docx, Office Open XML WordprocessingML) laid
/// out to GB/T 9704-2012: A4 with 37/28/26/35 mm margins, 22 lines of 28 characters of 仿宋_GB2312
/// 三号, headings 黑体 / 楷体 / 仿宋 by level, page numbers 「— 1 —」 on the outside of each page.
///
/// The output is byte-for-byte the same for the same document: every part is generated in a
/// fixed order and the zip container carries fixed timestamps.
public enum DOCXWriter {
    /// The complete .docx file for `document`. A draft (`isDraft`) carries 「草稿」 in the header
    /// of every page and shows each gap as a yellow 「【待填写：…】」; a formal report leaves gaps
    /// out and never contains 「【待填写」.
    public static func write(_ document: ReportDocument) throws -> Data {
        try ZipContainer.make(parts(document).map { ZipContainer.Entry($0.path, $0.xml) })
    }

    /// Every part of the report's package, `[Content_Types].xml` first (as Word writes it).
    static func parts(_ document: ReportDocument) -> [PackageParts.Part] {
        let body = Body(isDraft: document.isDraft)
        return parts(title: document.cover.title, isDraft: document.isDraft, landscape: false) {
            body.document(document, sectionProperties: $0)
        }
    }

    /// Every part of a package whose word/document.xml `body` writes around the section properties
    /// it is given: the report's portrait pages, or a landscape form's.
    static func parts(title: String, isDraft: Bool, landscape: Bool, body: (String) -> String) -> [PackageParts.Part] {
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml."
        let rel = WordML.officeRelationship
        var wordParts: [(part: PackageParts.Part, id: String, type: String)] = [
            (.init(path: "word/styles.xml", contentType: main + "styles+xml", xml: Styles.xml), "rIdStyles", rel + "styles"),
            (.init(path: "word/settings.xml", contentType: main + "settings+xml", xml: PackageParts.settings), "rIdSettings", rel + "settings"),
            (.init(path: "word/fontTable.xml", contentType: main + "fontTable+xml", xml: PackageParts.fontTable), "rIdFontTable", rel + "fontTable"),
            (.init(path: "word/theme/theme1.xml", contentType: OfficeTheme.contentType, xml: OfficeTheme.xml), "rIdTheme", OfficeTheme.relationshipType),
        ]
        // Odd pages (default) right, even pages left, one character from the edge; the cover
        // (first page) has an empty footer: it is not numbered.
        let footers = [("default", Footer.pageNumber(alignment: "right", sample: 1)),
                       ("even", Footer.pageNumber(alignment: "left", sample: 2)),
                       ("first", Footer.empty)]
        for (index, (type, xml)) in footers.enumerated() {
            wordParts.append((.init(path: "word/footer\(index + 1).xml", contentType: main + "footer+xml", xml: xml),
                              "rIdFooter\(type.capitalized)", rel + "footer"))
        }
        // 「草稿」 on every page of a draft: the same header for odd, even and first pages.
        if isDraft {
            for (index, type) in ["default", "even", "first"].enumerated() {
                wordParts.append((.init(path: "word/header\(index + 1).xml", contentType: main + "header+xml", xml: Header.draft),
                                  "rIdHeader\(type.capitalized)", rel + "header"))
            }
        }
        let section = PageLayout.sectionProperties(
            headers: isDraft ? ("rIdHeaderDefault", "rIdHeaderEven", "rIdHeaderFirst") : nil,
            footers: ("rIdFooterDefault", "rIdFooterEven", "rIdFooterFirst"), landscape: landscape)
        let documentPart = PackageParts.Part(path: "word/document.xml", contentType: main + "document.main+xml",
                                             xml: body(section))
        let documentRels = PackageParts.Part(
            path: "word/_rels/document.xml.rels", contentType: "",
            xml: PackageParts.relationships(wordParts.map { ($0.id, $0.type, String($0.part.path.dropFirst("word/".count))) }))
        let core = PackageParts.Part(path: "docProps/core.xml", contentType: "application/vnd.openxmlformats-package.core-properties+xml",
                                     xml: PackageParts.core(title: title))
        let app = PackageParts.Part(path: "docProps/app.xml", contentType: "application/vnd.openxmlformats-officedocument.extended-properties+xml",
                                    xml: PackageParts.app)
        let packageRels = PackageParts.Part(path: "_rels/.rels", contentType: "", xml: PackageParts.relationships([
            ("rId1", rel + "officeDocument", "word/document.xml"),
            ("rId2", WordML.packageRelationships + "/metadata/core-properties", "docProps/core.xml"),
            ("rId3", rel + "extended-properties", "docProps/app.xml"),
        ]))
        // Relationship parts are covered by the Default for .rels; everything else has an Override.
        let overridden = [documentPart] + wordParts.map(\.part) + [core, app]
        let contentTypes = PackageParts.Part(path: "[Content_Types].xml", contentType: "", xml: PackageParts.contentTypes(overridden))
        return [contentTypes, packageRels, documentPart, documentRels] + wordParts.map(\.part) + [core, app]
    }
}

extension DOCXWriter {
    /// The body of word/document.xml: cover, page break, then the report's blocks.
    struct Body {
        var isDraft: Bool

        func document(_ document: ReportDocument, sectionProperties: String) -> String {
            var content: [String] = []
            let cover = document.cover
            if let attachment = cover.attachment {
                content.append(paragraph(style: "Attachment", runs: run(attachment)))
            }
            content.append(paragraph(style: "Title", runs: run(cover.title)))
            for line in cover.lines {
                content.append(paragraph(style: "CoverLine", runs: run(line.label + "：") + runs(line.value)))
            }
            // The page break Word itself writes: a paragraph holding only the break.
            content.append(XML.element("w:p", [:], XML.element("w:r", [:], XML.element("w:br", ["w:type": "page"]))))
            for block in Block.withoutPicturedTables(document.blocks) {
                content.append(self.block(block))
            }
            return XML.declaration + XML.element("w:document", ["xmlns:w": WordML.w, "xmlns:r": WordML.r],
                                                 XML.element("w:body", [:], content + [sectionProperties]))
        }

        func block(_ block: Block) -> String {
            switch block {
            case .heading(let level, let number, let text):
                paragraph(style: "Heading\(min(max(level, 1), 4))", runs: run(number) + runs(text))
            case .paragraph(let text):
                paragraph(style: "BodyText", runs: runs(text))
            case .table(let table):
                self.table(table)
            case .chart(let chart):
                // A chart cannot be drawn here: its data table stands in for it.
                self.table(chart.table)
            }
        }

        /// Caption above, then the table across the type area: header row repeated on each page,
        /// no row split across pages, single ½ pt borders, figures right-aligned.
        func table(_ table: Table) -> String {
            var content: [String] = []
            if !table.caption.isEmpty {
                content.append(paragraph(style: "TableCaption", runs: run(table.caption)))
            }
            let widths = Self.columnWidths(table)
            let properties = Self.tableProperties(width: PageLayout.textWidth)
            let grid = Self.tableGrid(widths)
            let header = row(table.columns.map { Text($0.title) }, widths: widths, alignments: table.columns.map { _ in "center" },
                             bold: true, isHeader: true)
            let alignments = table.columns.map { column -> String in
                switch column.alignment {
                case .leading: "left"
                case .center: "center"
                case .trailing: "right"
                }
            }
            let rows = table.rows.map { row($0, widths: widths, alignments: alignments, bold: false, isHeader: false) }
            content.append(XML.element("w:tbl", [:], [properties, grid, header] + rows))
            return content.joined()
        }

        /// `w:tblPr` of a table `width` twips wide across the type area: centred, single ½ pt borders,
        /// fixed column widths.
        static func tableProperties(width: Int) -> String {
            let border = { (side: String) in XML.element("w:" + side, ["w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"]) }
            return XML.element("w:tblPr", [:],
                XML.element("w:tblW", ["w:w": "\(width)", "w:type": "dxa"]),
                XML.element("w:jc", ["w:val": "center"]),
                XML.element("w:tblBorders", [:], ["top", "left", "bottom", "right", "insideH", "insideV"].map(border)),
                XML.element("w:tblLayout", ["w:type": "fixed"]))
        }

        static func tableGrid(_ widths: [Int]) -> String {
            XML.element("w:tblGrid", [:], widths.map { XML.element("w:gridCol", ["w:w": "\($0)"]) })
        }

        private func row(_ cells: [Text], widths: [Int], alignments: [String], bold: Bool, isHeader: Bool) -> String {
            var trPr = [XML.element("w:cantSplit")]
            if isHeader { trPr.append(XML.element("w:tblHeader")) }
            // A short row still fills every column, so that Word does not draw a ragged edge.
            let cells = widths.indices.map { index -> String in
                let text = index < cells.count ? cells[index] : Text("")
                let tcPr = XML.element("w:tcPr", [:], XML.element("w:tcW", ["w:w": "\(widths[index])", "w:type": "dxa"]),
                                       XML.element("w:vAlign", ["w:val": "center"]))
                let pPr = XML.element("w:pPr", [:], XML.element("w:pStyle", ["w:val": "TableText"]),
                                      XML.element("w:jc", ["w:val": alignments[index]]))
                return XML.element("w:tc", [:], tcPr, XML.element("w:p", [:], [pPr] + runs(text, bold: bold)))
            }
            return XML.element("w:tr", [:], [XML.element("w:trPr", [:], trPr)] + cells)
        }

        /// Column widths in twips summing to the type area's width, in proportion to the widest
        /// entry of each column (a CJK character counting two), bounded so that a long text column
        /// wraps rather than squeezing the figures.
        static func columnWidths(_ table: Table) -> [Int] {
            func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
            let weights = table.columns.indices.map { column -> Int in
                let entries = [table.columns[column].title] + table.rows.compactMap { column < $0.count ? $0[column].plainText : nil }
                return min(max(entries.map(width).max() ?? 0, 6), 40)
            }
            guard !weights.isEmpty else { return [] }
            let total = weights.reduce(0, +)
            var widths = weights.map { PageLayout.textWidth * $0 / total }
            widths[widths.count - 1] += PageLayout.textWidth - widths.reduce(0, +)
            return widths
        }

        func paragraph(style: String, runs: [String]) -> String {
            XML.element("w:p", [:], [XML.element("w:pPr", [:], XML.element("w:pStyle", ["w:val": style]))] + runs)
        }

        /// The runs of `text`: plain text as it is; a gap, in a draft, as a yellow 「【待填写：…】」, and
        /// in a formal report not at all (the composer writes a formal report only without gaps).
        func runs(_ text: Text, bold: Bool = false) -> [String] {
            text.runs.flatMap { piece -> [String] in
                switch piece {
                case .plain(let s): run(s, .init(bold: bold))
                case .gap(let what): isDraft ? run(Text([.gap(what)]).plainText, .init(bold: bold, highlight: "yellow")) : []
                }
            }
        }

        /// One run of `text` with `properties`; a line end becomes a line break and a tab a tab,
        /// and spaces are kept (`xml:space="preserve"`).
        func run(_ text: String, _ properties: WordML.RunProperties = .init()) -> [String] {
            guard !text.isEmpty else { return [] }
            var content: [String] = []
            for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                if index > 0 { content.append(XML.element("w:br")) }
                for (part, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                    if part > 0 { content.append(XML.element("w:tab")) }
                    if !piece.isEmpty { content.append(#"<w:t xml:space="preserve">"# + XML.escape(String(piece)) + "</w:t>") }
                }
            }
            return [XML.element("w:r", [:], [properties.xml] + content)]
        }
    }

    /// The footers: the page number 「— n —」 on body pages, nothing on the cover.
    enum Footer {
        static let namespaces: KeyValuePairs<String, String> = ["xmlns:w": WordML.w, "xmlns:r": WordML.r]

        /// 「— n —」 with a PAGE field, aligned `alignment` ("right" on odd pages, "left" on even
        /// pages) and one character in from that edge. `sample` is the field's cached value, shown
        /// by readers that do not update fields.
        static func pageNumber(alignment: String, sample: Int) -> String {
            let indent: KeyValuePairs<String, String> = alignment == "right"
                ? ["w:right": "280", "w:rightChars": "100"] : ["w:left": "280", "w:leftChars": "100"]
            let text = { (s: String) in XML.element("w:r", [:], #"<w:t xml:space="preserve">"# + s + "</w:t>") }
            let field = { (type: String) in XML.element("w:r", [:], XML.element("w:fldChar", ["w:fldCharType": type])) }
            let paragraph = XML.element("w:p", [:],
                XML.element("w:pPr", [:], XML.element("w:pStyle", ["w:val": "Footer"]), XML.element("w:ind", indent),
                            XML.element("w:jc", ["w:val": alignment])),
                text("— "), field("begin"),
                XML.element("w:r", [:], #"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#),
                field("separate"), text("\(sample)"), field("end"), text(" —"))
            return XML.declaration + XML.element("w:ftr", namespaces, paragraph)
        }

        /// The cover's footer: one empty paragraph (a footer must hold at least one).
        static var empty: String {
            XML.declaration + XML.element("w:ftr", namespaces, XML.element("w:p", [:], XML.element("w:pPr", [:], XML.element("w:pStyle", ["w:val": "Footer"]))))
        }
    }

    /// The draft's header: 「草稿」 centred at the top of every page.
    enum Header {
        static var draft: String {
            XML.declaration + XML.element("w:hdr", Footer.namespaces,
                XML.element("w:p", [:], XML.element("w:pPr", [:], XML.element("w:pStyle", ["w:val": "Header"])),
                            XML.element("w:r", [:], "<w:t>草稿</w:t>")))
        }
    }
}
