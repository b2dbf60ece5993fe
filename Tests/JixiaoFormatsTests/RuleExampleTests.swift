import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// Every rule's documented examples are its tests: the triggering ones fire, the others do not.
@Suite("Check catalogue examples")
struct RuleExampleTests {
    @Test("Every rule has a unique ID and examples of both kinds")
    func catalogueIsComplete() {
        let ids = CheckCatalogue.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in CheckCatalogue.rules {
            #expect(!rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
        }
        // The rules the issue names are all present.
        for id in ["sum.mismatch", "yoy.mismatch", "ratio.mismatch", "staffing.mismatch", "section.missing",
                   "score.missing", "grade.missing", "grade.mismatch", "task.actual.missing",
                   "indicator.value.missing", "problem.unexplained", "budget.deviation.unexplained",
                   "plausibility.vehicle-cost-without-vehicle", "placeholder.unfilled", "template.guidance"] {
            #expect(ids.contains(id), "missing rule \(id)")
        }
    }

    @Test("Triggering examples fire", arguments: CheckCatalogue.rules.map(\.id))
    func triggers(id: String) throws {
        let rule = try #require(CheckCatalogue.rule(id))
        for example in rule.triggering {
            let findings = relevant(try run(rule, example), example)
            #expect(!findings.isEmpty, "\(id) did not fire on: \(example.title)")
            for finding in findings {
                #expect(finding.severity == rule.severity)
                #expect(!finding.message.isEmpty)
            }
        }
    }

    @Test("Non-triggering examples stay silent", arguments: CheckCatalogue.rules.map(\.id))
    func staysSilent(id: String) throws {
        let rule = try #require(CheckCatalogue.rule(id))
        for example in rule.nonTriggering {
            let findings = relevant(try run(rule, example), example)
            #expect(findings.isEmpty, "\(id) fired on: \(example.title): \(findings.map(\.message))")
        }
    }

    @Test("A rule's count without messages is the number of its findings", arguments: CheckCatalogue.rules.map(\.id))
    func countMatchesFindings(id: String) throws {
        let rule = try #require(CheckCatalogue.rule(id))
        let examples = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("examples").path)
            .filter { $0.hasSuffix(".yaml") }
            .map { try String(contentsOf: repositoryRoot.appendingPathComponent("examples/\($0)"), encoding: .utf8) }
            // Project forms are other documents, checked by their own rules (ProjectFormTests).
            .filter { !$0.contains("\nformat: \(ProjectEvaluation.currentFormat)\n") }
        for document in (rule.triggering + rule.nonTriggering).map(\.document) + examples {
            let evaluation = try EvaluationFile.parse(document, format: .yaml).evaluation
            #expect(rule.count(evaluation) == rule.check(evaluation).count, "\(id) on: \(document.prefix(80))")
        }
    }

    /// The rule on the example's file, under the example's framework when it has one.
    private func run(_ rule: Rule, _ example: RuleExample) throws -> [Finding] {
        let loaded = try EvaluationFile.parse(example.document, format: .yaml)
        var options = CheckOptions()
        options.framework = try example.framework.map { try FrameworkFile.parse($0) }
        return rule.check(loaded.evaluation, options: options)
    }

    private func relevant(_ findings: [Finding], _ example: RuleExample) -> [Finding] {
        guard let focus = example.focus else { return findings }
        return findings.filter { $0.path == focus }
    }

    @Test("docs/checks.md is the catalogue as generated")
    func docsAreCurrent() throws {
        let docs = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/checks.md"), encoding: .utf8)
        #expect(docs == RuleDocs.markdown(), "regenerate with: swift run jixiao rules --format markdown > docs/checks.md")
    }
}
