import Fluent
import Foundation
import JixiaoServer
import Vapor
/// The load test's units, seeded by `jixiao-bench serve --load-test-units`.
public enum LoadTestUnits {
    public static let password = "load-test-password"

    /// `jixiao serve --demo` with `units` load-test units; the demo users' password is theirs too, so
    /// that several processes on one database, and each restart, keep the same logins.
    public static func serve(hostname: String, port: Int, dataDirectory: String, units: Int,
                             print output: @escaping @Sendable (String) -> Void) async throws {
        try await JixiaoWebServer.run(hostname: hostname, port: port, dataDirectory: dataDirectory, demo: true,
                                      exampleYAML: JixiaoWebServer.exampleYAML(),
                                      demoPassword: password, prepare: { app in
            let count = try await seed(app, count: units, password: password)
            output("压测单位：\(count) 个（load0001 … / \(password)，仅供压测）")
        }, print: output)
    }

    /// 压测单位 — `count` more units of the demo bureau, each with an editor `load0001`, … who all
    /// share `password`, and a draft for the demo year: for the load test only. The one password
    /// is hashed once at Bcrypt's lowest cost, so that a thousand logins measure the saves, not
    /// the hashing; never use these accounts for real data.
    static func seed(_ app: Application, count: Int, password: String) async throws -> Int {
        guard let bureau = try await Bureau.query(on: app.db).filter(\.$name == Demo.bureauName).first(),
            let cycle = try await Cycle.query(on: app.db).filter(\.$bureau.$id == bureau.id!).sort(\.$year, .descending).first()
        else { throw Abort(.internalServerError, reason: "请先建立演示数据（--demo）") }
        let hash = try Bcrypt.hash(password, cost: 4)
        let existing = try await User.query(on: app.db).filter(\.$username, .contains(inverse: false, .prefix), "load").count()
        guard existing < count else { return existing }
        try await app.db.transaction { db in
            let now = Date()
            for i in (existing + 1)...count {
                let code = String(format: "L%04d", i)
                let unit = BudgetUnit(bureauID: bureau.id!, name: "压测单位\(code)", code: code)
                try await unit.create(on: db)
                try await User(username: String(format: "load%04d", i), displayName: "压测填报员\(code)", role: .editor, bureauID: bureau.id!,
                               unitID: unit.id!, passwordHash: hash).create(on: db)
                try await Submission(unitID: unit.id!, cycleID: cycle.id!, at: now).create(on: db)
            }
        }
        return count
    }
}
