#if canImport(_FoundationICU)
import Foundation
@testable import JixiaoAudit
import JixiaoCore
import Testing

/// The reader's two regular-expression implementations (see ICURegex.swift) give the same matches:
/// ICU called directly, used where the toolchain ships it (here), and `NSRegularExpression`, used
/// on every other platform. Compared over every pattern the audit of the corpus compiles, on the
/// corpus's texts, for every kind of search the reader makes.
@Suite("Regular expressions: ICU direct and NSRegularExpression agree")
struct RegexImplementationTests {
    @Test("Same matches for every pattern the audit uses, over whole texts and each line, anchored or not")
    func sameMatches() throws {
        let real = try String(contentsOf: try #require(Bundle.module.url(
            forResource: "Fixtures/lianjiang-zonggonghui-2021-zhengti-zipingbaogao", withExtension: "txt")), encoding: .utf8)
        let texts = [real] + CorpusTests.layouts(try CorpusTests.written()).prefix(3).map(\.text)
        // Auditing fills the cache with every pattern the reader compiles.
        for text in texts { _ = Auditor.audit(text) }
        let patterns = ICUPattern.cache.texts
        #expect(patterns.count > 50, "only \(patterns.count) patterns compiled")
        let anchors = UnitSet("0123456789一二三四五六七八九十（(【[")
        var compared = 0, differences: [String] = []
        func same(_ x: [[Range<Int>?]], _ y: [[Range<Int>?]], _ what: @autoclosure () -> String) {
            compared += 1
            if x != y && differences.count < 10 { differences.append("\(what()): \(x) ≠ \(y)") }
        }
        for text in texts {
            let report = ReportText(text)
            let units = report.units
            let direct = ICUText(units), foundation = FoundationText(units)
            // Each printed line's span of the cleaned stream, as the reader searches sections and sentences.
            let lines = zip(report.lineStarts, report.lineStarts.dropFirst() + [units.count]).map { $0..<$1 }
            let whole = 0..<units.count
            for text in patterns {
                let a = ICUPattern.named(text), b = FoundationPattern.named(text)
                same(direct.allMatches(a, in: whole), foundation.allMatches(b, in: whole), "「\(text)」 all")
                same(direct.allMatches(a, in: whole, anchoredAt: anchors), foundation.allMatches(b, in: whole, anchoredAt: anchors),
                     "「\(text)」 at anchors")
                for line in lines {
                    same(direct.firstMatch(a, in: line).map { [$0] } ?? [], foundation.firstMatch(b, in: line).map { [$0] } ?? [],
                         "「\(text)」 first in \(line)")
                    same(direct.firstMatch(a, in: line, anchored: true).map { [$0] } ?? [],
                         foundation.firstMatch(b, in: line, anchored: true).map { [$0] } ?? [], "「\(text)」 anchored at \(line)")
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(compared > 50_000, "only \(compared) searches compared")
    }
}
#endif
