import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// `schema/evaluation.schema.json` describes every key the model writes, in Chinese.
@Suite("JSON Schema")
struct SchemaTests {
    private func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("schema/evaluation.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The object schemas a value may match (following `$ref`, `oneOf`, `anyOf`).
    private func objectSchemas(_ node: [String: Any], root: [String: Any]) -> [[String: Any]] {
        if let ref = node["$ref"] as? String, ref.hasPrefix("#/$defs/"),
           let defs = root["$defs"] as? [String: Any], let target = defs[String(ref.dropFirst(8))] as? [String: Any]
        {
            return objectSchemas(target, root: root)
        }
        var found: [[String: Any]] = node["properties"] != nil || node["items"] != nil ? [node] : []
        for key in ["oneOf", "anyOf", "allOf"] {
            for alternative in node[key] as? [[String: Any]] ?? [] { found += objectSchemas(alternative, root: root) }
        }
        return found
    }

    private func walk(_ value: Any, _ node: [String: Any], root: [String: Any], path: String, missing: inout [String]) {
        let schemas = objectSchemas(node, root: root)
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let property = schemas.compactMap { ($0["properties"] as? [String: Any])?[key] as? [String: Any] }.first
                guard let property else { missing.append(path + "." + key); continue }
                walk(child, property, root: root, path: path + "." + key, missing: &missing)
            }
        } else if let array = value as? [Any] {
            let items = schemas.compactMap { $0["items"] as? [String: Any] }.first ?? [:]
            for (i, item) in array.enumerated() { walk(item, items, root: root, path: path + "[\(i)]", missing: &missing) }
        }
    }

    @Test("Every key of the example, as jixiao writes it, is in the schema")
    func coversTheExample() throws {
        let root = try schema()
        let json = try EvaluationFile.render(try loadExample().evaluation, as: .json)
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8))
        var missing: [String] = []
        walk(document, root, root: root, path: "", missing: &missing)
        #expect(missing.isEmpty, "keys not in the schema: \(missing)")
    }

    @Test("Every property has a Chinese title and description")
    func chineseHints() throws {
        let root = try schema()
        var bare: [String] = []
        func visit(_ node: Any, _ path: String) {
            if let dict = node as? [String: Any] {
                if let properties = dict["properties"] as? [String: Any] {
                    for (key, property) in properties {
                        let p = property as? [String: Any] ?? [:]
                        let title = p["title"] as? String ?? "", description = p["description"] as? String ?? ""
                        let chinese = { (s: String) in s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
                        if !chinese(title) || !chinese(description) { bare.append(path + "." + key) }
                    }
                }
                // if/then conditions select a branch; they are not properties an editor shows.
                for (key, child) in dict where key != "if" { visit(child, path + "/" + key) }
            } else if let array = node as? [Any] {
                for child in array { visit(child, path) }
            }
        }
        visit(root, "")
        #expect(bare.isEmpty, "properties without Chinese title/description: \(bare)")
        #expect((root["title"] as? String)?.isEmpty == false)
    }
}

/// Every stored property of every model type is a property of its schema definition, and the
/// schema has no property the model lacks: the two cannot drift apart.
@Suite("JSON Schema matches the model")
struct SchemaModelTests {
    static let amount = Amount(1, decimals: 0, unit: .yuan)
    /// Each schema definition with an instance of the model type it describes.
    static let pairs: [(String, any Sendable)] = [
        ("cover", Cover()), ("notice", Notice()), ("unitProfile", UnitProfile()), ("staffing", Staffing()),
        ("headcount", Headcount()), ("headcountPart", HeadcountPart(kind: "", count: 0)), ("workPlan", WorkPlan()),
        ("taskCategory", TaskCategory(name: "")), ("workTask", WorkTask(title: "")),
        ("taskTarget", TaskTarget(kind: .count, subject: "")),
        ("targetSplit", TargetSplit(by: "", value: StatedNumber(0, decimals: 0))), ("targetActual", TargetActual()),
        ("taskResult", TaskResult()), ("budget", Budget()), ("budgetAdjustments", BudgetAdjustments()),
        ("yearOnYear", YearOnYear(amount: amount)),
        ("threePublicExpenses", ThreePublicExpenses()), ("vehicleExpenses", VehicleExpenses()),
        ("procurement", Procurement()), ("fixedAssets", FixedAssets()), ("finalAccounts", FinalAccounts()),
        ("finalIncome", FinalIncome()), ("incomeLine", IncomeLine(source: .other, amount: amount)),
        ("finalExpenditure", FinalExpenditure()), ("functionalLine", ClassifiedLine(code: "201", amount: amount)),
        ("economicLine", ClassifiedLine(code: "301", amount: amount)), ("expenditureByNature", ExpenditureByNature()),
        ("basicExpenditure", BasicExpenditure()), ("projectLine", ProjectLine(name: "", amount: amount)),
        ("selfEvaluation", SelfEvaluation()), ("evaluationTeam", EvaluationTeam()),
        ("evaluationResult", EvaluationResult()), ("indicatorResult", IndicatorResult(name: "")),
        ("problem", Problem(title: "")), ("improvement", Improvement(measure: "")),
        ("selfScoring", SelfScoring()), ("scoringAnswer", ScoringAnswer(indicator: "")),
        ("checklistAnswer", ChecklistAnswer(id: "", met: true)),
    ]

    static let number = StatedNumber(1, decimals: 0)
    static let frameworkPairs: [(String, any Sendable)] = [
        ("gradeThresholds", GradeThresholds(excellent: number, good: number, fair: number)),
        ("indicatorSpec", IndicatorSpec(id: "a", name: "", points: number)), ("scoringRule", ScoringRule(type: .manual)),
        ("tier", Tier(points: number)), ("checklistItem", ChecklistItem(id: "", text: "", points: number)),
        ("notApplicablePolicy", NotApplicablePolicy(outcome: .full)),
    ]
    static let answerPairs: [(String, any Sendable)] = [
        ("scoringAnswer", ScoringAnswer(indicator: "")), ("checklistAnswer", ChecklistAnswer(id: "", met: true)),
    ]

    private func keys(_ instance: Any) -> Set<String> {
        Set(Mirror(reflecting: instance).children.compactMap { $0.label.map(FieldPath.fileKey) })
    }

    /// Checks one schema file: its root against `root`, each definition against its model type.
    private func compare(_ file: String, root: Any, _ pairs: [(String, any Sendable)]) throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("schema/" + file))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        #expect(Set((schema["properties"] as? [String: Any] ?? [:]).keys) == keys(root), "\(file) root")
        for (name, instance) in pairs {
            let def = try #require(defs[name] as? [String: Any], "\(file) has no $defs/\(name)")
            let schemaKeys = Set((def["properties"] as? [String: Any] ?? [:]).keys)
            #expect(schemaKeys == keys(instance), "\(file) \(name)")
        }
    }

    @Test("Framework, answer-sheet and template schemas have the model's keys")
    func frameworkKeys() throws {
        try compare("framework.schema.json", root: Framework(id: "", name: "", source: "", indicators: []), Self.frameworkPairs)
        try compare("answers.schema.json", root: AnswerSheet(answers: []), Self.answerPairs)
        try compare("template.schema.json", root: ReportTemplate.standard, [("heading", ReportTemplate.standard.headings[0])])
    }

    @Test("Schema definitions and model types have the same keys")
    func sameKeys() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("schema/evaluation.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        let rootKeys = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
        #expect(rootKeys == Set(Mirror(reflecting: Evaluation()).children.compactMap { $0.label.map(FieldPath.fileKey) }))
        for (name, instance) in Self.pairs {
            let def = try #require(defs[name] as? [String: Any], "schema has no $defs/\(name)")
            let schemaKeys = Set((def["properties"] as? [String: Any] ?? [:]).keys)
            let modelKeys = Set(Mirror(reflecting: instance).children.compactMap { $0.label.map(FieldPath.fileKey) })
            #expect(schemaKeys == modelKeys, "\(name): schema \(schemaKeys.subtracting(modelKeys)), model \(modelKeys.subtracting(schemaKeys))")
        }
    }
}
