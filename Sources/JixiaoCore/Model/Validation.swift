import Foundation

/// A structural problem: the file can be read but a value breaks the model's own rules
/// (an unknown classification code, a target missing the field its kind needs).
public struct StructuralProblem: Equatable, Sendable {
    public var path: FieldPath
    public var message: String

    public init(path: FieldPath, message: String) {
        self.path = path
        self.message = message
    }
}

extension Evaluation {
    /// Every structural problem, in file order. A file with any of them is not checked further.
    public func structuralProblems() -> [StructuralProblem] {
        var problems: [StructuralProblem] = []
        if format != Evaluation.currentFormat {
            problems.append(.init(path: "format", message: "不支持的文件格式「\(format)」：应为 \(Evaluation.currentFormat)"))
        }
        let expenditure: FieldPath = "final_accounts.expenditure"
        for (lines, key, classification) in [
            (finalAccounts?.expenditure?.byFunction, "by_function", Classification.functional),
            (finalAccounts?.expenditure?.byEconomic, "by_economic", Classification.economic),
        ] {
            for (i, line) in (lines ?? []).enumerated() {
                if let message = classification.problem(with: line.code) {
                    problems.append(.init(path: (expenditure / key)[i] / "code", message: message))
                }
            }
        }
        for (c, i, task) in work?.allTasks ?? [] {
            let taskPath = (FieldPath("work.categories")[c] / "tasks")[i]
            for (t, target) in (task.targets ?? []).enumerated() {
                for (key, present) in target.requiredFields where !present {
                    problems.append(.init(path: (taskPath / "targets")[t],
                                          message: "目标类型 \(target.kind.rawValue) 需要填写字段「\(key)」"))
                }
                if let min = target.min, let max = target.max, min.value > max.value {
                    problems.append(.init(path: (taskPath / "targets")[t] / "min",
                                          message: "区间目标的下限 \(min) 大于上限 \(max)"))
                }
            }
        }
        return problems
    }
}
