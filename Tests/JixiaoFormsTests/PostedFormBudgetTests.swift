import Foundation
import JixiaoCore
import JixiaoForms
import JixiaoFormats
import Testing

/// Issue 22's probe finding 4: what a posted form makes is bounded, not only each of its counts.
@Suite("Posted forms: bounded by what they make")
struct PostedFormBudgetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example() throws -> (text: String, tree: SourceNode) {
        let text = try String(contentsOf: root.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml"), encoding: .utf8)
        return (text, try EvaluationFile.tree(parsing: text, format: .yaml))
    }

    /// The message a refused form gets, or nil when it was built.
    static func refusal(_ part: FormPart, _ posted: [String: String], stored: SourceNode) -> String? {
        do {
            _ = try FormEngine.build(part, posted: posted, stored: stored, framework: nil)
            return nil
        } catch {
            return (error as? InputRejected)?.problems.map(\.message).joined(separator: "；") ?? "\(error)"
        }
    }

    /// 30 categories of 1,000 tasks each: every count is within its own bound, their product is
    /// 30,000 rows (the probe's 1,000 × 1,000 asked for a million).
    @Test func rowsNestedInRowsAreRefused() throws {
        let stored = try Self.example().tree
        var posted = ["_rows:work.categories": "30"]
        for i in 0..<30 { posted["_rows:work.categories[\(i)].tasks"] = "1000" }
        let message = try #require(Self.refusal(ReportParts.work, posted, stored: stored))
        #expect(message.contains("表单要建立的内容过多") && message.contains("未保存"), "\(message)")
    }

    /// A thousand rows each copying the stored file's largest category (its tasks and targets
    /// with it, some 200 values): few rows, many values.
    @Test func rowsCopiedFromTheFileAreCountedWithWhatTheyHold() throws {
        let stored = try Self.example().tree
        var posted = ["_rows:work.categories": "1000"]
        for i in 0..<1000 { posted["_origin:work.categories[\(i)]"] = "work.categories[5]" }
        #expect(Self.refusal(ReportParts.work, posted, stored: stored)?.contains("内容过多") == true)
        // The same rows each copying their own: the part as stored, well within the budget.
        var own = ["_rows:work.categories": "7"]
        for i in 0..<7 { own["_origin:work.categories[\(i)]"] = "work.categories[\(i)]" }
        #expect(Self.refusal(ReportParts.work, own, stored: stored) == nil)
    }

    /// A tree that shares one long text in many places is refused before it is written.
    @Test func aFileLargerThanARevisionIsRefusedBeforeItIsWritten() throws {
        let (text, stored) = try Self.example()
        var tree = stored
        let long = SourceNode(.scalar(String(repeating: "职责", count: 2_000), .text))  // 12 KB
        tree.set(SourceNode(.sequence(Array(repeating: long, count: 300))), at: "unit.duties")
        do {
            let made = try FormEngine.file(from: tree, stored: stored, storedText: text, typed: [:])
            Issue.record("written: \(made.utf8.count) bytes")
        } catch let rejected as InputRejected {
            #expect(rejected.problems.map(\.message) == ["修改后的自评文件内容过长（超过 2048 KB 的上限），未保存"])
        }
        // 100 of them make 1.2 MB: written.
        tree.set(SourceNode(.sequence(Array(repeating: long, count: 100))), at: "unit.duties")
        #expect(try FormEngine.file(from: tree, stored: stored, storedText: text, typed: [:]).utf8.count > 1_200_000)
    }
}
