import Foundation
import Testing
import JixiaoCore
import JixiaoFormats

/// `Evaluation.textFields` walks the model through its own `Encodable` code; the walk by
/// reflection it replaced is kept here as the reference it must agree with.
@Suite("Text fields of an evaluation")
struct TextFieldsTests {
    static func byReflection(_ evaluation: Evaluation) -> [String] {
        var out: [String] = []
        func walk(_ value: Any, _ path: FieldPath) {
            if let text = value as? String { out.append("\(path.text)=\(text)"); return }
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional: if let some = mirror.children.first { walk(some.value, path) }
            case .collection: for (i, child) in mirror.children.enumerated() { walk(child.value, path[i]) }
            case .struct: for child in mirror.children { if let label = child.label { walk(child.value, path / FieldPath.fileKey(label)) } }
            default: break
            }
        }
        walk(evaluation, .root)
        return out
    }

    @Test("Every text of the example, at its path and in order, as reflection finds them; none of its figures")
    func example() throws {
        let evaluation = try loadExample().evaluation
        let fields = evaluation.textFields
        #expect(fields.count > 100)
        #expect(fields.map { "\($0.path.text)=\($0.text)" } == Self.byReflection(evaluation))
        #expect(!fields.contains { $0.path.text.hasPrefix("budget.income.amount") })
        // A list of texts, element by element.
        #expect(fields.contains { $0.path.text == "unit.duties[0]" })
    }

    @Test("The same on a draft with lists emptied and parts left out")
    func sparse() throws {
        var evaluation = try loadExample().evaluation
        evaluation.work = nil
        evaluation.unit?.duties = []
        evaluation.finalAccounts = nil
        #expect(evaluation.textFields.map { "\($0.path.text)=\($0.text)" } == Self.byReflection(evaluation))
        #expect(Evaluation().textFields.isEmpty == Self.byReflection(Evaluation()).isEmpty)
    }
}
