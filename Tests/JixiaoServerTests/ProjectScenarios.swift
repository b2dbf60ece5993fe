import Foundation
import Testing
import Fluent
import JixiaoCore
import JixiaoFormats
import Vapor
import VaporTesting
import ZIPFoundation
@testable import JixiaoServer

/// The project forms (项目支出绩效自评表, issue 24) through the pages as a browser uses them, each
/// run on SQLite and on PostgreSQL (see `BackendSuites.swift`).
extension Scenarios {
    /// The project form's page, posted back with `changes` and `_action`, as a browser would.
    static func postProject(_ client: Client, _ id: UUID, _ project: Int, _ changes: [String: String], action: String = "save",
                            page: String? = nil) async throws -> TestingHTTPResponse {
        var html = page ?? ""
        if page == nil { html = try await client.get("/submissions/\(id)/projects/\(project)").body.string }
        var fields = formFields(html, form: "project-form")
        fields.merge(changes) { $1 }
        fields["_action"] = action
        return try await client.post("/submissions/\(id)/projects/\(project)", fields)
    }

    static func projectRevisions(_ app: Application, _ id: UUID) async throws -> Int {
        try await ProjectRevision.query(on: app.db).filter(\.$submission.$id == id).count()
    }

    /// The figures of a project form that scores 执行率 43 ÷ 50 = 86% × 10 = 8.6 and two indicators.
    static let filledProject: [String: String] = [
        "department": "廉江市总工会", "funds.total.year_start": "50万元", "funds.total.full_year": "50万元", "funds.total.spent": "43万元",
        "funds.total.execution_rate": "86%", "funds.weight": "10", "funds.score": "8.6",
        "funds.parts[0].year_start": "50万元", "funds.parts[0].full_year": "50万元", "funds.parts[0].spent": "43万元",
        "funds.explanation": "部分场次因天气顺延至次年，资金按合同进度支付。",
        "goal.expected": "全年开展职工文化活动 20 场。", "goal.achieved": "开展 18 场。",
        "indicators[0].level1": "产出指标", "indicators[0].level2": "数量指标", "indicators[0].name": "开展活动场次", "indicators[0].nature": "≥",
        "indicators[0].target": "20", "indicators[0].unit": "场", "indicators[0].actual": "18", "indicators[0].weight": "50",
        "indicators[0].score": "45", "indicators[0].deviation": "两场因天气顺延，次年初补办。",
        "indicators[1].level1": "满意度指标", "indicators[1].level2": "服务对象满意度指标", "indicators[1].name": "职工满意度",
        "indicators[1].nature": "≥", "indicators[1].target": "90", "indicators[1].unit": "%", "indicators[1].actual": "95",
        "indicators[1].weight": "40", "indicators[1].score": "40", "total_score": "93.6",
    ]

    /// The clerk adds a project (the final accounts' project is offered; a blank one by its name),
    /// fills its form — indicator rows added, moved and removed — and sees 执行率, each score and 总分
    /// computed beside what was typed, the checks' findings in words; a money cell of 「4,8%」 or
    /// 「abc」 is refused at its field in Chinese with nothing stored.
    static func projectForms(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let clerk = Client(app)
            try await clerk.login("editor")
            #expect(try await clerk.get("/submissions/\(id)/edit").body.string.contains("href=\"/submissions/\(id)/projects\""))
            var list = try await clerk.get("/submissions/\(id)/projects").body.string
            #expect(list.contains("尚未添加项目"))
            #expect(list.contains("按决算的项目支出添加 1 个项目"))
            #expect(list.contains("「廉江市安铺工人文化宫重建项目工程」"))
            // A blank project needs its name.
            #expect(try await clerk.post("/submissions/\(id)/projects", ["from": "blank", "name": " "]).status == .unprocessableEntity)
            var response = try await clerk.post("/submissions/\(id)/projects", ["from": "blank", "name": "职工文化活动经费"])
            #expect(response.status == .seeOther)
            #expect(response.location == "/submissions/\(id)/projects/1")
            #expect(try await projectRevisions(app, id) == 1)
            var page = try await clerk.get("/submissions/\(id)/projects/1").body.string
            // The money rows the national form names, each column labelled once.
            for label in ["项目名称", "年初预算数", "全年预算数", "全年执行数", "执行率", "当年财政拨款", "上年结转资金", "其他资金", "预期目标"] {
                #expect(page.contains(label), "\(label)")
            }

            // Two indicator rows added (nothing saved), then a third added and removed, and the two moved.
            response = try await postProject(clerk, id, 1, [:], action: "add-row:indicators", page: page)
            #expect(response.status == .ok)
            response = try await postProject(clerk, id, 1, [:], action: "add-row:indicators", page: response.body.string)
            response = try await postProject(clerk, id, 1, [:], action: "add-row:indicators", page: response.body.string)
            #expect(response.body.string.contains("已添加一行（第 3 行）"))
            response = try await postProject(clerk, id, 1, [:], action: "remove:indicators[2]", page: response.body.string)
            #expect(response.body.string.contains("已删除第 3 行"))
            #expect(try await projectRevisions(app, id) == 1)
            // Typed the other way round, then moved into place.
            var swapped: [String: String] = [:]
            for (key, value) in filledProject {
                swapped[key.replacingOccurrences(of: "indicators[0]", with: "indicators[X]").replacingOccurrences(of: "indicators[1]", with: "indicators[0]")
                    .replacingOccurrences(of: "indicators[X]", with: "indicators[1]")] = value
            }
            response = try await postProject(clerk, id, 1, swapped, action: "down:indicators[0]", page: response.body.string)
            #expect(response.body.string.contains("已移动第 1 行"))
            response = try await postProject(clerk, id, 1, [:], page: response.body.string)
            #expect(response.status == .seeOther, "\(response.body.string.prefix(2000))")
            #expect(try await projectRevisions(app, id) == 2)

            let stored = try await ProjectService.latest(id, on: app.db)
            let project = try ProjectFile.parse(stored[0].text, format: .yaml).project
            #expect(project.name == "职工文化活动经费")
            #expect(project.indicators?.map(\.name) == ["开展活动场次", "职工满意度"])
            #expect(project.funds?.total?.spent?.description == "43万元")
            #expect(stored[0].score == "93.6" && stored[0].executionRate == "86")

            page = try await clerk.get("/submissions/\(id)/projects/1").body.string
            #expect(page.contains("执行率 <b id=\"computed-execution\">86.00%</b>"))
            #expect(page.contains("总分 <b id=\"computed-total\">93.6</b>"))
            #expect(page.contains("按全年执行数 ÷ 全年预算数计算：86.00%"))
            #expect(page.contains("计算得分：8.6 分。全年执行数 43万元 ÷ 全年预算数 50万元 = 86.00%"))
            #expect(page.contains("未达到目标：实际 18场 ÷ 指标值 20场 × 50 分 = 45 分"))
            #expect(page.contains("按各项得分合计：93.6 分"))
            list = try await clerk.get("/submissions/\(id)/projects").body.string
            #expect(list.contains(">职工文化活动经费</a>") && list.contains("86.00%") && list.contains("93.6"))

            // A weight of 40 + 50 + 10 = 100 is met; 60 makes 120: the check's finding is said in words.
            response = try await postProject(clerk, id, 1, ["indicators[1].weight": "60", "indicators[1].score": "60"])
            #expect(response.status == .seeOther)
            page = try await clerk.get("/submissions/\(id)/projects/1").body.string
            let start = try #require(page.range(of: "id=\"project-findings\""))
            let rest = page[start.upperBound...]
            let card = String(rest[..<(rest.range(of: "</div>")?.lowerBound ?? rest.endIndex)])
            #expect(card.contains("分值"), "\(card)")
            #expect(!card.contains("project."), "\(card)")
            #expect(!card.contains("indicators["), "\(card)")
            #expect(try await projectRevisions(app, id) == 3)

            // Bad money cells: refused at the field, in Chinese, nothing stored.
            for bad in ["4,8%", "abc"] {
                response = try await postProject(clerk, id, 1, ["funds.total.spent": bad])
                #expect(response.status == .unprocessableEntity)
                let body = response.body.string
                #expect(body.contains("输入有误，未保存"))
                #expect(body.contains("<li>全年执行数：") && body.contains("“\(bad)”"), "\(body.prefix(3000))")
                #expect(try await projectRevisions(app, id) == 3)
            }
            // A stale base: refused, nothing stored.
            let stale = try await clerk.get("/submissions/\(id)/projects/1").body.string
            #expect(try await postProject(clerk, id, 1, ["goal.achieved": "开展 19 场。"], page: stale).status == .seeOther)
            #expect(try await postProject(clerk, id, 1, ["goal.achieved": "开展 20 场。"], page: stale).status == .conflict)
            #expect(try await projectRevisions(app, id) == 4)
            // The final accounts' project, added from the list, is no longer offered.
            #expect(try await clerk.post("/submissions/\(id)/projects", ["from": "budget"]).status == .seeOther)
            list = try await clerk.get("/submissions/\(id)/projects").body.string
            #expect(list.contains(">廉江市安铺工人文化宫重建项目工程</a>"))
            #expect(!list.contains("按决算的项目支出添加"))
            // Revisions are append-only in the database itself.
            let first = try #require(try await ProjectRevision.query(on: app.db).first())
            first.source = "改写"
            await #expect(throws: (any Error).self) { try await first.update(on: app.db) }
        }
    }

    /// The submission holds the unit's projects: its package has each project's DOCX and XLSX;
    /// the reviewer reads each project's score and findings and comments on one of its fields,
    /// which the clerk sees at the field once returned; the dashboard counts the projects; the
    /// next year starts from them with their indicators and targets, actuals and scores blank.
    static func projectsThroughTheCycle(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let clerk = Client(app)
            try await clerk.login("editor")
            #expect(try await clerk.post("/submissions/\(id)/projects", ["from": "blank", "name": "职工文化活动经费"]).status == .seeOther)
            var response = try await postProject(clerk, id, 1, [:], action: "add-row:indicators")
            response = try await postProject(clerk, id, 1, [:], action: "add-row:indicators", page: response.body.string)
            response = try await postProject(clerk, id, 1, filledProject, page: response.body.string)
            #expect(response.status == .seeOther)

            let archive = try Archive(data: Data(buffer: try await clerk.get("/submissions/\(id)/package.zip").body), accessMode: .read)
            let names = archive.map(\.path)
            #expect(names.contains("廉江市总工会2021年度项目支出绩效自评表1（职工文化活动经费）（草稿）.docx"), "\(names)")
            #expect(names.contains("廉江市总工会2021年度项目支出绩效自评表1（职工文化活动经费）（草稿）.xlsx"), "\(names)")
            #expect(try await clerk.post("/submissions/\(id)/submit", ["confirmed": "1"]).status == .seeOther)
            // Submitted: the project form is locked as the report is.
            #expect(try await postProject(clerk, id, 1, ["goal.achieved": "x"]).status != .seeOther)

            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            let show = try await reviewer.get("/submissions/\(id)").body.string
            #expect(show.contains("href=\"/submissions/\(id)/projects/1/view\""))
            var view = try await reviewer.get("/submissions/\(id)/projects/1/view").body.string
            #expect(view.contains("总分 <b id=\"computed-total\">93.6</b>"))
            #expect(view.contains("未达到目标：实际 18场 ÷ 指标值 20场 × 50 分 = 45 分"))
            let field = "indicators[0].actual"
            let annotate = "/submissions/\(id)/projects/1/view?field=" + field.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(view.contains("href=\"\(annotate)#"))
            view = try await reviewer.get(annotate).body.string
            #expect(view.contains("对「职工文化活动经费 › 指标 1 › 实际完成值」的审核意见"))
            let fields = formFields(view, form: "annotation")
            #expect(fields["path"] == "projects[1].indicators[0].actual")
            response = try await reviewer.post("/submissions/\(id)/comments", fields.merging(["body": "请附活动签到表，核实 18 场"]) { $1 })
            #expect(response.status == .seeOther)
            #expect(response.location == "/submissions/\(id)/projects/1/view#indicators[0].actual")
            // A field the project form does not show, or a project that is not there: refused.
            #expect(try await reviewer.post("/submissions/\(id)/comments", ["path": "projects[1].no_such", "body": "x"]).status == .unprocessableEntity)
            #expect(try await reviewer.post("/submissions/\(id)/comments", ["path": "projects[9].name", "body": "x"]).status == .notFound)

            let admin = Client(app)
            try await admin.login("admin")
            let dashboard = try await admin.get("/dashboard").body.string
            #expect(dashboard.contains("<div><span>项目数</span>1 个（1 个单位）</div>"), "\(dashboard)")
            #expect(dashboard.contains("<div><span>平均总分</span>93.60 分</div>"))
            #expect(dashboard.contains("<div><span>执行率低于 90%</span>1 个项目</div>"))

            #expect(try await reviewer.post("/submissions/\(id)/return", ["comment": "请按意见修改"]).status == .seeOther)
            let page = try await clerk.get("/submissions/\(id)/projects/1").body.string
            let beside = try #require(page.range(of: "id=\"\(field)\""))
            let next = page.range(of: "<div class=\"field", range: beside.upperBound..<page.endIndex)?.lowerBound ?? page.endIndex
            #expect(page[beside.upperBound..<next].contains("审核意见：请附活动签到表，核实 18 场"))
            let overview = try await clerk.get("/submissions/\(id)/edit").body.string
            #expect(overview.contains("<a href=\"/submissions/\(id)/projects/1#indicators[0].actual\">项目 1 › 指标 1 › 实际完成值</a>"), "\(overview)")

            // Accepted, then 2022 opened: the projects carried with their indicators and targets.
            #expect(try await clerk.post("/submissions/\(id)/submit", ["confirmed": "1"]).status == .seeOther)
            #expect(try await reviewer.post("/submissions/\(id)/accept").status == .seeOther)
            #expect(try await admin.post("/admin/cycles", ["year": "2022", "frameworkID": "national-2013", "deadline": "2023-09-30"]).status == .seeOther)
            let nextYear = try await submissionID(app, unitCode: "101", year: 2022)
            let list = try await clerk.get("/submissions/\(nextYear)/projects").body.string
            #expect(list.contains("从 2021 年度结转 1 个项目"))
            #expect(try await clerk.post("/submissions/\(nextYear)/projects", ["from": "last-year"]).status == .seeOther)
            let carried = try ProjectFile.parse(try await ProjectService.latest(nextYear, on: app.db)[0].text, format: .yaml).project
            #expect(carried.year == 2022)
            #expect(carried.name == "职工文化活动经费")
            #expect(carried.indicators?.map(\.name) == ["开展活动场次", "职工满意度"])
            #expect(carried.indicators?.map(\.target) == ["20", "90"])
            #expect(carried.indicators?.map { $0.weight?.description } == ["50", "40"])
            #expect(carried.indicators?.allSatisfy { $0.actual == nil && $0.score == nil && $0.deviation == nil } == true)
            #expect(carried.funds?.total == nil && carried.funds?.score == nil && carried.totalScore == nil && carried.goal?.achieved == nil)
            #expect(carried.funds?.parts?.map(\.source) == ["当年财政拨款", "上年结转资金", "其他资金"])
        }
    }
}
