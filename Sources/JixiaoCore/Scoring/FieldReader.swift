import Foundation

/// Reads the figures a formula names from an evaluation: money in 元, percentages in
/// percentage points, counts as numbers, each with its text as stated. Besides the file's own
/// fields it offers a few figures derived from them under `derived.` (see `DerivedFigure`).
///
/// The evaluation is walked once, by the model's own `Encodable` code (no reflection), into a
/// tree of only what the paths the reader was made for lead to.
public final class FieldReader {
    public let evaluation: Evaluation
    private let root: FigureNode
    /// The framework's 预算数, for `derived.budget`.
    private let budgetBasis: BudgetBasis?
    /// Every derived figure, made on the first asked (they share the list of tasks).
    private lazy var derived: [DerivedFigure: FormulaFigure] = DerivedFigure.values(in: evaluation, budgetBasis: budgetBasis)

    /// A reader of the paths in `trie` (a framework's formulas' paths), with the framework's 预算数.
    init(_ evaluation: Evaluation, reading trie: PathTrie, budgetBasis: BudgetBasis?) {
        self.evaluation = evaluation
        self.budgetBasis = budgetBasis
        root = FigureNode()
        try? evaluation.encode(to: FigureEncoder(node: root, trie: trie))
    }

    /// What a path reads: one figure, or nil when the file does not state it.
    public func figure(at path: [PathComponent]) -> FormulaFigure? {
        if case .key("derived") = path.first {
            guard path.count == 2, case .key(let name) = path[1], let figure = DerivedFigure(rawValue: name) else {
                return nil
            }
            return derived[figure]
        }
        guard let node = walk(path).first, let value = node.number else { return nil }
        return FormulaFigure(value: value, shown: node.shown ?? show(value))
    }

    /// Every number a path with `[*]` reads, nil where an element lacks the field.
    public func numbers(at path: [PathComponent]) -> [Decimal?] { values(at: path) }

    /// How many elements a path reaches (a list's length, or the matches of `[*]`).
    public func count(at path: [PathComponent]) -> Int {
        let nodes = walk(path)
        if path.last != .every, nodes.count == 1, let elements = nodes[0].elements { return elements.count }
        return nodes.count
    }

    private func values(at path: [PathComponent]) -> [Decimal?] { walk(path).map(\.number) }

    /// The tree holds only what the paths lead to: walked again for each path, a lookup of a
    /// short key per step.
    private func walk(_ path: [PathComponent]) -> [FigureNode] {
        var nodes = [root]
        for component in path { nodes = nodes.count == 1 ? nodes[0].step(component) : nodes.flatMap { $0.step(component) } }
        return nodes
    }
}

/// The paths a reader is made for, as a tree: the walk descends only where one leads. A list's
/// elements are one branch, whichever index or `[*]` the paths name.
final class PathTrie: Sendable {
    /// The branches by the model's coding key (`byFunction`), each with the file key (`by_function`)
    /// it stands for: the walk meets every coding key of the model, and need not write each as a
    /// file key to find that no path goes there. A short list, searched in order: a branch has
    /// a few keys, and comparing short strings costs less than hashing them.
    let keys: [(codingKey: String, fileKey: String, trie: PathTrie)]
    let elements: PathTrie?

    /// The branch a coding key leads to, if any.
    func branch(_ codingKey: String) -> (fileKey: String, trie: PathTrie)? {
        for key in keys where key.codingKey == codingKey { return (key.fileKey, key.trie) }
        return nil
    }

    init(_ paths: [[PathComponent]]) {
        var byKey: [String: [[PathComponent]]] = [:], byElement: [[PathComponent]] = []
        for path in paths {
            guard let first = path.first else { continue }
            switch first {
            case .key(let key): byKey[key, default: []].append(Array(path.dropFirst()))
            case .index, .every: byElement.append(Array(path.dropFirst()))
            }
        }
        var keys: [(codingKey: String, fileKey: String, trie: PathTrie)] = []
        for (fileKey, rest) in byKey.sorted(by: { $0.key < $1.key }) {
            let trie = PathTrie(rest)
            // The coding keys that `FieldPath.fileKey` writes as this key: itself, and its camel case.
            let property = FieldPath.propertyName(fileKey)
            for codingKey in Set([fileKey, property]) where FieldPath.fileKey(codingKey) == fileKey {
                keys.append((codingKey, fileKey, trie))
            }
        }
        self.keys = keys
        elements = byElement.isEmpty ? nil : PathTrie(byElement)
    }
}

/// A figure a formula reads: its number (money in 元, a percentage in points) and its text as the
/// basis shows it (`285.58万元`, `5.6%`, `11`), and for a derived figure its name and how it was had.
public struct FormulaFigure: Sendable, Equatable {
    public var value: Decimal
    public var shown: String
    /// The name, when it depends on the evaluation (全年预算数 or 年初预算数); else the field's.
    public var name: String? = nil
    /// How the figure was had, when that is not plain: 「未填报全年预算数」.
    public var note: String? = nil
}

/// A value of the evaluation as a formula sees it: a record's fields by file key, a list's
/// elements, or one value (a number, or nil for a text, a date or a choice). A list's elements
/// are all there, even where no path goes into them, so that it can be counted.
final class FigureNode {
    var fields: [String: FigureNode]?
    var elements: [FigureNode]?
    var number: Decimal?
    /// The number as stated, for the basis.
    var shown: String?

    func step(_ component: PathComponent) -> [FigureNode] {
        switch component {
        case .key(let key): fields?[key].map { [$0] } ?? []
        case .index(let i): elements.flatMap { i >= 0 && i < $0.count ? [$0[i]] : nil } ?? []
        case .every: elements ?? []
        }
    }
}

/// A figure a formula reads as one number: money in 元, a percentage in points, a count; its
/// `description` is the text as stated. Every conforming type is in `formulaNumberTypes`.
protocol FormulaNumber: CustomStringConvertible { var formulaValue: Decimal { get } }
extension Amount: FormulaNumber { var formulaValue: Decimal { yuan } }
extension AmountChange: FormulaNumber { var formulaValue: Decimal { amount.yuan } }
extension Percent: FormulaNumber { var formulaValue: Decimal { number.value } }
extension StatedNumber: FormulaNumber { var formulaValue: Decimal { value } }
extension Quantity: FormulaNumber { var formulaValue: Decimal { number.value } }

/// The `FormulaNumber` types by identity: the walk tells a figure by comparing its type, where a
/// conformance cast would look the type up at run time for every value walked.
private let formulaNumberTypes = ([Amount.self, AmountChange.self, Percent.self, StatedNumber.self, Quantity.self] as [any FormulaNumber.Type])
    .map { ObjectIdentifier($0) }

/// Walks the evaluation into `FigureNode`s, following the trie. Absent optional fields are not
/// encoded, so they are not there, as a formula expects of what the file does not state.
private struct FigureEncoder: Encoder {
    let node: FigureNode
    let trie: PathTrie
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.fields == nil { node.fields = [:] }
        return KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return Unkeyed(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node) }

    /// The value `value` at `node` (a number is read, anything else walked further).
    static func take<T: Encodable>(_ value: T, at node: FigureNode, _ trie: PathTrie) throws {
        if formulaNumberTypes.contains(ObjectIdentifier(T.self)), let figure = value as? FormulaNumber {
            node.number = figure.formulaValue
            node.shown = figure.description
        } else { try value.encode(to: FigureEncoder(node: node, trie: trie)) }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: FigureEncoder
        var codingPath: [any CodingKey] { [] }

        /// The field's node, when a path goes there.
        private func field(_ key: Key) -> (FigureNode, PathTrie)? {
            guard let (name, trie) = encoder.trie.branch(key.stringValue) else { return nil }
            let node = FigureNode()
            encoder.node.fields?[name] = node
            return (node, trie)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            guard let (node, trie) = field(key) else { return }
            try FigureEncoder.take(value, at: node, trie)
        }
        mutating func encode(_ value: String, forKey key: Key) throws { _ = field(key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { field(key)?.0.number = value ? 1 : 0 }
        mutating func encode(_ value: Int, forKey key: Key) throws { field(key)?.0.number = Decimal(value) }
        mutating func encodeNil(forKey key: Key) throws {}
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let (node, trie) = field(key) ?? (FigureNode(), PathTrie([]))
            return FigureEncoder(node: node, trie: trie).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let (node, trie) = field(key) ?? (FigureNode(), PathTrie([]))
            return FigureEncoder(node: node, trie: trie).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let (node, trie) = field(key) ?? (FigureNode(), PathTrie([]))
            return FigureEncoder(node: node, trie: trie)
        }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: FigureEncoder
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.node.elements?.count ?? 0 }

        /// The next element's node; walked into only when a path goes into the elements.
        private func next() -> (FigureNode, PathTrie?) {
            let node = FigureNode()
            encoder.node.elements?.append(node)
            return (node, encoder.trie.elements)
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            let (node, trie) = next()
            if let trie { try FigureEncoder.take(value, at: node, trie) }
        }
        mutating func encode(_ value: String) throws { _ = next() }
        mutating func encode(_ value: Bool) throws { next().0.number = value ? 1 : 0 }
        mutating func encode(_ value: Int) throws { next().0.number = Decimal(value) }
        mutating func encodeNil() throws { _ = next() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let (node, trie) = next()
            return FigureEncoder(node: node, trie: trie ?? PathTrie([])).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let (node, trie) = next()
            return FigureEncoder(node: node, trie: trie ?? PathTrie([])).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder {
            let (node, trie) = next()
            return FigureEncoder(node: node, trie: trie ?? PathTrie([]))
        }
    }

    /// One value: an integer or a boolean is a number; a text, a date or a choice is not.
    private struct Single: SingleValueEncodingContainer {
        let node: FigureNode
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() throws {}
        mutating func encode(_ value: String) throws {}
        mutating func encode(_ value: Bool) throws { node.number = value ? 1 : 0 }
        mutating func encode(_ value: Int) throws { node.number = Decimal(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try FigureEncoder.take(value, at: node, PathTrie([])) }
    }
}

/// 派生数 — figures a formula may read that the file implies without stating them.
public enum DerivedFigure: String, CaseIterable, Sendable {
    /// 在职人数: stated, or the in-service parts of the fiscally supported persons.
    case inService = "in_service"
    /// 重点工作任务数.
    case taskCount = "task_count"
    /// 已报告完成的任务数: a result, or every target with its actual value.
    case tasksReported = "tasks_reported"
    /// 目标数 and 已达成的目标数 (actual at or beyond the target).
    case targetCount = "target_count"
    case targetsMet = "targets_met"
    /// 预算数 on the framework's basis (`budget_basis`): the full-year budget (falling back to the
    /// year-start one when it is not known), or the year-start budget.
    case budget
    /// 预算调整数: 追加 + 追减, or |全年预算数 − 年初预算数| when no adjustment is stated.
    case budgetAdjustment = "budget_adjustment"
    /// 上年“三公”经费预算数: stated, or this year's less the stated change.
    case threePublicLastYear = "three_public_last_year"

    /// The Chinese name.
    public var title: String {
        switch self {
        case .inService: "在职人数"
        case .taskCount: "重点工作任务数"
        case .tasksReported: "已报告完成情况的任务数"
        case .targetCount: "任务目标数"
        case .targetsMet: "已达成的任务目标数"
        case .budget: "预算数"
        case .budgetAdjustment: "预算调整数"
        case .threePublicLastYear: "上年“三公”经费预算数"
        }
    }

    /// Every derived figure the evaluation has (in-service staff and the budget figures may be unknown).
    static func values(in evaluation: Evaluation, budgetBasis: BudgetBasis?) -> [DerivedFigure: FormulaFigure] {
        let tasks = evaluation.work?.allTasks.map(\.task) ?? []
        let targets = tasks.flatMap { $0.targets ?? [] }
        func count(_ n: Int) -> FormulaFigure { FormulaFigure(value: Decimal(n), shown: "\(n)") }
        var values: [DerivedFigure: FormulaFigure] = [
            .taskCount: count(tasks.count),
            .tasksReported: count(tasks.filter(\.isReported).count),
            .targetCount: count(targets.count),
            .targetsMet: count(targets.filter { t in t.actual.map(t.isMet) ?? false }.count),
        ]
        if let stated = evaluation.staffing?.inService {
            values[.inService] = count(stated)
        } else if let parts = evaluation.staffing?.supported?.parts?.filter({ $0.status == .inService }), !parts.isEmpty {
            values[.inService] = count(parts.reduce(0) { $0 + $1.count })
        }
        let budget = evaluation.budget
        if let figure = budget?.budget(on: budgetBasis) {
            let fellBack = figure.basis == .yearStart && budgetBasis != .yearStart
            values[.budget] = FormulaFigure(
                value: figure.yuan, shown: figure.text, name: figure.basis.label,
                note: fellBack ? "未填报全年预算数" : figure.isDerived ? "年初预算数 + 追加 − 追减" : nil)
        }
        if let adjustment = budget?.adjustmentTotal {
            let stated = budget?.adjustments?.added != nil && budget?.adjustments?.reduced != nil
            values[.budgetAdjustment] = FormulaFigure(value: adjustment.yuan, shown: adjustment.text,
                                                      note: stated ? "追加 + 追减" : "|全年预算数 − 年初预算数|")
        }
        if let total = budget?.threePublic?.total {
            if let last = total.lastYear {
                values[.threePublicLastYear] = FormulaFigure(value: last.yuan, shown: last.description)
            } else if let amount = total.amount, let change = total.change?.amount {
                let yuan = amount.yuan - change.yuan
                values[.threePublicLastYear] = FormulaFigure(value: yuan, shown: amount.formatted(yuan: yuan))
            }
        }
        return values
    }
}

extension WorkTask {
    /// True when the task reports what it achieved.
    public var isReported: Bool {
        let hasResult = !(result?.summary ?? "").isEmpty || !(result?.evidence ?? []).isEmpty
        let targets = self.targets ?? []
        return hasResult || (!targets.isEmpty && targets.allSatisfy { $0.actual != nil })
    }
}

extension TaskTarget {
    /// True when the actual reaches the target (an actual with no comparable value does not).
    func isMet(_ actual: TargetActual) -> Bool {
        switch kind {
        case .count, .atLeast, .split: actual.value.map { $0.value >= (value?.value ?? 0) } ?? (actual.achieved == true)
        case .range: actual.value.map { $0.value >= (min?.value ?? 0) } ?? (actual.achieved == true)
        case .percentage: actual.percent.map { $0.number.value >= (percent?.number.value ?? 0) } ?? (actual.achieved == true)
        case .deadline: actual.date.map { $0 <= (deadline ?? $0) } ?? (actual.achieved == true)
        case .yesNo: actual.achieved == true
        }
    }
}
