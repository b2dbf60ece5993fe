import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// The readers count what they build against a `SizeBudget` as they build it, and a tree is
/// measured before it is written (issue 22's probe finding 5).
@Suite("Size budgets: the readers and the writer")
struct SizeBudgetTests {
    private func failure(_ text: String, _ format: FileFormat, within budget: SizeBudget) -> SourceError? {
        do {
            _ = try EvaluationFile.tree(parsing: text, format: format, within: budget)
            return nil
        } catch {
            return error.errors.first
        }
    }

    @Test func theJSONReaderStopsAtTheValueThatPassesTheBudget() {
        let small = SizeBudget(maximumBytes: 1_024, maximumValues: 10)
        // The object, its key, the list and 7 numbers are 10 values; the 8th number is the 11th.
        let error = failure(#"{"a": [1,2,3,4,5,6,7,8,9]}"#, .json, within: small)
        #expect(error?.message == "内容过多（超过 10 项的上限）")
        #expect(error?.location == SourceLocation(line: 1, column: 22))
        #expect(failure(#"{"a": [1,2,3,4,5,6,7]}"#, .json, within: small) == nil)
        // Strings and numbers count their bytes.
        let long = #"{"a": ""# + String(repeating: "长", count: 400) + #""}"#
        #expect(failure(long, .json, within: small)?.message == "内容过长（超过 1 KB 的上限）")
    }

    @Test func theYAMLReaderCountsTheSame() {
        let small = SizeBudget(maximumBytes: 1_024, maximumValues: 10)
        #expect(failure("a: [1,2,3,4,5,6,7,8,9]", .yaml, within: small)?.message == "内容过多（超过 10 项的上限）")
        #expect(failure("a: [1,2,3,4,5,6,7]", .yaml, within: small) == nil)
        #expect(failure("a: " + String(repeating: "长", count: 400), .yaml, within: small)?.message.hasPrefix("内容过长") == true)
    }

    /// A revision's budget reads the worked example, and refuses a body of a million numbers
    /// after half of them.
    @Test func aRevisionsBudget() throws {
        #expect(failure(try exampleText(), .yaml, within: .revision) == nil)
        let million = "[" + Array(repeating: "1", count: 1_000_000).joined(separator: ",") + "]"
        let error = try #require(failure(million, .json, within: .revision))
        #expect(error.message == "内容过多（超过 500000 项的上限）")
        #expect(error.location == SourceLocation(line: 1, column: 2 * 500_000))
    }

    /// What `fits` counts is never more than what is written, so that no tree within the limit
    /// is refused; and it is most of it, so that a tree far over the limit is.
    @Test(arguments: ["example", "nested lists", "texts"])
    func fitsCountsNoMoreThanIsWritten(_ name: String) throws {
        let tree: SourceNode
        switch name {
        case "example":
            tree = try EvaluationFile.tree(parsing: try exampleText(), format: .yaml)
        case "nested lists":
            tree = try EvaluationFile.tree(parsing: #"{"a": [[1, [2, 3]], {"b": [{"c": [], "d": {}}, null]}], "e": {"f": {"g": [4]}}}"#, format: .json)
        default:
            tree = try EvaluationFile.tree(parsing: "a:\n  - \"1\"\n  - |-\n    一行\n    二行\n  - 'x: y'\n  - ''\n  - true\n", format: .yaml)
        }
        for format in FileFormat.allCases {
            let written = try EvaluationFile.text(of: tree, as: format).utf8.count
            var exact = SizeBudget(maximumBytes: written, maximumValues: .max)
            let fitted = tree.fits(&exact)
            #expect(fitted, "\(name) as \(format): counted \(exact.bytes) of \(written) bytes")
            #expect(try EvaluationFile.text(of: tree, as: format, within: SizeBudget(maximumBytes: written, maximumValues: .max)).utf8.count == written)
            if name == "example" { #expect(exact.bytes * 10 > written * 7, "\(format): counted \(exact.bytes) of \(written) bytes") }
        }
    }

    /// One long text shared by many nodes is measured as often as it would be written, without
    /// writing it: refused as soon as the count passes the budget.
    @Test func aSharedTextIsCountedEachTimeItIsWritten() throws {
        let text = SourceNode(.scalar(String(repeating: "长", count: 100_000), .text))  // 300 KB
        let tree = SourceNode(.mapping([.init(key: "a", value: SourceNode(.sequence(Array(repeating: text, count: 10_000))))]))
        #expect(throws: SourceErrors.self) { try EvaluationFile.text(of: tree, as: .yaml, within: .revision) }
        var budget = SizeBudget.revision
        #expect(!tree.fits(&budget))
        #expect(budget.bytes < 3 << 20)
    }
}
