import Fluent
import Foundation

/// 财政局 — a finance bureau: it opens the yearly evaluation, reviews its units and publishes.
package final class Bureau: Model, @unchecked Sendable {
    package static let schema = "bureaus"

    @ID(key: .id) package var id: UUID?
    /// 名称, e.g. 廉江市财政局.
    @Field(key: "name") package var name: String

    package init() {}

    package init(id: UUID? = nil, name: String) {
        self.id = id
        self.name = name
    }
}

/// 预算单位 — a budget unit of a bureau; it owes the bureau one self-evaluation a year.
package final class BudgetUnit: Model, @unchecked Sendable {
    package static let schema = "budget_units"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "bureau_id") package var bureau: Bureau
    /// 单位名称, e.g. 廉江市总工会.
    @Field(key: "name") package var name: String
    /// 单位编码 as the bureau numbers its units.
    @Field(key: "code") package var code: String

    package init() {}

    package init(id: UUID? = nil, bureauID: UUID, name: String, code: String) {
        self.id = id
        self.$bureau.id = bureauID
        self.name = name
        self.code = code
    }
}

/// 角色 — what a user is to the bureau.
package enum Role: String, Codable, CaseIterable, Sendable {
    /// 财政局管理员: units, users, evaluation years, publication.
    case admin
    /// 财政局审核人员: reviews every unit of the bureau.
    case reviewer
    /// 单位填报人员: edits and submits its own unit's evaluation only.
    case editor

    /// The role's name as users read it.
    package var label: String {
        switch self {
        case .admin: "财政局管理员"
        case .reviewer: "财政局审核人员"
        case .editor: "单位填报人员"
        }
    }
}

/// 用户 — a person who logs in: a bureau admin or reviewer, or a unit's editor.
package final class User: Model, @unchecked Sendable {
    package static let schema = "users"

    @ID(key: .id) package var id: UUID?
    /// 登录名, unique.
    @Field(key: "username") package var username: String
    /// 姓名 as shown on pages and in the audit log.
    @Field(key: "display_name") package var displayName: String
    @Field(key: "role") package var role: Role
    @Parent(key: "bureau_id") package var bureau: Bureau
    /// The unit an editor works for; nil for the bureau's own staff.
    @OptionalParent(key: "unit_id") package var unit: BudgetUnit?
    /// Bcrypt hash of the password; the password itself is never stored.
    @Field(key: "password_hash") package var passwordHash: String

    package init() {}

    package init(id: UUID? = nil, username: String, displayName: String, role: Role, bureauID: UUID, unitID: UUID?, passwordHash: String) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.$bureau.id = bureauID
        self.$unit.id = unitID
        self.passwordHash = passwordHash
    }
}
