import Fluent
import Foundation
import JixiaoCore
import JixiaoRender
import SQLKit
import Vapor

/// 总览 — every unit of one year: status, score, grade, findings, lateness; with the counts
/// and charts the bureau reads first. Each figure is one indexed query over the year's rows,
/// never one query per unit.
package struct Dashboard {
    package struct Filter: Sendable {
        var cycleID: UUID?
        var status: SubmissionStatus?
        var grade: String?
        var page: Int = 1
        static let pageSize = 200

        package init(cycleID: UUID? = nil, status: SubmissionStatus? = nil, grade: String? = nil, page: Int = 1) {
            (self.cycleID, self.status, self.grade, self.page) = (cycleID, status, grade, page)
        }
    }

    struct Row: Content {
        var submissionID: UUID
        var unitCode: String
        var unitName: String
        var status: String
        var statusLabel: String
        var revision: Int
        var score: String?
        var grade: String?
        var scoreComplete: Bool
        var errors: Int
        var warnings: Int
        var late: Bool
        var executionRate: String?
        var submittedAt: Date?
        var submittedAtText: String
    }

    struct Count: Content {
        var key: String
        var label: String
        var count: Int
    }

    struct FrequentFinding: Content {
        var rule: String
        var title: String
        var units: Int
        var occurrences: Int
    }

    struct CycleChoice: Content {
        var id: UUID
        var year: Int
        var selected: Bool
    }

    package struct Data: Content {
        var cycles: [CycleChoice]
        var year: Int?
        var frameworkID: String?
        /// 报告模板 by its name.
        var templateName: String?
        var deadline: Date?
        var deadlineText: String
        var status: String?
        var grade: String?
        /// Rows matching the filter (all of them in exports; one page on the page).
        var total: Int
        var page: Int
        var pages: Int
        var rows: [Row]
        var byStatus: [Count]
        var byGrade: [Count]
        var executionRates: [Count]
        var frequentFindings: [FrequentFinding]
        var late: Int
        var projects: ProjectCounts
    }

    /// 项目支出绩效自评 — the year's project forms (each project's latest revision), counted.
    struct ProjectCounts: Content {
        /// 项目数.
        var count: Int
        /// How many units have project forms.
        var units: Int
        /// 平均总分 by jixiao, two decimals; nil with no project.
        var meanScore: String?
        /// Projects whose 执行率 is below `lowExecutionPercent`.
        var lowExecution: Int
        /// 「90%」, as the page names the bound.
        var lowExecutionBound = "\(lowExecutionPercent)%"
        /// Projects whose 执行率 cannot be computed (no budget or spending stated).
        var noExecution: Int
        static let lowExecutionPercent: Decimal = 90

        static let none = ProjectCounts(count: 0, units: 0, meanScore: nil, lowExecution: 0, noExecution: 0)
    }

    /// The year's projects counted from their latest revisions' stored figures: one query.
    static func projectCounts(cycleID: UUID, on sql: any SQLDatabase) async throws -> ProjectCounts {
        struct FigureRow: Decodable { var submission_id: UUID; var score: String?; var execution_rate: String? }
        let rows = try await sql.raw("""
            SELECT p.submission_id, p.score, p.execution_rate FROM project_revisions p JOIN submissions s ON s.id = p.submission_id
            WHERE s.cycle_id = \(bind: cycleID) AND p.number = (SELECT MAX(q.number) FROM project_revisions q
                                                                WHERE q.submission_id = p.submission_id AND q.project = p.project)
            """).all(decoding: FigureRow.self)
        guard !rows.isEmpty else { return .none }
        let scores = rows.compactMap { $0.score.flatMap { Decimal(string: $0) } }
        let rates = rows.map { $0.execution_rate.flatMap { Decimal(string: $0) } }
        return ProjectCounts(count: rows.count, units: Set(rows.map(\.submission_id)).count,
                             meanScore: scores.isEmpty ? nil : DecimalFormat.fixed(scores.reduce(0, +) / Decimal(scores.count), decimals: 2, grouping: false),
                             lowExecution: rates.filter { $0.map { $0 < ProjectCounts.lowExecutionPercent } ?? false }.count,
                             noExecution: rates.filter { $0 == nil }.count)
    }

    let db: any Database
    let bureauID: UUID

    package init(db: any Database, bureauID: UUID) { (self.db, self.bureauID) = (db, bureauID) }

    /// The dashboard; `allRows` for exports (no paging).
    package func load(_ filter: Filter, allRows: Bool = false) async throws -> Data {
        let cycles = try await Cycle.query(on: db).filter(\.$bureau.$id == bureauID).sort(\.$year, .descending).all()
        let cycle = cycles.first { $0.id == filter.cycleID } ?? cycles.first
        let choices = cycles.map { CycleChoice(id: $0.id!, year: $0.year, selected: $0.id == cycle?.id) }
        guard let cycle, let cycleID = cycle.id else {
            return Data(cycles: [], year: nil, frameworkID: nil, templateName: nil, deadline: nil, deadlineText: "", status: nil, grade: nil, total: 0, page: 1,
                        pages: 1, rows: [], byStatus: [], byGrade: [], executionRates: [], frequentFindings: [], late: 0, projects: .none)
        }
        let sql = db as! any SQLDatabase

        // The rows: one SQL query over the year's submissions joined to their units (raw rows,
        // not models: an export reads every unit of the year).
        var conditions: [any SQLExpression] = [SQLBinaryExpression(SQLColumn("cycle_id", table: "s"), .equal, SQLBind(cycleID))]
        if let status = filter.status {
            conditions.append(SQLBinaryExpression(SQLColumn("status", table: "s"), .equal, SQLBind(status.rawValue)))
        }
        if let grade = filter.grade {
            conditions.append(grade.isEmpty ? SQLBinaryExpression(SQLColumn("grade", table: "s"), .is, SQLLiteral.null)
                                            : SQLBinaryExpression(SQLColumn("grade", table: "s"), .equal, SQLBind(grade)))
        }
        let condition = SQLList(conditions, separator: SQLRaw(" AND "))
        struct CountRow: Decodable { var n: Int }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM submissions s WHERE \(condition)").first(decoding: CountRow.self)?.n ?? 0
        let pages = max(1, (total + Filter.pageSize - 1) / Filter.pageSize)
        let page = min(max(filter.page, 1), pages)
        let limit: SQLQueryString = allRows ? "" : "LIMIT \(literal: Filter.pageSize) OFFSET \(literal: (page - 1) * Filter.pageSize)"
        struct RawRow: Decodable {
            var id: UUID
            var code: String
            var name: String
            var status: String
            var revision_number: Int
            var score: String?
            var grade: String?
            var score_complete: Bool
            var error_count: Int
            var warning_count: Int
            var late: Bool
            var execution_rate: String?
            var submitted_at: Date?
        }
        let rows = try await sql.raw("""
            SELECT s.id, u.code, u.name, s.status, s.revision_number, s.score, s.grade, s.score_complete, s.error_count,
                   s.warning_count, s.late, s.execution_rate, s.submitted_at
            FROM submissions s JOIN budget_units u ON u.id = s.unit_id
            WHERE \(condition) ORDER BY u.name, u.code \(limit)
            """).all(decoding: RawRow.self).map { r in
            let status = SubmissionStatus(rawValue: r.status) ?? .draft
            return Row(submissionID: r.id, unitCode: r.code, unitName: r.name, status: r.status, statusLabel: status.label,
                       revision: r.revision_number, score: r.score, grade: r.grade, scoreComplete: r.score_complete, errors: r.error_count,
                       warnings: r.warning_count, late: r.late, executionRate: r.execution_rate, submittedAt: r.submitted_at,
                       submittedAtText: Display.date(r.submitted_at))
        }

        struct GroupRow: Decodable { var key: String?; var n: Int }
        let statusRows = try await sql.raw("SELECT status AS key, COUNT(*) AS n FROM submissions WHERE cycle_id = \(bind: cycleID) GROUP BY status")
            .all(decoding: GroupRow.self)
        let byStatus = SubmissionStatus.allCases.map { status in
            Count(key: status.rawValue, label: status.label, count: statusRows.first { $0.key == status.rawValue }?.n ?? 0)
        }
        let gradeRows = try await sql.raw("SELECT grade AS key, COUNT(*) AS n FROM submissions WHERE cycle_id = \(bind: cycleID) GROUP BY grade")
            .all(decoding: GroupRow.self)
        let byGrade = Grade.allCases.map { grade in
            Count(key: grade.rawValue, label: grade.rawValue, count: gradeRows.first { $0.key == grade.rawValue }?.n ?? 0)
        } + [Count(key: "", label: "未评分", count: gradeRows.first { $0.key == nil }?.n ?? 0)]

        // Execution-rate buckets counted in the database (exact NUMERIC comparison of the stored decimal text).
        let cases = Self.rateBuckets.enumerated().map { i, bucket -> String in
            "SUM(CASE WHEN CAST(execution_rate AS NUMERIC) >= \(bucket.low) AND CAST(execution_rate AS NUMERIC) < \(bucket.high) THEN 1 ELSE 0 END) AS b\(i)"
        }.joined(separator: ", ")
        let bucketRow = try await sql.raw("SELECT \(unsafeRaw: cases) FROM submissions WHERE cycle_id = \(bind: cycleID) AND execution_rate IS NOT NULL").first()
        let executionRates = try Self.rateBuckets.enumerated().map { i, bucket in
            Count(key: bucket.label, label: bucket.label, count: Int(try bucketRow?.decodeNil(column: "b\(i)") == false ? try bucketRow!.decode(column: "b\(i)", as: Int.self) : 0))
        }

        struct FindingRow: Decodable { var rule: String; var units: Int; var occurrences: Int }
        let findingRows = try await sql.raw("""
            SELECT rule, COUNT(*) AS units, CAST(SUM(count) AS BIGINT) AS occurrences FROM finding_tallies
            WHERE cycle_id = \(bind: cycleID) GROUP BY rule ORDER BY units DESC, occurrences DESC, rule LIMIT 10
            """).all(decoding: FindingRow.self)
        let frequent = findingRows.map {
            FrequentFinding(rule: $0.rule, title: CheckCatalogue.rule($0.rule)?.title ?? $0.rule, units: $0.units, occurrences: $0.occurrences)
        }
        let late = try await Submission.query(on: db).filter(\.$cycle.$id == cycleID).filter(\.$late == true).count()

        return Data(cycles: choices, year: cycle.year, frameworkID: cycle.frameworkID, templateName: cycle.template.name, deadline: cycle.deadline,
                    deadlineText: Display.date(cycle.deadline), status: filter.status?.rawValue, grade: filter.grade, total: total,
                    page: page, pages: pages, rows: rows, byStatus: byStatus, byGrade: byGrade, executionRates: executionRates,
                    frequentFindings: frequent, late: late, projects: try await Self.projectCounts(cycleID: cycleID, on: sql))
    }

    /// 预算执行率 buckets (%): low inclusive, high exclusive.
    static let rateBuckets: [(label: String, low: Decimal, high: Decimal)] = [
        ("<60%", -1_000_000, 60), ("60–80%", 60, 80), ("80–95%", 80, 95), ("95–105%", 95, 105),
        ("105–120%", 105, 120), ("≥120%", 120, 1_000_000_000),
    ]

    static let columns = ["单位编码", "单位名称", "状态", "版本", "得分", "等级", "错误", "警告", "逾期", "预算执行率（%）", "报送时间"]

    static func cells(_ row: Row) -> [String] {
        [row.unitCode, row.unitName, row.statusLabel, "\(row.revision)", row.score ?? "",
         (row.grade ?? "") + (row.grade != nil && !row.scoreComplete ? "（暂定）" : ""), "\(row.errors)", "\(row.warnings)",
         row.late ? "是" : "否", row.executionRate ?? "", row.submittedAtText]
    }

    /// CSV (UTF-8 with a byte-order mark, so that Excel reads the Chinese).
    package static func csv(_ data: Data) -> String {
        var lines = [columns.map(csvField).joined(separator: ",")]
        for row in data.rows { lines.append(cells(row).map(csvField).joined(separator: ",")) }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One CSV field. A text that a spreadsheet would take for a formula (starting with = + - @,
    /// a tab or a carriage return) gets a leading apostrophe, numbers excepted; a field with a
    /// comma, quote or line break (CR or LF) is quoted.
    static func csvField(_ raw: String) -> String {
        let formulaStart = raw.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
        let number = raw.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil
        let text = formulaStart && !number ? "'" + raw : raw
        let quoted = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        return quoted ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The same table as a workbook, written by the render target's XLSX writer.
    static func xlsx(_ data: Data) throws -> Foundation.Data {
        var sheet = Worksheet(name: "总览", columnWidths: [12, 30, 8, 6, 8, 10, 6, 6, 6, 14, 18], headerRows: 2)
        _ = sheet.append([.text("\(data.year.map(String.init) ?? "") 年度部门整体支出绩效自评总览", .title)])
        _ = sheet.append(columns.map { .text($0, .header) })
        for row in data.rows {
            var cells = cells(row).map { Worksheet.Cell.text($0) }
            cells[0] = .text(row.unitCode, .code)
            cells[3] = .number(Decimal(row.revision))
            if let score = row.score, let value = Decimal(string: score, locale: Locale(identifier: "en_US_POSIX")) { cells[4] = .number(value, .decimal) }
            cells[6] = .number(Decimal(row.errors))
            cells[7] = .number(Decimal(row.warnings))
            if let rate = row.executionRate, let value = Decimal(string: rate, locale: Locale(identifier: "en_US_POSIX")) { cells[9] = .number(value, .decimal) }
            _ = sheet.append(cells)
        }
        return try XLSXWriter.write(Workbook(title: "总览", sheets: [sheet]))
    }
}

/// Bar charts drawn on the server as SVG, so the dashboard needs no script.
enum BarChart {
    static func svg(_ bars: [Dashboard.Count], title: String, width: Int = 420, labelWidth: Int = 90) -> String {
        let barHeight = 22, gap = 6, top = 28
        let height = top + bars.count * (barHeight + gap) + 8
        let maximum = max(1, bars.map(\.count).max() ?? 1)
        let span = width - labelWidth - 60
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(Markup.escape(title))\">",
                     "<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">\(Markup.escape(title))</text>"]
        for (i, bar) in bars.enumerated() {
            let y = top + i * (barHeight + gap)
            let length = bar.count == 0 ? 0 : max(2, span * bar.count / maximum)
            parts.append("<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\">\(Markup.escape(bar.label))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(length)\" height=\"\(barHeight)\" fill=\"#b03a2e\"/>")
            parts.append("<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 16)\" font-size=\"13\">\(bar.count)</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
