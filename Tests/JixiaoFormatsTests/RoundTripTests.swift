import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

@Suite("YAML ⇄ JSON round trip")
struct RoundTripTests {
    @Test("YAML → JSON → YAML keeps the model and every stated precision")
    func lossless() throws {
        let original = try loadExample().evaluation
        let json = try EvaluationFile.render(original, as: .json)
        let fromJSON = try EvaluationFile.parse(json, format: .json).evaluation
        #expect(fromJSON == original)
        let yaml = try EvaluationFile.render(fromJSON, as: .yaml)
        let back = try EvaluationFile.parse(yaml, format: .yaml).evaluation
        #expect(back == original)
        // Written text is stable, and stated precision survives as written.
        #expect(try EvaluationFile.render(back, as: .json) == json)
        #expect(json.contains("\"1.20万元\"") && json.contains("\"1.2万元\""))
        #expect(json.contains("\"772,036.00元\""))
        #expect(yaml.contains("code: \"201\""))
        let vehicles = try #require(back.budget?.threePublic?.vehicles?.total?.amount)
        #expect(vehicles.number.decimals == 2)
    }

    @Test("Amounts given as {value, unit} read the same as text")
    func amountAsMapping() throws {
        let a = try EvaluationFile.parse("""
            format: jixiao/evaluation@1
            budget:
              income: {amount: {value: 285.58, unit: 万元}}
            """, format: .yaml).evaluation
        #expect(a.budget?.income?.amount?.description == "285.58万元")
        let b = try EvaluationFile.parse("""
            {"format": "jixiao/evaluation@1", "budget": {"income": {"amount": {"value": 285.50, "unit": "万元"}}}}
            """, format: .json).evaluation
        #expect(b.budget?.income?.amount?.number.decimals == 2)
    }

    @Test("The blank file that init writes loads, and check lists what is missing")
    func initTemplate() throws {
        let loaded = try EvaluationFile.parse(EvaluationTemplate.yaml(unit: "某县总工会", year: 2022), format: .yaml)
        #expect(loaded.evaluation.cover?.year == 2022)
        #expect(loaded.evaluation.unit?.name == "某县总工会")
        let findings = loaded.check()
        #expect(findings.ruleIDs.contains("section.missing"))
        #expect(findings.ruleIDs.contains("score.missing"))
        #expect(!findings.ruleIDs.contains("sum.mismatch"))
    }
}
