import Foundation
import JixiaoRender
import Testing
import Vapor
@testable import JixiaoServer

/// `docs/openapi.yaml` describes exactly the API the application registers.
struct OpenAPITests {
    /// `METHOD /path/{param}` of every operation in the document.
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) ?? ""
                if ["get", "put", "post", "delete", "patch"].contains(key) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test func everyAPIRouteIsDocumentedAndNothingElse() async throws {
        try await withServer(.sqlite) { app in
            let registered = Set(app.routes.all.compactMap { route -> String? in
                let parts = route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }
                guard parts.starts(with: ["api", "v1"]) else { return nil }
                return "\(route.method.rawValue) /" + parts.dropFirst(2).joined(separator: "/")
            })
            let documented = try Self.documentedOperations()
            #expect(registered.count > 20)
            #expect(registered.subtracting(documented).isEmpty, "not in docs/openapi.yaml: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
        }
    }
}

/// `jixiao verify`'s check: the files of a published package against its listing.
struct DisclosureVerificationTests {
    @Test func publishedFilesVerifyAndAChangedFileIsAMismatch() async throws {
        try await withServer(.sqlite) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            #expect(try await unit.post("/submissions/\(id)/submit", ["confirmed": "1"]).status == .seeOther)
            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            #expect(try await reviewer.post("/submissions/\(id)/accept").status == .seeOther)
            let admin = Client(app)
            try await admin.login("admin")
            let page = try #require(try await admin.post("/submissions/\(id)/publish", ["confirmed": "1"]).location)
            let listing = try await Client(app).get("/api/v1\(page)")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-verify-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let files = (try listing.json() as! [String: Any])["files"] as! [[String: Any]]
            for file in files {
                let download = try await Client(app).get(file["url"] as! String)
                try Data(buffer: download.body).write(to: folder.appendingPathComponent(file["name"] as! String))
            }
            let good = try DisclosureVerification.verify(directory: folder.path, listing: Data(buffer: listing.body))
            #expect(good.passed)
            #expect(good.problems.isEmpty)
            #expect(good.checkedFiles == 5)

            // One byte changed in the report: a mismatch on that file.
            let html = try #require(files.map { $0["name"] as! String }.first { $0.hasSuffix(".html") })
            var data = try Data(contentsOf: folder.appendingPathComponent(html))
            data[data.count - 2] ^= 0x20
            try data.write(to: folder.appendingPathComponent(html))
            let bad = try DisclosureVerification.verify(directory: folder.path, listing: Data(buffer: listing.body))
            #expect(!bad.passed)
            #expect(bad.problems.map(\.rule) == ["disclosure.mismatch"])
            #expect(bad.problems.first?.file == html)

            try FileManager.default.removeItem(at: folder.appendingPathComponent(html))
            let missing = try DisclosureVerification.verify(directory: folder.path, listing: Data(buffer: listing.body))
            #expect(missing.problems.map(\.rule) == ["disclosure.missing"])
        }
    }
}
