import Foundation
import JixiaoAudit
import JixiaoCore
import Testing

/// The project's own corpus: a report written in the register of the family (another bureau's
/// template, another kind of unit, one paragraph per line as copy-paste gives it), laid out in the
/// ways extraction lays text out, and with one defect injected at a time.
@Suite("Audit corpus")
struct CorpusTests {
    /// 福山县图书馆 2023: complete, and every figure in it agrees with the others.
    static func written() throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/written/fushan-tushuguan-2023", withExtension: "txt"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The report as `pdftotext` lays it out: each paragraph broken every `width` characters,
    /// a blank line after each printed line, a page number alone on a line every 20 lines
    /// (「12」 or 「— 12 —」) and a leading space where a page begins.
    static func paged(_ raw: String, width: Int, dashes: Bool) -> String {
        var out: [String] = []
        var printed = 0
        for paragraph in raw.split(whereSeparator: \.isNewline) {
            var rest = Substring(paragraph)
            while !rest.isEmpty {
                let line = rest.prefix(width)
                rest = rest.dropFirst(width)
                out.append((printed % 20 == 0 ? " " : "") + line)
                out.append("")
                printed += 1
                if printed % 20 == 0 {
                    let page = printed / 20 + 1
                    out.append(dashes ? "— \(page) —" : "\(page)")
                    out.append("")
                }
            }
        }
        return out.joined(separator: "\n")
    }

    /// Full-width digits and points, a space before every 「%」 and after every 「，」, CRLF ends.
    static func retyped(_ raw: String) -> String {
        var out = ""
        for c in raw {
            switch c {
            case "0"..."9": out.unicodeScalars.append(Unicode.Scalar(0xFF10 + UInt32(c.wholeNumberValue!))!)
            case ".": out += "．"
            case "%": out += " %"
            case "，": out += "， "
            case "\n": out += "\r\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func layouts(_ raw: String) -> [(name: String, text: String)] {
        [("as written", raw), ("retyped", retyped(raw))]
            + [17, 23, 31, 40].map { ("paged at \($0)", paged(raw, width: $0, dashes: $0 % 2 == 0)) }
            + [("retyped and paged", paged(retyped(raw), width: 27, dashes: true))]
    }

    @Test("The written report audits clean, however it is laid out")
    func writtenIsClean() throws {
        let raw = try Self.written()
        let reference = FactExtractor.extract(ReportText(raw))
        #expect(reference.evaluation.finalAccounts?.expenditure?.byNature?.projects?.count == 1)
        #expect(reference.evaluation.work?.allTasks.count == 5)
        for (name, text) in Self.layouts(raw) {
            let findings = Auditor.audit(text)
            #expect(findings.filter { $0.severity != .info }.isEmpty,
                    "\(name): \(findings.map { "\($0.rule) \($0.message)" })")
            // The figures read are the same whatever the layout.
            let x = FactExtractor.extract(ReportText(text))
            #expect(x.evaluation.finalAccounts == reference.evaluation.finalAccounts, "\(name)")
            #expect(x.evaluation.staffing == reference.evaluation.staffing, "\(name)")
            #expect(x.evaluation.budget?.threePublic?.total == reference.evaluation.budget?.threePublic?.total, "\(name)")
        }
    }

    /// One defect: the text changed, the rule that must catch it, and the line it must name
    /// (the changed line, or for a sum the line of the total it no longer adds up to).
    struct Defect: Sendable, CustomStringConvertible {
        var old: String
        var new: String
        var rule: String
        var totalLine: String? = nil
        var description: String { "\(rule): \(old) → \(new)" }
    }

    static let writtenDefects: [Defect] = [
        Defect(old: "社会保障和就业支出 312,400.00", new: "社会保障和就业支出 321,400.00", rule: "sum.mismatch", totalLine: "总支出"),
        Defect(old: "总支出 3,498,650.00", new: "总支出 3,498,560.00", rule: "sum.mismatch"),
        Defect(old: "其中人员经费 2,356,200.00", new: "其中人员经费 2,365,200.00", rule: "sum.mismatch", totalLine: "基本支出"),
        Defect(old: "增长 5.1%", new: "增长 1.5%", rule: "yoy.mismatch"),
        Defect(old: "比上年减少 0.30 万元", new: "比上年减少 0.03 万元", rule: "yoy.mismatch"),
        // No full-year budget is stated: a rate off the year-start budget may be on the full-year one.
        Defect(old: "预算执行率为 98.2%", new: "预算执行率为 89.2%", rule: "ratio.basis"),
        Defect(old: "有财供人员 41 人", new: "有财供人员 43 人", rule: "staffing.mismatch"),
        Defect(old: "核定编制 30 名", new: "核定编制 31 名", rule: "staffing.mismatch"),
        Defect(old: "本馆由 4 个", new: "（单位名称）由 4 个", rule: "placeholder.unfilled"),
        Defect(old: "（三）存在问题", new: "（五）存在问题", rule: "numbering.skipped"),
        Defect(old: "3.阅读推广活动场次", new: "4.阅读推广活动场次", rule: "numbering.skipped"),
        Defect(old: "（二）自评工作过程。", new: "（二）自评工作过程。如何开展自评；", rule: "template.guidance"),
    ]

    @Test("One defect injected into the written report: caught by its rule on its line, and nothing else", arguments: writtenDefects)
    func injected(defect: Defect) throws {
        let raw = try Self.written()
        let range = try #require(raw.range(of: defect.old), "not in the report: \(defect.old)")
        let text = raw.replacingCharacters(in: range, with: defect.new)
        // Laid out as pdftotext would, so that the located line is a line of the paged text.
        for layout in [text, Self.paged(text, width: 29, dashes: false)] {
            let lines = layout.components(separatedBy: "\n")
            let findings = Auditor.audit(layout)
            let hits = findings.filter { $0.rule == defect.rule }
            #expect(!hits.isEmpty, "\(defect) not caught")
            // The named line holds (the start of) the changed text or the total's label.
            let expected = [String(defect.new.prefix(6)), defect.totalLine].compactMap { $0 }
            #expect(hits.contains { hit in
                guard let line = hit.location?.line else { return false }
                let around = lines[max(0, line - 3)...min(lines.count - 1, line + 1)].joined()
                return expected.contains { around.contains($0) }
            }, "\(defect): located at \(hits.map { $0.location.map { lines[$0.line - 1] } ?? "?" })")
            // A precise catch: no error of another rule.
            let others = findings.filter { $0.severity == .error && $0.rule != defect.rule }
            #expect(others.isEmpty, "\(defect): also \(others.map { "\($0.rule) \($0.message)" })")
        }
    }

    @Test("A removed section is caught as missing, in the written report as in the real one")
    func removedSection() throws {
        let raw = try Self.written()
        let start = try #require(raw.range(of: "（四）改进措施"))
        let end = try #require(raw.range(of: "四、其他需要说明的情况"))
        let text = raw.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
        let findings = Auditor.audit(text)
        #expect(findings.contains { $0.rule == "section.missing" && $0.message.contains("改进措施") })
        #expect(findings.filter { $0.severity == .error }.allSatisfy { $0.rule == "section.missing" })
    }
}
