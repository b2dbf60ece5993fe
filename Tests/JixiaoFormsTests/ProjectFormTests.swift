import Foundation
import JixiaoCore
import JixiaoForms
import JixiaoFormats
import Testing

/// The project form (项目支出绩效自评表) over the worked example: every field it shows is a field of
/// the file, posting it back unchanged gives the same form, and a field path in a message is said
/// by its place on the form.
@Suite("Project form")
struct ProjectFormTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example() throws -> SourceNode {
        let text = try String(contentsOf: root.appendingPathComponent("examples/langfang-foodschool-project-2019.yaml"), encoding: .utf8)
        return try EvaluationFile.tree(parsing: text, format: .yaml)
    }

    /// The form as a browser posts it: every value shown, and each list's row count and origins.
    static func posted(_ tree: SourceNode) -> [String: String] {
        var posted: [String: String] = [:]
        func walk(_ items: [FormItem], base: String, node: SourceNode) {
            for item in items {
                switch item {
                case .field(let key, _, _):
                    posted[base + key] = node.node(at: key)?.scalarText ?? ""
                case .list(let key, _, _, let rowItems):
                    let rows = node.node(at: key)?.items ?? []
                    posted["_rows:\(base)\(key)"] = "\(rows.count)"
                    for (i, row) in rows.enumerated() {
                        posted["_origin:\(base)\(key)[\(i)]"] = "\(base)\(key)[\(i)]"
                        walk(rowItems, base: "\(base)\(key)[\(i)].", node: row)
                    }
                default: continue
                }
            }
        }
        walk(ProjectForm.part.items, base: "", node: tree)
        return posted
    }

    @Test func postedUnchangedIsTheSameForm() throws {
        let tree = try Self.example()
        let (edited, typed) = try FormEngine.build(ProjectForm.part, posted: Self.posted(tree), stored: tree, framework: nil)
        #expect(typed.isEmpty, "\(typed)")
        let text = try ProjectForm.file(from: edited, typed: typed)
        let original = try ProjectFile.parse(try String(contentsOf: Self.root.appendingPathComponent("examples/langfang-foodschool-project-2019.yaml"),
                                                        encoding: .utf8), format: .yaml).project
        #expect(try ProjectFile.parse(text, format: .yaml).project == original)
    }

    @Test func badMoneyCellIsRefusedAtItsField() throws {
        let tree = try Self.example()
        var posted = Self.posted(tree)
        posted["funds.total.spent"] = "4,8%"
        let (edited, typed) = try FormEngine.build(ProjectForm.part, posted: posted, stored: tree, framework: nil)
        #expect(typed["funds.total.spent"]?.contains("逗号不是千位分隔符") == true)
        #expect(throws: InputRejected.self) { try ProjectForm.file(from: edited, typed: typed) }
    }

    @Test func fieldPathsSaidInWords() {
        #expect(ProjectForm.place(of: "indicators[1].actual") == "指标 2 › 实际完成值")
        #expect(ProjectForm.place(of: "funds.parts[0].spent") == "资金来源 1 › 全年执行数")
        #expect(ProjectForm.plain("indicators[1].weight 与 funds.total.spent 不符，86.19% 照录") == "「指标 2 › 分值」 与 「全年执行数」 不符，86.19% 照录")
    }
}
