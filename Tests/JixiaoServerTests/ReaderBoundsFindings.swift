import Foundation
import Testing
import Fluent
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import NIOCore
import Vapor
import VaporTesting
@testable import JixiaoServer

/// Issue 22's probe findings 3, 4, 5, 10 and 15: every reader bounded by what it makes, not only
/// by what it receives. Each a route test that the server before the change fails; run on SQLite
/// and on PostgreSQL (see `BackendSuites.swift`).
enum ReaderBoundsFindings {
    /// A JSON request with the API's token, its body written as given (a client that sends a
    /// million numbers does not build them as objects first).
    static func rawJSON(_ client: Client, _ method: HTTPMethod, _ path: String, _ body: String) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let csrf = client.csrf { headers.add(name: "X-CSRF-Token", value: csrf) }
        return try await client.request(method, path, headers: headers, body: ByteBuffer(string: body))
    }

    static func apiLogin(_ app: Application, _ name: String) async throws -> Client {
        let client = Client(app)
        try await client.json(.POST, "/api/v1/session", ["username": name, "password": Logins.passwords[name]!])
        return client
    }

    /// 3. A workbook of 160 KB whose one 200 KB text fills 40 cells of 「其他字段」 would be an 8 MB
    /// revision: refused at the cell where it passes 2 MB, nothing stored.
    static func workbookMakesTooMuch(_ backend: Backend) async throws {
        var evaluation = try EvaluationFile.parse(try exampleYAML(), format: .yaml).evaluation
        evaluation.unit?.duties = Array(repeating: String(repeating: "职责", count: 33_333), count: 40)
        let workbook = try StandardWorkbook.make(evaluation)
        #expect(workbook.count < 200_000)
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            _ = try await unit.get("/submissions/\(id)/edit")
            let response = try await unit.upload("/submissions/\(id)/upload", name: "填报.xlsx", data: workbook, fields: ["_base": "1"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("其他字段!C") && response.body.string.contains("内容过长"), "\(response.body.string.prefix(3000))")
            #expect(try await revisionCount(app, id) == 1)
            #expect(try await Revision.query(on: app.db).all().allSatisfy { $0.text.utf8.count <= 2 << 20 })
        }
    }

    /// 4. `_rows:` counts each within bounds whose product is 40,000 rows: refused in words
    /// (422), nothing stored, and no page of the rows made; saved or as a row action alike.
    static func nestedRows(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            _ = try await unit.get("/submissions/\(id)/edit/work")
            var fields = ["_base": "1", "_rows:work.categories": "40"]
            for i in 0..<40 { fields["_rows:work.categories[\(i)].tasks"] = "1000" }
            for action in ["save", "add-row:work.categories[0].tasks"] {
                fields["_action"] = action
                let base = ProbeFindings.Memory.resetPeak()
                let response = try await unit.post("/submissions/\(id)/edit/work", fields)
                #expect(response.status == .unprocessableEntity, "\(action)")
                #expect(response.body.string.contains("表单要建立的内容过多"), "\(action)")
                #expect(response.body.readableBytes < 100_000, "\(action): a page of \(response.body.readableBytes) bytes")
                if let growth = ProbeFindings.Memory.growth(since: base) { #expect(growth < ProbeFindings.Memory.allowedGrowth, "\(action): peak \(growth) MB above \(base ?? 0) MB") }
            }
            #expect(try await revisionCount(app, id) == 1)
        }
    }

    /// 5. A part whose list holds 600,000 numbers (1.2 MB of JSON) is refused as it is read, at
    /// the place it passes the budget of values, within bounded memory; 150,000 numbers of 12
    /// digits, within it, would make a file of 2.5 MB, refused before it is written.
    static func partsAPIValues(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = try await apiLogin(app, "editor")
            func put(_ numbers: Int, _ number: String) async throws -> TestingHTTPResponse {
                let list = Array(repeating: number, count: numbers).joined(separator: ",")
                return try await rawJSON(unit, .PUT, "/api/v1/submissions/\(id)/parts/unit",
                                         #"{"baseRevision": 1, "data": {"unit": {"name": "廉江市总工会", "duties": ["# + list + #"]}}}"#)
            }
            var base = ProbeFindings.Memory.resetPeak()
            var response = try await put(600_000, "1")
            if let growth = ProbeFindings.Memory.growth(since: base) { #expect(growth < ProbeFindings.Memory.allowedGrowth, "peak \(growth) MB above \(base ?? 0) MB") }
            #expect(response.status == .unprocessableEntity)
            let problems = try #require((try response.json() as? [String: Any])?["problems"] as? [[String: Any]])
            #expect(problems.contains { ($0["message"] as? String)?.contains("内容过多（超过 500000 项的上限）") == true && ($0["location"] as? String)?.hasPrefix("1:") == true },
                    "\(problems)")
            base = ProbeFindings.Memory.resetPeak()
            response = try await put(150_000, "123456789012")
            if let growth = ProbeFindings.Memory.growth(since: base) { #expect(growth < ProbeFindings.Memory.allowedGrowth, "peak \(growth) MB above \(base ?? 0) MB") }
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("内容过长"), "\(response.body.string.prefix(500))")
            #expect(try await revisionCount(app, id) == 1)
        }
    }

    /// 10. The reviewer's answers fit the framework: one an indicator, checklist replies to its
    /// items once each, no more answers than it has indicators. Each refused in words, nothing stored.
    static func reviewScoringBounded(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let submission = try await Submission.find(id, on: app.db)!
            submission.status = .submitted
            try await submission.save(on: app.db)
            let reviewer = try await apiLogin(app, "reviewer")
            let path = "/api/v1/submissions/\(id)/review-scoring"
            let manual: [String: Any] = ["indicator": "indicator_clarity", "points": 2, "evidence": "查阅目标申报表"]
            let checklist: [String: Any] = ["indicator": "goal_reasonable", "items": [
                ["id": "lawful", "met": true, "evidence": "查阅文件"], ["id": "duties", "met": false], ["id": "plan", "met": false],
            ]]
            #expect(try await reviewer.json(.PUT, path, ["answers": [manual, checklist]]).status == .created)
            let stored = try await ReviewScoring.query(on: app.db).count()
            let refusals: [(String, [[String: Any]], String)] = [
                ("twice", [manual, manual.merging(["points": 3]) { $1 }], "作答了 2 次"),
                ("an item the checklist lacks", [["indicator": "goal_reasonable", "items": [["id": "no_such_item", "met": true, "evidence": "x"]]]],
                 "清单没有条目 no_such_item"),
                ("an item twice", [["indicator": "goal_reasonable", "items": [["id": "plan", "met": true, "evidence": "x"], ["id": "plan", "met": false]]]],
                 "作答了 2 次"),
                ("5,000 answers", Array(repeating: manual, count: 5_000), "每个指标只能作答一次"),
            ]
            for (what, answers, message) in refusals {
                let response = try await reviewer.json(.PUT, path, ["answers": answers])
                #expect(response.status == .unprocessableEntity, "\(what)")
                #expect(response.body.string.contains(message), "\(what): \(response.body.string.prefix(300))")
            }
            #expect(try await ReviewScoring.query(on: app.db).count() == stored)
        }
    }

    /// 15. A key that is a path (`unit.name`), not a field of the part, is refused by name; the
    /// part is not emptied.
    static func dottedKeyInParts(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = try await apiLogin(app, "editor")
            let response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/parts/unit", ["baseRevision": 1, "data": ["unit.name": "廉江市总工会"]])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("unit.name") && response.body.string.contains("不是字段名"), "\(response.body.string)")
            #expect(try await revisionCount(app, id) == 1)
            let part = try await unit.get("/api/v1/submissions/\(id)/parts/unit").json() as! [String: Any]
            #expect(((part["data"] as? [String: Any])?["unit"] as? [String: Any])?["name"] as? String == "廉江市总工会")
        }
    }
}
