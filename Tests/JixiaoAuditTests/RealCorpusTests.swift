import Foundation
import JixiaoAudit
import JixiaoCore
import Testing

/// The texts other units published (`../shared/corpus/real/`, beside the repository: they are
/// not copied into it), against `EXPECT.tsv`: what each must and must not get.
@Suite("Audit of real published texts")
struct RealCorpusTests {
    /// `../shared/corpus/real` from the package root; nil (and a failure under CI) when absent.
    static func folder() -> URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/real")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("EXPECT.tsv").path) else { return nil }
        return folder
    }

    struct Expectation: Sendable, CustomStringConvertible {
        var file: String
        var must: [String]
        var mustNot: [String]
        var description: String { file }
    }

    static func expectations() throws -> [Expectation] {
        guard let folder = folder() else { return [] }
        let table = try String(contentsOf: folder.appendingPathComponent("EXPECT.tsv"), encoding: .utf8)
        return table.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func rules(_ i: Int) -> [String] {
                i < columns.count ? columns[i].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "—" } : []
            }
            return Expectation(file: columns[0], must: rules(1), mustNot: rules(2))
        }
    }

    /// Where each must-appear finding stands: a piece of the line of its figure.
    static let anchors: [String: [String: String]] = [
        "01-sichuan-unit-2022-juesuan.txt": ["yoy.mismatch": "38.28%"],
        "07-qingshen-fgj-2023-xiangmu-zipingbiao.txt": ["template.guidance": "(100字以内)", "score.missing": "得分"],
        "09-wuzhou-unit-2022-yusuan-blank-pct.txt": ["placeholder.unfilled": "占基本支出预算%", "yoy.mismatch": "50.63%"],
        "17-lincang-unit-2018-yusuan-sangong.txt": ["yoy.mismatch": "0.02%"],
        "23-gannan-unit-2015-sangong-juesuan.txt": ["sum.mismatch": "31.23"],
        "29-duji-jgswzx-2021-sangong-juesuan.txt": ["yoy.mismatch": "1.14%"],
        "31-tongliang-anju-2021-sangong-juesuan.txt": ["yoy.mismatch": "7.83%"],
    ]

    @Test("The folder is there under CI")
    func present() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(Self.folder() != nil, "../shared/corpus/real/EXPECT.tsv is missing")
        }
    }

    @Test("Each real text gets every rule it must, at the line of its figure, and none it must not", arguments: try expectations())
    func expected(_ e: Expectation) throws {
        let folder = try #require(Self.folder())
        let text = try String(contentsOf: folder.appendingPathComponent(e.file), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let report = Auditor.report(text)
        let found = report.findings
        for rule in e.must {
            let hits = found.filter { $0.rule == rule }
            #expect(!hits.isEmpty, "\(e.file): \(rule) not found; got \(found.map { "\($0.rule) \($0.message)" })")
            let anchor = try #require(Self.anchors[e.file]?[rule], "\(e.file): no anchor for \(rule) in the test's table")
            #expect(hits.contains { hit in hit.location.map { lines[$0.line - 1].contains(anchor) } ?? false },
                    "\(e.file): \(rule) at \(hits.map { $0.location.map { "\($0.line): " + lines[$0.line - 1] } ?? "?" }), expected the line of 「\(anchor)」")
        }
        for rule in e.mustNot {
            let wrong = found.filter { $0.rule == rule }
            #expect(wrong.isEmpty, "\(e.file): \(rule) must not appear: \(wrong.map { "\($0.location?.line ?? 0): \($0.message)" })")
        }
        // Every text is recognised as a kind and says what it read; none looks like a clean pass by reading nothing.
        #expect(report.kind != .unknown, "\(e.file): kind not recognised")
        #expect(report.coverage.contains("数量关系"))
    }

    @Test("Every must-appear row of EXPECT.tsv has its anchor in this test")
    func anchorsCoverExpectations() throws {
        for e in try Self.expectations() {
            for rule in e.must { #expect(Self.anchors[e.file]?[rule] != nil, "\(e.file) \(rule)") }
        }
    }
}
