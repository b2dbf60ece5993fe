import Foundation

// The WordprocessingML vocabulary of `DOCXWriter`, nested in it so that its short names (XML,
// Styles, PageLayout) cannot collide with the other writers of this module.
extension DOCXWriter {
    /// A few lines of XML writing: escaping and elements with attributes in the order given, so that
    /// every part of a DOCX comes out the same, byte for byte, every time.
    enum XML {
        static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

        static func escape(_ text: String) -> String { Markup.escape(text) }

        /// `<name a="v" …>children</name>`, or `<name a="v" …/>` when there are no children.
        /// Children are already-written XML; attribute values are escaped here.
        static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [String] = []) -> String {
            var open = "<" + name
            for (key, value) in attributes { open += " \(key)=\"\(escape(value))\"" }
            let content = children.joined()
            return content.isEmpty ? open + "/>" : open + ">" + content + "</\(name)>"
        }

        static func element(_ name: String, _ attributes: KeyValuePairs<String, String>, _ first: String, _ rest: String...) -> String {
            element(name, attributes, [first] + rest)
        }
    }

    /// WordprocessingML vocabulary: namespaces, content types, relationship types, and the
    /// typefaces of GB/T 9704-2012 with the font-table entries that let Word, WPS and LibreOffice
    /// find a stand-in when the office font is not installed.
    enum WordML {
        static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        static let officeRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

        /// A typeface as named in the runs, with the alternate name written in fontTable.xml.
        struct Typeface: Sendable {
            /// The name offices have installed (「仿宋_GB2312」, 「方正小标宋简体」).
            var name: String
            /// The standard family or the English name under which the face is also known.
            var altName: String
            /// The font-table family class: Word substitutes within it when neither name exists.
            var family: String
            /// The free face of the same kind that LibreOffice uses where the office font is not
            /// installed (see `PDFConverter.fontconfig`); the document itself names only `name`.
            var standIn: String

            /// `w:rFonts` naming this face for every script. eastAsia is the one that matters for
            /// Chinese text: with ascii/hAnsi alone, Word and LibreOffice set Chinese characters in
            /// the default East Asian font (the python-docx trap). `w:hint="eastAsia"` makes
            /// characters of ambiguous width — the 「—」 of 「— 1 —」, quotation marks — take the
            /// Chinese face too, at full width.
            var runFonts: String {
                XML.element("w:rFonts", ["w:ascii": name, "w:hAnsi": name, "w:eastAsia": name, "w:cs": name, "w:hint": "eastAsia"])
            }

            /// 仿宋_GB2312: body text, headings of levels 3 and 4, tables. Known as 仿宋 on
            /// current Windows, where 仿宋_GB2312 is no longer shipped.
            /// Debian has no 仿宋 for simplified Chinese (cwTeX 仿宋 lacks 2,379 of GB2312's 6,763
            /// characters), so a serif (宋) face stands in for it.
            static let fangSongGB2312 = Typeface(name: "仿宋_GB2312", altName: "仿宋", family: "modern", standIn: "Noto Serif CJK SC")
            /// 方正小标宋简体: the title (小标宋体 of the standard), a commercial face; a heavy serif
            /// stands in for it.
            static let xiaoBiaoSong = Typeface(name: "方正小标宋简体", altName: "FZXiaoBiaoSong-B05S", family: "roman",
                                               standIn: "Noto Serif CJK SC Black")
            /// 黑体: level-1 headings and the 附件 line.
            static let heiTi = Typeface(name: "黑体", altName: "SimHei", family: "modern", standIn: "Noto Sans CJK SC")
            /// 楷体_GB2312: level-2 headings; 楷体 on current Windows.
            static let kaiTiGB2312 = Typeface(name: "楷体_GB2312", altName: "楷体", family: "modern", standIn: "AR PL UKai CN")
            /// 宋体: page numbers.
            static let songTi = Typeface(name: "宋体", altName: "SimSun", family: "auto", standIn: "Noto Serif CJK SC")

            /// The standard families the GB2312-era names fall back to, listed in the font table so
            /// that an application missing 仿宋_GB2312 finds 仿宋 / FangSong by name.
            static let fangSong = Typeface(name: "仿宋", altName: "FangSong", family: "modern", standIn: fangSongGB2312.standIn)
            static let kaiTi = Typeface(name: "楷体", altName: "KaiTi", family: "modern", standIn: kaiTiGB2312.standIn)

            static let all: [Typeface] = [fangSongGB2312, fangSong, xiaoBiaoSong, heiTi, kaiTiGB2312, kaiTi, songTi]

            /// This face's entry in fontTable.xml; charset 86 is GB2312.
            var fontTableEntry: String {
                XML.element("w:font", ["w:name": name],
                            XML.element("w:altName", ["w:val": altName]),
                            XML.element("w:charset", ["w:val": "86"]),
                            XML.element("w:family", ["w:val": family]),
                            XML.element("w:pitch", ["w:val": "variable"]))
            }
        }

        /// Run properties, written in the order the schema requires (rFonts, b, bCs, color, sz,
        /// szCs, highlight): Word rejects out-of-order children as a corrupt file.
        struct RunProperties: Sendable {
            var font: Typeface? = nil
            var bold = false
            /// Half-points: 32 is 16 pt (三号).
            var size: Int? = nil
            var highlight: String? = nil

            var xml: String {
                var children: [String] = []
                if let font { children.append(font.runFonts) }
                if bold { children += [XML.element("w:b"), XML.element("w:bCs")] }
                if let size { children += [XML.element("w:sz", ["w:val": "\(size)"]), XML.element("w:szCs", ["w:val": "\(size)"])] }
                if let highlight { children.append(XML.element("w:highlight", ["w:val": highlight])) }
                return children.isEmpty ? "" : XML.element("w:rPr", [:], children)
            }
        }
    }

    /// The page of GB/T 9704-2012 in twips (1/20 pt; 1 mm = 56.693 twips).
    enum PageLayout {
        /// A4, 210 × 297 mm.
        static let width = 11906, height = 16838
        /// 天头 37 mm, 订口 28 mm; right 26 mm and bottom 35 mm leave a type area of 156 × 225 mm.
        static let top = 2098, left = 1588, right = 1474, bottom = 1984
        /// The type area's width, 8844 twips = 442.2 pt = 156 mm: the width of every table.
        static let textWidth = width - left - right
        /// Page numbers sit 7 mm below the type area: the dash of 「— 1 —」 is at mid-height of its
        /// 14 pt line, so the line's foot is 35 − 7 − 2.47 (half of 14 pt) ≈ 25.5 mm above the page
        /// edge = 1447 twips, the distance `w:footer` measures.
        static let footer = 1447
        /// 「草稿」 in the draft's header, 15 mm from the top edge, well inside the 37 mm margin.
        static let header = 851
        /// 22 lines in the 225 mm (12756 twips) type area: 579 twips = 28.95 pt per line.
        static let linePitch = 579
        /// 28 characters in the 156 mm line: 442.2 pt / 28 = 15.793 pt per character, so each 16 pt
        /// character is drawn 0.25 pt narrower (`w:spacing w:val="-5"`, in twentieths of a point):
        /// 442.2 / 15.75 = 28.07. Not a `linesAndChars` grid with a negative `w:charSpace`: Word
        /// compresses to that pitch, but LibreOffice gives every glyph wider than the pitch two
        /// cells, which halves the characters per line (seen in its PDF output).
        static let characterSpacing = -5

        /// `w:sectPr` of the report's single section. The cover is its first page (`w:titlePg`),
        /// unnumbered; body pages carry their page number, odd pages' on the right, even pages' on
        /// the left. One section rather than a cover section plus a body section restarting at 1:
        /// a restart that puts an odd number on a physically even page makes LibreOffice insert a
        /// blank page to keep odd pages on the right.
        ///
        /// `landscape`: a form's section (项目支出绩效自评表), A4 turned, 20 mm margins all round for a
        /// table of ten columns, every page numbered.
        static func sectionProperties(headers: (default: String, even: String, first: String)?,
                                      footers: (default: String, even: String, first: String), landscape: Bool = false) -> String {
            var children: [String] = []
            if let headers {
                children += [reference("w:headerReference", "default", headers.default),
                             reference("w:headerReference", "even", headers.even),
                             reference("w:headerReference", "first", headers.first)]
            }
            children += [reference("w:footerReference", "default", footers.default),
                         reference("w:footerReference", "even", footers.even),
                         reference("w:footerReference", "first", footers.first)]
            let margin = "\(Landscape.margin)"
            children += [
                landscape ? XML.element("w:pgSz", ["w:w": "\(height)", "w:h": "\(width)", "w:orient": "landscape"])
                    : XML.element("w:pgSz", ["w:w": "\(width)", "w:h": "\(height)"]),
                landscape ? XML.element("w:pgMar", ["w:top": margin, "w:right": margin, "w:bottom": margin, "w:left": margin,
                                                    "w:header": "\(Landscape.header)", "w:footer": "\(Landscape.header)", "w:gutter": "0"])
                    : XML.element("w:pgMar", ["w:top": "\(top)", "w:right": "\(right)", "w:bottom": "\(bottom)", "w:left": "\(left)",
                                              "w:header": "\(header)", "w:footer": "\(footer)", "w:gutter": "0"]),
                XML.element("w:pgNumType", ["w:fmt": "decimal"]),
                XML.element("w:cols", ["w:space": "425"]),
            ]
            if !landscape { children.append(XML.element("w:titlePg")) }
            children.append(XML.element("w:docGrid", ["w:type": "lines", "w:linePitch": "\(linePitch)"]))
            return XML.element("w:sectPr", [:], children)
        }

        /// A landscape form's page: 20 mm margins, header and footer 10 mm from the edge.
        enum Landscape {
            static let margin = 1134, header = 567
            /// The type area's width, 297 − 40 mm: the width of the form's table.
            static let textWidth = height - 2 * margin
        }

        private static func reference(_ name: String, _ type: String, _ id: String) -> String {
            XML.element(name, ["w:type": type, "r:id": id])
        }
    }

    /// styles.xml: the paragraph styles of the report. Every style names its typeface for all
    /// scripts (see `Typeface.runFonts`); none carries numbering, because heading numbers
    /// (「一、」「（一）」「1.」「（1）」) are printed text taken from the report model.
    enum Styles {
        /// Two characters of first-line indent: `firstLineChars` (hundredths of a character) for
        /// Word and WPS, and the same 32 pt in twips for readers that ignore it.
        static let indentTwoCharacters = XML.element("w:ind", ["w:firstLineChars": "200", "w:firstLine": "640"])
        /// Tables, headers and footers keep their own line height instead of snapping to the
        /// 28.95 pt body grid, which would make every table row two body lines tall.
        static let offGrid = XML.element("w:snapToGrid", ["w:val": "0"])

        static var xml: String {
            let fangSong = WordML.Typeface.fangSongGB2312
            let defaults = XML.element("w:docDefaults", [:],
                XML.element("w:rPrDefault", [:], XML.element("w:rPr", [:],
                    fangSong.runFonts,
                    XML.element("w:spacing", ["w:val": "\(PageLayout.characterSpacing)"]),
                    XML.element("w:sz", ["w:val": "32"]), XML.element("w:szCs", ["w:val": "32"]),
                    // eastAsia zh-CN: Chinese line breaking and punctuation rules in every reader.
                    XML.element("w:lang", ["w:val": "zh-CN", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"]))),
                XML.element("w:pPrDefault", [:], XML.element("w:pPr", [:],
                    // No automatic space between Chinese and Latin or digits: it would push lines off
                    // the 28-character grid (「11,486,444.31 元」 keeps the space it is written with).
                    XML.element("w:autoSpaceDE", ["w:val": "0"]), XML.element("w:autoSpaceDN", ["w:val": "0"]),
                    XML.element("w:spacing", ["w:before": "0", "w:after": "0", "w:line": "240", "w:lineRule": "auto"]))))

            let styles = [
                paragraphStyle(id: "Normal", name: "Normal", isDefault: true,
                               pPr: [XML.element("w:jc", ["w:val": "both"])],
                               rPr: .init(font: fangSong, size: 32)),
                // 正文: 仿宋_GB2312 三号, two characters in, justified.
                paragraphStyle(id: "BodyText", name: "Body Text", basedOn: "Normal",
                               pPr: [indentTwoCharacters, XML.element("w:jc", ["w:val": "both"])],
                               rPr: .init(font: fangSong, size: 32)),
                // 标题: 方正小标宋简体 二号, centred, a blank line after.
                paragraphStyle(id: "Title", name: "Title", basedOn: "Normal", next: "BodyText",
                               pPr: [XML.element("w:spacing", ["w:beforeLines": "100", "w:before": "579", "w:afterLines": "100", "w:after": "579"]),
                                     XML.element("w:jc", ["w:val": "center"])],
                               rPr: .init(font: .xiaoBiaoSong, size: 44)),
                heading(1, font: .heiTi, bold: false),
                heading(2, font: .kaiTiGB2312, bold: false),
                heading(3, font: fangSong, bold: true),
                heading(4, font: fangSong, bold: false),
                // 附件 3: 黑体 三号, flush left.
                paragraphStyle(id: "Attachment", name: "Attachment", basedOn: "Normal",
                               pPr: [XML.element("w:jc", ["w:val": "left"])],
                               rPr: .init(font: .heiTi, size: 32)),
                // 评价年度：…: the cover's label–value lines, indented as the body is.
                paragraphStyle(id: "CoverLine", name: "Cover Line", basedOn: "Normal",
                               pPr: [indentTwoCharacters, XML.element("w:jc", ["w:val": "left"])],
                               rPr: .init(font: fangSong, size: 32)),
                // 表题: bold, centred, kept with its table.
                paragraphStyle(id: "TableCaption", name: "Table Caption", basedOn: "Normal", next: "BodyText",
                               pPr: [XML.element("w:keepNext"), XML.element("w:jc", ["w:val": "center"])],
                               rPr: .init(font: fangSong, bold: true, size: 32)),
                // 表格文字: 仿宋_GB2312 小四 (12 pt), off the body grid.
                paragraphStyle(id: "TableText", name: "Table Text", basedOn: "Normal",
                               pPr: [offGrid, XML.element("w:jc", ["w:val": "left"])],
                               rPr: .init(font: fangSong, size: 24)),
                paragraphStyle(id: "Header", name: "header", basedOn: "Normal",
                               pPr: [offGrid, XML.element("w:jc", ["w:val": "center"])],
                               rPr: .init(font: .heiTi, size: 32)),
                // 页码: 宋体 四号 (14 pt) on a 14 pt line, whose height `PageLayout.footer` assumes.
                paragraphStyle(id: "Footer", name: "footer", basedOn: "Normal",
                               pPr: [offGrid, XML.element("w:spacing", ["w:line": "280", "w:lineRule": "exact"])],
                               rPr: .init(font: .songTi, size: 28)),
            ]
            return XML.declaration + XML.element("w:styles", ["xmlns:w": WordML.w], [defaults] + styles)
        }

        /// Heading `level` (1…4): the face of GB/T 9704 for that level, 三号, indented two characters
        /// like the body, kept with the next paragraph, and an outline level for the navigation pane.
        private static func heading(_ level: Int, font: WordML.Typeface, bold: Bool) -> String {
            paragraphStyle(id: "Heading\(level)", name: "heading \(level)", basedOn: "Normal", next: "BodyText",
                           pPr: [XML.element("w:keepNext"), indentTwoCharacters, XML.element("w:jc", ["w:val": "both"]),
                                 XML.element("w:outlineLvl", ["w:val": "\(level - 1)"])],
                           rPr: .init(font: font, bold: bold, size: 32))
        }

        private static func paragraphStyle(id: String, name: String, isDefault: Bool = false, basedOn: String? = nil,
                                           next: String? = nil, pPr: [String], rPr: WordML.RunProperties) -> String {
            var children = [XML.element("w:name", ["w:val": name])]
            if let basedOn { children.append(XML.element("w:basedOn", ["w:val": basedOn])) }
            if let next { children.append(XML.element("w:next", ["w:val": next])) }
            children.append(XML.element("w:qFormat"))
            children.append(XML.element("w:pPr", [:], pPr))
            children.append(rPr.xml)
            return isDefault
                ? XML.element("w:style", ["w:type": "paragraph", "w:default": "1", "w:styleId": id], children)
                : XML.element("w:style", ["w:type": "paragraph", "w:styleId": id], children)
        }
    }

    /// The package parts other than the document body and its headers and footers.
    enum PackageParts {
        static var fontTable: String {
            XML.declaration + XML.element("w:fonts", ["xmlns:w": WordML.w], WordML.Typeface.all.map(\.fontTableEntry))
        }

        /// settings.xml: different odd and even footers (page numbers on the outside), full-width
        /// punctuation kept full width (the 28-character grid), and Word 2013+ layout rules.
        static var settings: String {
            XML.declaration + XML.element("w:settings", ["xmlns:w": WordML.w],
                XML.element("w:zoom", ["w:percent": "100"]),
                XML.element("w:defaultTabStop", ["w:val": "420"]),
                XML.element("w:evenAndOddHeaders"),
                XML.element("w:characterSpacingControl", ["w:val": "doNotCompress"]),
                XML.element("w:compat", [:],
                    XML.element("w:compatSetting", ["w:name": "compatibilityMode", "w:uri": "http://schemas.microsoft.com/office/word", "w:val": "15"])),
                XML.element("w:themeFontLang", ["w:val": "en-US", "w:eastAsia": "zh-CN"]),
                XML.element("w:decimalSymbol", ["w:val": "."]),
                XML.element("w:listSeparator", ["w:val": ","]))
        }

        /// A part of the package: its path and its content type (for `[Content_Types].xml`).
        struct Part {
            var path: String
            var contentType: String
            var xml: String
        }

        static func contentTypes(_ parts: [Part]) -> String {
            XML.declaration + XML.element("Types", ["xmlns": "http://schemas.openxmlformats.org/package/2006/content-types"],
                [XML.element("Default", ["Extension": "rels", "ContentType": "application/vnd.openxmlformats-package.relationships+xml"]),
                 XML.element("Default", ["Extension": "xml", "ContentType": "application/xml"])]
                    + parts.map { XML.element("Override", ["PartName": "/" + $0.path, "ContentType": $0.contentType]) })
        }

        /// A relationships part: (id, type, target) in the order given.
        static func relationships(_ relationships: [(id: String, type: String, target: String)]) -> String {
            XML.declaration + XML.element("Relationships", ["xmlns": WordML.packageRelationships],
                relationships.map { XML.element("Relationship", ["Id": $0.id, "Type": $0.type, "Target": $0.target]) })
        }

        /// docProps/core.xml: the title, and fixed dates so that the file is reproducible.
        static func core(title: String) -> String {
            let date = "2000-01-01T00:00:00Z"
            return XML.declaration + XML.element("cp:coreProperties", [
                "xmlns:cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
                "xmlns:dc": "http://purl.org/dc/elements/1.1/", "xmlns:dcterms": "http://purl.org/dc/terms/",
                "xmlns:dcmitype": "http://purl.org/dc/dcmitype/", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            ],
                "<dc:title>\(XML.escape(title))</dc:title>",
                "<dc:creator>jixiao</dc:creator>",
                "<dc:language>zh-CN</dc:language>",
                #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(date)</dcterms:created>"#,
                #"<dcterms:modified xsi:type="dcterms:W3CDTF">\#(date)</dcterms:modified>"#)
        }

        static var app: String {
            XML.declaration + XML.element("Properties", [
                "xmlns": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
                "xmlns:vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ], "<Application>jixiao</Application>", "<DocSecurity>0</DocSecurity>")
        }
    }
}
