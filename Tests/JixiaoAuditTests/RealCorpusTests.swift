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
        "04-wuzhou-culture-unit-2025-yusuan.txt": ["yoy.mismatch": "14.43%"],
        "06-wuzhou-unit-2023-yusuan.txt": ["sum.mismatch": "911000.39"],
        "07-qingshen-fgj-2023-xiangmu-zipingbiao.txt": ["template.guidance": "(100字以内)", "score.missing": "得分"],
        "09-wuzhou-unit-2022-yusuan-blank-pct.txt": ["placeholder.unfilled": "占基本支出预算%", "yoy.mismatch": "50.63%"],
        "16-xundian-xwb-2023-zhengti-ziping.txt": ["template.guidance": "摘要(2000字以内)"],
        "17-lincang-unit-2018-yusuan-sangong.txt": ["yoy.mismatch": "0.02%"],
        "23-gannan-unit-2015-sangong-juesuan.txt": ["sum.mismatch": "31.23"],
        "24-yingde-jxj-2016-sangong-yusuan.txt": ["sum.mismatch": "57.55", "yoy.mismatch": "35.22%"],
        "26-xuchang-hehu-2022-zhengti-ziping.txt": ["score.missing": "整体绩效自评为优"],
        "29-duji-jgswzx-2021-sangong-juesuan.txt": ["yoy.mismatch": "1.14%"],
        "31-tongliang-anju-2021-sangong-juesuan.txt": ["yoy.mismatch": "7.83%"],
        "38-shilou-zx-2018-juesuan.txt": ["yoy.mismatch": "6.49%"],
        "41-xinjiang-atushi-sangong-2021.txt": ["yoy.mismatch": "81.67%"],
        "43-jiangxi-shangyou-sixia-yusuan-2022.txt": ["ratio.mismatch": "90.3%"],
        "44-jiangxi-yiyang-zhongfan-yusuan-2022.txt": ["staffing.mismatch": "在职人数 61 人"],
        "45-jiangxi-yongxiu-jiangshang-yusuan-2022.txt": ["staffing.mismatch": "编制人数42"],
        "46-hebei-pingquan-dangba-zhengti-ziping-2021.txt": ["placeholder.unfilled": "填报日期"],
        "51-guangxi-guilin-sfj-sangong-yusuan-2015.txt": ["sum.mismatch": "34.35"],
        "52-anhui-guichi-tangxi-xiangmu-zipingbiao-2022.txt": ["sum.mismatch": "年度资金总额: 0 0 0"],
        "66-hainan-haikou-zhongyuan-sangong-juesuan-2021.txt": ["template.guidance": "增加(减少)"],
        "68-chongqing-shapingba-procuratorate-juesuan-2016.txt": ["yoy.mismatch": "13.36%"],
        "70-chongqing-fuling-jiaoshi-sangong-juesuan-2020.txt": ["yoy.mismatch": "43.78%"],
    ]

    /// Errors a text does have although its EXPECT row does not ask for them, each at the line of
    /// its figure, with SOURCES.md's arithmetic: the audit is right to report them.
    static let defectsBeyondExpect: [String: [String: String]] = [
        // 商品和服务 165247.88 / 基本支出 881300.39 = 18.7505%, stated 18.76% (SOURCES.md: MISMATCH).
        "06-wuzhou-unit-2023-yusuan.txt": ["ratio.mismatch": "18.76%"],
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
        // No error the row does not ask for, but the real defects listed beside it.
        let unasked = found.filter { finding in
            guard finding.severity == .error, !e.must.contains(finding.rule) else { return false }
            guard let anchor = Self.defectsBeyondExpect[e.file]?[finding.rule], let line = finding.location?.line else { return true }
            return !lines[line - 1].contains(anchor)
        }
        #expect(unasked.isEmpty, "\(e.file): errors not asked for: \(unasked.map { "\($0.rule) \($0.location?.line ?? 0): \($0.message)" })")
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

    @Test("Hunan's reports: no section missing under Hunan's template, recognised or chosen; under 湛江's a note, not an error",
          arguments: ["53-hunan-nanxian-zx-zhengti-pingjia-2021.txt", "37-yueyang-cgzx-2018-zhengti-ziping.txt"])
    func hunanTemplate(_ file: String) throws {
        let folder = try #require(Self.folder())
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        let hunan = try #require(BuiltInTemplates.template("hunan-department"))
        for findings in [Auditor.audit(text), Auditor.audit(text, template: hunan)] {
            #expect(!findings.contains { $0.rule == "section.missing" })
        }
        let underStandard = Auditor.audit(text, template: .standard)
        #expect(!underStandard.contains { $0.rule == "section.missing" })
        if file.hasPrefix("53-") {
            #expect(underStandard.contains { $0.rule == "reader.uncertain" && $0.severity == .info && $0.message.contains("所选模板「湛江/廉江") })
        }
    }
}
