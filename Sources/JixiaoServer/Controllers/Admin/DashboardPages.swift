import Foundation
import Vapor

/// 总览 — the bureau's table of every unit, with charts and exports (admins and reviewers).
struct DashboardPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let d = routes.grouped(RequirePermission(permission: .viewDashboard)).grouped("dashboard")
        d.get(use: show)
        d.get("export.csv", use: csv)
        d.get("export.xlsx", use: xlsx)
    }

    static func filter(_ req: Request) -> Dashboard.Filter {
        Dashboard.Filter(cycleID: req.query["cycle"], status: (req.query["status"] as String?).flatMap(SubmissionStatus.init(rawValue:)),
                         grade: (req.query["grade"] as String?).flatMap { $0 == "all" ? nil : $0 }, page: req.query["page"] ?? 1)
    }

    static func load(_ req: Request, allRows: Bool = false) async throws -> Dashboard.Data {
        let principal = try req.access.principal(.viewDashboard)
        return try await Dashboard(db: req.db, bureauID: principal.bureauID).load(filter(req), allRows: allRows)
    }

    struct Page: Encodable {
        var data: Dashboard.Data
        /// 评分框架 by its name.
        var frameworkName: String
        var statusChart: String
        var gradeChart: String
        var rateChart: String
        var findingChart: String
        var statuses: [Dashboard.Count]
        var query: String
        var previous: Int?
        var next: Int?
    }

    func show(req: Request) async throws -> Response {
        let data = try await Self.load(req)
        var items: [String] = []
        if let id = data.cycles.first(where: \.selected)?.id { items.append("cycle=\(id)") }
        if let status = data.status { items.append("status=\(status)") }
        if let grade = data.grade { items.append("grade=\(grade.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        let page = Page(data: data, frameworkName: data.frameworkID.map { req.application.frameworks.framework($0)?.framework.name ?? $0 } ?? "",
                        statusChart: BarChart.svg(data.byStatus, title: "报送状态"),
                        gradeChart: BarChart.svg(data.byGrade, title: "等级分布"),
                        rateChart: BarChart.svg(data.executionRates, title: "预算执行率分布"),
                        findingChart: BarChart.svg(data.frequentFindings.map { .init(key: $0.rule, label: $0.title, count: $0.units) },
                                                   title: "最常见的发现（单位数）", width: 560, labelWidth: 200),
                        statuses: SubmissionStatus.allCases.map { .init(key: $0.rawValue, label: $0.label, count: 0) },
                        query: items.joined(separator: "&"), previous: data.page > 1 ? data.page - 1 : nil,
                        next: data.page < data.pages ? data.page + 1 : nil)
        return try await req.page("dashboard", title: "总览", page)
    }

    func csv(req: Request) async throws -> Response {
        let data = try await Self.load(req, allRows: true)
        return PublicPages.download(Foundation.Data(Dashboard.csv(data).utf8), name: "总览\(data.year.map(String.init) ?? "").csv",
                                    type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]))
    }

    func xlsx(req: Request) async throws -> Response {
        let data = try await Self.load(req, allRows: true)
        return PublicPages.download(try Dashboard.xlsx(data), name: "总览\(data.year.map(String.init) ?? "").xlsx")
    }
}
