import Foundation
import Testing
import Fluent
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Vapor
import VaporTesting
import ZIPFoundation
@testable import JixiaoServer

/// The forms in the clerk's words and the long parts (issue 21, parts 5 and 7), through the pages
/// as a browser uses them, each run on SQLite and on PostgreSQL (see `BackendSuites.swift`).
extension Scenarios {
    /// The example with everything the formal package needs: each task's result, each indicator's
    /// values, a measure for each problem, the reason for the budget deviation, a score and grade.
    static func completeExampleYAML() throws -> String {
        var evaluation = try EvaluationFile.parse(try exampleYAML(), format: .yaml).evaluation
        for (c, category) in (evaluation.work?.categories ?? []).enumerated() {
            for i in (category.tasks ?? []).indices {
                var result = TaskResult()
                result.summary = "已按计划完成，工作记录已归档。"
                evaluation.work?.categories?[c].tasks?[i].result = result
            }
        }
        for i in (evaluation.indicators ?? []).indices {
            evaluation.indicators?[i].target = try Quantity.parse("90%")
            evaluation.indicators?[i].actual = try Quantity.parse("95%")
        }
        evaluation.improvements = (evaluation.problems ?? []).indices.map { Improvement(problem: $0 + 1, measure: "细化绩效目标，按季度跟踪执行进度。") }
        evaluation.finalAccounts?.deviationReason = "年中追加政府性基金预算 694.76万元，用于安铺工人文化宫重建项目。"
        evaluation.selfEvaluation?.result?.score = StatedNumber(parsing: "85")
        evaluation.selfEvaluation?.result?.grade = .good
        return try EvaluationFile.render(evaluation, as: .yaml)
    }

    /// Progress counts what the formal package must contain: the example lacks 39 such things and
    /// shows less than 100%; the complete report shows 100% in every part, though its optional
    /// fields (结果应用, 目标原文 …) are blank; the page says what is counted.
    static func progressCountsWhatIsRequired(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!])
            var overview = try await unit.get("/api/v1/submissions/\(id)/parts").json() as! [String: Any]
            var parts = overview["parts"] as! [[String: Any]]
            let required = parts.reduce(0) { $0 + ($1["required"] as! Int) }, met = parts.reduce(0) { $0 + ($1["met"] as! Int) }
            #expect(required - met == (overview["missing"] as! [String]).count)
            #expect(required - met == 39)
            #expect(parts.first { $0["id"] as? String == "work" }?["required"] as? Int == 21)
            #expect(parts.first { $0["id"] as? String == "use" }?["required"] as? Int == 0)

            let saved = try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": try completeExampleYAML(), "baseRevision": 1])
            #expect(saved.status == .created)
            overview = try await unit.get("/api/v1/submissions/\(id)/parts").json() as! [String: Any]
            parts = overview["parts"] as! [[String: Any]]
            #expect((overview["missing"] as! [String]).isEmpty)
            #expect(parts.allSatisfy { $0["percent"] as? Int == 100 && $0["required"] as? Int == $0["met"] as? Int }, "\(parts)")
            // Still 21 task results, 14 indicator values, 2 measures among what is counted: met now, not dropped.
            #expect(parts.first { $0["id"] as? String == "work" }?["met"] as? Int == 21)
            #expect(parts.first { $0["id"] as? String == "indicators" }?["met"] as? Int == 14)

            let clerk = Client(app)
            try await clerk.login("editor")
            let page = try await clerk.get("/submissions/\(id)/edit").body.string
            #expect(page.contains("<b id=\"progress-percent\">100%</b>"))
            #expect(page.contains("进度只计正式材料必须具备的内容"))
            #expect(page.contains("选填的栏目不计入"))
        }
    }

    /// The reviewer comments on a field from the part's reading view by its 批注 link, never by
    /// typing a path; the clerk finds the comment beside the field in the form and, with the
    /// field's place, in the overview; a path that names no field is refused, not kept as a
    /// comment on the whole report.
    static func commentOnField(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            #expect(try await unit.post("/submissions/\(id)/submit", ["confirmed": "1"]).status == .seeOther)

            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            // The submission page has no field-path box; it links each part's reading view.
            let show = try await reviewer.get("/submissions/\(id)").body.string
            #expect(!show.contains("name=\"path\""))
            #expect(show.contains("href=\"/submissions/\(id)/view/work\""))
            let view = try await reviewer.get("/submissions/\(id)/view/work?row=2")
            #expect(view.status == .ok)
            let field = "work.categories[2].tasks[0].result.summary"
            let annotate = "/submissions/\(id)/view/work?row=2&amp;field=" + field.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(view.body.string.contains("href=\"\(annotate)#"))
            #expect(!view.body.string.contains("<input type=\"text\""))
            // The link opens a comment form on that field, which names it by its place in the form.
            let form = try await reviewer.get(annotate.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(form.body.string.contains("对「类别 3 › 任务 1 › 完成情况」的审核意见"))
            let fields = formFields(form.body.string, form: "annotation")
            #expect(fields["path"] == field)
            var response = try await reviewer.post("/submissions/\(id)/comments", fields.merging(["body": "请写明评选的人数和时间"]) { $1 })
            #expect(response.status == .seeOther)
            #expect(response.location == "/submissions/\(id)/view/work?row=2#work.categories%5B2%5D.tasks%5B0%5D.result.summary")
            // A description typed where a field belongs: refused in words, nothing stored.
            response = try await reviewer.post("/submissions/\(id)/comments", ["path": "第三类第一项任务", "body": "请补充"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("不在报告的表单上"))
            #expect(try await reviewer.json(.POST, "/api/v1/submissions/\(id)/comments", ["path": "no.such.field", "body": "x"]).status == .unprocessableEntity)
            #expect(try await ReviewComment.query(on: app.db).count() == 1)
            #expect(try await reviewer.post("/submissions/\(id)/return", ["comment": "请按意见修改"]).status == .seeOther)

            // The clerk: beside the field in the form (the category that holds it open) …
            let part = try await unit.get("/submissions/\(id)/edit/work?row=2").body.string
            let beside = try #require(part.range(of: "id=\"\(field)\""))
            let next = part.range(of: "<div class=\"field", range: beside.upperBound..<part.endIndex)?.lowerBound ?? part.endIndex
            #expect(part[beside.upperBound..<next].contains("审核意见：请写明评选的人数和时间"))
            // … folded rows say that they hold one …
            #expect(try await unit.get("/submissions/\(id)/edit/work?row=0").body.string.contains("审核意见 1 条"))
            // … and the overview, with the field's place and a link to it.
            let overview = try await unit.get("/submissions/\(id)/edit").body.string
            #expect(overview.contains("<a href=\"/submissions/\(id)/edit/work?row=2#work.categories%5B2%5D.tasks%5B0%5D.result.summary\">类别 3 › 任务 1 › 完成情况</a>"))
            #expect(overview.contains("请按意见修改"))
        }
    }

    /// 报送 and 公开 ask first, without a script: the button's post shows what the action does and
    /// changes nothing; only the confirmation's post acts. Figures that disagree are said on the
    /// step, which then has no button.
    static func confirmationSteps(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            var response = try await unit.post("/submissions/\(id)/submit")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("确认报送"))
            #expect(response.body.string.contains("报送后自评锁定"))
            #expect(formFields(response.body.string, form: "confirm-form")["confirmed"] == "1")
            #expect(try await Submission.find(id, on: app.db)?.status == .draft)
            // A broken sum: the step says why it cannot be submitted, and offers no button.
            #expect(try await unit.savePart(id, "final", ["final_accounts.expenditure.total": "11,486,445.31元"]).status == .seeOther)
            response = try await unit.post("/submissions/\(id)/submit")
            #expect(response.body.string.contains("现在不能报送：数字有误"))
            #expect(!response.body.string.contains("id=\"confirm\""))
            #expect(try await unit.savePart(id, "final", ["final_accounts.expenditure.total": "11,486,444.31元"]).status == .seeOther)
            #expect(try await unit.post("/submissions/\(id)/submit", ["confirmed": "1"]).status == .seeOther)
            #expect(try await Submission.find(id, on: app.db)?.status == .submitted)

            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            #expect(try await reviewer.post("/submissions/\(id)/accept").status == .seeOther)
            let admin = Client(app)
            try await admin.login("admin")
            response = try await admin.post("/submissions/\(id)/publish")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("确认公开"))
            #expect(response.body.string.contains("公开不能撤回"))
            #expect(try await Publication.query(on: app.db).count() == 0)
            response = try await admin.post("/submissions/\(id)/publish", ["confirmed": "1"])
            #expect(response.status == .seeOther)
            #expect(try await Publication.query(on: app.db).count() == 1)
        }
    }

    /// The package ZIP holds the report's PDF when the server has LibreOffice; without it, a
    /// 说明.txt that says why, and the pages say so beside the download link.
    static func packagePDF(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            #expect(try await unit.get("/submissions/\(id)/edit").body.string.contains("服务器未安装 LibreOffice，材料中没有 PDF"))
            let archive = try Archive(data: Data(buffer: try await unit.get("/submissions/\(id)/package.zip").body), accessMode: .read)
            let names = archive.map(\.path)
            #expect(!names.contains { $0.hasSuffix(".pdf") })
            let note = try #require(archive["说明.txt"])
            var text = Data()
            _ = try archive.extract(note) { text.append($0) }
            #expect(String(decoding: text, as: UTF8.self).contains("本材料包中没有自评报告的 PDF：服务器未安装 LibreOffice"))
        }
        // CI installs LibreOffice and sets JIXIAO_REQUIRE_PDF=1: then this part must run.
        guard let converter = PDFConverter.find() else {
            if ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1" { Issue.record("JIXIAO_REQUIRE_PDF=1, but LibreOffice is not on the PATH") }
            return
        }
        try await withServer(backend, pdfConverter: converter) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            #expect(try await unit.get("/submissions/\(id)/edit").body.string.contains("材料含 PDF"))
            let archive = try Archive(data: Data(buffer: try await unit.get("/submissions/\(id)/package.zip").body), accessMode: .read)
            let pdf = try #require(archive.first { $0.path == "廉江市总工会2021年度自评报告（草稿）.pdf" }, "\(archive.map(\.path))")
            var data = Data()
            _ = try archive.extract(pdf) { data.append($0) }
            #expect(data.starts(with: Data("%PDF".utf8)))
            #expect(archive["说明.txt"] == nil)
        }
    }

    /// A target shows the fields of its kind (in Chinese), the others hidden and not sent; a new
    /// kind's fields come with a button without a script; the file keeps the code.
    static func targetKinds(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            // 任务 10's target is 是否 (yes_no): no target value, no unit.
            let row = "work.categories[3].tasks[1].targets[0]"
            var page = try await unit.get("/submissions/\(id)/edit/work?row=3").body.string
            #expect(page.contains("<option value=\"yes_no\" selected>是否</option>"))
            #expect(page.contains("<option value=\"at_least\">不低于</option>"))
            #expect(!page.contains(">at_least<") && !page.contains(">yes_no<"))
            var sent = formFields(page, form: "part-form")
            #expect(sent["\(row).kind"] == "yes_no")
            #expect(sent["\(row).value"] == nil && sent["\(row).unit"] == nil)
            #expect(page.contains("id=\"\(row).value\""))
            // 数量 chosen; the button shows its fields, nothing saved.
            let before = try await revisionCount(app, id)
            sent["\(row).kind"] = "count"
            sent["_action"] = "show:\(row)"
            var response = try await unit.post("/submissions/\(id)/edit/work?row=3", sent)
            #expect(response.status == .ok)
            #expect(response.body.string.contains("已按所选类型显示栏目"))
            sent = formFields(response.body.string, form: "part-form")
            #expect(sent["\(row).value"] == "" && sent["\(row).unit"] == "")
            #expect(sent["\(row).percent"] == nil)
            #expect(try await revisionCount(app, id) == before)
            sent["\(row).value"] = "12"
            sent["\(row).unit"] = "家"
            sent["_action"] = "save"
            response = try await unit.post("/submissions/\(id)/edit/work?row=3", sent)
            #expect(response.status == .seeOther)
            #expect(response.location == "/submissions/\(id)/edit/work?row=3")
            let text = (try await unit.get("/api/v1/submissions/\(id)/evaluation").json() as! [String: Any])["text"] as! String
            let target = try #require(try EvaluationFile.parse(text, format: .yaml).evaluation.work?.categories?[3].tasks?[1].targets?[0])
            #expect(target.kind == .count)
            #expect(target.value?.description == "12")
            #expect(target.unit == "家")
            page = try await unit.get("/submissions/\(id)/edit/work?row=3").body.string
            #expect(formFields(page, form: "part-form")["\(row).value"] == "12")
        }
    }

    /// 年度工作 one category at a time: the others folded to their heading (and kept whole when the
    /// page is saved); buttons come back at the row they acted on.
    static func workOneCategoryAtATime(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            let whole = try await unit.get("/submissions/\(id)/edit/work").body.string
            #expect(whole.contains("name=\"work.categories[0].tasks[0].title\""))
            #expect(!whole.contains("name=\"work.categories[1].tasks[0].title\""))
            #expect(whole.contains("href=\"/submissions/\(id)/edit/work?row=5#work.categories[5]\""))
            let fifth = try await unit.get("/submissions/\(id)/edit/work?row=5").body.string
            #expect(fifth.contains("name=\"work.categories[5].tasks[0].title\""))
            #expect(!fifth.contains("name=\"work.categories[0].tasks[0].title\""))
            for k in 0..<7 where k != 5 { #expect(!fifth.contains("name=\"work.categories[\(k)].tasks[0].title\"")) }
            // A button returns at the row it acted on: 添加目标 in task 1 of category 6.
            let add = "add-row:work.categories[5].tasks[0].targets"
            #expect(fifth.contains("value=\"\(add)\" formaction=\"/submissions/\(id)/edit/work?row=5#work.categories%5B5%5D.tasks%5B0%5D.targets%5B7%5D\""))
            #expect(try await unit.get("/submissions/\(id)/edit/work?row=x").status == .badRequest)
            // Saving the page of category 6 changes one line, and keeps the folded categories whole.
            let yaml = (try await unit.get("/api/v1/submissions/\(id)/evaluation").json() as! [String: Any])["text"] as! String
            var sent = formFields(fifth, form: "part-form")
            sent["work.categories[5].tasks[0].result.summary"] = "新建工会 52 家"
            sent["_action"] = "save"
            #expect(try await unit.post("/submissions/\(id)/edit/work?row=5", sent).status == .seeOther)
            let saved = (try await unit.get("/api/v1/submissions/\(id)/evaluation").json() as! [String: Any])["text"] as! String
            let before = try EvaluationFile.parse(yaml, format: .yaml).evaluation, after = try EvaluationFile.parse(saved, format: .yaml).evaluation
            #expect(after.work?.categories?[5].tasks?[0].result?.summary == "新建工会 52 家")
            var expected = before
            expected.work?.categories?[5].tasks?[0].result = after.work?.categories?[5].tasks?[0].result
            #expect(after == expected)
        }
    }

    /// The admin's year form: frameworks by name, the bureau's latest choice selected; a refused
    /// form (a year already open, a deadline within the year) comes back as typed.
    static func adminYearForm(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let admin = Client(app)
            try await admin.login("admin")
            var page = try await admin.get("/admin").body.string
            #expect(page.contains("<option value=\"national-2013\" selected>部门整体支出绩效评价共性指标体系（财预〔2013〕53号）</option>"))
            #expect(page.contains("<option value=\"dazhou-department\">达州市部门整体支出绩效评价评分表</option>"))
            #expect(page.contains("value=\"2022\""))
            var response = try await admin.post("/admin/cycles", ["year": "2021", "frameworkID": "yueyang-department", "deadline": "2022-09-30"])
            #expect(response.status == .unprocessableEntity)
            page = response.body.string
            #expect(page.contains("2021 年度已开启"))
            #expect(page.contains("<option value=\"yueyang-department\" selected>"))
            #expect(page.contains("id=\"year\" name=\"year\" value=\"2021\""))
            #expect(page.contains("value=\"2022-09-30\""))
            response = try await admin.post("/admin/cycles", ["year": "2022", "frameworkID": "yueyang-department", "deadline": "2022-09-30"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("2022 年度的自评在 2023 年报送"))
            #expect(response.body.string.contains("value=\"2022-09-30\""))
            response = try await admin.post("/admin/cycles", ["year": "二〇二二", "frameworkID": "yueyang-department", "deadline": "2023-09-30"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("评价年度「二〇二二」无效"))
            #expect(try await admin.post("/admin/cycles", ["year": "2022", "frameworkID": "yueyang-department", "deadline": "2023-09-30"]).status == .seeOther)
            page = try await admin.get("/admin").body.string
            #expect(page.contains("<option value=\"yueyang-department\" selected>"))
            #expect(page.contains("value=\"2023\""))
            #expect(page.contains("<td>岳阳市部门整体支出绩效评价评分表</td>"))
        }
    }
}
