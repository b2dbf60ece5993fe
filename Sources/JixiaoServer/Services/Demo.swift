import Fluent
import Foundation
import JixiaoFormats
import Vapor

/// 演示数据 — a bureau to try the application with: 廉江市财政局, 廉江市总工会 with its real 2021
/// evaluation, a few more units, and one user per role.
public enum Demo {
    /// One login to print.
    public struct Login: Sendable {
        public var username: String
        public var password: String
        public var role: String
        public var unit: String?
    }

    package static let bureauName = "廉江市财政局"
    static let units: [(name: String, code: String)] = [
        ("廉江市总工会", "101"), ("廉江市教育局", "102"), ("廉江市卫生健康局", "103"), ("廉江市农业农村局", "104"),
    ]
    static let users: [(username: String, name: String, role: Role, unit: String?)] = [
        ("admin", "财政局绩效管理科", .admin, nil),
        ("reviewer", "财政局绩效审核组", .reviewer, nil),
        ("editor", "总工会填报员", .editor, "101"),
        ("jiaoyu", "教育局填报员", .editor, "102"),
    ]

    /// `password` for every demo user (none: new random ones at each seeding).
    static func passwords(_ password: String?) -> [String: String] {
        guard let password else { return [:] }
        return Dictionary(uniqueKeysWithValues: users.map { ($0.username, password) })
    }

    /// Seeds the demo into an empty database, or, when it is already there, gives its users new
    /// passwords (so the printed logins always work). `exampleYAML` is the worked example's text.
    public static func seed(_ app: Application, exampleYAML: String, passwords: [String: String] = [:]) async throws -> [Login] {
        let db = app.db
        var logins: [Login] = []
        func password(for username: String) -> String {
            passwords[username] ?? PasswordHashing.randomPassword()
        }
        if let bureau = try await Bureau.query(on: db).filter(\.$name == bureauName).first() {
            for user in try await User.query(on: db).filter(\.$bureau.$id == bureau.id!).all() where users.contains(where: { $0.username == user.username }) {
                let secret = password(for: user.username)
                user.passwordHash = try await app.passwordHashing.hash(secret)
                try await user.update(on: db)
                logins.append(Login(username: user.username, password: secret, role: user.role.label, unit: nil))
            }
            return logins
        }
        let bureau = Bureau(name: bureauName)
        try await bureau.create(on: db)
        var unitIDs: [String: UUID] = [:]
        for unit in units {
            let model = BudgetUnit(bureauID: bureau.id!, name: unit.name, code: unit.code)
            try await model.create(on: db)
            unitIDs[unit.code] = model.id!
        }
        var principals: [Role: Principal] = [:]
        for user in users {
            let secret = password(for: user.username)
            let model = User(username: user.username, displayName: user.name, role: user.role, bureauID: bureau.id!,
                             unitID: user.unit.flatMap { unitIDs[$0] }, passwordHash: try await app.passwordHashing.hash(secret))
            try await model.create(on: db)
            if principals[user.role] == nil { principals[user.role] = Principal(model) }
            logins.append(Login(username: user.username, password: secret, role: user.role.label,
                                unit: user.unit.flatMap { code in units.first { $0.code == code }?.name }))
        }
        let workflow = Workflow(app: app)
        // The year of the worked example, open for a month from now.
        let cycle = try await workflow.openCycle(by: principals[.admin]!, year: 2021, frameworkID: "national-2013",
                                                 deadline: Date().addingTimeInterval(30 * 86400))
        let submission = try await Submission.query(on: db).filter(\.$cycle.$id == cycle.id!).filter(\.$unit.$id == unitIDs["101"]!)
            .with(\.$unit).with(\.$cycle).first()!
        let analysis = try Analysis.analyse(yaml: exampleYAML, framework: app.frameworks.framework(cycle.frameworkID))
        try await workflow.save(SubmissionContext(principal: principals[.editor]!, submission: submission, unit: submission.unit, cycle: submission.cycle),
                                by: principals[.editor]!, analysis: analysis, source: "演示数据", base: submission.revisionNumber)
        return logins
    }
}
