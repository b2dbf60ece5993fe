import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// Every field has a Chinese name, and every field a built-in framework's formula reads has one of
/// its own: the scoring basis and the workbooks never fall back to a key.
@Suite("Field labels")
struct FieldLabelTests {
    /// Every field path of the model, list elements left out (`work.categories.tasks.title`).
    static func paths(_ shape: ModelShape, _ path: FieldPath = .root) -> [FieldPath] {
        switch shape {
        case .object(let fields): fields.flatMap { key, child in [path / key] + paths(child, path / key) }
        case .list(let element): paths(element, path)
        case .number, .text, .bool: []
        }
    }

    @Test("Every key of the evaluation file has a Chinese name")
    func everyKeyNamed() {
        let unnamed = Self.paths(ModelShape.evaluation).filter { path in
            FieldLabels.label(of: path).unicodeScalars.contains { $0.isASCII && $0.properties.isAlphabetic }
        }
        #expect(unnamed.isEmpty, "\(unnamed.map(\.text))")
    }

    @Test("Every field a built-in formula reads has a name of its own", arguments: BuiltInFrameworks.files.map(\.id))
    func formulaFieldsNamed(framework id: String) throws {
        func leaves(_ spec: IndicatorSpec) -> [IndicatorSpec] { spec.children.map { $0.flatMap(leaves) } ?? [spec] }
        let specs = try FrameworkFile.resolve(id).framework.indicators.flatMap(leaves)
        let formulas = specs.flatMap { [$0.rule?.formula, $0.notApplicable?.when].compactMap { $0 } }
        for path in try formulas.flatMap({ try Expression.parse($0).fieldPaths }) {
            let text = Expression.text(of: path)
            #expect(FieldLabels.name(of: FieldPath(text)) != nil, "\(id): \(text) has no name")
        }
    }

    @Test("A field's name is its own where it has one, else its keys' names joined")
    func labels() {
        #expect(FieldLabels.label(of: "staffing.authorized.total") == "编制数")
        #expect(FieldLabels.label(of: "derived.in_service") == "在职人数")
        #expect(FieldLabels.label(of: "budget.income.change") == "预算·收入·增减额")
        #expect(FieldLabels.label(of: "unit.duties[1]") == "单位·职责第2项")
        #expect(FieldLabels.name(of: "budget.income.change") == nil)
    }
}
