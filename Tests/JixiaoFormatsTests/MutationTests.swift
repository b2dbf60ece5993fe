import Foundation
import JixiaoCore
@testable import JixiaoFormats
import Testing

/// Changing any single figure of the example breaks a relation, and the finding names the field
/// and its line.
@Suite("Every summed figure is checked")
struct MutationTests {
    /// Every amount the example's sums and year-on-year statements involve.
    static func figurePaths() throws -> [FieldPath] {
        let evaluation = try loadExample().evaluation
        var paths: [FieldPath] = []
        for relation in evaluation.sumRelations { paths += [relation.total.path] + relation.parts.map(\.path) }
        for statement in evaluation.yearOnYearStatements {
            paths.append(statement.path / "amount")
            if statement.figure.change != nil { paths.append(statement.path / "change") }
            if statement.figure.lastYear != nil { paths.append(statement.path / "last_year") }
        }
        var seen: Set<FieldPath> = []
        return paths.filter { seen.insert($0).inserted }
    }

    @Test("The example's relations cover its figures")
    func coverage() throws {
        let paths = try Self.figurePaths()
        #expect(paths.count >= 39)
        #expect(paths.contains("final_accounts.expenditure.by_function[6].amount"))
        #expect(paths.contains("budget.operating_funds.change"))
        #expect(paths.contains("budget.procurement.services"))
    }

    @Test("Changing one figure fires sum.mismatch or yoy.mismatch at its field and line",
          arguments: try MutationTests.figurePaths())
    func mutation(path: FieldPath) throws {
        let original = try loadExample()
        let location = try #require(original.sourceMap.location(of: path))
        var lines = try exampleText().components(separatedBy: "\n")
        let line = lines[location.line - 1]
        let start = line.unicodeScalars.index(line.unicodeScalars.startIndex, offsetBy: location.column - 1)
        let stated = String(line.unicodeScalars[start...])
        let amount = try Amount.parse(stated)
        let changed = Amount(amount.number.value * 2 + 100, decimals: amount.number.decimals, unit: amount.unit)
        lines[location.line - 1] = String(line.unicodeScalars[..<start]) + changed.description

        let mutated = try EvaluationFile.parse(lines.joined(separator: "\n"), format: .yaml, file: "mutated.yaml")
        let arithmetic = mutated.check().filter { ["sum.mismatch", "yoy.mismatch"].contains($0.rule) }
        let hits = arithmetic.filter { $0.path == path || $0.related.contains(path) }
        #expect(!hits.isEmpty, "changing \(path) from \(stated) to \(changed) fired nothing")
        for hit in hits {
            #expect(hit.location == mutated.sourceMap.location(of: hit.path))
            if hit.path == path { #expect(hit.location?.line == location.line) }
            #expect(hit.expected != nil && hit.actual != nil)
        }
    }

    @Test("Changing one headcount fires staffing.mismatch", arguments: [
        "staffing.authorized.total", "staffing.authorized.parts[0].count", "staffing.supported.parts[2].count",
    ] as [FieldPath])
    func staffing(path: FieldPath) throws {
        let original = try loadExample()
        let location = try #require(original.sourceMap.location(of: path))
        var lines = try exampleText().components(separatedBy: "\n")
        let line = lines[location.line - 1]
        let prefix = String(line.unicodeScalars.prefix(location.column - 1))
        lines[location.line - 1] = prefix + "\(Int(line.dropFirst(prefix.count))! + 1)"
        let findings = try EvaluationFile.parse(lines.joined(separator: "\n"), format: .yaml).check()
        let hit = try #require(findings.first { $0.rule == "staffing.mismatch" })
        #expect(hit.path == path || hit.related.contains(path))
    }
}
