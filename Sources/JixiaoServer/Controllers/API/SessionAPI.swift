import Vapor

/// `/api/v1/session`, `/api/v1/me`: log in and out with JSON. The API uses the same session
/// cookie as the pages; every request that changes something sends the `csrfToken` of the login
/// answer as the `X-CSRF-Token` header.
struct SessionAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let open = routes.grouped(RequirePermission(permission: .readPublished))
        open.post("session", use: login)
        open.delete("session", use: logout)
        routes.grouped(RequirePermission(permission: .signedIn)).get("me", use: me)
    }

    struct Me: Content {
        var username: String
        var displayName: String
        var role: String
        var roleLabel: String
        var unitID: UUID?
        var csrfToken: String
    }

    static func me(_ req: Request, _ principal: Principal) -> Me {
        Me(username: principal.username, displayName: principal.displayName, role: principal.role.rawValue,
           roleLabel: principal.role.label, unitID: principal.unitID, csrfToken: CSRF.token(for: req))
    }

    func login(req: Request) async throws -> Response {
        let credentials = try req.content.decode(SessionPages.Credentials.self)
        switch try await Login(request: req).attempt(username: credentials.username, password: credentials.password) {
        case .success(let principal):
            let response = try await Self.me(req, principal).encodeResponse(status: .ok, for: req)
            req.application.deviceCookie.remember(credentials.username, for: req, on: response)
            return response
        case .failure:
            throw Abort(.unauthorized, reason: "登录名或密码错误")
        case .throttled(let wait, let busy):
            throw Abort(.tooManyRequests, headers: ["Retry-After": "\(wait)"], reason: SessionPages.throttledMessage(wait, busy: busy))
        }
    }

    func logout(req: Request) async throws -> HTTPStatus {
        try await Login(request: req).logout()
        return .noContent
    }

    func me(req: Request) async throws -> Me {
        Self.me(req, try req.access.principal(.signedIn))
    }
}
