import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import JixiaoRender
import Testing

@Suite("DOCX writer")
struct DOCXWriterTests {
    /// A report with every kind of block: cover, the four heading levels, paragraphs with figures
    /// and XML special characters, a table with an amount column, a chart, and one gap.
    static func sample(draft: Bool) -> ReportDocument {
        ReportDocument(
            cover: CoverBlock(
                attachment: "附件 3", title: "廉江市总工会2021年度部门整体支出绩效自评报告",
                lines: [("评价年度", "2021 年度"), ("评价单位", "廉江市总工会"), ("市级预算部门单位（公章）", ""),
                        ("填报日期", Text([.gap("填报日期")]))]),
            blocks: [
                .paragraph("根据廉江市财政局《关于开展 2021 年度部门整体支出绩效评价自评工作的通知》（廉财绩〔2022〕2 号）要求，现将自评情况报告如下："),
                .heading(level: 1, number: "一、", text: "单位基本情况"),
                .heading(level: 2, number: "（一）", text: "部门整体支出情况"),
                .paragraph("2021 年度决算支出 11,486,444.31 元，其中基本支出 8,123,456.78 元，项目支出 3,362,987.53 元。"),
                .heading(level: 3, number: "1.", text: "“三公”经费 & <公务接待>"),
                .heading(level: 4, number: "（1）", text: "公务用车运行维护费"),
                .paragraph(Text("公务用车运行维护费 ") + Text([.gap("公务用车运行维护费决算数")]) + Text(" 元。")),
                .table(Table(caption: "表 1  收入支出决算情况（单位：元）",
                             columns: [("项目", .leading), ("预算数", .trailing), ("决算数", .trailing)],
                             rows: [["财政拨款收入", "11,200,000.00", "11,486,444.31"],
                                    ["支出合计", "11,200,000.00", "11,486,444.31"]])),
                .chart(Chart(title: "支出功能分类", unit: "万元", series: ["预算数", "决算数"],
                             groups: [("一般公共服务支出", [Decimal(string: "1148.64")!, Decimal(string: "1020.5")!])])),
            ],
            isDraft: draft)
    }

    static let figures = ["11,486,444.31 元", "8,123,456.78 元", "3,362,987.53 元", "11,200,000.00", "1,148.64", "1,020.50", "〔2022〕2 号"]

    // MARK: Layout

    @Test("A4, GB/T 9704 margins and footer distance, and a 22 × 28 document grid")
    func pageLayout() throws {
        let package = try Package(Self.sample(draft: false))
        let section = try #require(package.document.first("w:sectPr"))
        #expect(section.first("w:pgSz")?.attributes == ["w:w": "11906", "w:h": "16838"])
        let margins = try #require(section.first("w:pgMar"))
        #expect(margins["w:top"] == "2098" && margins["w:left"] == "1588")
        #expect(margins["w:right"] == "1474" && margins["w:bottom"] == "1984")
        // Page number about 7 mm below the type area (whose foot is 35 mm from the page edge).
        let footerMM = Double(try #require(margins["w:footer"].flatMap(Int.init))) / 56.6929
        #expect(abs(35 - (footerMM + 14 * 25.4 / 72 / 2) - 7) < 0.5)
        let grid = try #require(section.first("w:docGrid"))
        #expect(grid["w:type"] == "lines" && grid["w:linePitch"] == "579")
        // 22 lines fill the 225 mm type area; 28 characters of 16 pt less the run spacing fit 156 mm.
        #expect(22 * 579 <= 16838 - 2098 - 1984 && 23 * 579 > 16838 - 2098 - 1984)
        let styles = try #require(package.raw("word/styles.xml"))
        #expect(styles.contains("<w:spacing w:val=\"-5\"/>"))
        let pitch = 16 - 5.0 / 20
        #expect(Int((Double(11906 - 1588 - 1474) / 20 / pitch).rounded(.down)) == 28)
        #expect(section.first("w:titlePg") != nil)
    }

    @Test("Styles name their typeface for ascii, hAnsi, eastAsia and cs, with the GB/T 9704 sizes")
    func styles() throws {
        let package = try Package(Self.sample(draft: false))
        let expected: [(id: String, font: String, size: String, bold: Bool)] = [
            ("Normal", "仿宋_GB2312", "32", false), ("BodyText", "仿宋_GB2312", "32", false),
            ("Title", "方正小标宋简体", "44", false), ("Heading1", "黑体", "32", false),
            ("Heading2", "楷体_GB2312", "32", false), ("Heading3", "仿宋_GB2312", "32", true),
            ("Heading4", "仿宋_GB2312", "32", false), ("Attachment", "黑体", "32", false),
            ("TableText", "仿宋_GB2312", "24", false), ("Footer", "宋体", "28", false),
        ]
        for style in expected {
            let node = try #require(package.style(style.id), "style \(style.id)")
            let fonts = try #require(node.first("w:rFonts"))
            for script in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
                #expect(fonts[script] == style.font, "\(style.id) \(script)")
            }
            #expect(fonts["w:hint"] == "eastAsia")
            #expect(node.first("w:sz")?["w:val"] == style.size, "\(style.id) size")
            #expect((node.first("w:b") != nil) == style.bold, "\(style.id) bold")
        }
        let body = try #require(package.style("BodyText"))
        #expect(body.first("w:ind")?["w:firstLineChars"] == "200")
        #expect(body.first("w:jc")?["w:val"] == "both")
        #expect(package.style("Title")?.first("w:jc")?["w:val"] == "center")
        // Heading numbers are text, never automatic numbering.
        #expect(package.styles.all("w:numPr").isEmpty && package.document.all("w:numPr").isEmpty)
        #expect(package.parts["word/numbering.xml"] == nil)
        // The default run properties carry the Chinese face too.
        #expect(package.styles.first("w:rPrDefault")?.first("w:rFonts")?["w:eastAsia"] == "仿宋_GB2312")
        // Fallbacks by name in the font table.
        let fonts = Dictionary(package.xml("word/fontTable.xml").all("w:font").map { ($0["w:name"] ?? "", $0.first("w:altName")?["w:val"]) },
                               uniquingKeysWith: { a, _ in a })
        #expect(fonts["仿宋_GB2312"] == "仿宋" && fonts["仿宋"] == "FangSong")
        #expect(fonts["楷体_GB2312"] == "楷体" && fonts["黑体"] == "SimHei" && fonts["宋体"] == "SimSun")
        #expect(fonts["方正小标宋简体"] != nil)
    }

    @Test("Page numbers 「— n —」 from a PAGE field: odd pages right, even pages left, cover unnumbered")
    func pageNumbers() throws {
        let package = try Package(Self.sample(draft: false))
        #expect(package.xml("word/settings.xml").first("w:evenAndOddHeaders") != nil)
        let section = try #require(package.document.first("w:sectPr"))
        var footers: [String: Node] = [:]
        for reference in section.all("w:footerReference") {
            footers[reference["w:type"] ?? ""] = try package.related(reference["r:id"])
        }
        #expect(Set(footers.keys) == ["default", "even", "first"])
        for (type, side) in [("default", "right"), ("even", "left")] {
            let paragraph = try #require(footers[type]?.first("w:p"))
            #expect(paragraph.first("w:jc")?["w:val"] == side)
            let indent = try #require(paragraph.first("w:ind"))
            #expect(indent["w:\(side)Chars"] == "100", "one character in from the \(side) edge")
            #expect(paragraph.first("w:instrText")?.text.trimmingCharacters(in: .whitespaces) == "PAGE")
            #expect(paragraph.all("w:fldChar").map { $0["w:fldCharType"] ?? "" } == ["begin", "separate", "end"])
            let texts = paragraph.all("w:t").map(\.text)
            #expect(texts.first == "— " && texts.last == " —")
        }
        #expect(footers["first"]?.all("w:t").isEmpty == true)
        #expect(footers["first"]?.all("w:instrText").isEmpty == true)
    }

    // MARK: Content

    @Test("Cover, then a page break, then the headings with their printed numbers")
    func coverAndHeadings() throws {
        let package = try Package(Self.sample(draft: false))
        let paragraphs = package.document.first("w:body")?.children.filter { $0.name == "w:p" } ?? []
        let styled = paragraphs.map { ($0.first("w:pStyle")?["w:val"], $0.text) }
        #expect(styled[0] == ("Attachment", "附件 3"))
        #expect(styled[1] == ("Title", "廉江市总工会2021年度部门整体支出绩效自评报告"))
        #expect(styled[2] == ("CoverLine", "评价年度：2021 年度"))
        #expect(styled[4] == ("CoverLine", "市级预算部门单位（公章）："))
        #expect(paragraphs[6].first("w:br")?["w:type"] == "page")
        #expect(styled[7].0 == "BodyText")
        let headings = styled.filter { $0.0?.hasPrefix("Heading") == true }
        #expect(headings.map(\.0) == ["Heading1", "Heading2", "Heading3", "Heading4"])
        #expect(headings.map(\.1) == ["一、单位基本情况", "（一）部门整体支出情况", "1.“三公”经费 & <公务接待>", "（1）公务用车运行维护费"])
    }

    @Test("Every figure is in the document, and special characters are escaped")
    func figuresAndEscaping() throws {
        let package = try Package(Self.sample(draft: false))
        let text = package.document.text
        for figure in Self.figures { #expect(text.contains(figure), "\(figure)") }
        let raw = try #require(package.raw("word/document.xml"))
        #expect(raw.contains("“三公”经费 &amp; &lt;公务接待&gt;"))
        #expect(raw.contains(#"<w:t xml:space="preserve">"#))
        #expect(DOCXWriter.XML.escape("a&b<c>\"d'e\u{1}f\tg") == "a&amp;b&lt;c&gt;&quot;d&#39;ef\tg")
        // Line ends (including CR LF) become line breaks, tabs become tabs.
        #expect(DOCXWriter.Body(isDraft: false).run("甲\r\n乙\t丙") == [
            #"<w:r><w:t xml:space="preserve">甲</w:t><w:br/><w:t xml:space="preserve">乙</w:t><w:tab/><w:t xml:space="preserve">丙</w:t></w:r>"#])
    }

    @Test("Tables: caption above, header row repeated, rows kept whole, amounts right-aligned, single borders")
    func tables() throws {
        let package = try Package(Self.sample(draft: false))
        let body = try #require(package.document.first("w:body"))
        let tables = body.all("w:tbl")
        #expect(tables.count == 2, "the table and the chart's data table")
        for table in tables {
            let index = try #require(body.children.firstIndex { $0 === table })
            let caption = body.children[index - 1]
            #expect(caption.first("w:pStyle")?["w:val"] == "TableCaption")
            let rows = table.all("w:tr")
            #expect(rows.allSatisfy { $0.first("w:trPr")?.first("w:cantSplit") != nil })
            #expect(rows.map { $0.first("w:tblHeader") != nil } == [true] + Array(repeating: false, count: rows.count - 1))
            let borders = try #require(table.first("w:tblBorders"))
            #expect(borders.children.count == 6)
            #expect(borders.children.allSatisfy { $0["w:val"] == "single" && $0["w:sz"] == "4" })
            let widths = table.all("w:gridCol").compactMap { $0["w:w"].flatMap(Int.init) }
            #expect(widths.reduce(0, +) == 11906 - 1588 - 1474)
            // Header centred; first column left; figures right.
            #expect(rows[0].all("w:tc").allSatisfy { $0.first("w:jc")?["w:val"] == "center" })
            for row in rows.dropFirst() {
                let alignments = row.all("w:tc").map { $0.first("w:jc")?["w:val"] }
                #expect(alignments.first == "left" && alignments.dropFirst().allSatisfy { $0 == "right" })
            }
        }
        #expect(package.style("TableCaption")?.first("w:b") != nil)
        let chart = tables[1]
        #expect(body.children[try #require(body.children.firstIndex { $0 === chart }) - 1].text == "支出功能分类")
        #expect(chart.all("w:tr")[0].text == "项目预算数（万元）决算数（万元）")
        #expect(chart.all("w:tr")[1].text == "一般公共服务支出1,148.641,020.50")
    }

    // MARK: Draft

    @Test("A formal report has no gap marker and no draft mark")
    func formalReport() throws {
        let package = try Package(Self.sample(draft: false))
        for (path, data) in package.parts {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("【待填写"), "\(path)")
            #expect(!text.contains("草稿"), "\(path)")
        }
        #expect(package.document.all("w:headerReference").isEmpty)
        #expect(package.document.text.contains("公务用车运行维护费  元。"))
    }

    @Test("A draft marks every page 「草稿」 and shows gaps highlighted")
    func draft() throws {
        let package = try Package(Self.sample(draft: true))
        let references = package.document.all("w:headerReference")
        #expect(Set(references.compactMap { $0["w:type"] }) == ["default", "even", "first"])
        for reference in references {
            #expect(try package.related(reference["r:id"]).text == "草稿")
        }
        let gapRuns = package.document.all("w:r").filter { $0.text.hasPrefix("【待填写：") }
        #expect(gapRuns.map(\.text) == ["【待填写：填报日期】", "【待填写：公务用车运行维护费决算数】"])
        #expect(gapRuns.allSatisfy { $0.first("w:highlight")?["w:val"] == "yellow" })
        #expect(package.document.text.contains("公务用车运行维护费 【待填写：公务用车运行维护费决算数】 元。"))
    }

    // MARK: Package

    @Test("Content types and relationships name every part, and every part is well-formed XML", arguments: [false, true])
    func packageIsComplete(draft: Bool) throws {
        let package = try Package(Self.sample(draft: draft))
        let types = package.xml("[Content_Types].xml")
        #expect(Set(types.all("Default").compactMap { $0["Extension"] }) == ["rels", "xml"])
        let overrides = Set(types.all("Override").compactMap { $0["PartName"] })
        let nonRels = Set(package.parts.keys.filter { !$0.hasSuffix(".rels") && $0 != "[Content_Types].xml" }.map { "/" + $0 })
        #expect(overrides == nonRels)
        #expect(overrides.isSuperset(of: ["/word/document.xml", "/word/styles.xml", "/word/settings.xml", "/word/fontTable.xml",
                                          "/word/footer1.xml", "/docProps/core.xml", "/docProps/app.xml"]))
        // Every relationship's target exists, and every part but the rels is somebody's target.
        var targets: Set<String> = []
        for path in package.parts.keys where path.hasSuffix(".rels") {
            let source = path.replacingOccurrences(of: "_rels/", with: "").dropLast(".rels".count)
            let folder = source.contains("/") ? String(source[..<source.lastIndex(of: "/")!]) + "/" : ""
            for relationship in package.xml(path).all("Relationship") {
                let target = folder + (relationship["Target"] ?? "")
                #expect(package.parts[target] != nil, "\(path) → \(target)")
                targets.insert(target)
            }
        }
        #expect(Set(nonRels.map { String($0.dropFirst()) }) == targets)
        #expect(package.xml("docProps/core.xml").first("dc:title")?.text == "廉江市总工会2021年度部门整体支出绩效自评报告")
        #expect(package.parts.keys.filter { $0.hasPrefix("word/header") }.count == (draft ? 3 : 0))
    }

    @Test("Two writes of the same report give the same bytes")
    func reproducible() throws {
        for draft in [false, true] {
            #expect(try DOCXWriter.write(Self.sample(draft: draft)) == DOCXWriter.write(Self.sample(draft: draft)))
        }
        #expect(try DOCXWriter.write(Self.sample(draft: false)) != DOCXWriter.write(Self.sample(draft: true)))
    }
}

// MARK: Reading the package back

/// The unzipped parts of a written DOCX, each parsed (which fails the test if it is not well-formed).
private struct Package {
    var parts: [String: Data]
    private var parsed: [String: Node] = [:]

    init(_ document: ReportDocument) throws {
        parts = try ZipContainer.entries(of: DOCXWriter.write(document))
        for (path, data) in parts {
            guard let node = Node.parse(data) else { throw NotWellFormed(path: path) }
            parsed[path] = node
        }
    }

    struct NotWellFormed: Error { var path: String }

    func xml(_ path: String) -> Node { parsed[path] ?? Node(name: "") }
    func raw(_ path: String) -> String? { parts[path].map { String(decoding: $0, as: UTF8.self) } }
    var document: Node { xml("word/document.xml") }
    var styles: Node { xml("word/styles.xml") }

    func style(_ id: String) -> Node? { styles.all("w:style").first { $0["w:styleId"] == id } }

    /// The part that word/document.xml's relationship `id` points to.
    func related(_ id: String?) throws -> Node {
        let relationship = try #require(xml("word/_rels/document.xml.rels").all("Relationship").first { $0["Id"] == id })
        return xml("word/" + (relationship["Target"] ?? ""))
    }
}

/// An element of a parsed XML part: qualified name as written, attributes, children, own text.
private final class Node {
    let name: String
    var attributes: [String: String]
    var children: [Node] = []
    var ownText = ""

    init(name: String, attributes: [String: String] = [:]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    /// All descendants named `name`, in document order.
    func all(_ name: String) -> [Node] { children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) } }
    func first(_ name: String) -> Node? { all(name).first }

    /// The text of `w:t` (and other text-bearing) elements below this one, concatenated.
    var text: String { ownText + children.map(\.text).joined() }

    static func parse(_ data: Data) -> Node? {
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        // On Linux, parse() can return true after a recovered error (a mismatched end tag):
        // parserError and the error callback are what say the part is not well-formed.
        guard parser.parse(), parser.parserError == nil, !builder.failed, builder.stack.isEmpty else { return nil }
        return builder.root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: Node?
        var stack: [Node] = []
        var failed = false

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failed = true }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let node = Node(name: elementName, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            // Only text inside w:t, w:instrText and property elements counts; whitespace between
            // elements is not generated, so any characters belong to the innermost element.
            stack.last?.ownText += string
        }
    }
}
