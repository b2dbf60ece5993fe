import Crypto
import Foundation
import Testing
import Fluent
import JixiaoCore
import JixiaoFormats
import SQLKit
import Vapor
import VaporTesting
import ZIPFoundation
@testable import JixiaoServer

/// The route tests, each run on SQLite and on PostgreSQL (see `BackendSuites.swift`).
enum Scenarios {
    static func hex(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// The whole cycle through the pages: a broken sum found and fixed, submit, return with a
    /// comment, resubmit, accept, publish; the published files' SHA-256 agree with the page.
    static func fullCycle(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            #expect(try await unit.login("editor").status == .seeOther)

            // A final-account figure changed in the 决算 form so that the breakdown no longer sums to the total.
            var page = try await unit.get("/submissions/\(id)/edit/final")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("id=\"final_accounts.expenditure.total\""))
            // The field is named as the label catalogue names it (as in the data table and the scoring basis).
            #expect(page.body.string.contains("决算支出"))
            #expect(!page.body.string.contains("sum.mismatch"))
            #expect(try await revisionCount(app, id) == 1)
            var response = try await unit.savePart(id, "final", ["final_accounts.expenditure.total": "11,486,445.31元"])
            #expect(response.status == .seeOther)
            page = try await unit.get("/submissions/\(id)/edit/final")
            #expect(page.body.string.contains("已保存第 2 版"))
            // The finding beside the field, in words: no rule ID, no field path.
            #expect(page.body.string.contains("finding-note\">") && page.body.string.contains("各项之和为"))
            #expect(!page.body.string.contains("sum.mismatch"))
            // The overview lists it with a link to the field.
            page = try await unit.get("/submissions/\(id)/edit")
            #expect(page.body.string.contains("/edit/final#final_accounts.expenditure.total\""))
            // The form edit changed one line in place: the diff shows exactly that line.
            let diff = try await unit.get("/api/v1/submissions/\(id)/diff?from=1&to=2")
            let lines = (try diff.json() as! [String: Any])["lines"] as! [[String: Any]]
            let changed = lines.filter { ($0["kind"] as! String) != "same" }.map { $0["text"] as! String }
            #expect(changed == ["    total: 11,486,444.31元", "    total: 11,486,445.31元"])

            // Figures that disagree cannot be submitted.
            response = try await unit.post("/submissions/\(id)/submit", ["confirmed": "1"])
            #expect(response.status == .conflict)
            #expect(response.body.string.contains("数字有误"))

            response = try await unit.savePart(id, "final", ["final_accounts.expenditure.total": "11,486,444.31元"])
            #expect(response.status == .seeOther)
            page = try await unit.get("/submissions/\(id)/edit/final")
            #expect(!page.body.string.contains("各项之和为"))
            response = try await unit.post("/submissions/\(id)/submit", ["confirmed": "1"])
            #expect(response.status == .seeOther)
            page = try await unit.get("/submissions/\(id)")
            #expect(page.body.string.contains("已报送"))
            // Locked: no more saves, and no edit pages.
            response = try await unit.post("/submissions/\(id)/edit/final", ["final_accounts.expenditure.total": "1元", "_base": "3"])
            #expect(response.status == .conflict)
            #expect(try await unit.get("/submissions/\(id)/edit/final").status == .conflict)
            #expect(try await revisionCount(app, id) == 3)

            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            page = try await reviewer.get("/submissions/\(id)")
            #expect(page.body.string.contains("score.missing"))
            // The reviewer answers a judgement item in the form, with evidence: the reviewed score is shown beside.
            let review = formFields(page.body.string, form: "review-scoring-form")
            let manual = try #require(review.keys.sorted().first { $0.hasSuffix(".points") })
            response = try await reviewer.post("/submissions/\(id)/review-scoring", review.merging([manual: "很多"]) { $1 })
            #expect(response.status == .unprocessableEntity)
            response = try await reviewer.post("/submissions/\(id)/review-scoring",
                                               review.merging([manual: "1", manual.replacingOccurrences(of: ".points", with: ".evidence"): "查阅会议纪要"]) { $1 })
            #expect(response.status == .seeOther)
            page = try await reviewer.get("/submissions/\(id)")
            #expect(page.body.string.contains("复核后的评分"))
            #expect(page.body.string.contains("人工评分 1 分（查阅会议纪要）"))
            #expect(formFields(page.body.string, form: "review-scoring-form")[manual] == "1")
            // The same through the API: the sheet read back, edited and stored; a stray indicator and a
            // figure that is no number refused in words, and nothing stored for them.
            let sheet = try await reviewer.get("/api/v1/submissions/\(id)/review-scoring").json() as! [String: Any]
            #expect(sheet["format"] as? String == "jixiao/answers@1")
            var answers = try #require(sheet["answers"] as? [[String: Any]])
            let answered = try #require(answers.firstIndex { $0["evidence"] as? String == "查阅会议纪要" })
            answers[answered]["points"] = 0
            answers[answered]["evidence"] = "接口复核：未见会议纪要"
            response = try await reviewer.json(.PUT, "/api/v1/submissions/\(id)/review-scoring", ["answers": answers])
            #expect(response.status == .created)
            let scored = try response.json() as! [String: Any]
            #expect((scored["reviewedScores"] as! [[String: Any]]).contains { ($0["words"] as? String)?.contains("人工评分 0 分（接口复核：未见会议纪要）") == true })
            response = try await reviewer.json(.PUT, "/api/v1/submissions/\(id)/review-scoring",
                                               ["answers": [["indicator": "no-such-indicator", "points": 1, "evidence": "x"]]])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("没有指标 no-such-indicator"))
            response = try await reviewer.json(.PUT, "/api/v1/submissions/\(id)/review-scoring",
                                               ["answers": [answers[answered].merging(["points": "很多"]) { $1 }]])
            #expect(response.status == .unprocessableEntity)
            #expect(try await reviewer.get("/api/v1/submissions/\(id)/review-scoring").body.string.contains("接口复核：未见会议纪要"))
            #expect(try await unit.json(.PUT, "/api/v1/submissions/\(id)/review-scoring", ["answers": answers]).status == .forbidden)
            response = try await reviewer.post("/submissions/\(id)/comments", ["path": "self_evaluation.result.score", "body": "请填写自评得分"])
            #expect(response.status == .seeOther)
            response = try await reviewer.post("/submissions/\(id)/return", ["comment": "请补充改进措施"])
            #expect(response.status == .seeOther)
            page = try await unit.get("/submissions/\(id)")
            #expect(page.body.string.contains("已退回"))
            #expect(page.body.string.contains("请填写自评得分"))
            // The field's label beside the comment, linking to the field in the part's reading view.
            #expect(page.body.string.contains("/view/result#self_evaluation.result.score\">自评得分</a>"))
            // The comments are on the edit page too, where the unit fixes what they name.
            #expect(try await unit.get("/submissions/\(id)/edit").body.string.contains("请填写自评得分"))

            // The unit fixes and resubmits.
            let yaml = try exampleYAML() + "\nimprovements:\n  - measure: 加强预算绩效管理，细化绩效目标，按季度跟踪项目执行进度\n"
            response = try await unit.post("/submissions/\(id)/text", ["text": yaml, "format": "yaml", "_base": "3"])
            #expect(response.status == .seeOther)
            #expect(try await unit.get("/submissions/\(id)").body.string.contains("section.missing") == false)
            response = try await unit.post("/submissions/\(id)/submit", ["confirmed": "1"])
            #expect(response.status == .seeOther)

            response = try await reviewer.post("/submissions/\(id)/accept")
            #expect(response.status == .seeOther)
            let accepted = try await Submission.find(id, on: app.db)!
            #expect(accepted.status == .accepted)
            #expect(accepted.acceptedRevision == 4)

            let admin = Client(app)
            try await admin.login("admin")
            response = try await admin.post("/submissions/\(id)/publish", ["confirmed": "1"])
            #expect(response.status == .seeOther)
            let publicPath = try #require(response.location)
            #expect(publicPath.hasPrefix("/published/"))

            // Anyone: the public page's hash is the SHA-256 of the downloaded files' manifest.
            let visitor = Client(app)
            page = try await visitor.get(publicPath)
            #expect(page.status == .ok)
            let listing = try await visitor.get("/api/v1/published")
            let item = try #require((try listing.json() as! [[String: Any]]).first)
            let packageHash = item["packageSHA256"] as! String
            #expect(page.body.string.contains(packageHash))
            let package = try await visitor.get("/api/v1\(publicPath)")
            let files = (try package.json() as! [String: Any])["files"] as! [[String: Any]]
            #expect(files.count == 5)
            var manifest: [(String, String)] = []
            for file in files {
                let download = try await visitor.get(file["url"] as! String)
                #expect(download.status == .ok)
                let digest = hex(Data(buffer: download.body))
                #expect(digest == file["sha256"] as! String)
                #expect(page.body.string.contains(digest))
                manifest.append((file["name"] as! String, digest))
            }
            let manifestText = manifest.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map { "\($0.1)  \($0.0)\n" }.joined()
            #expect(hex(Data(manifestText.utf8)) == packageHash)
            #expect(try await visitor.get("\(publicPath)/manifest.txt").body.string == manifestText)
            // The published files are the accepted revision's: rendering it again gives the same bytes.
            let revision = try await Revision.query(on: app.db).filter(\.$submission.$id == id).filter(\.$number == 4).first()!
            let rendered = try Analysis.analyse(yaml: revision.text, framework: app.frameworks.framework("national-2013")).package(projects: [])
            #expect(rendered.files.map { hex($0.data) }.sorted() == manifest.map(\.1).sorted())

            // Every action is in the audit log.
            let actions = try await AuditEvent.query(on: app.db).all().map(\.action)
            for action in ["revision.save", "submission.submit", "comment.add", "submission.return", "submission.accept", "submission.publish", "login"] {
                #expect(actions.contains(action), "audit log lacks \(action)")
            }
        }
    }

    /// Bad input: the form again with located messages, nothing stored; too large → 413;
    /// no form token → 403.
    static func badInput(_ backend: Backend) async throws {
        try await withServer(backend, bodyLimit: 1 << 20) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            let before = try await revisionCount(app, id)

            var response = try await unit.post("/submissions/\(id)/text", ["text": "format: jixiao/evaluation@1\nfinal_accounts:\n  income:\n    total: 十二元\n", "format": "yaml", "_base": "1"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("输入有误，未保存"))
            #expect(response.body.string.contains("4:12"))
            #expect(response.body.string.contains("十二元"))

            response = try await unit.post("/submissions/\(id)/text", ["text": "format: jixiao/evaluation@1\nfinal_acounts: {}\n", "format": "yaml", "_base": "1"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("final_accounts"))

            // A bad amount in a form: its message beside the field, everything typed kept, nothing stored.
            response = try await unit.savePart(id, "final", ["final_accounts.income.by_source[0].amount": "4,538,890.45",
                                                             "final_accounts.deviation_reason": "年中追加政府性基金预算"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("输入有误，未保存"))
            #expect(response.body.string.contains("value=\"4,538,890.45\""))
            #expect(response.body.string.contains("年中追加政府性基金预算</textarea>"))
            #expect(response.body.string.contains("class=\"field bad\"><label for=\"final_accounts.income.by_source[0].amount\">"))
            // A row without its required key: the file's own check, named in Chinese.
            response = try await unit.savePart(id, "problems", ["problems[0].title": ""])
            #expect(response.status == .unprocessableEntity)

            // A stale save (another tab saved since this form was opened): refused, typed values kept.
            let stale = try await unit.get("/submissions/\(id)/edit/goals")
            var staleFields = formFields(stale.body.string, form: "part-form")
            #expect(try await unit.savePart(id, "cover", ["cover.title": "整体支出绩效自评报告"]).status == .seeOther)
            staleFields["performance_goals[0]"] = "另一个窗口写的目标"
            staleFields["_action"] = "save"
            response = try await unit.post("/submissions/\(id)/edit/goals", staleFields)
            #expect(response.status == .conflict)
            #expect(response.body.string.contains("未保存：您的修改基于第 1 版"))
            #expect(response.body.string.contains("另一个窗口写的目标"))
            #expect(try await revisionCount(app, id) == before + 1)
            // The API too: a save without, or with an old, base revision is refused.
            response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": try exampleYAML()])
            #expect(response.status == .unprocessableEntity)
            response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": try exampleYAML(), "baseRevision": 1])
            #expect(response.status == .conflict)

            response = try await unit.upload("/submissions/\(id)/upload", name: "填报.xlsx", data: Data("not a workbook".utf8), fields: ["_base": "2"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("填报.xlsx"))

            response = try await unit.upload("/submissions/\(id)/upload", name: "x.pdf", data: Data("%PDF".utf8), fields: ["_base": "2"])
            #expect(response.status == .unprocessableEntity)

            response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["format": "json", "text": "{\"format\": 3}", "baseRevision": 2])
            #expect(response.status == .unprocessableEntity)
            #expect(((try response.json() as! [String: Any])["problems"] as? [Any])?.isEmpty == false)

            #expect(try await revisionCount(app, id) == before + 1)

            response = try await unit.post("/submissions/\(id)/text", ["text": String(repeating: "#", count: 2 << 20)])
            #expect(response.status == .payloadTooLarge)

            response = try await unit.post("/submissions/\(id)/edit/final", ["final_accounts.expenditure.total": "1元", "_base": "2"], token: false)
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("CSRF"))
            #expect(try await revisionCount(app, id) == before + 1)

            // A JSON upload is stored as YAML; a workbook exported by jixiao round-trips.
            let json = try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", [
                "format": "json", "text": "{\"format\": \"jixiao/evaluation@1\", \"cover\": {\"year\": 2021, \"unit_name\": \"廉江市总工会\"}}",
                "baseRevision": 2,
            ])
            #expect(json.status == .created)
            let text = try await unit.get("/api/v1/submissions/\(id)/evaluation")
            #expect(((try text.json() as! [String: Any])["text"] as! String).contains("unit_name: 廉江市总工会"))
        }
    }

    /// Five failed logins for a user from one address: the sixth is refused with 429, even with
    /// the right password; other users are not affected.
    static func loginThrottle(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let client = Client(app)
            for _ in 0..<5 {
                #expect(try await client.login("editor", password: "wrong").status == .unauthorized)
            }
            let refused = try await client.login("editor")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("登录失败次数过多"))
            #expect(refused.headers.first(name: .retryAfter) != nil)
            let api = Client(app)
            #expect(try await api.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!]).status == .tooManyRequests)
            #expect(try await Client(app).login("reviewer").status == .seeOther)
            let failures = try await AuditEvent.query(on: app.db).filter(\.$action == "login.failure").count()
            #expect(failures == 5)
        }
    }

    /// The JSON API: log in, save, check, submit, review, publish.
    static func api(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            let login = try await unit.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!])
            #expect(login.status == .ok)
            #expect(unit.csrf != nil)
            let list = try await unit.get("/api/v1/submissions")
            #expect((try list.json() as! [[String: Any]]).count == 1)
            let current = (try await unit.get("/api/v1/submissions/\(id)/evaluation").json() as! [String: Any])["text"] as! String
            let broken = current.replacingOccurrences(of: "amount: 841,491.06元", with: "amount: 841,492.06元")
            let check = try await unit.json(.POST, "/api/v1/submissions/\(id)/check", ["text": broken, "format": "yaml"])
            let findings = (try check.json() as! [String: Any])["findings"] as! [[String: Any]]
            #expect(findings.contains { $0["rule"] as? String == "sum.mismatch" && ($0["location"] as? String ?? "").contains(":") })
            #expect(try await revisionCount(app, id) == 1)
            let saved = try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": current, "format": "yaml", "baseRevision": 1])
            #expect(saved.status == .created)
            #expect((try saved.json() as! [String: Any])["revision"] as? Int == 2)
            #expect(try await unit.json(.POST, "/api/v1/submissions/\(id)/submit").status == .ok)

            let reviewer = Client(app)
            try await reviewer.json(.POST, "/api/v1/session", ["username": "reviewer", "password": Logins.passwords["reviewer"]!])
            #expect(try await reviewer.json(.POST, "/api/v1/submissions/\(id)/comments", ["path": "improvements", "body": "缺改进措施"]).status == .created)
            #expect(try await reviewer.json(.POST, "/api/v1/submissions/\(id)/accept").status == .ok)
            // No CSRF header: refused.
            reviewer.csrf = nil
            #expect(try await reviewer.json(.POST, "/api/v1/submissions/\(id)/return").status == .forbidden)

            let admin = Client(app)
            try await admin.json(.POST, "/api/v1/session", ["username": "admin", "password": Logins.passwords["admin"]!])
            let published = try await admin.json(.POST, "/api/v1/submissions/\(id)/publish")
            #expect(published.status == .ok)
            let files = (try published.json() as! [String: Any])["files"] as! [[String: Any]]
            #expect(files.count == 5)
            let dashboard = try await admin.get("/api/v1/dashboard")
            let data = try dashboard.json() as! [String: Any]
            #expect(data["total"] as? Int == 4)
            #expect(try await admin.json(.DELETE, "/api/v1/session").status == .noContent)
            #expect(try await admin.get("/api/v1/me").status == .unauthorized)
        }
    }

    /// The dashboard: counts, filters, exports.
    static func dashboard(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let admin = Client(app)
            try await admin.login("admin")
            let page = try await admin.get("/dashboard")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("等级分布"))
            #expect(page.body.string.contains("最常见的发现（单位数）"))
            #expect(page.body.string.contains("<svg"))
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(page.body.string.contains("廉江市总工会"))
            // 决算支出 ÷ 全年预算数 (the example states the full-year budget its final accounts imply).
            #expect(page.body.string.contains("100.00%"))
            let filtered = try await admin.get("/api/v1/dashboard?status=submitted")
            #expect((try filtered.json() as! [String: Any])["total"] as? Int == 0)
            let graded = try await admin.get("/api/v1/dashboard?grade=%E5%B7%AE")
            #expect((try graded.json() as! [String: Any])["total"] as? Int == 1)
            let csv = try await admin.get("/dashboard/export.csv")
            #expect(csv.status == .ok)
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 5)
            #expect(lines[0].hasPrefix("\u{FEFF}单位编码,单位名称"))
            let xlsx = try await admin.get("/dashboard/export.xlsx")
            #expect(xlsx.status == .ok)
            #expect(Data(buffer: xlsx.body).starts(with: [0x50, 0x4B]))
            let frequent = (try await admin.get("/api/v1/dashboard").json() as! [String: Any])["frequentFindings"] as! [[String: Any]]
            #expect(frequent.contains { $0["rule"] as? String == "task.actual.missing" })
        }
    }

    /// Revisions, the audit log and published files cannot be changed, whatever code asks.
    static func appendOnly(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE revisions SET text = 'x'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM revisions").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_events SET detail = 'x'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events").run() }
            let revisions = try await Revision.query(on: app.db).count()
            #expect(revisions == 1)
        }
    }

    /// Admin forms: a unit, a user, a year; bad values come back with the reason.
    static func administration(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let admin = Client(app)
            try await admin.login("admin")
            #expect(try await admin.post("/admin/units", ["name": "廉江市文化广电旅游体育局", "code": "105"]).status == .seeOther)
            let duplicate = try await admin.post("/admin/units", ["name": "重复", "code": "105"])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.string.contains("已存在"))
            let unit = try await BudgetUnit.query(on: app.db).filter(\.$code == "105").first()!
            #expect(try await admin.post("/admin/users", ["username": "wenlv", "displayName": "文旅局填报员", "role": "editor",
                                                           "unitID": unit.id!.uuidString, "password": "wenlv-password"]).status == .seeOther)
            #expect(try await admin.post("/admin/users", ["username": "x", "role": "editor", "password": "short"]).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/cycles", ["year": "2022", "frameworkID": "national-2013", "deadline": "2023-09-30"]).status == .seeOther)
            #expect(try await admin.post("/admin/cycles", ["year": "2022", "frameworkID": "national-2013", "deadline": "2023-09-30"]).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/cycles", ["year": "2023", "frameworkID": "nope", "deadline": "2024-09-30"]).status == .unprocessableEntity)
            // The new unit's editor sees its two years and nothing else.
            let editor = Client(app)
            #expect(try await editor.login("wenlv", password: "wenlv-password").status == .seeOther)
            let mine = try await editor.get("/api/v1/submissions")
            let rows = try mine.json() as! [[String: Any]]
            #expect(rows.count == 2)
            #expect(rows.allSatisfy { $0["unitName"] as? String == "廉江市文化广电旅游体育局" })
            // A deadline passed: the submission is recorded as late.
            let cycle = try await Cycle.query(on: app.db).filter(\.$year == 2022).first()!
            let late = try await Submission.query(on: app.db).filter(\.$cycle.$id == cycle.id!).filter(\.$unit.$id == unit.id!).first()!
            // The example made the 2022 year's: a 2021 file is not submitted as 2022's (year.mismatch).
            let text2022 = try exampleYAML(for: "廉江市文化广电旅游体育局").replacingOccurrences(of: "\n  year: 2021\n", with: "\n  year: 2022\n")
            try await editor.json(.PUT, "/api/v1/submissions/\(late.id!)/evaluation", ["text": text2022, "baseRevision": 0])
            #expect(try await editor.json(.POST, "/api/v1/submissions/\(late.id!)/submit").status == .ok)
            #expect(try await Submission.find(late.id!, on: app.db)!.late == true)
            let audit = try await admin.get("/admin/audit")
            #expect(audit.body.string.contains("逾期"))
        }
    }
}

extension Scenarios {
    /// Many saves of one submission at once, all made from revision 1 (many tabs, many people):
    /// exactly one is stored as revision 2; every other is refused as stale (409), none overwrites it.
    static func concurrentSaves(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!])
            let text = try exampleYAML()
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for k in 0..<12 {
                    group.addTask {
                        try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": "# \(k)\n" + text, "baseRevision": 1]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 11, "\(statuses)")
            let numbers = try await Revision.query(on: app.db).filter(\.$submission.$id == id).all().map(\.number).sorted()
            #expect(numbers == [1, 2])
            #expect(try await Submission.find(id, on: app.db)?.revisionNumber == 2)
        }
    }
}

extension Scenarios {
    /// The report's parts through the JSON API (the same parts as the forms), then the next year
    /// started from the accepted one and from the published report's text: what stays is carried,
    /// its budget figures become 上年数 and the year's own are left empty; a file of another year
    /// than the cycle's is told on save and not submitted.
    static func partsAndStartingPoints(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!])
            let overview = try await unit.get("/api/v1/submissions/\(id)/parts").json() as! [String: Any]
            let parts = overview["parts"] as! [[String: Any]]
            #expect(parts.map { $0["id"] as! String } == ["cover", "unit", "work", "goals", "budget", "final", "process", "result", "indicators", "problems", "use"])
            #expect(overview["final"] as? Bool == false)
            let links = overview["findings"] as! [[String: Any]]
            #expect(links.contains { ($0["href"] as! String).hasSuffix("/edit/problems#problems%5B0%5D") })
            #expect(links.allSatisfy { !($0["message"] as! String).contains("final_accounts.") })

            // Measures for both problems through the API: the problems' warnings go.
            let problems = try await unit.get("/api/v1/submissions/\(id)/parts/problems").json() as! [String: Any]
            #expect(problems["revision"] as? Int == 1)
            var data = problems["data"] as! [String: Any]
            // The first pasted with a line break inside its sentence and a doubled full stop: stored tidied.
            data["improvements"] = [["problem": 1, "measure": "细化绩效目标，\r\n按季度跟踪。。"], ["problem": 2, "measure": "加强项目论证和资金管理"]]
            var response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/parts/problems", ["baseRevision": 1, "data": data])
            #expect(response.status == .created)
            #expect((try response.json() as! [String: Any])["revision"] as? Int == 2)
            let findings = (try response.json() as! [String: Any])["findings"] as! [[String: Any]]
            #expect(!findings.contains { $0["rule"] as? String == "problem.unexplained" })
            #expect(!findings.contains { $0["rule"] as? String == "text.pasted" })
            let stored = try await unit.get("/api/v1/submissions/\(id)/parts/problems").json() as! [String: Any]
            let measures = ((stored["data"] as! [String: Any])["improvements"] as! [[String: Any]]).map { $0["measure"] as? String }
            #expect(measures == ["细化绩效目标，按季度跟踪。", "加强项目论证和资金管理"])
            // The same base again: stale. A key of another part: refused. A bad amount: the file's message.
            response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/parts/problems", ["baseRevision": 1, "data": data])
            #expect(response.status == .conflict)
            response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/parts/problems", ["baseRevision": 2, "data": ["cover": ["year": 2022]]])
            #expect(response.status == .unprocessableEntity)
            response = try await unit.json(.PUT, "/api/v1/submissions/\(id)/parts/final", [
                "baseRevision": 2, "data": ["final_accounts": ["income": ["total": "一千元"]]],
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(((try response.json() as! [String: Any])["reason"] as? String ?? "").contains("一千元"))
            #expect(try await revisionCount(app, id) == 2)

            // Accept 2021, open 2022: the 2022 draft starts from the accepted revision.
            #expect(try await unit.json(.POST, "/api/v1/submissions/\(id)/submit").status == .ok)
            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            #expect(try await reviewer.post("/submissions/\(id)/accept").status == .seeOther)
            let admin = Client(app)
            try await admin.login("admin")
            #expect(try await admin.post("/admin/cycles", ["year": "2022", "frameworkID": "national-2013", "deadline": "2023-09-30"]).status == .seeOther)
            let cycle = try await Cycle.query(on: app.db).filter(\.$year == 2022).first()!
            let next = try await Submission.query(on: app.db).filter(\.$cycle.$id == cycle.id!).filter(\.$unit.$id == (try await BudgetUnit.query(on: app.db).filter(\.$code == "101").first()!.id!)).first()!.id!
            let clerk = Client(app)
            try await clerk.login("editor")
            let page = try await clerk.get("/submissions/\(next)/edit")
            #expect(page.body.string.contains("从 2021 年度已通过的自评开始"))
            response = try await clerk.post("/submissions/\(next)/start", ["from": "last-year", "_base": "0"])
            #expect(response.status == .seeOther)
            let text = (try await clerk.get("/api/v1/submissions/\(next)/evaluation").json() as! [String: Any])["text"] as! String
            let draft = try EvaluationFile.parse(text, format: .yaml).evaluation
            let last = try EvaluationFile.parse(try exampleYAML(), format: .yaml).evaluation
            #expect(draft.cover?.year == 2022)
            #expect(draft.budget?.year == 2022)
            #expect(draft.unit == last.unit)
            #expect(draft.staffing?.authorized == last.staffing?.authorized)
            #expect(draft.staffing?.supported == last.staffing?.supported)
            #expect(draft.budget?.income?.lastYear?.description == "285.58万元")
            #expect(draft.budget?.income?.amount == nil && draft.budget?.expenditure?.amount == nil)
            #expect(draft.cover?.filledOn == nil && draft.cover?.notice == nil && draft.budget?.fixedAssets == nil)
            #expect(draft.budget?.expenditure?.lastYear?.description == "285.58万元")
            #expect(draft.budget?.operatingFunds?.lastYear?.description == "10.94万元")
            #expect(draft.budget?.threePublic?.total?.lastYear == last.budget?.threePublic?.total?.amount)
            #expect(draft.budget?.threePublic?.vehicles?.running?.lastYear == last.budget?.threePublic?.vehicles?.running?.amount)
            #expect(draft.finalAccounts == nil)
            #expect(draft.work == nil)
            // What the clerk must still state is said: the year's own amounts.
            let checked = try await clerk.get("/api/v1/submissions/\(next)").json() as! [String: Any]
            let startFindings = checked["findings"] as! [[String: Any]]
            #expect(startFindings.contains { $0["rule"] as? String == "yoy.amount.missing" && ($0["path"] as! String) == "budget.income.amount" })
            #expect(!startFindings.contains { ($0["rule"] as! String).hasPrefix("year.") })
            // A published report's text as the starting point (jixiao extract).
            response = try await clerk.upload("/submissions/\(next)/start/report", name: "report.txt",
                                              data: try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/JixiaoAuditTests/Fixtures/lianjiang-zonggonghui-2021-zhengti-zipingbaogao.txt")),
                                              fields: ["_base": "1"])
            #expect(response.status == .seeOther)
            #expect(try await revisionCount(app, next) == 2)
            let fromText = (try await clerk.get("/api/v1/submissions/\(next)/evaluation").json() as! [String: Any])["text"] as! String
            let started = try EvaluationFile.parse(fromText, format: .yaml).evaluation
            #expect(started.cover?.year == 2022 && started.budget?.year == 2022)
            #expect(started.budget?.income == YearOnYear(amount: nil, lastYear: try Amount.parse("285.58万元")))
            #expect(started.finalAccounts == nil && started.cover?.notice == nil)
            #expect(try await clerk.get("/submissions/\(next)/edit").body.string.contains("2021 年度的预算数字已作为 2022 年度的上年数"))
            // The budget form shows last year's figure as 上年数 and leaves the year's own field empty.
            let budgetForm = try await clerk.get("/submissions/\(next)/edit/budget").body.string
            #expect(budgetForm.contains("id=\"budget.income.last_year\" name=\"budget.income.last_year\" value=\"285.58万元\""))
            #expect(budgetForm.contains("id=\"budget.income.amount\" name=\"budget.income.amount\" value=\"\""))
            // …or as the PDF it was published as (pdftotext, as `jixiao extract` reads it). CI installs
            // poppler and sets JIXIAO_REQUIRE_PDF=1, so this is not skipped there.
            if ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1" || FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") {
                let fixtures = repositoryRoot.appendingPathComponent("Tests/JixiaoAuditTests/Fixtures")
                response = try await clerk.upload("/submissions/\(next)/start/report", name: "published.pdf",
                                                  data: try Data(contentsOf: fixtures.appendingPathComponent("lianjiang-zonggonghui-2021-excerpt.pdf")),
                                                  fields: ["_base": "2"])
                #expect(response.status == .seeOther)
                #expect(try await revisionCount(app, next) == 3)
                let fromPDF = (try await clerk.get("/api/v1/submissions/\(next)/evaluation").json() as! [String: Any])["text"] as! String
                #expect(try EvaluationFile.parse(fromPDF, format: .yaml).evaluation.cover?.unitName == "廉江市总工会")
                // A file that only claims to be a PDF: refused in words, nothing stored.
                response = try await clerk.upload("/submissions/\(next)/start/report", name: "broken.pdf",
                                                  data: Data("%PDF-1.4 not really a PDF".utf8), fields: ["_base": "3"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("broken.pdf：pdftotext 无法读取该 PDF"))
                #expect(try await revisionCount(app, next) == 3)
            }

            // A 2021 file saved in the 2022 year: the finding is shown, and it is not submitted as 2022's.
            var revisions = try await revisionCount(app, next)
            var year2021 = started
            year2021.cover?.year = 2021
            year2021.budget?.year = 2021
            response = try await clerk.post("/submissions/\(next)/text", ["text": try EvaluationFile.render(year2021, as: .yaml), "_base": "\(revisions)"])
            #expect(response.status == .seeOther)
            revisions += 1
            let saved = try await clerk.get("/api/v1/submissions/\(next)").json() as! [String: Any]
            let yearFindings = (saved["findings"] as! [[String: Any]]).filter { $0["rule"] as? String == "year.mismatch" }
            #expect(yearFindings.map { $0["path"] as! String } == ["cover.year", "budget.year"])
            #expect(try await clerk.get("/submissions/\(next)/edit").body.string.contains("本次填报的是 2022 年度的自评，封面评价年度为 2021 年"))
            response = try await clerk.post("/submissions/\(next)/submit", ["confirmed": "1"])
            #expect(response.status == .conflict)
            #expect(response.body.string.contains("年度不符（本次填报的是 2022 年度的自评，封面评价年度为 2021 年"))
            response = try await clerk.json(.POST, "/api/v1/submissions/\(next)/submit")
            #expect(response.status == .conflict)
            // The years made 2022's: submitted (the amounts still to fill in do not stop a submission).
            response = try await clerk.post("/submissions/\(next)/text", ["text": try EvaluationFile.render(started, as: .yaml), "_base": "\(revisions)"])
            #expect(response.status == .seeOther)
            #expect(try await clerk.post("/submissions/\(next)/submit", ["confirmed": "1"]).status == .seeOther)
        }
    }

    /// Saves queued while the writer is busy are written in one transaction, each judged by itself:
    /// a stale one, one whose rows cannot be stored (its author does not exist) and one for no
    /// submission fail alone, and each stored one has its revision, submission row, tallies and
    /// audit event.
    static func batchedSaves(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            var ids: [UUID] = []
            for code in ["101", "102", "103"] { ids.append(try await submissionID(app, unitCode: code)) }
            var bases: [Int] = []
            for id in ids { bases.append(try await Submission.find(id, on: app.db)!.revisionNumber) }
            let submission = try await Submission.find(ids[0], on: app.db)!
            let cycle = try await Cycle.find(submission.$cycle.id, on: app.db)!
            let analysis = try Analysis.analyse(yaml: try exampleYAML(), framework: app.frameworks.framework(cycle.frameworkID))
            let editor = Principal(try await User.query(on: app.db).filter(\.$username == "editor").first()!)
            var stranger = editor
            stranger.userID = UUID()
            func save(_ id: UUID, _ base: Int, by principal: Principal) -> PendingSave {
                PendingSave(submissionID: id, cycleID: cycle.id!, base: base, principal: principal, analysis: analysis, source: "测试")
            }
            let saves = [save(ids[0], bases[0], by: editor), save(ids[0], bases[0], by: editor), save(ids[1], bases[1], by: editor),
                         save(ids[2], bases[2], by: stranger), save(UUID(), 0, by: editor)]

            // The writer held busy while the saves queue up behind it, in order.
            let eventsBefore = try await AuditEvent.query(on: app.db).filter(\.$action == "revision.save").count()
            let holder = Task { try await app.saveQueue.run { try await Task.sleep(for: .milliseconds(400)) } }
            try await Task.sleep(for: .milliseconds(50))
            var tasks: [Task<Revision, any Error>] = []
            for pending in saves {
                tasks.append(Task { try await app.writeSave(pending) })
                try await Task.sleep(for: .milliseconds(20))
            }
            try await holder.value
            var results: [Result<Revision, any Error>] = []
            for task in tasks { results.append(await task.result) }

            #expect((try? results[0].get())?.number == bases[0] + 1)
            #expect(throws: StaleRevision.self) { try results[1].get() }
            #expect((try? results[2].get())?.number == bases[1] + 1)
            #expect((try? results[3].get()) == nil)
            #expect((try? results[4].get()) == nil)

            for (id, base, stored) in [(ids[0], bases[0], 1), (ids[1], bases[1], 1), (ids[2], bases[2], 0)] {
                let numbers = try await Revision.query(on: app.db).filter(\.$submission.$id == id).all().map(\.number).sorted()
                #expect(numbers.last ?? 0 == base + stored)
                #expect(try await Submission.find(id, on: app.db)?.revisionNumber == base + stored)
            }
            var expected: [String: Int] = [:]
            for finding in analysis.findings { expected[finding.rule, default: 0] += 1 }
            for id in ids.prefix(2) {
                let tallies = try await FindingTally.query(on: app.db).filter(\.$submissionID == id).all()
                #expect(Dictionary(uniqueKeysWithValues: tallies.map { ($0.rule, $0.count) }) == expected)
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "revision.save").count() == eventsBefore + 2)
        }
    }
}
