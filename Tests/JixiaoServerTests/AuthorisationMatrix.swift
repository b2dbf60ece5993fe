import Foundation
import Testing
import Fluent
import SQLKit
import Vapor
import VaporTesting
@testable import JixiaoServer

/// Every registered route tried as every role; the roles let through must be exactly those
/// listed here. Written out by hand, not derived from the policy, so a change of either shows.
enum AuthorisationMatrix {
    enum Who: String, CaseIterable, CustomStringConvertible {
        case admin, reviewer, editor, otherEditor, anonymous
        var description: String { rawValue }
        var username: String? {
            switch self {
            case .admin: "admin"
            case .reviewer: "reviewer"
            case .editor: "editor"
            case .otherEditor: "jiaoyu"
            case .anonymous: nil
            }
        }
    }

    static let everyone: Set<Who> = Set(Who.allCases)
    static let signedIn: Set<Who> = [.admin, .reviewer, .editor, .otherEditor]
    static let viewers: Set<Who> = [.admin, .reviewer, .editor]
    static let unit: Set<Who> = [.editor]
    static let bureau: Set<Who> = [.admin, .reviewer]

    /// Route → who may use it.
    static let expected: [String: Set<Who>] = [
        "GET /": everyone,
        "GET /login": everyone,
        "POST /login": everyone,
        // Logging out needs the session's token: a visitor without a session has none to send
        // (the login page stores no session for them).
        "POST /logout": signedIn,
        "GET /published/:publicationID": everyone,
        "GET /published/:publicationID/manifest.txt": everyone,
        "GET /published/:publicationID/files/:position": everyone,
        "GET /submissions": signedIn,
        "GET /submissions/:submissionID": viewers,
        "GET /submissions/:submissionID/preview": viewers,
        "GET /submissions/:submissionID/package.zip": viewers,
        "GET /submissions/:submissionID/revisions/:number": viewers,
        "GET /submissions/:submissionID/diff": viewers,
        "GET /submissions/:submissionID/view/:part": viewers,
        "GET /submissions/:submissionID/edit": unit,
        "GET /submissions/:submissionID/edit/:part": unit,
        "POST /submissions/:submissionID/edit/:part": unit,
        "GET /submissions/:submissionID/text": unit,
        "POST /submissions/:submissionID/text": unit,
        "POST /submissions/:submissionID/upload": unit,
        "POST /submissions/:submissionID/start": unit,
        "POST /submissions/:submissionID/start/report": unit,
        "GET /submissions/:submissionID/workbook.xlsx": viewers,
        "GET /submissions/:submissionID/projects": viewers,
        "POST /submissions/:submissionID/projects": unit,
        "GET /submissions/:submissionID/projects/:project": unit,
        "POST /submissions/:submissionID/projects/:project": unit,
        "GET /submissions/:submissionID/projects/:project/view": viewers,
        "POST /submissions/:submissionID/check": unit,
        "POST /submissions/:submissionID/submit": unit,
        "POST /submissions/:submissionID/comments": [.reviewer],
        "POST /submissions/:submissionID/review-scoring": [.reviewer],
        "POST /submissions/:submissionID/return": [.reviewer],
        "POST /submissions/:submissionID/accept": [.reviewer],
        "POST /submissions/:submissionID/publish": [.admin],
        "GET /dashboard": bureau,
        "GET /dashboard/export.csv": bureau,
        "GET /dashboard/export.xlsx": bureau,
        "GET /admin": [.admin],
        "POST /admin/units": [.admin],
        "POST /admin/users": [.admin],
        "POST /admin/cycles": [.admin],
        "GET /admin/audit": [.admin],
        "POST /api/v1/session": everyone,
        "DELETE /api/v1/session": signedIn,
        "GET /api/v1/me": signedIn,
        "GET /api/v1/submissions": signedIn,
        "GET /api/v1/submissions/:submissionID": viewers,
        "GET /api/v1/submissions/:submissionID/evaluation": viewers,
        "GET /api/v1/submissions/:submissionID/revisions": viewers,
        "GET /api/v1/submissions/:submissionID/revisions/:number": viewers,
        "GET /api/v1/submissions/:submissionID/diff": viewers,
        "PUT /api/v1/submissions/:submissionID/evaluation": unit,
        "GET /api/v1/submissions/:submissionID/parts": viewers,
        "GET /api/v1/submissions/:submissionID/parts/:part": viewers,
        "PUT /api/v1/submissions/:submissionID/parts/:part": unit,
        "GET /api/v1/submissions/:submissionID/review-scoring": viewers,
        "PUT /api/v1/submissions/:submissionID/review-scoring": [.reviewer],
        "POST /api/v1/submissions/:submissionID/check": unit,
        "POST /api/v1/submissions/:submissionID/submit": unit,
        "POST /api/v1/submissions/:submissionID/comments": [.reviewer],
        "POST /api/v1/submissions/:submissionID/return": [.reviewer],
        "POST /api/v1/submissions/:submissionID/accept": [.reviewer],
        "POST /api/v1/submissions/:submissionID/publish": [.admin],
        "GET /api/v1/dashboard": bureau,
        "GET /api/v1/units": [.admin],
        "POST /api/v1/units": [.admin],
        "GET /api/v1/users": [.admin],
        "POST /api/v1/users": [.admin],
        "GET /api/v1/cycles": [.admin],
        "POST /api/v1/cycles": [.admin],
        "GET /api/v1/audit": [.admin],
        "GET /api/v1/published": everyone,
        "GET /api/v1/published/:publicationID": everyone,
        "GET /healthz": everyone,
    ]

    static func key(_ route: Route) -> String { "\(route.method.rawValue) /\(route.path.string)" }

    static func run(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let routes = app.routes.all.map(key)
            #expect(Set(routes) == Set(expected.keys), "routes without an expectation: \(Set(routes).subtracting(expected.keys).sorted()); expectations without a route: \(Set(expected.keys).subtracting(routes).sorted())")

            // A publication to address, from unit 102; unit 101 (the editor's) stays in draft.
            let other = try await submissionID(app, unitCode: "102")
            let own = try await submissionID(app, unitCode: "101")
            let jiaoyu = Client(app)
            try await jiaoyu.login("jiaoyu")
            try await jiaoyu.json(.PUT, "/api/v1/submissions/\(other)/evaluation", ["text": try exampleYAML(for: "廉江市教育局"), "baseRevision": 0])
            #expect(try await jiaoyu.post("/submissions/\(other)/submit", ["confirmed": "1"]).status == .seeOther)
            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            #expect(try await reviewer.post("/submissions/\(other)/accept").status == .seeOther)
            let admin = Client(app)
            try await admin.login("admin")
            let publication = try #require(try await admin.post("/submissions/\(other)/publish", ["confirmed": "1"]).location).split(separator: "/").last!

            for route in app.routes.all.sorted(by: { key($0) < key($1) }) {
                let path = "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter("submissionID"): own.uuidString
                    case .parameter("publicationID"): String(publication)
                    case .parameter("number"): "1"
                    case .parameter("position"): "0"
                    case .parameter("part"): "final"
                    case .constant(let text): text
                    default: "x"
                    }
                }.joined(separator: "/")
                var allowed: Set<Who> = []
                for who in Who.allCases {
                    let client = Client(app)
                    if let username = who.username { try await client.login(username) } else { try await client.get("/login") }
                    let response: TestingHTTPResponse
                    if path.hasPrefix("/api/") {
                        response = try await client.json(route.method, path + (path.hasSuffix("/diff") ? "?from=0&to=1" : ""))
                    } else if route.method == .GET {
                        response = try await client.get(path)
                    } else {
                        response = try await client.request(route.method, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                            body: ByteBuffer(string: "_csrf=\(client.csrf ?? "")"))
                    }
                    let deniedStatus = response.status == .unauthorized || response.status == .forbidden
                    let sentToLogin = response.status == .seeOther && (response.location ?? "").hasPrefix("/login")
                    #expect(response.status != .internalServerError, "\(key(route)) as \(who): 500 \(response.body.string.prefix(300))")
                    if !deniedStatus && !sentToLogin { allowed.insert(who) }
                }
                #expect(allowed == expected[key(route)] ?? [], "\(key(route)): allowed \(allowed.sorted { $0.rawValue < $1.rawValue })")
            }
        }
    }
}
