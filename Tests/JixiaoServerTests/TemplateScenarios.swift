import Foundation
import Testing
import Fluent
import JixiaoCore
import Vapor
import VaporTesting
import ZIPFoundation
@testable import JixiaoServer

/// Issue 23: the report template the admin picks when opening a year — a built-in or the bureau's
/// own file — drives that year's forms (order and titles), `section.missing` and the package.
extension Scenarios {
    /// A bureau's own template: three headings, problems before the basic facts.
    static let ownTemplate = """
        format: jixiao/template@1
        id: benju-2023
        name: 本局部门整体支出绩效自评报告（2023 版）
        source: 本局 2024 年自评通知
        title: "{单位}{年度}年度部门整体支出绩效自评报告"
        cover: [unit, year, filled_on]
        headings:
          - title: 存在的主要问题及整改措施
            numbering: 一、
            parts: [problems, improvements]
          - title: 部门基本情况
            numbering: 一、
            headings:
              - {title: 部门职责和人员, numbering: （一）, parts: [unit, staffing]}
              - {title: 年度预决算, numbering: （一）, parts: [budget, final_accounts]}
              - {title: 年度工作任务, numbering: （一）, parts: [work, performance_goals], required: false}
          - title: 自评结论
            numbering: 一、
            parts: [self_evaluation.result, indicators]

        """

    /// The text of the package's report (its DOCX's `word/document.xml`, tags left out).
    static func packageReportText(_ client: Client, _ id: UUID) async throws -> String {
        let archive = try Archive(data: Data(buffer: try await client.get("/submissions/\(id)/package.zip").body), accessMode: .read)
        let docx = try #require(archive.first { $0.path.hasSuffix("自评报告（草稿）.docx") || $0.path.hasSuffix("自评报告.docx") }, "\(archive.map(\.path))")
        var data = Data()
        _ = try archive.extract(docx) { data.append($0) }
        let inner = try Archive(data: data, accessMode: .read)
        var xml = Data()
        _ = try inner.extract(try #require(inner["word/document.xml"])) { xml.append($0) }
        return String(decoding: xml, as: UTF8.self).replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }

    /// Whether `texts` occur in `page` in this order.
    static func inOrder(_ texts: [String], in page: String) -> Bool {
        var from = page.startIndex
        for text in texts {
            guard let range = page.range(of: text, range: from..<page.endIndex) else { return false }
            from = range.upperBound
        }
        return true
    }

    static func templateYears(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let admin = Client(app)
            try await admin.login("admin")
            let page = try await admin.get("/admin").body.string
            #expect(page.contains("<option value=\"hunan-department\">湖南省部门整体支出绩效评价报告</option>"))
            #expect(page.contains("<option value=\"zhanjiang-lianjiang\" selected>湛江/廉江部门整体支出绩效自评报告</option>"))
            #expect(page.contains("<td>湛江/廉江部门整体支出绩效自评报告</td>"), "the demo's year keeps the 湛江/廉江 template")
            let year2022 = ["year": "2022", "frameworkID": "national-2013", "deadline": "2023-09-30"]

            // A bad file: refused with its line and field in Chinese; nothing opened; what was typed kept.
            let bad = ownTemplate.replacingOccurrences(of: "parts: [problems, improvements]", with: "parts: [problems, improvments]")
            var response = try await admin.upload("/admin/cycles", name: "本局模板.yaml", data: Data(bad.utf8), field: "templateFile",
                                                  fields: year2022.merging(["templateID": "own"]) { $1 })
            #expect(response.status == .unprocessableEntity)
            var body = response.body.string
            #expect(body.contains("报告模板文件「本局模板.yaml」有误，未开启年度：第 10 行：「improvments」无效"), "\(body)")
            #expect(body.contains("<option value=\"own\" selected>"))
            #expect(try await Cycle.query(on: app.db).filter(\.$year == 2022).count() == 0)
            response = try await admin.upload("/admin/cycles", name: "本局模板.json", data: Data("{\"format\": \"jixiao/template@1\",".utf8),
                                              field: "templateFile", fields: year2022.merging(["templateID": "own"]) { $1 })
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("报告模板文件「本局模板.json」有误，未开启年度：第 1 行"))
            response = try await admin.upload("/admin/cycles", name: "大.yaml", data: Data(repeating: UInt8(ascii: "#"), count: 300 << 10),
                                              field: "templateFile", fields: year2022.merging(["templateID": "own"]) { $1 })
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("模板文件过大（300 KB），上限 256 KB"))
            response = try await admin.post("/admin/cycles", year2022.merging(["templateID": "own"]) { $1 })
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("请选择本局的报告模板文件"))

            // Hunan's built-in: the year's page names it; the unit's forms, checks and package follow it.
            #expect(try await admin.post("/admin/cycles", year2022.merging(["templateID": "hunan-department"]) { $1 }).status == .seeOther)
            #expect(try await admin.get("/admin").body.string.contains("<td>湖南省部门整体支出绩效评价报告</td>"))
            let cycle = try #require(try await Cycle.query(on: app.db).filter(\.$year == 2022).first())
            #expect(try await admin.get("/dashboard?cycle=\(cycle.id!)").body.string.contains("<span>报告模板</span>湖南省部门整体支出绩效评价报告"))
            let unit = Client(app)
            try await unit.login("editor")
            let id = try await submissionID(app, unitCode: "101", year: 2022)
            let edit = try await unit.get("/submissions/\(id)/edit").body.string
            #expect(inOrder(["部门整体支出概况：机构设置、部门职能、人员构成", "部门整体支出概况：预算", "部门整体支出概况：决算", "部门整体支出绩效目标",
                             "部门整体支出或项目实施情况分析", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效评价指标分析",
                             "存在的问题及原因分析、有关建议", "其他需要说明的问题"], in: edit), "\(edit)")
            #expect(!edit.contains("单位机构设置、部门职能情况"))
            // section.missing names Hunan's headings.
            #expect(edit.contains("缺少「一（一）部门整体支出概况」中机构设置、部门职能的内容"), "\(edit)")
            let budget = try await unit.get("/submissions/\(id)/edit/budget").body.string
            #expect(budget.contains("<title>部门整体支出概况：预算 ·"))
            let report = try await packageReportText(unit, id)
            #expect(inOrder(["一、基本情况", "（一）部门整体支出概况", "（二）部门整体支出绩效目标", "二、绩效评价工作开展情况", "三、综合评价情况及评价结论"], in: report), "\(report.prefix(3000))")
            #expect(!report.contains("自评工作开展情况"))

            // The bureau's own file: opened with it, the next year follows it end to end.
            response = try await admin.upload("/admin/cycles", name: "本局模板.yaml", data: Data(ownTemplate.utf8), field: "templateFile",
                                              fields: ["year": "2023", "frameworkID": "national-2013", "deadline": "2024-09-30", "templateID": "own"])
            #expect(response.status == .seeOther, "\(response.body.string)")
            let adminPage = try await admin.get("/admin").body.string
            #expect(adminPage.contains("<td>本局部门整体支出绩效自评报告（2023 版）</td>"))
            #expect(adminPage.contains("<option value=\"own\" selected>"), "the latest year's own template is offered again")
            let own = try await submissionID(app, unitCode: "101", year: 2023)
            let ownEdit = try await unit.get("/submissions/\(own)/edit").body.string
            #expect(inOrder(["存在的主要问题及整改措施", "部门职责和人员", "年度预决算：预算", "年度预决算：决算", "年度工作任务：年度工作和重点工作任务",
                             "自评结论：自评结果", "自评结论：指标分析", "自评工作开展情况", "结果应用"], in: ownEdit), "\(ownEdit)")
            #expect(ownEdit.contains("缺少「二（一）部门职责和人员」中机构设置、部门职能的内容"), "\(ownEdit)")
            let ownReport = try await packageReportText(unit, own)
            #expect(inOrder(["一、存在的主要问题及整改措施", "二、部门基本情况", "（一）部门职责和人员", "三、自评结论"], in: ownReport), "\(ownReport.prefix(3000))")
        }
    }
}
