import Foundation

/// 评分结果 — one indicator's score and what it rests on.
public struct IndicatorScore: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case scored
        /// 不适用: full marks or points redistributed, as the framework says.
        case notApplicable
        /// 无法计分: a missing input, a division by zero, an unanswered item. Never full marks.
        case unscorable(String)
    }

    public var id: String
    public var name: String
    /// 1 for 一级指标, 2 for 二级, …
    public var level: Int
    /// Points after any redistribution.
    public var points: Decimal
    /// The score; nil when unscorable. For a branch, the sum of its children's scores.
    public var score: Decimal?
    public var status: Status
    /// 评分依据 for reviewers and programs: the formula with the fields it read and its result, or the
    /// answer and its evidence; it names fields by their paths and check rules by their IDs.
    public var basis: String
    /// The basis as a finance clerk writes it, without formula code, field paths or rule IDs:
    /// 「在职人数 11 ÷ 编制数 11 × 100% = 100%；≤ 100%，得满分 5 分」.
    public var words: String
    /// The formula's value, when the rule has one.
    public var value: Decimal?
    /// The fields the formula read, with their values (`budget.expenditure.amount = 2855800`).
    public var inputs: [String]
    public var children: [IndicatorScore]

    /// True when this indicator and every one below it has a score (or does not apply).
    public var isComplete: Bool {
        if case .unscorable = status { return false }
        return children.allSatisfy(\.isComplete)
    }
}

/// 评分表 — the scores of one evaluation under one framework.
public struct ScoreSheet: Sendable, Equatable {
    public var frameworkID: String
    public var frameworkName: String
    public var source: String
    public var indicators: [IndicatorScore]
    /// The sum of the level-1 scores (unscorable indicators count nothing).
    public var total: Decimal
    /// The grade, when every indicator could be scored.
    public var grade: Grade?
    /// The grade the partial total would give, shown when some indicator is unscorable.
    public var provisionalGrade: Grade
    public var isComplete: Bool { indicators.allSatisfy(\.isComplete) }
    /// Answers that name no indicator of the framework.
    public var strayAnswers: [String]

    /// Every indicator, depth first.
    public var all: [IndicatorScore] {
        func walk(_ s: IndicatorScore) -> [IndicatorScore] { [s] + s.children.flatMap(walk) }
        return indicators.flatMap(walk)
    }
}

/// Why an indicator cannot be scored: for reviewers (fields by their paths) and in the clerk's words.
struct Unscorable: Error {
    var reason: String
    var words: String

    init(reason: String, words: String? = nil) {
        self.reason = reason
        self.words = words ?? reason
    }
}

extension CompiledFramework {
    /// Scores an evaluation. `answers` (a reviewer's) replace the file's own answers indicator
    /// by indicator. Never throws: what cannot be scored is marked 「无法计分」 with its reason.
    public func score(_ evaluation: Evaluation, answers: [ScoringAnswer] = []) -> ScoreSheet {
        var answerByID: [String: ScoringAnswer] = [:]
        for answer in (evaluation.selfScoring?.answers ?? []) + answers { answerByID[answer.indicator] = answer }
        // Only the rules a deduction counts are run: the rest of the catalogue is not needed here.
        var findings: [String: Int] = [:]
        var options = CheckOptions()
        options.budgetBasis = framework.budgetBasis
        for rule in CheckCatalogue.rules where countedRules.contains(rule.id) {
            findings[rule.id] = rule.count(evaluation, options: options)
        }
        var run = ScoringRun(framework: self, reader: FieldReader(evaluation, reading: readPaths, budgetBasis: framework.budgetBasis), evaluation: evaluation,
                             answers: answerByID, findings: findings)
        let scores = run.scoreChildren(roots, points: framework.totalPoints)
        let total = scores.reduce(Decimal(0)) { $0 + ($1.score ?? 0) }
        let scale = framework.gradeScale
        let complete = scores.allSatisfy(\.isComplete)
        return ScoreSheet(
            frameworkID: framework.id, frameworkName: framework.name, source: framework.source, indicators: scores,
            total: total, grade: complete ? scale.grade(for: total) : nil, provisionalGrade: scale.grade(for: total),
            strayAnswers: answerByID.keys.filter { byID[$0] == nil }.sorted())
    }
}

/// The state of scoring one evaluation: formula values are computed once and shared.
private struct ScoringRun {
    let framework: CompiledFramework
    let reader: FieldReader
    let evaluation: Evaluation
    let answers: [String: ScoringAnswer]
    /// How many findings each counted rule gives.
    let findings: [String: Int]
    var values: [String: Result<Decimal, Unscorable>] = [:]

    init(framework: CompiledFramework, reader: FieldReader, evaluation: Evaluation, answers: [String: ScoringAnswer],
         findings: [String: Int])
    {
        self.framework = framework
        self.reader = reader
        self.evaluation = evaluation
        self.answers = answers
        self.findings = findings
    }

    /// Scores siblings, sharing the points of redistributed not-applicable ones among the rest.
    mutating func scoreChildren(_ nodes: [CompiledIndicator], points: Decimal) -> [IndicatorScore] {
        var scores = nodes.map { score($0) }
        let shared = zip(nodes, scores).filter { node, s in
            s.status == .notApplicable && node.spec.notApplicable?.outcome == .redistribute
        }
        guard !shared.isEmpty else { return scores }
        let kept = scores.filter { s in !shared.contains { $0.1.id == s.id } }.reduce(Decimal(0)) { $0 + $1.points }
        guard kept > 0 else { return scores }
        let factor = points / kept
        for i in scores.indices {
            let note: String
            if shared.contains(where: { $0.1.id == scores[i].id }) {
                scores[i].points = 0
                scores[i].score = 0
                note = "；分值 \(show(nodes[i].spec.points.value)) 按比例分配给同级指标"
            } else if factor != 1 {
                scores[i].points *= factor
                scores[i].score = scores[i].score.map { $0 * factor }
                note = "；因同级指标不适用，分值按比例调整为 \(show(scores[i].points))"
            } else {
                continue
            }
            scores[i].basis += note
            scores[i].words += note
        }
        return scores
    }

    mutating func score(_ node: CompiledIndicator) -> IndicatorScore {
        let spec = node.spec
        let points = spec.points.value
        var result = IndicatorScore(id: spec.id, name: spec.name, level: node.level, points: points, score: nil,
                                    status: .scored, basis: "", words: "", value: nil, inputs: [], children: [])
        func unscorable(_ problem: Unscorable) {
            result.status = .unscorable(problem.reason)
            result.basis = "无法计分：\(problem.reason)"
            result.words = "无法计分：\(problem.words)"
        }
        if let policy = spec.notApplicable {
            switch notApplicable(node) {
            case .success(let reason?):
                result.status = .notApplicable
                result.score = policy.outcome == .full ? points : 0
                let outcome = policy.outcome == .full ? "，按满分计算" : ""
                result.basis = "不适用（\(reason.basis)）" + outcome
                result.words = "不适用（\(reason.words)）" + outcome
                return result
            case .failure(let problem):
                unscorable(problem)
                return result
            case .success(nil):
                break
            }
        } else if answers[spec.id]?.notApplicable == true {
            unscorable(Unscorable(reason: "作答称不适用，但评分框架未规定该指标可不适用"))
            return result
        }

        if !node.children.isEmpty {
            result.children = scoreChildren(node.children, points: points)
            result.score = result.children.reduce(Decimal(0)) { $0 + ($1.score ?? 0) }
            let missing = result.children.filter { !$0.isComplete }.map(\.name)
            result.basis = "下级指标得分之和" + (missing.isEmpty ? "" : "（\(missing.joined(separator: "、")) 无法计分，未计入）")
            result.words = result.basis
            return result
        }

        do {
            let outcome = try scoreLeaf(node)
            result.score = min(max(outcome.score, 0), points)
            result.basis = outcome.basis
            result.words = outcome.words ?? outcome.basis
            result.value = outcome.value
            result.inputs = outcome.inputs
        } catch {
            unscorable(error)
            if let value = try? values[spec.id]?.get() { result.value = value }
        }
        return result
    }

    /// Whether the indicator does not apply: why (for reviewers and in words), nil when it applies,
    /// or why that cannot be told.
    mutating func notApplicable(_ node: CompiledIndicator) -> Result<(basis: String, words: String)?, Unscorable> {
        if let answer = answers[node.spec.id], answer.notApplicable == true {
            guard let evidence = answer.evidence, !evidence.isEmpty else {
                return .failure(Unscorable(reason: "作答称不适用，但没有佐证"))
            }
            return .success((evidence, evidence))
        }
        guard let condition = node.notApplicableWhen else { return .success(nil) }
        var inputs: [String] = []
        do {
            guard try evaluate(condition, inputs: &inputs) != 0 else { return .success(nil) }
            return .success(("\(node.spec.notApplicable?.when ?? "")（\(inputs.joined(separator: "，"))）", words(condition)))
        } catch {
            return .failure(error)
        }
    }

    struct LeafOutcome {
        var score: Decimal
        var basis: String
        var value: Decimal? = nil
        var inputs: [String] = []
        /// The basis in words when it differs (a formula's, a count of findings'), else the basis is words already.
        var words: String? = nil
    }

    mutating func scoreLeaf(_ node: CompiledIndicator) throws(Unscorable) -> LeafOutcome {
        let spec = node.spec
        guard let rule = spec.rule else { throw Unscorable(reason: "没有评分规则") }
        let points = spec.points.value
        let answer = answers[spec.id]
        switch rule.type {
        case .linear, .tiers:
            let (value, inputs) = try formulaValue(node)
            let formula = "\(rule.formula ?? "") = \(show(value))\(rule.unit ?? "")（\(inputs.joined(separator: "，"))）"
            let (score, how) = rule.type == .linear ? Self.linear(value, points: points, rule: rule) : Self.tiers(value, rule: rule)
            let said = node.formula.map { words($0, percent: rule.unit == "%") } ?? spec.name
            return LeafOutcome(score: score, basis: "\(formula)；\(how)", value: value, inputs: inputs,
                               words: "\(said) = \(Self.display(value, unit: rule.unit))；\(how)")

        case .checklist:
            let answered = answer?.items ?? []
            var score = Decimal(0)
            var lines: [String] = []
            for item in rule.items ?? [] {
                guard let reply = answered.first(where: { $0.id == item.id }) else {
                    throw Unscorable(reason: "清单条目「\(item.text)」未作答")
                }
                if reply.met {
                    guard let evidence = reply.evidence, !evidence.isEmpty else {
                        throw Unscorable(reason: "清单条目「\(item.text)」答“符合”但没有佐证")
                    }
                    score += item.points.value
                    lines.append("\(item.text) 符合 +\(item.points)（\(evidence)）")
                } else {
                    lines.append("\(item.text) 不符合 +0")
                }
            }
            return LeafOutcome(score: score, basis: lines.joined(separator: "；"))

        case .deduction:
            let per = rule.per?.value ?? 0
            let count: Decimal
            let source: String, said: String
            var inputs: [String] = []
            if let ids = rule.findings {
                count = Decimal(Set(ids).reduce(0) { $0 + (findings[$1] ?? 0) })
                source = "审核发现 \(ids.joined(separator: "、")) 共 \(count) 项"
                let titles = ids.map { "「\(CheckCatalogue.rule($0)?.title ?? $0)」" }.joined()
                said = "审核发现\(titles)共 \(count) 项"
            } else if let formula = node.formula {
                let computed = try formulaValue(node)
                count = computed.value
                inputs = computed.inputs
                source = "\(rule.formula ?? "") = \(show(count))（\(inputs.joined(separator: "，"))）"
                said = "\(words(formula)) = \(show(count))"
            } else {
                guard let stated = answer?.count else { throw Unscorable(reason: "扣分次数未作答") }
                guard let evidence = answer?.evidence, !evidence.isEmpty else { throw Unscorable(reason: "扣分次数没有佐证") }
                count = Decimal(stated)
                source = "作答 \(stated) 次（\(evidence)）"
                said = source
            }
            let off = min(per * count, points)
            let how = "，每次扣 \(show(per)) 分，扣 \(show(off)) 分（以分值为限）"
            return LeafOutcome(score: points - off, basis: source + how, value: count, inputs: inputs, words: said + how)

        case .manual:
            guard let given = answer?.points else { throw Unscorable(reason: "人工评分未作答") }
            guard let evidence = answer?.evidence, !evidence.isEmpty else { throw Unscorable(reason: "人工评分没有佐证") }
            guard given.value >= 0 && given.value <= points else {
                throw Unscorable(reason: "人工评分 \(given) 超出分值 0–\(spec.points)")
            }
            return LeafOutcome(score: given.value, basis: "人工评分 \(given) 分（\(evidence)）")

        case .unitIndicators:
            let indicators = evaluation.indicators ?? []
            guard !indicators.isEmpty else { throw Unscorable(reason: "单位未填报个性指标") }
            let lacking = indicators.filter { $0.target == nil || $0.actual == nil }.map(\.name)
            guard lacking.isEmpty else { throw Unscorable(reason: "个性指标 \(lacking.joined(separator: "、")) 缺少目标值或实际值") }
            var ratios: [Decimal] = []
            var lines: [String] = []
            for indicator in indicators {
                let target = indicator.target!.number.value, actual = indicator.actual!.number.value
                let lower = indicator.better == .lower
                let ratio: Decimal
                if lower {
                    ratio = actual <= target ? 1 : (actual == 0 ? 1 : target / actual)
                } else {
                    ratio = actual >= target ? 1 : (target == 0 ? 1 : actual / target)
                }
                let capped = min(max(ratio, 0), 1)
                ratios.append(capped)
                lines.append("\(indicator.name) 目标 \(indicator.target!) 实际 \(indicator.actual!) 完成 \(show(capped * 100))%")
            }
            let share = points / Decimal(indicators.count)
            let score = ratios.reduce(Decimal(0)) { $0 + $1 * share }
            return LeafOutcome(score: score, basis: "\(indicators.count) 项个性指标各占 \(show(share)) 分，按完成比例计分：" + lines.joined(separator: "；"))
        }
    }

    /// The indicator's formula value, computed once per evaluation.
    mutating func formulaValue(_ node: CompiledIndicator) throws(Unscorable) -> (value: Decimal, inputs: [String]) {
        guard let formula = node.formula else { throw Unscorable(reason: "没有公式") }
        var inputs: [String] = []
        let value: Decimal
        do {
            value = try evaluate(formula, inputs: &inputs)
        } catch {
            values[node.spec.id] = .failure(error)
            throw error
        }
        values[node.spec.id] = .success(value)
        var seen: Set<String> = []
        return (value, inputs.filter { seen.insert($0).inserted })
    }

    mutating func evaluate(_ e: Expression, inputs: inout [String]) throws(Unscorable) -> Decimal {
        switch e {
        case .number(let n):
            return n
        case .field(let path):
            let text = Expression.text(of: path)
            guard let figure = reader.figure(at: path) else {
                throw Unscorable(reason: "缺少数据：\(text)", words: "缺少数据：\(Self.name(of: path))")
            }
            inputs.append("\(text) = \(show(figure.value))")
            return figure.value
        case .unary(_, let inner):
            return -(try evaluate(inner, inputs: &inputs))
        case .binary(let op, let a, let b):
            let x = try evaluate(a, inputs: &inputs), y = try evaluate(b, inputs: &inputs)
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            case "/":
                guard y != 0 else {
                    throw Unscorable(reason: "除数为零（\(describe(b)) = 0）", words: "除数为零（\(words(b)) 为 0）")
                }
                return x / y
            case "<": return x < y ? 1 : 0
            case "<=": return x <= y ? 1 : 0
            case ">": return x > y ? 1 : 0
            case ">=": return x >= y ? 1 : 0
            case "==": return x == y ? 1 : 0
            default: return x != y ? 1 : 0
            }
        case .call(let name, let args):
            switch name {
            case "sum":
                guard case .field(let path) = args[0] else { return 0 }
                let numbers = reader.numbers(at: path)
                let text = Expression.text(of: path)
                if numbers.contains(where: { $0 == nil }) {
                    throw Unscorable(reason: "缺少数据：\(text) 中有项目未填", words: "缺少数据：\(Self.name(of: path))中有项目未填")
                }
                let total = numbers.reduce(Decimal(0)) { $0 + ($1 ?? 0) }
                inputs.append("sum(\(text)) = \(show(total))")
                return total
            case "count":
                guard case .field(let path) = args[0] else { return 0 }
                let n = Decimal(reader.count(at: path))
                inputs.append("count(\(Expression.text(of: path))) = \(show(n))")
                return n
            case "value":
                guard case .field(let path) = args[0], case .key(let id)? = path.first,
                      let target = framework.byID[id]
                else { throw Unscorable(reason: "引用的指标不存在") }
                func cannot(_ error: Unscorable) -> Unscorable {
                    Unscorable(reason: "引用的指标「\(target.spec.name)」无法计算：\(error.reason)",
                               words: "引用的指标「\(target.spec.name)」无法计算：\(error.words)")
                }
                let value: Decimal
                if let known = values[id] {
                    do { value = try known.get() } catch { throw cannot(error) }
                } else {
                    do { value = try formulaValue(target).value } catch { throw cannot(error) }
                }
                inputs.append("value(\(id)) = \(show(value))")
                return value
            case "if":
                return try evaluate(args[0], inputs: &inputs) != 0
                    ? try evaluate(args[1], inputs: &inputs) : try evaluate(args[2], inputs: &inputs)
            case "abs":
                return abs(try evaluate(args[0], inputs: &inputs))
            case "min", "max":
                var results: [Decimal] = []
                for arg in args { results.append(try evaluate(arg, inputs: &inputs)) }
                return (name == "min" ? results.min() : results.max()) ?? 0
            default:
                throw Unscorable(reason: "未知函数 \(name)")
            }
        }
    }

    private func describe(_ e: Expression) -> String {
        if case .field(let path) = e { return Expression.text(of: path) }
        return "除数"
    }

    // MARK: The formula in words

    /// The formula as a finance clerk writes it: each field by its Chinese name with its value as
    /// stated, 「÷ × + −」, and a final `* 100` of a percentage as 「× 100%」.
    func words(_ e: Expression, percent: Bool = false) -> String {
        if percent, case .binary("*", let a, .number(100)) = e { return words(a, outer: 3, right: false) + " × 100%" }
        return words(e, outer: 0, right: false)
    }

    private func words(_ e: Expression, outer: Int, right: Bool) -> String {
        switch e {
        case .number(let n):
            return show(n)
        case .field(let path):
            guard let figure = reader.figure(at: path) else { return Self.name(of: path) }
            return "\(figure.name ?? Self.name(of: path)) \(figure.shown)" + (figure.note.map { "（\($0)）" } ?? "")
        case .unary(_, let inner):
            return "−" + words(inner, outer: 4, right: false)
        case .binary(let op, let a, let b):
            let (precedence, symbol) = Self.operators[op] ?? (1, op)
            let text = words(a, outer: precedence, right: false) + " \(symbol) " + words(b, outer: precedence, right: true)
            return precedence < outer || (precedence == outer && right) ? "(\(text))" : text
        case .call(let name, let args):
            let said = args.map { words($0, outer: 0, right: false) }
            switch name {
            case "sum", "count":
                guard case .field(let path) = args[0] else { return said[0] }
                if name == "count" { return "\(Self.name(of: path))个数 \(reader.count(at: path))" }
                let total = reader.numbers(at: path).reduce(Decimal(0)) { $0 + ($1 ?? 0) }
                let yuan = if case .number(.yuan)? = ModelShape.evaluation.shape(at: path) { "元" } else { "" }
                return "\(Self.name(of: path))合计 \(show(total))\(yuan)"
            case "value":
                guard case .field(let path) = args[0], case .key(let id)? = path.first, let target = framework.byID[id]
                else { return said[0] }
                let value = (try? values[id]?.get()).map { Self.display($0, unit: target.spec.rule?.unit) } ?? ""
                return "\(target.spec.name) \(value)"
            case "abs": return "|\(said[0])|"
            case "if": return "(若 \(said[0])，则 \(said[1])，否则 \(said[2]))"
            default: return "(\(said.joined(separator: "、"))中较\(name == "min" ? "小" : "大")者)"
            }
        }
    }

    /// Each operator's precedence and how a clerk writes it.
    private static let operators: [String: (Int, String)] = [
        "+": (2, "+"), "-": (2, "−"), "*": (3, "×"), "/": (3, "÷"),
        "<": (1, "<"), "<=": (1, "≤"), ">": (1, ">"), ">=": (1, "≥"), "==": (1, "="), "!=": (1, "≠"),
    ]

    /// The Chinese name of the field at `path`; `[*]` is left out (「决算·支出·功能分类·金额」).
    static func name(of path: [PathComponent]) -> String {
        let text = path.enumerated().compactMap { i, step -> String? in
            switch step {
            case .key(let key): i == 0 ? key : "." + key
            case .index(let n): "[\(n)]"
            case .every: nil
            }
        }.joined()
        return FieldLabels.label(of: FieldPath(text))
    }

    /// A value as the clerk reads it: a percentage to two places, anything else as `show` writes it.
    static func display(_ value: Decimal, unit: String?) -> String {
        unit == "%" ? DecimalFormat.trimmed(value, decimals: 2) + "%" : show(value) + (unit ?? "")
    }

    /// A linear rule: full at or beyond the threshold; beyond it, a slope (per step) or proportional.
    static func linear(_ x: Decimal, points: Decimal, rule: ScoringRule) -> (Decimal, String) {
        let threshold = rule.fullAt?.value ?? 0
        let unit = rule.unit ?? ""
        let atMost = rule.direction == .atMost
        if !atMost, let floor = rule.floor, x < floor.value {
            return (0, "低于 \(floor)\(unit)，得 0 分")
        }
        if atMost ? x <= threshold : x >= threshold {
            return (points, "\(atMost ? "≤" : "≥") \(show(threshold))\(unit)，得满分 \(show(points)) 分")
        }
        let gap = atMost ? x - threshold : threshold - x
        if let slope = rule.slope?.value {
            let units: Decimal
            var how: String
            if let step = rule.step?.value {
                units = DecimalFormat.floor(gap / step)
                how = "每\(atMost ? "超" : "低") \(show(step))\(unit) 扣 \(show(slope)) 分"
            } else {
                units = gap
                how = "每\(atMost ? "超" : "低") 1\(unit) 扣 \(show(slope)) 分"
            }
            let score = max(points - slope * units, 0)
            how += "，\(atMost ? "超出" : "差") \(show(gap))\(unit)，得 \(show(score)) 分"
            return (score, how)
        }
        let ratio = atMost ? (x == 0 ? 1 : threshold / x) : (threshold == 0 ? 1 : x / threshold)
        let score = max(points * ratio, 0)
        return (score, "按比例：\(show(points)) × \(atMost ? "\(show(threshold)) ÷ \(show(x))" : "\(show(x)) ÷ \(show(threshold))") = \(show(score)) 分")
    }

    static func tiers(_ x: Decimal, rule: ScoringRule) -> (Decimal, String) {
        for tier in rule.tiers ?? [] where tier.contains(x) {
            return (tier.points.value, "落在区间 \(tier.text(unit: rule.unit ?? ""))，得 \(tier.points) 分")
        }
        return (0, "不在任何区间，得 0 分")
    }
}

/// A number for the basis text: at most four decimals, trailing zeros dropped.
func show(_ value: Decimal) -> String { DecimalFormat.trimmed(value, decimals: 4) }
