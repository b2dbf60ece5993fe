import Foundation
import NIOHTTP1
import Testing
import Fluent
import SQLKit
import Vapor
import JixiaoRender
import VaporTesting
@testable import JixiaoServer

/// Where a test's data lives: a real SQLite file in a temporary directory, or a schema of its
/// own in the PostgreSQL that `JIXIAO_TEST_POSTGRES_URL` names (CI starts one; see .ci/run).
enum Backend: String, Sendable, CaseIterable {
    case sqlite, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["JIXIAO_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
}

/// The demo's logins, with passwords the tests know.
enum Logins {
    static let passwords = ["admin": "admin-password", "reviewer": "reviewer-password", "editor": "editor-password", "jiaoyu": "jiaoyu-password"]
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func exampleYAML() throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml"), encoding: .utf8)
}

/// The worked example as another unit's own evaluation (the server refuses one naming another unit).
func exampleYAML(for unitName: String) throws -> String {
    try exampleYAML().replacingOccurrences(of: "廉江市总工会", with: unitName)
}

/// Runs `body` against a fresh application on `backend`, seeded with the demo (fixed passwords),
/// and removes the data afterwards.
/// The tests' server has no LibreOffice unless given one: a PDF takes seconds to make.
/// `settings` changes the rest of the configuration (the slow-work pool's size, its limits).
func withServer(_ backend: Backend, bodyLimit: Int = 8 << 20, secureCookies: Bool = false, bcryptCost: Int = 4,
                pdfConverter: PDFConverter? = nil, settings: (inout ServerConfiguration) -> Void = { _ in },
                _ body: (Application) async throws -> Void) async throws {
    try await withDatabase(backend) { database in
        let app = try await database.start {
            $0.bcryptCost = bcryptCost
            $0.bodyLimit = bodyLimit
            $0.secureCookies = secureCookies
            $0.pdfConverter = pdfConverter
            settings(&$0)
        }
        _ = try await Demo.seed(app, exampleYAML: try exampleYAML(), passwords: Logins.passwords)
        try await body(app)
    }
}

/// Runs `body` with a new, empty database on `backend` (a SQLite file in a temporary directory or
/// a schema of its own in PostgreSQL), on which it starts applications as server processes would
/// be started; stops them and removes the data afterwards.
func withDatabase(_ backend: Backend, _ body: (TestDatabase) async throws -> Void) async throws {
    let database = TestDatabase(backend)
    do {
        try await body(database)
    } catch {
        await database.cleanUp()
        throw error
    }
    await database.cleanUp()
}

/// A test's database and the applications serving it.
final class TestDatabase: @unchecked Sendable {
    let backend: Backend
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-test-\(UUID().uuidString)")
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    private var apps: [Application] = []
    private let lock = NSLock()

    init(_ backend: Backend) { self.backend = backend }

    /// The tests' configuration: no LibreOffice, cheap password hashes, short waits.
    func configuration() throws -> ServerConfiguration {
        var config: ServerConfiguration
        switch backend {
        case .sqlite:
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            config = ServerConfiguration(storage: .sqlite(path: directory.appendingPathComponent("jixiao.sqlite").path))
        case .postgres:
            config = ServerConfiguration(storage: .postgres(url: Backend.postgresURL!, searchPath: [schema]))
        }
        config.bcryptCost = 4
        config.refusedLoginDelay = .milliseconds(10)
        config.pdfConverter = nil
        return config
    }

    /// A new application on this database, configured (and so migrated) as a starting server process is.
    func start(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) async throws -> Application {
        var config = try configuration()
        adjust(&config)
        let app = try await Application.make(.testing)
        lock.withLock { apps.append(app) }
        try await configure(app, config)
        return app
    }

    /// Stops `app` as a process that exits.
    func stop(_ app: Application) async {
        lock.withLock { apps.removeAll { $0 === app } }
        try? await app.asyncShutdown()
    }

    func cleanUp() async {
        let apps = lock.withLock { self.apps }
        if backend == .postgres, let sql = apps.first?.db as? any SQLDatabase {
            try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        }
        for app in apps { try? await app.asyncShutdown() }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A browser of one person: keeps the cookies and the form token, as a browser would.
final class Client: @unchecked Sendable {
    /// The server process it sends to (a browser behind a round-robin proxy may reach another).
    var app: Application
    var cookies: [String: String] = [:]
    var csrf: String?

    init(_ app: Application) { self.app = app }

    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var headers = headers
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let response = try await app.testing().performTest(request: TestingHTTPRequest(
            method: method, url: URI(path: path), headers: headers, body: body ?? ByteBuffer()))
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if value.contains("Expires=Thu, 01 Jan 1970") || pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        if response.headers.contentType == .html, let token = Self.formToken(in: response.body.string) { csrf = token }
        return response
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse { try await request(.GET, path) }

    /// Posts a form as a page does, with the token.
    @discardableResult
    func post(_ path: String, _ fields: [String: String] = [:], token: Bool = true) async throws -> TestingHTTPResponse {
        var fields = fields
        if token, let csrf { fields["_csrf"] = csrf }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await request(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    /// Posts a multipart upload as the upload form does (the file as form field `field`).
    func upload(_ path: String, name: String, data: Data, field: String = "file", fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
        let boundary = "jixiao-test-boundary"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf ?? "")\r\n")
        for (key, value) in fields { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n") }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await request(.POST, path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    /// A JSON request as an API client sends it, with the `X-CSRF-Token` header.
    @discardableResult
    func json(_ method: HTTPMethod, _ path: String, _ object: [String: Any] = [:]) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let csrf { headers.add(name: "X-CSRF-Token", value: csrf) }
        let data = try JSONSerialization.data(withJSONObject: object)
        let response = try await request(method, path, headers: headers, body: ByteBuffer(data: data))
        if path == "/api/v1/session", method == .POST, let token = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] {
            csrf = token["csrfToken"] as? String ?? csrf
        }
        return response
    }

    /// Logs in through the login form.
    @discardableResult
    func login(_ username: String, password: String? = nil) async throws -> TestingHTTPResponse {
        try await get("/login")
        let response = try await post("/login", ["username": username, "password": password ?? Logins.passwords[username]!])
        // As a browser: follow the redirect, whose page carries the new session's form token.
        if response.status == .seeOther, let location = response.location { try await get(location) }
        return response
    }

    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }

    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(buffer: body)) }
}

/// The ID of unit `code`'s submission of `year` (the demo's year, 2021, unless told).
func submissionID(_ app: Application, unitCode: String, year: Int = 2021) async throws -> UUID {
    let unit = try await BudgetUnit.query(on: app.db).filter(\.$code == unitCode).first()!
    let cycle = try await Cycle.query(on: app.db).filter(\.$year == year).first()!
    return try await Submission.query(on: app.db).filter(\.$unit.$id == unit.id!).filter(\.$cycle.$id == cycle.id!).first()!.id!
}

func revisionCount(_ app: Application, _ submission: UUID) async throws -> Int {
    try await Revision.query(on: app.db).filter(\.$submission.$id == submission).count()
}

/// The fields a page's form sends, as a browser sends them: every input, text area and
/// selected option inside the form with `id`, by name (submit buttons left out).
func formFields(_ html: String, form id: String) -> [String: String] {
    guard let start = html.range(of: "<form[^>]*id=\"\(id)\"", options: .regularExpression),
        let end = html.range(of: "</form>", range: start.upperBound..<html.endIndex)
    else { return [:] }
    let form = withoutDisabledFieldsets(String(html[start.lowerBound..<end.lowerBound]))
    func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
    func attribute(_ name: String, _ tag: String) -> String? {
        guard let r = tag.range(of: " \(name)=\"[^\"]*\"", options: .regularExpression) else { return nil }
        return unescape(String(tag[r].dropFirst(name.count + 3).dropLast()))
    }
    func matches(_ pattern: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: form, range: NSRange(form.startIndex..., in: form)).map { String(form[Range($0.range, in: form)!]) }
    }
    var fields: [String: String] = [:]
    for tag in matches("<input [^>]*>") where attribute("type", tag) != "file" {
        if let name = attribute("name", tag) { fields[name] = attribute("value", tag) ?? "" }
    }
    for block in matches("<textarea [^>]*>.*?</textarea>") {
        let open = String(block[..<block.firstIndex(of: ">")!])
        if let name = attribute("name", open) {
            fields[name] = unescape(String(block[block.index(after: block.firstIndex(of: ">")!)...].dropLast("</textarea>".count)))
        }
    }
    for block in matches("<select [^>]*>.*?</select>") {
        let open = String(block[..<block.firstIndex(of: ">")!])
        guard let name = attribute("name", open) else { continue }
        let selected = block.range(of: "<option value=\"[^\"]*\" selected", options: .regularExpression).map { String(block[$0]) }
        fields[name] = selected.flatMap { attribute("value", " " + $0.dropFirst("<option ".count)) } ?? ""
    }
    return fields
}

/// `html` without the fieldsets marked `disabled` (and all they hold, nested ones too): a browser
/// sends nothing from them.
func withoutDisabledFieldsets(_ html: String) -> String {
    var result = "", rest = html[...]
    while let open = rest.range(of: "<fieldset[^>]* disabled[ >]", options: .regularExpression) {
        result += rest[..<open.lowerBound]
        var depth = 0, cursor = open.lowerBound
        while let tag = rest.range(of: "</?fieldset", options: .regularExpression, range: cursor..<rest.endIndex) {
            depth += rest[tag].hasPrefix("</") ? -1 : 1
            cursor = tag.upperBound
            if depth == 0 { break }
        }
        rest = rest[(rest.range(of: ">", range: cursor..<rest.endIndex)?.upperBound ?? rest.endIndex)...]
    }
    return result + rest
}

extension Client {
    /// Opens a part's form and posts it back with `changes` (and `_action`), as a browser would.
    @discardableResult
    func savePart(_ id: UUID, _ part: String, _ changes: [String: String], action: String = "save") async throws -> TestingHTTPResponse {
        let page = try await get("/submissions/\(id)/edit/\(part)")
        var fields = formFields(page.body.string, form: "part-form")
        fields.merge(changes) { $1 }
        fields["_action"] = action
        return try await post("/submissions/\(id)/edit/\(part)", fields)
    }
}
