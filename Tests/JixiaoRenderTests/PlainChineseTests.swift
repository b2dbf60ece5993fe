import Foundation
import JixiaoAudit
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

/// What a clerk, a reviewer or a citizen receives is in plain Chinese: no file of the package carries
/// a field path, a rule ID or formula code, under any built-in framework. Those stay in `score
/// --format json` and the server's details views.
@Suite("Published files speak plain Chinese")
struct PlainChineseTests {
    /// What internal code looks like in a text, each with what it is.
    static let codePatterns: [(what: String, pattern: String)] = [
        ("字段路径", #"[a-z_]+\.[a-z_]+"#),
        ("字段路径（列表项）", #"[a-z_]+\["#),
        ("派生数", #"derived\."#),
        ("公式函数", #"abs\("#),
        ("公式乘 100", #"\* 100"#),
        ("带下划线的标识符", #"[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+"#),
    ]

    /// Every ID of the check catalogue and of the audit's text rules.
    static let ruleIDs: [String] = CheckCatalogue.rules.map(\.id) + TextRule.catalogue.map(\.id)

    /// The text a reader of the file sees: the text of every part of an OOXML file, the text of an
    /// HTML page without its markup, the Markdown as written, a PDF's text by `pdftotext`.
    static func readableText(name: String, data: Data) throws -> String {
        if name.hasSuffix(".docx") || name.hasSuffix(".xlsx") {
            return try ZipContainer.entries(of: data).filter { $0.key.hasSuffix(".xml") || $0.key.hasSuffix(".rels") }
                .sorted { $0.key < $1.key }
                .map { path, xml in
                    let text = String(decoding: xml, as: UTF8.self)
                    // Sheet names are attributes, but each is a tab the reader sees.
                    let sheetNames = path == "xl/workbook.xml" ? matches(#"<sheet [^>]*name="([^"]*)""#, in: text).joined(separator: " ") : ""
                    return unescape(text.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)) + sheetNames
                }
                .joined(separator: "\n")
        }
        if name.hasSuffix(".html") {
            let page = String(decoding: data, as: UTF8.self)
                .replacingOccurrences(of: #"<(style|script)[^>]*>[\s\S]*?</\1>"#, with: " ", options: .regularExpression)
            return unescape(page.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression))
        }
        if name.hasSuffix(".pdf") {
            return try PDFTests.output("pdftotext", ["-layout", writeTemporary(data, name: name), "-"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let range = Range(match.range(at: match.numberOfRanges > 1 ? 1 : 0), in: text)!
            return String(text[range])
        }
    }

    static func writeTemporary(_ data: Data, name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-plain-\(UUID().uuidString)-\(name)")
        try data.write(to: url)
        return url.path
    }

    /// Every piece of internal code in `text`, with a little of the text around it. Web addresses
    /// (a framework's source page) are not code: they are left out first.
    static func internalCode(in text: String) -> [String] {
        let text = text.replacingOccurrences(of: #"https?://[A-Za-z0-9./_\-?=&%#]+"#, with: " ", options: .regularExpression)
        var found: [String] = []
        func context(_ range: Range<String.Index>) -> String {
            let start = text.index(range.lowerBound, offsetBy: -20, limitedBy: text.startIndex) ?? text.startIndex
            let end = text.index(range.upperBound, offsetBy: 20, limitedBy: text.endIndex) ?? text.endIndex
            return String(text[start..<end]).replacingOccurrences(of: "\n", with: " ")
        }
        for (what, pattern) in codePatterns {
            if let range = text.range(of: pattern, options: .regularExpression) {
                found.append("\(what)「\(text[range])」：…\(context(range))…")
            }
        }
        for id in ruleIDs {
            if let range = text.range(of: id) { found.append("规则 ID「\(id)」：…\(context(range))…") }
        }
        return found
    }

    /// The package of `evaluation` under `framework`: the report as DOCX, HTML and Markdown (and PDF
    /// when LibreOffice is installed), the data table and the scoring table.
    static func package(_ evaluation: Evaluation, _ framework: CompiledFramework, draft: Bool, pdf: Bool) throws -> [(name: String, data: Data)] {
        let scores = framework.score(evaluation)
        let composed = ReportComposer(evaluation: evaluation, scores: scores).compose(draft: draft)
        var files = try RenderedPackage.make(evaluation: evaluation, report: composed.document, scores: scores).files
        if pdf, let converter = PDFConverter.find() {
            let docx = try #require(files.first { $0.name.hasSuffix(".docx") })
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-plain-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("report.docx").path
            try docx.data.write(to: URL(fileURLWithPath: path))
            files.append((docx.name.replacingOccurrences(of: ".docx", with: ".pdf"),
                          try Data(contentsOf: URL(fileURLWithPath: try converter.convert(path)))))
        } else if pdf, PDFTests.required {
            Issue.record("LibreOffice not found")
        }
        return files
    }

    @Test("No field path, rule ID or formula code in any file of the package", arguments: BuiltInFrameworks.files.map(\.id))
    func noInternalCode(framework id: String) throws {
        let framework = try FrameworkFile.resolve(id)
        // The example as it is (a draft, with its gaps and unscorable indicators), and completed (final).
        let packages = [("草稿", try Self.package(try example(), framework, draft: true, pdf: true)),
                        ("正式", try Self.package(try completeExample(), framework, draft: false, pdf: false))]
        var checked = 0
        for (kind, files) in packages {
            for file in files {
                let text = try Self.readableText(name: file.name, data: file.data)
                #expect(text.count > 500, "\(file.name): too little text read")
                let code = Self.internalCode(in: text)
                #expect(code.isEmpty, "\(id) \(kind) \(file.name): \(code.joined(separator: "；"))")
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    @Test("The check finds each kind of internal code")
    func patternsCatchCode() {
        for sample in ["derived.in_service / staffing.authorized.total * 100", "final_accounts.expenditure.total",
                       "work.categories[0].tasks[2]", "审核发现 yoy.mismatch 共 0 项", "abs(x)", "预算 * 100",
                       "staff_control", "见 http://nyj.dazhou.gov.cn/xxgk-show-16453.html 与 budget_basis"] {
            #expect(!Self.internalCode(in: sample).isEmpty, "\(sample)")
        }
        for sample in ["在职人数 10 ÷ 编制数 11 × 100% = 90.91%", "来源：http://nyj.dazhou.gov.cn/xxgk-show-16453.html",
                       "决算支出 11,486,444.31元 ÷ 全年预算数 11,486,444.31元 × 100% = 100%"] {
            #expect(Self.internalCode(in: sample).isEmpty, "\(sample)")
        }
    }
}
