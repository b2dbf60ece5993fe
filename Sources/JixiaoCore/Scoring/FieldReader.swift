import Foundation

/// Reads the figures a formula names from an evaluation: money in 元, percentages in
/// percentage points, counts as numbers. Besides the file's own fields it offers a few
/// figures derived from them under `derived.` (see `DerivedFigure`).
public final class FieldReader {
    public let evaluation: Evaluation
    /// Values reached by each path prefix already walked: formulas share prefixes such as
    /// `final_accounts.expenditure`, and reflection is the slow part of reading.
    private var reached: [[PathComponent]: [Any]] = [:]

    public init(_ evaluation: Evaluation) { self.evaluation = evaluation }

    /// What a path reads: one number, or nil when the file does not state it.
    public func number(at path: [PathComponent]) -> Decimal? {
        if case .key("derived") = path.first {
            guard path.count == 2, case .key(let name) = path[1], let figure = DerivedFigure(rawValue: name) else {
                return nil
            }
            return figure.value(in: evaluation)
        }
        guard let value = values(at: path).first, let value else { return nil }
        return value
    }

    /// Every number a path with `[*]` reads, nil where an element lacks the field.
    public func numbers(at path: [PathComponent]) -> [Decimal?] { values(at: path) }

    /// How many elements a path reaches (a list's length, or the matches of `[*]`).
    public func count(at path: [PathComponent]) -> Int {
        let nodes = walk(path)
        if path.last != .every, nodes.count == 1, let list = unwrap(nodes[0]),
           Mirror(reflecting: list).displayStyle == .collection
        {
            return Mirror(reflecting: list).children.count
        }
        return nodes.count
    }

    private func values(at path: [PathComponent]) -> [Decimal?] { walk(path).map(Self.numeric) }

    private func walk(_ path: [PathComponent]) -> [Any] {
        if path.isEmpty { return [evaluation] }
        if let known = reached[path] { return known }
        let nodes = walk(Array(path.dropLast())).flatMap { step($0, path[path.count - 1]) }
        reached[path] = nodes
        return nodes
    }

    private func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.flatMap { unwrap($0.value) }
    }

    private func step(_ value: Any, _ component: PathComponent) -> [Any] {
        guard let value = unwrap(value) else { return [] }
        let mirror = Mirror(reflecting: value)
        switch component {
        case .key(let key):
            // Compare with the property name, so that no label is converted on the way.
            let property = FieldPath.propertyName(key)
            guard mirror.displayStyle == .struct,
                  let child = mirror.children.first(where: { $0.label == property }),
                  let present = unwrap(child.value)
            else { return [] }
            return [present]
        case .index(let i):
            guard mirror.displayStyle == .collection, i >= 0, i < mirror.children.count else { return [] }
            return [Array(mirror.children)[i].value]
        case .every:
            guard mirror.displayStyle == .collection else { return [] }
            return mirror.children.map(\.value)
        }
    }

    static func numeric(_ value: Any) -> Decimal? {
        switch value {
        case let amount as Amount: amount.yuan
        case let change as AmountChange: change.amount.yuan
        case let percent as Percent: percent.number.value
        case let number as StatedNumber: number.value
        case let quantity as Quantity: quantity.number.value
        case let int as Int: Decimal(int)
        case let bool as Bool: bool ? 1 : 0
        default: nil
        }
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

    public var title: String {
        switch self {
        case .inService: "在职人数（填报的实际在职人数，或财政供养人员中在职部分之和）"
        case .taskCount: "重点工作任务数"
        case .tasksReported: "已报告完成情况的任务数"
        case .targetCount: "任务目标数"
        case .targetsMet: "已达成的任务目标数"
        }
    }

    func value(in evaluation: Evaluation) -> Decimal? {
        let tasks = evaluation.work?.allTasks.map(\.task) ?? []
        let targets = tasks.flatMap { $0.targets ?? [] }
        switch self {
        case .inService:
            if let stated = evaluation.staffing?.inService { return Decimal(stated) }
            let parts = evaluation.staffing?.supported?.parts?.filter { $0.status == .inService } ?? []
            return parts.isEmpty ? nil : Decimal(parts.reduce(0) { $0 + $1.count })
        case .taskCount: return Decimal(tasks.count)
        case .tasksReported: return Decimal(tasks.filter(\.isReported).count)
        case .targetCount: return Decimal(targets.count)
        case .targetsMet: return Decimal(targets.filter { t in t.actual.map(t.isMet) ?? false }.count)
        }
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
