import Fluent
import SQLKit
import Vapor

/// `GET /healthz` — for the reverse proxy and the service manager: 200 when the database answers
/// and holds every migration this version runs, else 503 with the reason. It needs no login and
/// stores nothing (no session, no log entry).
struct HealthCheck: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: check)
    }

    struct Health: Content {
        var status: String
        var reason: String?
    }

    func check(req: Request) async -> Response {
        let health: Health
        do {
            let rows = try await (req.db as! any SQLDatabase).select().column("name").from("_fluent_migrations").all()
            let done = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
            let missing = migrations.filter { !done.contains($0.name) }.count
            health = missing == 0 ? Health(status: "ok") : Health(status: "unavailable", reason: "数据库尚未迁移完：缺 \(missing) 项迁移")
        } catch {
            health = Health(status: "unavailable", reason: "数据库无法访问")
        }
        let response = Response(status: health.status == "ok" ? .ok : .serviceUnavailable)
        try? response.content.encode(health, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
