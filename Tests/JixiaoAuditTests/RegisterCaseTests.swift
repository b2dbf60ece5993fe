import Foundation
import JixiaoAudit
import JixiaoCore
import Testing

/// Texts of our own in the register of real published ones, on phrasings the real corpus does not
/// show: amounts in 亿元 with 「同比」 and 「较上年度」, a “三公” table as pdftotext lays it out,
/// figures side by side («收、支总计各是 a、b万元»), head counts. Clean, each audits with no error
/// or warning in every layout; with one defect injected, the defect is caught at its line.
@Suite("Audit of register cases of our own")
struct RegisterCaseTests {
    static let files = [
        "qingchuan-shiji-2024-juesuan-yiyuan.txt", "huaxi-xiang-2023-sangong-biaoge.txt", "lantian-bumen-2023-juesuan-gexiang.txt",
    ]

    static func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/register/" + name, withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The text as written, with full-width digits, and with CRLF line ends.
    static func layouts(_ raw: String) -> [(name: String, text: String)] {
        let fullWidth = String(String.UnicodeScalarView(raw.unicodeScalars.map { s in
            (0x30...0x39).contains(s.value) ? Unicode.Scalar(s.value - 0x30 + 0xFF10)! : s.value == 0x25 ? Unicode.Scalar(0xFF05)! : s
        }))
        return [("as written", raw), ("full-width digits", fullWidth), ("CRLF", raw.replacingOccurrences(of: "\n", with: "\r\n"))]
    }

    @Test("Clean: no error or warning, the kind recognised, every relation read checked", arguments: files)
    func clean(_ name: String) throws {
        for (layout, text) in Self.layouts(try Self.text(name)) {
            let report = Auditor.report(text)
            let serious = report.findings.filter { $0.severity != .info }
            #expect(serious.isEmpty, "\(name) (\(layout)): \(serious.map { "\($0.rule) \($0.message)" })")
            #expect(report.kind != .unknown, "\(name) (\(layout))")
            #expect(report.relationsRead >= 3, "\(name) (\(layout)): \(report.coverage)")
        }
    }

    struct Defect: Sendable, CustomStringConvertible {
        var file: String
        var old: String
        var new: String
        var rule: String
        /// A piece of the line the finding must name.
        var line: String
        var description: String { "\(file): \(old) → \(new)" }
    }

    static let defects: [Defect] = [
        Defect(file: files[0], old: "教育支出21.37亿元，社会", new: "教育支出23.17亿元，社会", rule: "sum.mismatch", line: "合计86.42亿元"),
        Defect(file: files[0], old: "增长5.07%", new: "增长5.70%", rule: "yoy.mismatch", line: "较上年度增加4.17亿元"),
        Defect(file: files[0], old: "同比增加1.02亿元", new: "同比增加1.20亿元", rule: "yoy.mismatch", line: "（一）教育支出"),
        Defect(file: files[0], old: "增长3.11%", new: "增长3.02%", rule: "yoy.mismatch", line: "（三）卫生健康支出"),
        Defect(file: files[1], old: "2.40            1.93", new: "2.40            1.39", rule: "sum.mismatch", line: "合计"),
        Defect(file: files[1], old: "10.20            8.92\n          其中", new: "10.20            8.29\n          其中", rule: "sum.mismatch", line: "合计"),
        Defect(file: files[1], old: "下降11.21%", new: "下降12.63%", rule: "yoy.mismatch", line: "1.37万元，下降"),
        Defect(file: files[1], old: "占82.21%", new: "占81.21%", rule: "ratio.mismatch", line: "占81.21%"),
        Defect(file: files[2], old: "8.09%、8.73%", new: "8.09%、8.37%", rule: "yoy.mismatch", line: "各增长"),
        Defect(file: files[2], old: "在职人员38人", new: "在职人员36人", rule: "staffing.mismatch", line: "年末实有人员52人"),
        Defect(file: files[2], old: "下降3.87%", new: "下降4.02%", rule: "yoy.mismatch", line: "机关运行经费支出86.52万元"),
    ]

    @Test("One defect injected: caught by its rule at its line, and no error of another rule", arguments: defects)
    func injected(_ defect: Defect) throws {
        let raw = try Self.text(defect.file)
        let range = try #require(raw.range(of: defect.old), "not in \(defect.file): \(defect.old)")
        for (layout, text) in Self.layouts(raw.replacingCharacters(in: range, with: defect.new)) {
            let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            let findings = Auditor.audit(text)
            let hits = findings.filter { $0.rule == defect.rule }
            let wanted = layout == "full-width digits" ? Self.layouts(defect.line)[1].text : defect.line
            #expect(hits.contains { hit in hit.location.map { $0.line <= lines.count && lines[$0.line - 1].contains(wanted) } ?? false },
                    "\(defect) (\(layout)): \(findings.map { "\($0.rule)@\($0.location?.line ?? 0) \($0.message)" })")
            let others = findings.filter { $0.severity == .error && $0.rule != defect.rule }
            #expect(others.isEmpty, "\(defect) (\(layout)): also \(others.map { "\($0.rule) \($0.message)" })")
        }
    }

    @Test("A wrong growth rate divided by this year's figure says so")
    func wrongBase() throws {
        let raw = try Self.text(Self.files[2]).replacingOccurrences(of: "下降3.87%", with: "下降4.02%")
        let finding = try #require(Auditor.audit(raw).first { $0.rule == "yoy.mismatch" })
        #expect(finding.message.contains("疑按本年数计算"), "\(finding.message)")
    }
}
