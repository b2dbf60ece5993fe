import Foundation
import JixiaoCore
@testable import JixiaoFormats
import Testing

/// Frameworks are data: malformed ones are refused with located errors; the built-in ones
/// score the worked example.
@Suite("Frameworks")
struct FrameworkTests {
    static let header = "format: jixiao/framework@1\nid: test\nname: 测试框架\nsource: 测试\n"

    static func errors(_ body: String) -> [SourceError] {
        do {
            _ = try FrameworkFile.parse(header + body, file: "f.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    static func first(_ body: String) throws -> SourceError {
        try #require(errors(body).first, "expected an error")
    }

    @Test func pointsThatDoNotAddUp() throws {
        let e = try Self.first("""
            indicators:
              - id: input
                name: 投入
                points: 100
                children:
                  - {id: a, name: 甲, points: 60, rule: {type: manual}}
                  - {id: b, name: 乙, points: 30, rule: {type: manual}}
            """)
        #expect(e.message.contains("= 90"))
        #expect(e.location?.line == 8)
        #expect(e.path == "indicators[0].points")
        let total = try Self.first("indicators:\n  - {id: a, name: 甲, points: 90, rule: {type: manual}}\n")
        #expect(total.message.contains("应为 100"))
        let checklist = try Self.first("""
            indicators:
              - id: a
                name: 甲
                points: 100
                rule:
                  type: checklist
                  items: [{id: x, text: 条件, points: 60}]
            """)
        #expect(checklist.message.contains("清单各条分值合计 60"))
    }

    @Test func unknownFieldInFormula() throws {
        let e = try Self.first("""
            indicators:
              - id: a
                name: 甲
                points: 100
                rule: {type: linear, formula: final_accounts.expenditure.totl / budget.expenditure.amount, full_at: 95}
            """)
        #expect(e.message.contains("未知字段「final_accounts.expenditure.totl」"))
        #expect(e.message.contains("是否应为「total」"))
        #expect(e.location?.line == 9)
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: linear, formula: unit.name, full_at: 1}}\n")
            .message.contains("不是数字"))
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: linear, formula: \"problems[*].title\", full_at: 1}}\n")
            .message.contains("[*]"))
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: linear, formula: derived.nothing, full_at: 1}}\n")
            .message.contains("未知的派生数"))
    }

    @Test func unknownKeyInTheFile() throws {
        let e = try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: manual, fullat: 1}}\n")
        #expect(e.message.contains("未知字段「fullat」"))
        #expect(e.message.contains("full_at"))
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: magic}}\n").message.contains("linear"))
    }

    @Test func badFormulaSyntax() throws {
        let e = try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: linear, formula: \"a.b * (c + \", full_at: 1}}\n")
        #expect(e.message.contains("语法错误"))
        #expect(e.message.contains("公式第"))
        #expect(e.location?.line == 6)
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: linear, formula: \"system(1)\", full_at: 1}}\n")
            .message.contains("未知函数"))
        #expect(throws: FormulaError.self) { try Expression.parse("1 +") }
        #expect(throws: FormulaError.self) { try Expression.parse("min()") }
        #expect(throws: FormulaError.self) { try Expression.parse("a[x]") }
    }

    @Test func cycleOfReferences() throws {
        let e = try Self.first("""
            indicators:
              - {id: a, name: 甲, points: 50, rule: {type: linear, formula: "value(b) + 1", full_at: 1}}
              - {id: b, name: 乙, points: 50, rule: {type: linear, formula: "value(a) * 2", full_at: 1}}
            """)
        #expect(e.message.contains("循环引用"))
        #expect(e.message.contains("a → b → a") || e.message.contains("b → a → b"))
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: linear, formula: value(zz), full_at: 1}}\n")
            .message.contains("不存在的指标"))
    }

    @Test func otherStructuralErrors() throws {
        let duplicate = try Self.first("""
            indicators:
              - {id: a, name: 甲, points: 50, rule: {type: manual}}
              - {id: a, name: 乙, points: 50, rule: {type: manual}}
            """)
        #expect(duplicate.message.contains("重复"))
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100}\n").message.contains("缺少评分规则"))
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: linear, formula: \"1\"}}\n")
            .message.contains("full_at"))
        #expect(try Self.first("indicators:\n  - {id: a, name: 甲, points: 100, rule: {type: deduction, per: 1, findings: [no.such]}}\n")
            .message.contains("未知的审核规则"))
        #expect(try Self.first("indicators:\n  - {id: 1a, name: 甲, points: 100, rule: {type: manual}}\n").message.contains("ID"))
    }

    @Test("Values read by a formula follow the model, decoded from its own Codable conformance")
    func modelShape() throws {
        let json = try EvaluationFile.render(try loadExample().evaluation, as: .json)
        let root = try JSONSerialization.jsonObject(with: Data(json.utf8))
        var missing: [String] = []
        func walk(_ value: Any, _ path: [PathComponent]) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    let next = path + [.key(key)]
                    if ModelShape.evaluation.shape(at: next) == nil { missing.append(Expression.text(of: next)) }
                    walk(child, next)
                }
            } else if let array = value as? [Any] {
                for item in array { walk(item, path + [.every]) }
            }
        }
        walk(root, [])
        #expect(missing.isEmpty, "not in the model shape: \(missing)")
        #expect(ModelShape.evaluation.shape(at: [.key("final_accounts"), .key("carry_over")]).map {
            if case .number(.yuan) = $0 { true } else { false }
        } == true)
    }

    @Test("Every built-in framework loads, cites its source, and scores the example")
    func builtIns() throws {
        let frameworks = try BuiltInFrameworks.all()
        #expect(frameworks.count >= 3)
        #expect(frameworks.map(\.framework.id).contains("national-2013"))
        let example = try loadExample().evaluation
        for compiled in frameworks {
            let f = compiled.framework
            #expect(!f.source.isEmpty)
            #expect(BuiltInFrameworks.files.first { $0.id == f.id } != nil, "file name must be the id: \(f.id)")
            let sheet = compiled.score(example)
            #expect(sheet.total >= 0 && sheet.total <= 100)
            #expect(!sheet.all.isEmpty)
            // The example answers nothing by hand, so it cannot be complete, and nothing unscored counts.
            #expect(!sheet.isComplete)
            #expect(sheet.grade == nil)
            for indicator in sheet.all where !indicator.isComplete && indicator.children.isEmpty {
                #expect(indicator.score == nil)
            }
        }
    }
}
