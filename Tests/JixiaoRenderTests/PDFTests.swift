import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

/// The draft of the example printed by LibreOffice, judged from poppler's reading of the PDF:
/// which embedded face sets each kind of text (`pdffonts`, and `pdftohtml -xml` for the face and
/// position of every line) and where the lines sit on the page. Skipped without LibreOffice, except
/// in CI, which installs it and sets JIXIAO_REQUIRE_PDF=1 so that this cannot pass by skipping.
@Suite("PDF: faces and page layout")
struct PDFTests {
    /// The stand-in face each name the DOCX uses must resolve to (family, style), as fontconfig
    /// resolves it for LibreOffice with the mapping `PDFConverter` writes.
    static let standIns: [(name: String, family: String, style: String)] = [
        ("仿宋_GB2312", "Noto Serif CJK SC", "Regular"), ("仿宋", "Noto Serif CJK SC", "Regular"),
        ("FangSong", "Noto Serif CJK SC", "Regular"), ("宋体", "Noto Serif CJK SC", "Regular"),
        ("SimSun", "Noto Serif CJK SC", "Regular"), ("方正小标宋简体", "Noto Serif CJK SC", "Black"),
        ("黑体", "Noto Sans CJK SC", "Regular"), ("SimHei", "Noto Sans CJK SC", "Regular"),
        ("楷体_GB2312", "AR PL UKai CN", "Book"), ("楷体", "AR PL UKai CN", "Book"), ("KaiTi", "AR PL UKai CN", "Book"),
    ]

    /// One printed line: its page, position in points from the page's top-left corner, text, and
    /// the PostScript name of its embedded face.
    struct Line {
        var page: Int
        var top: Double, left: Double, right: Double
        var text: String
        var font: String
        /// The size of its face in points.
        var size: Double
    }

    struct Rendered: Sendable {
        var document: ReportDocument
        var pdf: String
        var lines: [Line]
        var fonts: [(name: String, embedded: Bool)]
        var pageCount: Int
    }

    struct Failure: Error, Sendable { var message: String }

    static var required: Bool { ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1" }

    /// Rendered once for all the tests: LibreOffice takes several seconds.
    static let rendered: Result<Rendered, Failure>? = {
        guard let converter = PDFConverter.find() else { return required ? .failure(Failure(message: "LibreOffice not found")) : nil }
        do { return .success(try render(converter)) } catch { return .failure(Failure(message: "\(error)")) }
    }()

    static func output(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        guard let path = SearchPath.find(tool) else { throw Failure(message: "\(tool) not on the PATH (poppler-utils, fontconfig)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(message: "\(tool) \(arguments) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    static func render(_ converter: PDFConverter) throws -> Rendered {
        let evaluation = try example()
        let scores = try FrameworkFile.resolve("national-2013").score(evaluation)
        let document = ReportComposer(evaluation: evaluation, scores: scores).compose(draft: true).document
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let docx = folder.appendingPathComponent("report.docx")
        try DOCXWriter.write(document).write(to: docx)
        let pdf = try converter.convert(docx.path)

        // pdffonts: name, type, encoding, emb, sub, uni, object, generation; the name has no spaces.
        let fonts = try output("pdffonts", [pdf]).split(separator: "\n").dropFirst(2).map { row in
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            return (name: String(columns[0]), embedded: columns[columns.count - 5] == "yes")
        }
        // pdftohtml names a face by its subset tag and family ("BAAAAA+NotoSerifCJKjp"); the tag
        // identifies the face in pdffonts' list, which gives its full name and weight.
        let byTag = Dictionary(fonts.map { (String($0.name.prefix(7)), $0.name) }, uniquingKeysWith: { a, _ in a })
        let xml = try output("pdftohtml", ["-xml", "-i", "-q", "-stdout", "-zoom", "1", pdf])
        let tree = try XMLDocument(xmlString: xml, options: [])
        var fontOfSpec: [String: (name: String, size: Double)] = [:]
        for spec in try tree.nodes(forXPath: "//fontspec").compactMap({ $0 as? XMLElement }) {
            let family = spec.attribute(forName: "family")?.stringValue ?? ""
            fontOfSpec[spec.attribute(forName: "id")?.stringValue ?? ""] =
                (byTag[String(family.prefix(7))] ?? family, Double(spec.attribute(forName: "size")?.stringValue ?? "") ?? 0)
        }
        var lines: [Line] = []
        var pageCount = 0
        for page in try tree.nodes(forXPath: "//page").compactMap({ $0 as? XMLElement }) {
            let number = Int(page.attribute(forName: "number")?.stringValue ?? "") ?? 0
            pageCount = max(pageCount, number)
            for text in (page.elements(forName: "text")) {
                func value(_ name: String) -> Double { Double(text.attribute(forName: name)?.stringValue ?? "") ?? 0 }
                let left = value("left")
                let font = fontOfSpec[text.attribute(forName: "font")?.stringValue ?? ""]
                lines.append(Line(page: number, top: value("top"), left: left, right: left + value("width"),
                                  text: text.stringValue ?? "", font: font?.name ?? "", size: font?.size ?? 0))
            }
        }
        // A printed line can come in pieces (justified text, a change of face): one per top, joined.
        var joined: [Line] = []
        for line in lines.sorted(by: { ($0.page, $0.top, $0.left) < ($1.page, $1.top, $1.left) }) {
            if let last = joined.last, last.page == line.page, abs(last.top - line.top) < 2 {
                joined[joined.count - 1].text += line.text
                joined[joined.count - 1].right = line.right
            } else {
                joined.append(line)
            }
        }
        return Rendered(document: document, pdf: pdf, lines: joined, fonts: fonts, pageCount: pageCount)
    }

    static func result() throws -> Rendered? {
        switch rendered {
        case .none: return nil
        case .failure(let failure): throw failure
        case .success(let value): return value
        }
    }

    // GB/T 9704-2012 in points: A4, 天头 37 mm, 订口 28 mm, type area 156 × 225 mm.
    static let mm = 72 / 25.4
    static let pageWidth = 210 * mm, pageHeight = 297 * mm
    static let typeLeft = 28 * mm, typeRight = (28 + 156) * mm, typeTop = 37 * mm, typeBottom = (37 + 225) * mm

    /// Marks that may hang past the end of a line: they may not begin one.
    static let closing: Set<Character> = ["，", "。", "、", "；", "：", "！", "？", "）", "》", "」", "』", "”", "’"]

    /// The lines of the body pages inside the type area (not the cover, the header, the footer).
    static func bodyLines(_ r: Rendered) -> [Line] {
        r.lines.filter { $0.page > 1 && $0.top >= typeTop - 3 && $0.top < typeBottom }
    }

    @Test("Each kind of text in a face of its own kind: body serif SC, title heavy serif, 黑体 sans, 楷体 kai, all embedded")
    func faces() throws {
        guard let r = try Self.result() else { return }
        #expect(!r.fonts.isEmpty && r.fonts.allSatisfy(\.embedded), "\(r.fonts)")
        // The faces are the stand-ins and nothing else (no fallback face, no Latin-only face).
        let kinds = ["NotoSerifCJK", "NotoSansCJK", "UKaiCN"]
        for font in r.fonts {
            #expect(kinds.contains { font.name.contains($0) }, "unexpected face \(font.name)")
            // The SC faces are embedded under SC names, not the collection's Japanese one (StandInFonts).
            #expect(!font.name.contains("CJKjp"), "\(font.name)")
        }
        func face(of text: String) -> String? {
            let key = String(text.filter { !$0.isWhitespace }.prefix(8))
            return r.lines.first { $0.text.filter { !$0.isWhitespace }.hasPrefix(key) }?.font
        }
        let body = Self.bodyLines(r)
        var counts: [String: Int] = [:]
        for line in body { counts[line.font, default: 0] += line.text.count }
        let bodyFace = try #require(counts.max { $0.value < $1.value }?.key)
        #expect(bodyFace.contains("NotoSerifCJK") && bodyFace.contains("-Regular"), "body in \(bodyFace)")
        let title = try #require(face(of: r.document.cover.title), "title not found in the PDF")
        #expect(title.contains("NotoSerifCJK") && title.contains("-Black"), "title in \(title)")
        var checked: Set<Int> = []
        for case .heading(let level, let number, let text) in r.document.blocks where level <= 3 {
            let found = try #require(face(of: number + text.plainText), "heading \(number)\(text.plainText) not found")
            switch level {
            case 1: #expect(found.contains("NotoSansCJK"), "level-1 heading \(number) in \(found)")
            case 2: #expect(found.contains("UKaiCN"), "level-2 heading \(number) in \(found)")
            default: #expect(found.contains("NotoSerifCJK") && found.contains("-Bold"), "level-3 heading \(number) in \(found)")
            }
            #expect(found != bodyFace)
            checked.insert(level)
        }
        #expect(checked == [1, 2, 3], "the example has headings of levels 1–3")
    }

    @Test("Every name the DOCX uses resolves to its stand-in, a simplified-Chinese face, never a Japanese one")
    func standInFaces() throws {
        guard try Self.result() != nil else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-fc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("fonts.conf")
        try Data(PDFConverter.fontconfig().utf8).write(to: config)
        for (name, family, style) in Self.standIns {
            // The request LibreOffice makes for Chinese text: the name and the language zh-CN.
            let match = try Self.output("fc-match", ["-f", "%{family[0]}|%{style[0]}", "\(name):lang=zh-cn"],
                                        environment: ["FONTCONFIG_FILE": config.path])
            #expect(match == "\(family)|\(style)", "\(name) → \(match)")
            #expect(!match.contains("JP"))
        }
    }

    @Test("GB/T 9704 page: A4, margins 37/28/26/35 mm, 22 lines of 28 characters, page numbers outside")
    func layout() throws {
        guard let r = try Self.result() else { return }
        // 「Page size:       595.304 x 841.89 pts (A4)」
        let size = try Self.output("pdfinfo", [r.pdf]).split(separator: "\n").first { $0.hasPrefix("Page size:") }?
            .split(separator: " ").compactMap { Double($0) } ?? []
        #expect(size.count == 2 && abs(size[0] - Self.pageWidth) < 0.5 && abs(size[1] - Self.pageHeight) < 0.5, "\(size)")
        #expect(r.pageCount >= 8)
        let body = Self.bodyLines(r)
        // Margins: every line inside the type area, but for a closing punctuation mark hanging past
        // its right edge (as Word and LibreOffice hang it by default rather than start a line with it).
        let character = 156 * Self.mm / 28
        func hangs(_ line: Line) -> Bool { line.right > Self.typeRight + 1.5 && Self.closing.contains(line.text.last ?? " ") }
        let outside = body.filter { line in
            line.left < Self.typeLeft - 1.5 || line.right > Self.typeRight + (hangs(line) ? character + 1.5 : 1.5)
        }
        #expect(outside.isEmpty, "\(outside.prefix(3).map { "\($0.page): \($0.left)–\($0.right) \($0.text)" })")
        #expect(abs((body.map(\.left).min() ?? 0) - Self.typeLeft) < 1.5)
        #expect(abs((body.filter { !hangs($0) }.map(\.right).max() ?? 0) - Self.typeRight) < 1.5)
        #expect(abs((body.map(\.top).min() ?? 0) - Self.typeTop) < 8, "first line top \(body.map(\.top).min() ?? 0)")
        // 22 lines a page: a page of running text (三号 throughout: no table, whose 小四 rows keep
        // their own height) holds at most 22, full ones exactly 22 at a pitch of 225 mm / 22.
        let pitch = 225 * Self.mm / 22
        let text = Dictionary(grouping: body, by: \.page).filter { $0.value.allSatisfy { $0.size == 16 } }
        #expect(text.values.filter { $0.count == 22 }.count >= 5, "\(text.mapValues(\.count).sorted { $0.key < $1.key })")
        #expect(text.values.allSatisfy { $0.count <= 22 }, "\(text.mapValues(\.count).sorted { $0.key < $1.key })")
        for (page, lines) in text where lines.count == 22 {
            let tops = lines.map(\.top).sorted()
            for (a, b) in zip(tops, tops.dropFirst()) {
                #expect(abs((b - a) - pitch) < 1.5, "page \(page): lines \(b - a) pt apart, not \(pitch)")
            }
        }
        // 28 characters a line: each full-width line of running text that fills the type area holds
        // 28 (counting a first line's indent), plus a hanging mark; a line-breaking rule (no closing
        // mark at a line's start, as in 「…南方工 / 报》」) may move one character to the next line.
        let full = body.filter { line in
            line.text.unicodeScalars.allSatisfy { $0.value >= 0x3000 } && line.right > Self.typeRight - character / 2
        }
        #expect(full.count > 50)
        var exact = 0
        for line in full {
            let indent = Int(((line.left - Self.typeLeft) / character).rounded())
            let count = line.text.count + indent - (hangs(line) ? 1 : 0)
            #expect((27...28).contains(count), "\(line.text.count) + \(indent) characters: \(line.text)")
            if count == 28 { exact += 1 }
        }
        #expect(exact * 10 >= full.count * 9, "\(exact) of \(full.count) full lines hold 28 characters")
        // Page numbers 「— n —」 below the type area, on the outside: odd pages right, even pages left.
        let numbers = r.lines.filter { $0.top > Self.typeBottom && $0.text.hasPrefix("—") }
        #expect(numbers.count == r.pageCount - 1, "every page but the cover numbered")
        for number in numbers {
            #expect(number.text.filter { !$0.isWhitespace } == "—\(number.page)—")
            if number.page % 2 == 1 {
                #expect(number.right > Self.typeRight - 20 && number.right <= Self.typeRight, "page \(number.page): \(number.right)")
            } else {
                #expect(number.left < Self.typeLeft + 20 && number.left >= Self.typeLeft, "page \(number.page): \(number.left)")
            }
            #expect(number.top < Self.pageHeight - 20 * Self.mm, "page \(number.page) number at \(number.top)")
        }
    }
}
