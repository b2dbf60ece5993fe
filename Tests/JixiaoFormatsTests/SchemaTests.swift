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
