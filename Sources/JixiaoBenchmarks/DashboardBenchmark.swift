import Fluent
import Foundation
import SQLKit
import JixiaoServer
import Vapor

/// `jixiao-bench dashboard`: the dashboard over many generated units and years, timed on the
/// database the server would use (SQLite in a temporary folder, or PostgreSQL by `DATABASE_URL`).
public enum DashboardBenchmark {
    public struct Result: Sendable {
        public var units: Int
        public var years: Int
        public var seedSeconds: Double
        /// Median milliseconds of each measured answer, by name.
        public var timings: [(name: String, milliseconds: Double)]
    }

    static let rules = ["task.actual.missing", "indicator.value.missing", "score.missing", "grade.missing", "sum.mismatch",
                        "problem.too.short", "section.missing", "deviation.unexplained", "yoy.mismatch", "ratio.mismatch"]

    public static func run(units: Int, years: Int, runs: Int = 5, log: @escaping @Sendable (String) -> Void) async throws -> Result {
        let app = try await Application.make(Environment(name: "production", arguments: ["jixiao"]))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bench-\(UUID().uuidString)")
        do {
            let result = try await measure(app, folder: folder, units: units, years: years, runs: runs, log: log)
            try? await app.asyncShutdown()
            try? FileManager.default.removeItem(at: folder)
            return result
        } catch {
            try? await app.asyncShutdown()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    private static func measure(_ app: Application, folder: URL, units: Int, years: Int, runs: Int,
                                log: @escaping @Sendable (String) -> Void) async throws -> Result {
        app.logger.logLevel = .warning
        var config = try ServerConfiguration.fromEnvironment(dataDirectory: folder.path)
        let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        if case .postgres(let url, _) = config.storage { config.storage = .postgres(url: url, searchPath: [String(schema)]) }
        try await configure(app, config)
        do {
            let result = try await seedAndTime(app, config: config, folder: folder, units: units, years: years, runs: runs, log: log)
            if config.storage.isPostgres { try await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: String(schema)) CASCADE").run() }
            return result
        } catch {
            if config.storage.isPostgres { try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: String(schema)) CASCADE").run() }
            throw error
        }
    }

    private static func seedAndTime(_ app: Application, config: ServerConfiguration, folder: URL, units: Int, years: Int, runs: Int,
                                    log: @escaping @Sendable (String) -> Void) async throws -> Result {
        let schema = config.storage.schema ?? ""
        let sql = app.db as! any SQLDatabase
        log(config.storage.isPostgres ? "PostgreSQL（DATABASE_URL，临时 schema \(schema)）" : "SQLite \(folder.path)")

        let started = Date()
        let bureau = Bureau(name: "基准测试财政局")
        try await bureau.create(on: app.db)
        let bureauID = bureau.id!
        let unitIDs = (0..<units).map { _ in UUID() }
        try await app.db.transaction { db in
            let sql = db as! any SQLDatabase
            for batch in stride(from: 0, to: units, by: 500) {
                let rows = (batch..<min(batch + 500, units)).map { i -> [any Encodable & Sendable] in
                    [unitIDs[i], bureauID, "基准单位\(String(format: "%05d", i))", String(format: "%05d", i)]
                }
                try await insert(sql.insert(into: BudgetUnit.schema).columns("id", "bureau_id", "name", "code"), rows).run()
            }
        }
        let statuses = SubmissionStatus.allCases.map(\.rawValue), grades = ["优", "良", "中", "差"]
        let now = Date()
        for year in 0..<years {
            let cycleID = UUID()
            try await sql.insert(into: Cycle.schema).columns("id", "bureau_id", "year", "framework_id", "deadline", "opened_at")
                .values([cycleID, bureauID, 2021 + year, "national-2013", now, now] as [any Encodable & Sendable]).run()
            try await app.db.transaction { db in
                let sql = db as! any SQLDatabase
                var random = SystemRandomNumberGenerator()
                for batch in stride(from: 0, to: units, by: 400) {
                    var submissions: [[any Encodable & Sendable]] = []
                    var tallies: [[any Encodable & Sendable]] = []
                    for i in batch..<min(batch + 400, units) {
                        let id = UUID()
                        let score = Int.random(in: 4000...9900, using: &random)
                        let rate = Int.random(in: 5000...13000, using: &random)
                        submissions.append([id, unitIDs[i], cycleID, statuses.randomElement(using: &random)!, Bool.random(using: &random) ? now : nil,
                                            Int.random(in: 0..<10, using: &random) == 0, Int.random(in: 1...6, using: &random),
                                            "\(score / 100).\(String(format: "%02d", score % 100))", grades[min(3, max(0, (9900 - score) / 1000))],
                                            Bool.random(using: &random), Int.random(in: 0...5, using: &random), Int.random(in: 0...30, using: &random),
                                            "\(rate / 100).\(String(format: "%02d", rate % 100))", now] as [any Encodable & Sendable])
                        for rule in rules.shuffled(using: &random).prefix(Int.random(in: 1...5, using: &random)) {
                            tallies.append([UUID(), cycleID, id, rule, "warning", Int.random(in: 1...20, using: &random)])
                        }
                    }
                    try await insert(sql.insert(into: Submission.schema)
                        .columns("id", "unit_id", "cycle_id", "status", "submitted_at", "late", "revision_number", "score", "grade",
                                 "score_complete", "error_count", "warning_count", "execution_rate", "updated_at"), submissions).run()
                    for chunk in stride(from: 0, to: tallies.count, by: 1000) {
                        try await insert(sql.insert(into: FindingTally.schema).columns("id", "cycle_id", "submission_id", "rule", "severity", "count"),
                                         Array(tallies[chunk..<min(chunk + 1000, tallies.count)])).run()
                    }
                }
            }
            log("已生成 \(year + 1)/\(years) 年度")
        }
        // Fresh statistics, as a database that grew over the years would have.
        try await sql.raw("ANALYZE").run()
        let seedSeconds = Date().timeIntervalSince(started)

        let dashboard = Dashboard(db: app.db, bureauID: bureauID)
        func time(_ name: String, _ body: () async throws -> Void) async throws -> (String, Double) {
            var samples: [Double] = []
            for _ in 0..<runs {
                let t0 = Date()
                try await body()
                samples.append(Date().timeIntervalSince(t0) * 1000)
            }
            return (name, samples.sorted()[samples.count / 2])
        }
        let encoder = JSONEncoder()
        var timings: [(String, Double)] = []
        timings.append(try await time("总览（最近一年，第 1 页，含统计与图表数据，JSON）") {
            _ = try encoder.encode(try await dashboard.load(Dashboard.Filter()))
        })
        timings.append(try await time("总览筛选：状态 已报送") { _ = try encoder.encode(try await dashboard.load(Dashboard.Filter(status: .submitted))) })
        timings.append(try await time("总览筛选：等级 优") { _ = try encoder.encode(try await dashboard.load(Dashboard.Filter(grade: "优"))) })
        timings.append(try await time("导出 CSV（全部 \(units) 个单位）") { _ = Dashboard.csv(try await dashboard.load(Dashboard.Filter(), allRows: true)) })
        return Result(units: units, years: years, seedSeconds: seedSeconds, timings: timings)
    }
}

/// One multi-row INSERT.
private func insert(_ builder: SQLInsertBuilder, _ rows: [[any Encodable & Sendable]]) -> SQLInsertBuilder {
    for row in rows { _ = builder.values(row) }
    return builder
}

extension ServerConfiguration.Storage {
    var isPostgres: Bool { if case .postgres = self { true } else { false } }
    var schema: String? { if case .postgres(_, let path) = self { path?.first } else { nil } }
}
