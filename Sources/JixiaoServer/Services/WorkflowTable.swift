import Foundation
import JixiaoCore

/// 报送操作 — what someone can do to a submission in the evaluation cycle.
enum SubmissionAction: String, CaseIterable, Sendable {
    /// 保存 — a new revision (forms, text, upload).
    case save
    /// 报送 — lock it for review.
    case submit
    /// 审核意见 — a reviewer's comment on a field.
    case comment
    /// 复核评分 — a reviewer's answers to the judgement items.
    case score
    /// 退回 — back to the unit.
    case returnToUnit = "return"
    /// 通过 — accept the current revision.
    case accept
    /// 公开 — publish the accepted revision's package.
    case publish

    var label: String {
        switch self {
        case .save: "修改"
        case .submit: "报送"
        case .comment: "提出审核意见"
        case .score: "复核评分"
        case .returnToUnit: "退回"
        case .accept: "通过"
        case .publish: "公开"
        }
    }

    /// What the page says and asks to be confirmed before an action its actor cannot take back
    /// (a step of its own, so that it works without a script); nil: done at once.
    var confirmation: String? {
        switch self {
        case .submit: "报送后自评锁定，本单位不能再修改，由财政局审核；需要修改时，须由审核人员退回。"
        case .publish: "公开后，自评报告和表格向所有人公开，并公布每个文件和整个材料包的 SHA-256；公开不能撤回。"
        default: nil
        }
    }
}

/// 流程表 — the evaluation cycle in one table: in which status each action is possible, the
/// status it leads to, and the permission (`AccessPolicy`) it needs. Services, pages and the API
/// ask this table; none of them repeats a status test of its own.
enum WorkflowTable {
    struct Transition: Sendable {
        var from: SubmissionStatus
        var action: SubmissionAction
        var to: SubmissionStatus
        var permission: Permission
    }

    /// status × action → status, and who may do it. An action absent for a status is refused.
    static let transitions: [Transition] = [
        Transition(from: .draft, action: .save, to: .draft, permission: .editSubmission),
        Transition(from: .returned, action: .save, to: .returned, permission: .editSubmission),
        Transition(from: .draft, action: .submit, to: .submitted, permission: .editSubmission),
        Transition(from: .returned, action: .submit, to: .submitted, permission: .editSubmission),
        Transition(from: .submitted, action: .comment, to: .submitted, permission: .review),
        Transition(from: .submitted, action: .score, to: .submitted, permission: .review),
        Transition(from: .submitted, action: .returnToUnit, to: .returned, permission: .review),
        Transition(from: .submitted, action: .accept, to: .accepted, permission: .review),
        Transition(from: .accepted, action: .publish, to: .published, permission: .publish),
    ]

    /// The transition of `action` from `status`, if the table has one.
    static func transition(_ action: SubmissionAction, from status: SubmissionStatus) -> Transition? {
        transitions.first { $0.from == status && $0.action == action }
    }

    /// The status `action` leads to from `status`; throws `WorkflowRefused`, in Chinese, when the
    /// table has no such transition.
    static func require(_ action: SubmissionAction, from status: SubmissionStatus) throws -> SubmissionStatus {
        guard let transition = transition(action, from: status) else {
            let possible = transitions.filter { $0.action == action }.map(\.from.label)
            throw WorkflowRefused(reason: "自评\(status.label)，不能\(action.label)（只有\(possible.joined(separator: "、"))的自评可以\(action.label)）")
        }
        return transition.to
    }

    /// Whether `principal` may do `action` on the submission now: the table's transition exists
    /// and the policy grants its permission for the submission's unit.
    static func allows(_ principal: Principal?, _ action: SubmissionAction, on context: SubmissionContext) -> Bool {
        guard let transition = transition(action, from: context.submission.status) else { return false }
        return AccessPolicy.allows(principal, transition.permission, unit: context.unit.id, bureau: context.unit.$bureau.id)
    }

    /// 正式稿或草稿 — the one package policy: a package is final (no 「草稿」 mark) only when the
    /// report lacks nothing it must contain and no figure disagrees with another (`arithmeticRules`);
    /// otherwise it is rendered as a draft with each gap marked. Submitting needs only the second.
    static func packageIsFinal(missing: [String], arithmeticErrors: [Finding]) -> Bool {
        missing.isEmpty && arithmeticErrors.isEmpty
    }

    /// What must hold of the current revision before `submit`: years that are the cycle's, and
    /// figures that agree.
    static func submitRefusal(arithmeticErrors: [Finding], yearErrors: [Finding]) -> String? {
        var refusals: [String] = []
        if !yearErrors.isEmpty { refusals.append("年度不符（" + yearErrors.map(\.message).joined(separator: "；") + "）") }
        if !arithmeticErrors.isEmpty { refusals.append("数字有误（\(arithmeticErrors.count) 处合计、同比或比率不符）") }
        return refusals.isEmpty ? nil : refusals.joined(separator: "；") + "，请改正后再报送"
    }
}
