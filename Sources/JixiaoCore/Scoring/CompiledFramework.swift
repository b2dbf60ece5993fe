import Foundation

/// A framework checked and ready to score with: every formula parsed and its fields checked
/// against the evaluation model, once, however many evaluations it then scores.
public struct CompiledFramework: Sendable {
    public let framework: Framework
    let roots: [CompiledIndicator]
    let byID: [String: CompiledIndicator]
    /// Check rules whose findings a deduction counts (so checks run only when needed).
    let countedRules: Set<String>
    /// Every field path a formula reads, for the reader to walk only those.
    let readPaths: PathTrie

    /// Checks the framework; every problem comes back with the field of the framework file.
    public init(_ framework: Framework) throws(FrameworkProblems) {
        var validator = FrameworkValidator()
        validator.checkHeader(framework)
        let roots = framework.indicators.enumerated().map { i, spec in
            validator.compile(spec, path: FieldPath("indicators")[i], level: 1)
        }
        validator.checkTotals(framework)
        validator.checkReferences()
        if !validator.problems.isEmpty { throw FrameworkProblems(problems: validator.problems) }
        self.framework = framework
        self.roots = roots
        byID = validator.compiled
        countedRules = Set(validator.compiled.values.flatMap { $0.spec.rule?.findings ?? [] })
        readPaths = PathTrie(validator.compiled.values.flatMap { [$0.formula, $0.notApplicableWhen].compactMap { $0 }.flatMap(\.fieldPaths) })
    }

    /// Whether the framework has an indicator with this `id` (an answer to any other is stray).
    public func hasIndicator(_ id: String) -> Bool { byID[id] != nil }

    /// How many indicators the framework has, groups and leaves: no sheet holds more answers.
    public var indicatorCount: Int { byID.count }

    /// What is wrong with `answers` to this framework, in Chinese, or nothing: an answer to an
    /// indicator it lacks, two answers to one indicator, a checklist reply to an item the
    /// indicator's checklist lacks, or two to one item. The scorer would take one of two answers
    /// and pass over the rest silently.
    public func problems(with answers: [ScoringAnswer]) -> [String] {
        var problems: [String] = []
        let stray = answers.map(\.indicator).filter { byID[$0] == nil }
        if !stray.isEmpty { problems.append("评分框架「\(framework.name)」没有指标 \(Self.listed(stray))") }
        var answered: [String: Int] = [:]
        for answer in answers { answered[answer.indicator, default: 0] += 1 }
        for answer in answers {
            guard let spec = byID[answer.indicator]?.spec else { continue }
            if let times = answered.removeValue(forKey: answer.indicator), times > 1 {
                problems.append("指标「\(spec.name)」作答了 \(times) 次：每个指标只能作答一次")
            }
            let replies = answer.items ?? []
            let items = spec.rule?.items ?? []
            let unknown = replies.map(\.id).filter { id in !items.contains { $0.id == id } }
            if !unknown.isEmpty { problems.append("指标「\(spec.name)」的清单没有条目 \(Self.listed(unknown))") }
            for item in items {
                let times = replies.count { $0.id == item.id }
                if times > 1 { problems.append("指标「\(spec.name)」的清单条目「\(item.text)」作答了 \(times) 次") }
            }
        }
        return problems
    }

    /// Ids in a message: the first ten, and how many more.
    private static func listed(_ ids: [String]) -> String {
        ids.prefix(10).joined(separator: "、") + (ids.count > 10 ? " 等 \(ids.count) 个" : "")
    }
}

/// Everything wrong with a framework file.
public struct FrameworkProblems: Error, Sendable {
    public var problems: [StructuralProblem]
}

/// An indicator with its formulas parsed.
final class CompiledIndicator: Sendable {
    let spec: IndicatorSpec
    let path: FieldPath
    let level: Int
    let children: [CompiledIndicator]
    let formula: Expression?
    let notApplicableWhen: Expression?

    init(spec: IndicatorSpec, path: FieldPath, level: Int, children: [CompiledIndicator], formula: Expression?,
         notApplicableWhen: Expression?)
    {
        self.spec = spec
        self.path = path
        self.level = level
        self.children = children
        self.formula = formula
        self.notApplicableWhen = notApplicableWhen
    }
}

/// Collects the problems of a framework while compiling it.
private struct FrameworkValidator {
    var problems: [StructuralProblem] = []
    var compiled: [String: CompiledIndicator] = [:]
    static let maximumLevel = 4

    mutating func add(_ path: FieldPath, _ message: String) { problems.append(.init(path: path, message: message)) }

    mutating func checkHeader(_ framework: Framework) {
        if framework.format != Framework.currentFormat {
            add("format", "不支持的框架格式「\(framework.format)」：应为 \(Framework.currentFormat)")
        }
        if framework.id.isEmpty || !framework.id.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            add("id", "框架 ID「\(framework.id)」无效：只能用小写字母、数字和 -，如 national-2013")
        }
        if let grades = framework.grades,
           !(grades.excellent.value > grades.good.value && grades.good.value > grades.fair.value && grades.fair.value >= 0)
        {
            add("grades", "等级分数线应满足 优 > 良 > 中 ≥ 0")
        }
        if framework.indicators.isEmpty { add("indicators", "框架没有指标") }
    }

    mutating func checkTotals(_ framework: Framework) {
        if !framework.indicators.isEmpty && framework.totalPoints != 100 {
            add("indicators", "一级指标分值合计为 \(framework.totalPoints)，应为 100")
        }
    }

    mutating func compile(_ spec: IndicatorSpec, path: FieldPath, level: Int) -> CompiledIndicator {
        let validID = spec.id.first.map { $0.isLetter && $0.isASCII } == true
            && spec.id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        if !validID { add(path / "id", "指标 ID「\(spec.id)」无效：应以字母开头，只含字母、数字和 _") }
        if compiled[spec.id] != nil { add(path / "id", "指标 ID「\(spec.id)」重复") }
        if spec.points.value < 0 { add(path / "points", "分值不能为负数") }
        if level > Self.maximumLevel { add(path, "指标层级超过 \(Self.maximumLevel) 级") }

        let children = (spec.children ?? []).enumerated().map { i, child in
            compile(child, path: (path / "children")[i], level: level + 1)
        }
        var formula: Expression?
        if children.isEmpty {
            if let rule = spec.rule {
                formula = checkRule(rule, spec: spec, path: path / "rule")
            } else {
                add(path, "末级指标「\(spec.name)」缺少评分规则 rule")
            }
        } else {
            if spec.rule != nil { add(path / "rule", "有下级指标的「\(spec.name)」不能再有评分规则：分数由下级指标汇总") }
            let sum = (spec.children ?? []).reduce(Decimal(0)) { $0 + $1.points.value }
            if sum != spec.points.value {
                let terms = (spec.children ?? []).map { "\($0.name) \($0.points)" }.joined(separator: " + ")
                add(path / "points", "「\(spec.name)」分值 \(spec.points)，下级指标分值合计 \(terms) = \(sum)，不相等")
            }
        }
        var notApplicableWhen: Expression?
        if let condition = spec.notApplicable?.when {
            notApplicableWhen = checkFormula(condition, path: path / "not_applicable" / "when")
        }
        let indicator = CompiledIndicator(spec: spec, path: path, level: level, children: children, formula: formula,
                                          notApplicableWhen: notApplicableWhen)
        if compiled[spec.id] == nil { compiled[spec.id] = indicator }
        return indicator
    }

    mutating func checkRule(_ rule: ScoringRule, spec: IndicatorSpec, path: FieldPath) -> Expression? {
        func require(_ present: Bool, _ key: String) {
            if !present { add(path, "评分规则 \(rule.type.rawValue) 需要填写「\(key)」") }
        }
        var formula: Expression?
        switch rule.type {
        case .linear:
            require(rule.formula != nil, "formula")
            require(rule.fullAt != nil, "full_at")
            if rule.step != nil && rule.slope == nil { add(path / "step", "step 须与 slope 一起使用") }
            if let step = rule.step, step.value <= 0 { add(path / "step", "step 应大于 0") }
        case .tiers:
            require(rule.formula != nil, "formula")
            require(!(rule.tiers ?? []).isEmpty, "tiers")
            for (i, tier) in (rule.tiers ?? []).enumerated() where tier.points.value > spec.points.value || tier.points.value < 0 {
                add((path / "tiers")[i] / "points", "区间得分 \(tier.points) 超出指标分值 \(spec.points)")
            }
        case .checklist:
            let items = rule.items ?? []
            require(!items.isEmpty, "items")
            let sum = items.reduce(Decimal(0)) { $0 + $1.points.value }
            if !items.isEmpty && sum != spec.points.value {
                add(path / "items", "清单各条分值合计 \(sum)，与指标分值 \(spec.points) 不相等")
            }
            var ids: Set<String> = []
            for (i, item) in items.enumerated() where !ids.insert(item.id).inserted {
                add((path / "items")[i] / "id", "清单条目 ID「\(item.id)」重复")
            }
        case .deduction:
            require(rule.per != nil, "per")
            for (i, id) in (rule.findings ?? []).enumerated() where CheckCatalogue.rule(id) == nil {
                add((path / "findings")[i], "未知的审核规则「\(id)」：见 jixiao rules")
            }
            if rule.formula != nil && rule.findings != nil { add(path, "扣分次数只能来自 findings 或 formula 之一") }
        case .manual, .unitIndicators:
            break
        }
        if let text = rule.formula { formula = checkFormula(text, path: path / "formula") }
        return formula
    }

    mutating func checkFormula(_ text: String, path: FieldPath) -> Expression? {
        let expression: Expression
        do {
            expression = try Expression.parse(text)
        } catch {
            add(path, "公式「\(text)」语法错误：\(error)")
            return nil
        }
        for message in FormulaChecker.problems(in: expression) { add(path, "公式「\(text)」：\(message)") }
        return expression
    }

    /// `value(id)` must name an indicator with a formula, and no chain of them may loop.
    mutating func checkReferences() {
        for indicator in compiled.values.sorted(by: { $0.path < $1.path }) {
            for reference in indicator.formula?.indicatorReferences ?? [] {
                guard let target = compiled[reference] else {
                    add(indicator.path / "rule" / "formula", "公式引用了不存在的指标「\(reference)」")
                    continue
                }
                if target.formula == nil {
                    add(indicator.path / "rule" / "formula", "公式引用的指标「\(reference)」没有公式值")
                }
            }
        }
        var state: [String: Bool] = [:]  // false: visiting, true: done
        func visit(_ id: String, _ trail: [String]) -> [String]? {
            if state[id] == true { return nil }
            if state[id] == false { return trail + [id] }
            state[id] = false
            for next in compiled[id]?.formula?.indicatorReferences ?? [] where compiled[next] != nil {
                if let cycle = visit(next, trail + [id]) { return cycle }
            }
            state[id] = true
            return nil
        }
        for id in compiled.keys.sorted() {
            if let cycle = visit(id, []), let first = cycle.last, let indicator = compiled[first] {
                let loop = cycle.drop { $0 != first }
                add(indicator.path / "rule" / "formula", "公式循环引用：\(loop.joined(separator: " → "))")
                return
            }
        }
    }
}

/// Checks a parsed formula against the evaluation model: fields exist, are numbers where
/// arithmetic needs numbers, and `[*]` appears only inside `sum()` or `count()`.
enum FormulaChecker {
    static func problems(in expression: Expression) -> [String] {
        var found: [String] = []
        check(expression, aggregate: nil, into: &found)
        return found
    }

    private static func check(_ expression: Expression, aggregate: String?, into found: inout [String]) {
        switch expression {
        case .number:
            break
        case .field(let path):
            let text = Expression.text(of: path)
            if case .key("derived") = path.first {
                let names = DerivedFigure.allCases.map(\.rawValue)
                if path.count != 2 || !names.contains(where: { path[1] == .key($0) }) {
                    found.append("未知的派生数「\(text)」：可用 \(names.map { "derived." + $0 }.joined(separator: "、"))")
                }
                return
            }
            guard let shape = resolve(path, text: text, into: &found) else { return }
            let wildcard = path.contains(.every)
            if wildcard && aggregate == nil { found.append("「\(text)」含 [*]，只能用在 sum() 或 count() 中") }
            switch (shape, aggregate) {
            case (.number, _), (_, "count"): break
            case (.list, "sum"): found.append("sum(\(text)) 的字段须是数字，请写成如 \(text)[*].amount")
            default: found.append("字段「\(text)」不是数字")
            }
        case .unary(_, let e):
            check(e, aggregate: nil, into: &found)
        case .binary(_, let a, let b):
            check(a, aggregate: nil, into: &found)
            check(b, aggregate: nil, into: &found)
        case .call(let name, let args):
            if name == "value" {
                if case .field(let p) = args[0], p.count == 1 { return }
                found.append("value() 的参数应为一个指标 ID")
                return
            }
            if name == "sum" || name == "count" {
                guard case .field = args[0] else {
                    found.append("\(name)() 的参数应为字段路径")
                    return
                }
                check(args[0], aggregate: name, into: &found)
            } else {
                for arg in args { check(arg, aggregate: nil, into: &found) }
            }
        }
    }

    /// The shape at a path, or a problem naming the first key that does not exist.
    private static func resolve(_ path: [PathComponent], text: String, into found: inout [String]) -> ModelShape? {
        var current = ModelShape.evaluation
        for (i, component) in path.enumerated() {
            guard let next = current.shape(at: [component]) else {
                let prefix = Expression.text(of: Array(path[..<i]))
                switch component {
                case .key(let key):
                    let candidates = current.keys
                    let near = candidates.min { KeyDistance.between(key, $0) < KeyDistance.between(key, $1) }
                    let hint = near.map { "，是否应为「\($0)」？" } ?? ""
                    found.append("未知字段「\(text)」：\(prefix.isEmpty ? "" : prefix + " 下")没有「\(key)」\(hint)")
                default:
                    found.append("字段「\(prefix)」不是列表，不能用 \(component)")
                }
                return nil
            }
            current = next
        }
        return current
    }
}

/// Edit distance between two keys, for "did you mean" hints.
public enum KeyDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
