import Foundation
import JixiaoAudit
import JixiaoCore
import Testing

/// The audit of whole reports: the real one, and variants with one injected defect each.
@Suite("Audit")
struct AuditTests {
    static func lines(_ findings: [Finding], _ rule: String, in text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        return findings.filter { $0.rule == rule }.compactMap { $0.location.map { lines[$0.line - 1] } }
    }

    @Test("The real report: every listed defect, and no arithmetic error because its sums hold")
    func realReport() throws {
        let raw = try corpus()
        let findings = Auditor.audit(raw)
        for rule in ["placeholder.unfilled", "template.guidance", "score.missing", "numbering.duplicate", "numbering.level",
                     "section.missing", "indicator.value.missing", "task.actual.missing", "budget.deviation.unexplained"] {
            #expect(findings.contains { $0.rule == rule }, "missing \(rule)")
        }
        for rule in ["sum.mismatch", "yoy.mismatch", "staffing.mismatch", "ratio.mismatch"] {
            #expect(!findings.contains { $0.rule == rule }, "false \(rule)")
        }
        #expect(Self.lines(findings, "budget.deviation.unexplained", in: raw).first?.contains("11,486,444.31") == true)
        #expect(findings.allSatisfy { $0.location != nil })
    }

    /// Replaces the first occurrence of `old` (which must exist) in the report.
    static func variant(_ old: String, _ new: String) throws -> String {
        let raw = try corpus()
        let range = try #require(raw.range(of: old), "not in the report: \(old)")
        return raw.replacingCharacters(in: range, with: new)
    }

    @Test("One injected defect each, caught by the right rule on the right line", arguments: [
        ("841,491.06", "814,491.06", "sum.mismatch"),                  // a transposed digit in a part
        ("总支出\n\n11,486,444.31", "总支出\n\n11,486,445.31", "sum.mismatch"),  // a wrong total
        ("增长 22.92 %", "增长 29.22 %", "yoy.mismatch"),              // a wrong percentage
        ("2021 年有财供人员 26 人", "2021 年有财供人员 28 人", "staffing.mismatch"),
        ("（三）自评材料报送时间及质量", "（四）自评材料报送时间及质量", "numbering.skipped"),
        ("按时按质报送材料。", "按时按质报送材料。请填写（单位名称）。", "placeholder.unfilled"),
    ])
    func injected(old: String, new: String, rule: String) throws {
        let text = try Self.variant(old, new)
        let findings = Auditor.audit(text)
        let hits = findings.filter { $0.rule == rule }
        let hit = try #require(hits.first, "\(rule) not caught")
        let changedLine = text.components(separatedBy: "\n").firstIndex { $0.contains(new.components(separatedBy: "\n").last!) }! + 1
        // A sum that fails is reported at its stated total; a changed total is that line itself.
        let total = text.components(separatedBy: "\n").firstIndex { $0.contains("总支出") }.map { $0 + 1 }
        #expect(hits.contains { $0.location?.line == changedLine || $0.location?.line == total.map { $0 + 2 } || $0.location?.line == total },
                "\(rule) at \(hits.map { String(describing: $0.location) }), change on line \(changedLine)")
        #expect(hit.severity == (rule.hasPrefix("numbering") ? .warning : .error))
    }

    @Test("A removed section is missed")
    func removedSection() throws {
        let text = try Self.variant("（二）部门整体支出绩效指标分析", "")
        #expect(Auditor.audit(text).contains { $0.rule == "section.missing" && $0.message.contains("指标分析") })
    }

    @Test("Re-wrapped lines, other page breaks and full-width digits change nothing")
    func rewrapped() throws {
        let raw = try corpus()
        let stream = raw.components(separatedBy: "\n").filter { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.allSatisfy(\.isNumber)
        }.joined()
        let fullWidth = String(stream.map { c -> Character in
            if let d = c.wholeNumberValue, c.isASCII { return Character(Unicode.Scalar(0xFF10 + UInt32(d))!) }
            return c
        })
        // Break only before headings' numbers (as a layout would) and every 23 characters elsewhere.
        var lines: [String] = []
        var current = ""
        for c in fullWidth {
            current.append(c)
            if current.count == 23 { lines.append(current); current = "" }
            if lines.count % 17 == 16 && current.isEmpty { lines.append("  \(lines.count / 17 + 1)") }
        }
        lines.append(current)
        let original = Set(Auditor.audit(raw).filter { $0.severity == .error }.map(\.rule))
        let findings = Auditor.audit(lines.joined(separator: "\n"))
        for rule in ["sum.mismatch", "yoy.mismatch", "staffing.mismatch", "ratio.mismatch"] {
            #expect(!findings.contains { $0.rule == rule }, "false \(rule) after re-wrapping")
        }
        #expect(original.contains("placeholder.unfilled"))
    }

    @Test("Random and mutated text never crashes the reader")
    func fuzz() throws {
        var generator = SystemRandomNumberGenerator()
        let raw = try corpus()
        let pieces = Array(raw)
        for _ in 0..<40 {
            var text = ""
            for _ in 0..<Int.random(in: 0...2000, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: text.append(pieces[Int.random(in: 0..<pieces.count, using: &generator)])
                case 1: text.append(Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &generator))))
                case 2: text += ["（一）", "一、", "1.", "万元", "%", "，其中", "增长", "\n", "元；"].randomElement(using: &generator)!
                default: text.append(Character(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &generator))!))
                }
            }
            _ = Auditor.audit(text)
        }
        // Invalid UTF-8 is read with replacement characters.
        _ = Auditor.audit(String(decoding: Data([0xFF, 0xFE, 0xE4, 0xB8, 0x80, 0xC0]), as: UTF8.self))
    }

    @Test("Headings out of order (二 before 一（四）, as fuzzing found) are read without a trap, in audit and extract")
    func headingsOutOfOrder() {
        for text in ["二、自评工作开展情况（四）支出情况", "二、自评工作开展情况\n（四）部门整体支出情况\n2023年部门决算总收入 10 元", "（二）年度总体工作和重点工作任务\n（三）部门整体支出绩效目标\n（一）机构设置"] {
            #expect(!Auditor.audit(text).isEmpty)
            _ = FactExtractor.extract(ReportText(text))
        }
    }

    @Test("Every report-text crash the fuzzer found (Fuzz/Crashes) is audited without a trap")
    func fuzzCrashes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Fuzz/Crashes")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("FuzzReportText-") }
        #expect(files.count >= 3)
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            _ = Auditor.report(String(decoding: data, as: UTF8.self))
        }
    }
}
