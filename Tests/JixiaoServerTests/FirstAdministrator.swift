import Fluent
import Foundation
import Testing
@testable import JixiaoServer

/// A new site's first admin (`jixiao serve --create-admin NAME --bureau 名称`, README 部署): on an
/// empty database the bureau and its admin are made; the admin logs in and makes units and users.
enum FirstAdministrator {
    static func createOnNewSite(_ backend: Backend) async throws {
        try await withDatabase(backend) { database in
            let app = try await database.start()
            let workflow = Workflow(app: app)
            _ = try await workflow.createFirstAdministrator(bureauName: "廉江市财政局", username: "kezhang",
                                                            displayName: "廉江市财政局管理员", password: "first-password")
            // The same name again is refused; a second admin of the same bureau shares its bureau.
            await #expect(throws: WorkflowRefused.self) {
                try await workflow.createFirstAdministrator(bureauName: "廉江市财政局", username: "kezhang",
                                                            displayName: "", password: "other-password")
            }
            _ = try await workflow.createFirstAdministrator(bureauName: "廉江市财政局", username: "fuzhang",
                                                            displayName: "", password: "second-password")
            #expect(try await Bureau.query(on: app.db).count() == 1)
            #expect(try await User.query(on: app.db).filter(\.$role == .admin).count() == 2)
            let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "user.create").first())
            #expect(event.actorName == "服务器命令行" && event.actorID == nil && event.bureauID != nil)

            let admin = Client(app)
            #expect(try await admin.json(.POST, "/api/v1/session", ["username": "kezhang", "password": "first-password"]).status == .ok)
            let unit = try await admin.json(.POST, "/api/v1/units", ["name": "廉江市总工会", "code": "101"])
            #expect(unit.status == .created)
            let unitID = try #require((try unit.json() as? [String: Any])?["id"] as? String)
            #expect(try await admin.json(.POST, "/api/v1/users", ["username": "editor", "role": "editor", "unitID": unitID,
                                                                  "password": "editor-password"]).status == .created)
        }
    }
}
