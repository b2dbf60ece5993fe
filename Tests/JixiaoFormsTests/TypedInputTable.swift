import Foundation
import JixiaoCore
import JixiaoForms
@testable import JixiaoFormats
import JixiaoRender
import Testing

/// A figure as read: its value, the decimals it was stated with, its unit.
struct Reading: Equatable, Sendable, CustomStringConvertible {
    var value: Decimal
    var decimals: Int
    var unit: String

    init(_ value: String, _ decimals: Int, _ unit: String = "") {
        self.value = Decimal(string: value)!
        self.decimals = decimals
        self.unit = unit
    }

    init(_ number: StatedNumber, unit: String = "") {
        value = number.value
        decimals = number.decimals
        self.unit = unit
    }

    init(_ count: Int) { self.init(StatedNumber(Decimal(count), decimals: 0)) }

    var description: String { "\(value) (\(decimals) 位小数) \(unit)" }
}

/// Where a figure is typed: a field of a report part's form, which is the same key of the file.
enum Place: CaseIterable, Sendable {
    case amount, change, percent, quantity, count, number, year, problemNumber

    var part: FormPart {
        switch self {
        case .amount, .change, .percent: ReportParts.budget
        case .quantity: ReportParts.indicators
        case .count: ReportParts.unit
        case .number: ReportParts.result
        case .year: ReportParts.cover
        case .problemNumber: ReportParts.problems
        }
    }

    var path: String {
        switch self {
        case .amount: "budget.income.amount"
        case .change: "budget.income.change"
        case .percent: "budget.income.growth"
        case .quantity: "indicators[0].actual"
        case .count: "staffing.authorized.total"
        case .number: "self_evaluation.result.score"
        case .year: "cover.year"
        case .problemNumber: "improvements[0].problem"
        }
    }

    /// The field's kind, as the part declares it.
    var kind: FieldKind {
        func find(_ items: [FormItem], _ base: String) -> FieldKind? {
            for item in items {
                switch item {
                case .field(let key, _, let kind) where (base.isEmpty ? key : "\(base).\(key)") == path: return kind
                case .list(let key, _, _, let rows):
                    if let kind = find(rows, (base.isEmpty ? key : "\(base).\(key)") + "[0]") { return kind }
                default: continue
                }
            }
            return nil
        }
        return find(part.items, "")!
    }

    /// The other fields the form posts with the figure: its row, and what the file needs beside it.
    var companions: [String: String] {
        switch self {
        case .change, .percent: ["budget.income.amount": "1万元"]
        case .quantity: ["_rows:indicators": "1", "_origin:indicators[0]": "", "indicators[0].name": "群众满意度"]
        case .problemNumber: ["_rows:improvements": "1", "_origin:improvements[0]": "", "improvements[0].measure": "按季度跟踪"]
        default: [:]
        }
    }

    /// A file holding `text` at this place, as a YAML or JSON string (the JSON written from the
    /// YAML's tree, so that both hold the same text).
    func file(_ text: String, format: FileFormat) throws -> String {
        let literal = JSONWriter.quote(text)
        let body = switch self {
        case .amount: "budget:\n  income:\n    amount: \(literal)\n"
        case .change: "budget:\n  income:\n    amount: 1万元\n    change: \(literal)\n"
        case .percent: "budget:\n  income:\n    amount: 1万元\n    growth: \(literal)\n"
        case .quantity: "indicators:\n  - name: 群众满意度\n    actual: \(literal)\n"
        case .count: "staffing:\n  authorized:\n    total: \(literal)\n"
        case .number: "self_evaluation:\n  result:\n    score: \(literal)\n"
        case .year: "cover:\n  year: \(literal)\n"
        case .problemNumber: "improvements:\n  - problem: \(literal)\n    measure: 按季度跟踪\n"
        }
        let yaml = "format: jixiao/evaluation@1\n" + body
        guard format == .json else { return yaml }
        return try EvaluationFile.text(of: EvaluationFile.tree(parsing: yaml, format: .yaml), as: .json)
    }

    /// The figure an evaluation holds at this place.
    func figure(in e: Evaluation) -> Reading? {
        switch self {
        case .amount: e.budget?.income?.amount.map { Reading($0.number, unit: $0.unit.rawValue) }
        case .change: e.budget?.income?.change.map { Reading($0.amount.number, unit: $0.amount.unit.rawValue) }
        case .percent: e.budget?.income?.growth.map { Reading($0.number, unit: "%") }
        case .quantity: e.indicators?.first?.actual.map { Reading($0.number, unit: $0.unit) }
        case .count: e.staffing?.authorized?.total.map(Reading.init)
        case .number: e.selfEvaluation?.result?.score.map { Reading($0) }
        case .year: e.cover?.year.map(Reading.init)
        case .problemNumber: e.improvements?.first?.problem.map(Reading.init)
        }
    }
}

/// What a typed value must give.
enum Outcome: Sendable {
    /// Read as this figure, stored and shown as `shown`.
    case reads(Reading, shown: String)
    /// Refused with exactly this message.
    case refused(String)
    /// Nothing typed: the form leaves the field empty; a file that holds it is refused so.
    case blank(file: String)
}

struct TypedInput: Sendable, CustomTestStringConvertible {
    var text: String
    var place: Place
    var outcome: Outcome

    var testDescription: String { "“\(text.debugDescription.dropFirst().dropLast())” in \(place)" }
}

/// Inputs clerks really type — half- and full-width, IME punctuation, separators right and wrong,
/// units, percent signs, signs, blanks, pasted spaces and tabs — each with its exact reading or
/// message. One table, run through the forms and through the files alike.
let typedInputs: [TypedInput] = [
    // 金额
    .init(text: "285.58万元", place: .amount, outcome: .reads(Reading("285.58", 2, "万元"), shown: "285.58万元")),
    .init(text: "11,486,444.31元", place: .amount, outcome: .reads(Reading("11486444.31", 2, "元"), shown: "11,486,444.31元")),
    .init(text: "11486444.31元", place: .amount, outcome: .reads(Reading("11486444.31", 2, "元"), shown: "11,486,444.31元")),
    .init(text: "１１，４８６，４４４．３１元", place: .amount, outcome: .reads(Reading("11486444.31", 2, "元"), shown: "11,486,444.31元")),
    .init(text: "285.58 万元", place: .amount, outcome: .reads(Reading("285.58", 2, "万元"), shown: "285.58万元")),
    .init(text: "285.58\u{00A0}万元", place: .amount, outcome: .reads(Reading("285.58", 2, "万元"), shown: "285.58万元")),
    .init(text: "\u{3000}285.58万元\u{3000}", place: .amount, outcome: .reads(Reading("285.58", 2, "万元"), shown: "285.58万元")),
    .init(text: "\t4,538,890.45元\n", place: .amount, outcome: .reads(Reading("4538890.45", 2, "元"), shown: "4,538,890.45元")),
    .init(text: "285.58\t万元", place: .amount, outcome: .reads(Reading("285.58", 2, "万元"), shown: "285.58万元")),
    .init(text: "2 855 800元", place: .amount, outcome: .reads(Reading("2855800", 0, "元"), shown: "2,855,800元")),
    .init(text: "1.20亿元", place: .amount, outcome: .reads(Reading("1.20", 2, "亿元"), shown: "1.20亿元")),
    .init(text: "285,58万元", place: .amount,
          outcome: .refused("“285,58万元” 中的逗号不是千位分隔符；小数请用小数点，如 285.58万元")),
    .init(text: "1.234,56元", place: .amount,
          outcome: .refused("“1.234,56元” 中的逗号不是千位分隔符；小数请用小数点，如 1234.56元")),
    .init(text: "12,34,567元", place: .amount,
          outcome: .refused("“12,34,567元” 中的逗号不是千位分隔符：千位分隔符应从个位起每三位一个，如 1,234,567元")),
    .init(text: "1,234,5元", place: .amount,
          outcome: .refused("“1,234,5元” 中的逗号不是千位分隔符；小数请用小数点，如 1234.5元")),
    .init(text: "285 58万元", place: .amount,
          outcome: .refused("“285 58万元” 中数字之间的空格不是千位分隔符：请删去空格，如 28558万元；小数请用小数点")),
    .init(text: "285.58", place: .amount, outcome: .refused(FigureError.missingUnit("285.58").description)),
    .init(text: "285.58万", place: .amount, outcome: .refused("金额“285.58万” 的单位「万」无法识别：有效单位为 元、万元、亿元")),
    .init(text: "约285万元", place: .amount, outcome: .refused("“约285万元” 不是数字：应为如 285.58 的数值")),
    .init(text: "-5万元", place: .amount, outcome: .refused("金额“-5万元” 不能为负数（比上年减少请在“比上年增减”中写负数）")),
    .init(text: "", place: .amount, outcome: .blank(file: "空白不是数字：应为如 285.58 的数值")),
    // 增减额
    .init(text: "－２．０４万元", place: .change, outcome: .reads(Reading("-2.04", 2, "万元"), shown: "-2.04万元")),
    .init(text: "\u{2212}2.04万元", place: .change, outcome: .reads(Reading("-2.04", 2, "万元"), shown: "-2.04万元")),
    .init(text: "+15.17万元", place: .change, outcome: .reads(Reading("15.17", 2, "万元"), shown: "15.17万元")),
    .init(text: "--3万元", place: .change, outcome: .refused("“--3万元” 不是数字：应为如 285.58 的数值")),
    // 百分比
    .init(text: "5.6%", place: .percent, outcome: .reads(Reading("5.6", 1, "%"), shown: "5.6%")),
    .init(text: "５．６％", place: .percent, outcome: .reads(Reading("5.6", 1, "%"), shown: "5.6%")),
    .init(text: "4.8 %", place: .percent, outcome: .reads(Reading("4.8", 1, "%"), shown: "4.8%")),
    .init(text: "-3.20%", place: .percent, outcome: .reads(Reading("-3.20", 2, "%"), shown: "-3.20%")),
    .init(text: "4,8%", place: .percent, outcome: .refused("“4,8%” 中的逗号不是千位分隔符；小数请用小数点，如 4.8%")),
    .init(text: "9,38%", place: .percent, outcome: .refused("“9,38%” 中的逗号不是千位分隔符；小数请用小数点，如 9.38%")),
    .init(text: "４，８％", place: .percent, outcome: .refused("“４，８％” 中的逗号不是千位分隔符；小数请用小数点，如 4.8％")),
    .init(text: "4。8%", place: .percent, outcome: .refused("“4。8%” 中的句号不是小数点：小数请用小数点，如 4.8%")),
    .init(text: "5.6", place: .percent, outcome: .refused("“5.6” 不是百分数：应写成如 5.6%")),
    .init(text: "8..5%", place: .percent, outcome: .refused("“8..5%” 不是百分数：应写成如 5.6%")),
    .init(text: "≥95%", place: .percent, outcome: .refused("“≥95%” 不是百分数：应写成如 5.6%")),
    // 指标值
    .init(text: "95%", place: .quantity, outcome: .reads(Reading("95", 0, "%"), shown: "95%")),
    .init(text: "98.6％", place: .quantity, outcome: .reads(Reading("98.6", 1, "%"), shown: "98.6%")),
    .init(text: "30家", place: .quantity, outcome: .reads(Reading("30", 0, "家"), shown: "30家")),
    .init(text: "5 场（次）", place: .quantity, outcome: .reads(Reading("5", 0, "场（次）"), shown: "5场（次）")),
    .init(text: "1,234人", place: .quantity, outcome: .reads(Reading("1234", 0, "人"), shown: "1234人")),
    .init(text: "4,8%", place: .quantity, outcome: .refused("“4,8%” 中的逗号不是千位分隔符；小数请用小数点，如 4.8%")),
    .init(text: "1,23", place: .quantity, outcome: .refused("“1,23” 中的逗号不是千位分隔符；小数请用小数点，如 1.23")),
    .init(text: "1e3", place: .quantity, outcome: .refused("“1e3” 不是数字：应为如 285.58 的数值")),
    .init(text: "\u{0663}", place: .quantity, outcome: .refused("“\u{0663}” 不是数字：应为如 285.58 的数值")),
    .init(text: "约95%", place: .quantity, outcome: .refused("“约95%” 不是数字：应为如 285.58 的数值")),
    .init(text: "3-", place: .quantity, outcome: .refused("“3-” 不是数字：应为如 285.58 的数值")),
    // 人数
    .init(text: "２８", place: .count, outcome: .reads(Reading(28), shown: "28")),
    .init(text: "28", place: .count, outcome: .reads(Reading(28), shown: "28")),
    .init(text: " 26 ", place: .count, outcome: .reads(Reading(26), shown: "26")),
    .init(text: "1,234", place: .count, outcome: .reads(Reading(1234), shown: "1234")),
    .init(text: "28.5", place: .count, outcome: .refused("“28.5” 不是整数：应为不小于 0 的整数，如 26")),
    .init(text: "28人", place: .count, outcome: .refused("“28人” 不是整数：应为不小于 0 的整数，如 26")),
    .init(text: "十一", place: .count, outcome: .refused("“十一” 不是整数：应为不小于 0 的整数，如 26")),
    .init(text: "-3", place: .count, outcome: .refused("“-3” 不能为负数：应为不小于 0 的整数，如 26")),
    .init(text: "2 8", place: .count, outcome: .refused("“2 8” 中数字之间的空格不是千位分隔符：请删去空格，如 28；小数请用小数点")),
    .init(text: "4\t8", place: .count, outcome: .refused("“4\t8” 中数字之间的空格不是千位分隔符：请删去空格，如 48；小数请用小数点")),
    .init(text: "\u{3000}", place: .count, outcome: .blank(file: "空白不是整数：应为不小于 0 的整数，如 26")),
    // 得分
    .init(text: "86.5", place: .number, outcome: .reads(Reading("86.5", 1), shown: "86.5")),
    .init(text: "８６．５０", place: .number, outcome: .reads(Reading("86.50", 2), shown: "86.50")),
    .init(text: "86,5", place: .number, outcome: .refused("“86,5” 中的逗号不是千位分隔符；小数请用小数点，如 86.5")),
    .init(text: "86。5", place: .number, outcome: .refused("“86。5” 中的句号不是小数点：小数请用小数点，如 86.5")),
    .init(text: "86.5分", place: .number, outcome: .refused("“86.5分” 不是数字：应为如 285.58 的数值")),
    // 年度、问题序号
    .init(text: "２０２２", place: .year, outcome: .reads(Reading(2022), shown: "2022")),
    .init(text: "2,02", place: .year, outcome: .refused("“2,02” 中的逗号不是千位分隔符；小数请用小数点，如 2.02")),
    .init(text: "２", place: .problemNumber, outcome: .reads(Reading(2), shown: "2")),
]

@Suite("Typed input: the forms and the files read alike")
struct TypedInputTests {
    @Test func theTableIsLargeAndCoversEveryPlace() {
        #expect(typedInputs.count >= 30)
        #expect(Set(typedInputs.map(\.place)) == Set(Place.allCases))
    }

    /// The JSON Schema's patterns, which editors check a file with, accept what the reader reads
    /// and nothing it refuses.
    @Test func theSchemaAgrees() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/evaluation.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        func pattern(_ name: String) throws -> NSRegularExpression {
            let def = try #require(defs[name] as? [String: Any])
            let text = try #require((def["anyOf"] as? [[String: Any]])?.first?["pattern"] ?? def["pattern"]) as? String
            return try NSRegularExpression(pattern: try #require(text))
        }
        let patterns: [Place: NSRegularExpression] = [
            .amount: try pattern("amount"), .change: try pattern("amountChange"), .percent: try pattern("percent"),
            .quantity: try pattern("quantity"), .number: try pattern("statedNumber"),
        ]
        var checked = 0
        for input in typedInputs {
            guard let regex = patterns[input.place] else { continue }
            let matches = regex.firstMatch(in: input.text, range: NSRange(input.text.startIndex..., in: input.text)) != nil
            let reads = if case .reads = input.outcome { true } else { false }
            #expect(matches == reads, "\(input.testDescription)")
            checked += 1
        }
        #expect(checked >= 40)
    }

    /// The form engine, as the server runs it: the posted value, the problem beside the field, the
    /// value kept or stored, the page that shows both, and the file it saves.
    @Test(arguments: typedInputs)
    func throughTheForms(_ input: TypedInput) throws {
        let place = input.place
        let storedText = "format: jixiao/evaluation@1\n"
        let stored = try EvaluationFile.tree(parsing: storedText, format: .yaml)
        var posted = place.companions
        posted[place.path] = input.text
        let (tree, problems) = try FormEngine.build(place.part, posted: posted, stored: stored, framework: nil)
        let typed = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch input.outcome {
        case .reads(let reading, let shown):
            #expect(problems.isEmpty)
            #expect(place.kind.read(typed).problem == nil)
            #expect(tree.node(at: place.path)?.scalarText == shown)
            let saved = try FormEngine.file(from: tree, stored: stored, storedText: storedText, typed: problems)
            #expect(place.figure(in: try EvaluationFile.parse(saved, format: .yaml).evaluation) == reading)
        case .refused(let message):
            #expect(problems == [place.path: message])
            #expect(place.kind.read(typed).problem == message)
            // What was typed stays in the field, with the message beside it.
            #expect(tree.node(at: place.path)?.scalarText == typed)
            var page = FormRenderer(tree: tree)
            page.problems = problems
            page.render(place.part)
            #expect(page.html.contains("<div class=\"error\" role=\"alert\">\(Markup.escape(message))</div>"))
            if case .problemNumber = place {} else { #expect(page.html.contains("value=\"\(Markup.escape(typed))\"")) }
            #expect(throws: InputRejected.self) { try FormEngine.file(from: tree, stored: stored, storedText: storedText, typed: problems) }
        case .blank:
            #expect(problems.isEmpty)
            #expect(tree.node(at: place.path) == nil)
        }
    }

    /// YAML and JSON files, as `check` and `convert` read them: the figure, or the message at the
    /// value's line and column.
    @Test(arguments: typedInputs)
    func throughTheFiles(_ input: TypedInput) throws {
        for format in [FileFormat.yaml, .json] {
            let text = try input.place.file(input.text, format: format)
            let loaded: LoadedEvaluation
            do { loaded = try EvaluationFile.parse(text, format: format, file: "t.\(format.rawValue)") } catch {
                let message: String
                switch input.outcome {
                case .reads: Issue.record("\(format): refused: \(error.errors.map(\.description))"); continue
                case .refused(let m), .blank(let m): message = m
                }
                #expect(error.errors.count == 1, "\(format)")
                let e = try #require(error.errors.first)
                #expect(e.message == message, "\(format)")
                #expect(e.path == FieldPath(input.place.path), "\(format)")
                let line = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex { $0.contains(JSONWriter.quote(input.text)) }.map { $0 + 1 }
                #expect(e.location?.line == line, "\(format)")
                #expect(e.description.hasPrefix("t.\(format.rawValue):\(line ?? 0):\(e.location?.column ?? 0): 错误: \(message)"))
                continue
            }
            guard case .reads(let reading, let shown) = input.outcome else {
                Issue.record("\(format): read as \(String(describing: input.place.figure(in: loaded.evaluation)))")
                continue
            }
            #expect(input.place.figure(in: loaded.evaluation) == reading, "\(format)")
            // Written back, the figure is its canonical text, which reads as the same figure.
            let written = try EvaluationFile.render(loaded.evaluation, as: format)
            #expect(written.contains(shown), "\(format)")
            let reread = try EvaluationFile.parse(written, format: format).evaluation
            #expect(input.place.figure(in: reread) == reading, "\(format)")
        }
    }
}
