import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

/// The package as a whole: every part from the same evaluation, reproducible to the byte.
@Suite("Rendered package")
struct PackageTests {
    static func package(draft: Bool = false) throws -> (RenderedPackage, Evaluation) {
        let evaluation = try completeExample()
        let scores = try FrameworkFile.resolve("national-2013").score(evaluation)
        let report = ReportComposer(evaluation: evaluation, scores: scores).compose(draft: draft)
        #expect(draft || report.missing.isEmpty)
        return (try RenderedPackage.make(evaluation: evaluation, report: report.document, scores: scores), evaluation)
    }

    static func file(_ package: RenderedPackage, _ suffix: String) throws -> Data {
        try #require(package.files.first { $0.name.hasSuffix(suffix) }?.data)
    }

    @Test("Every final-account figure of the example is in the DOCX, HTML and Markdown, formatted as stated")
    func figuresInEveryForm() throws {
        let (package, evaluation) = try Self.package()
        let docx = try ZipContainer.entries(of: try Self.file(package, ".docx"))
        let documentXML = String(decoding: try #require(docx["word/document.xml"]), as: UTF8.self)
        let html = String(decoding: try Self.file(package, ".html"), as: UTF8.self)
        let markdown = String(decoding: try Self.file(package, ".md"), as: UTF8.self)
        let expenditure = try #require(evaluation.finalAccounts?.expenditure)
        var figures = (expenditure.byFunction ?? []).map(\.amount) + (expenditure.byEconomic ?? []).map(\.amount)
        figures += [expenditure.total, evaluation.finalAccounts?.income?.total].compactMap { $0 }
        for amount in figures {
            let grouped = DecimalFormat.fixed(amount.yuan, decimals: 2, grouping: true)
            for (name, text) in [("docx", documentXML), ("html", html), ("md", markdown)] {
                #expect(text.contains(grouped), "\(grouped) missing from \(name)")
            }
        }
        for phrase in ["285.58万元", "15.17万元", "22.92%", "1.20万元"] {
            #expect(documentXML.contains(phrase) && html.contains(phrase) && markdown.contains(phrase), "\(phrase)")
        }
        for text in [documentXML, html, markdown] {
            #expect(!text.contains("【待填写"))
            #expect(!text.contains("（单位名称）"))
            #expect(!text.contains("草稿"))
        }
        for (name, _) in package.files { #expect(name.hasPrefix("廉江市总工会2021年度")) }
    }

    @Test("The report's totals equal the data table's and the scoring table's")
    func partsAgree() throws {
        let (package, _) = try Self.package()
        let markdown = String(decoding: try Self.file(package, ".md"), as: UTF8.self)
        let data = try ZipContainer.entries(of: try Self.file(package, "数据表.xlsx"))
        let sheets = data.filter { $0.key.hasPrefix("xl/worksheets/sheet") }.map { String(decoding: $0.value, as: UTF8.self) }
        // The functional total: 11,486,444.31 in the report, the same cached SUM in the workbook.
        #expect(markdown.contains("11,486,444.31"))
        #expect(sheets.contains { $0.contains("<v>11486444.31</v>") })
        let score = try ZipContainer.entries(of: try Self.file(package, "评分表.xlsx"))
        #expect(score["xl/worksheets/sheet1.xml"] != nil)
    }

    @Test("Rendering twice gives the same bytes for every file")
    func reproducible() throws {
        let (first, _) = try Self.package(draft: true)
        let (second, _) = try Self.package(draft: true)
        #expect(first.files.map(\.name) == second.files.map(\.name))
        for (a, b) in zip(first.files, second.files) { #expect(a.data == b.data, "\(a.name) differs") }
    }
}
