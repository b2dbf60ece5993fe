import ArgumentParser
import Foundation
import JixiaoServer

extension Jixiao {
    /// `jixiao bench dashboard`: the bureau dashboard over many generated units × years.
    struct DashboardBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract: "生成 N 个单位 × M 个年度的报送数据，测总览的响应时间（SQLite；设 DATABASE_URL 则 PostgreSQL）。")

        @Option(help: "单位数。")
        var units = 20_000

        @Option(help: "年度数。")
        var years = 5

        func run() async throws {
            let result = try await DashboardBenchmark.run(units: units, years: years) { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
            print(String(format: "生成 %d 个单位 × %d 个年度（%d 份报送）：%.1f 秒", result.units, result.years, result.units * result.years, result.seedSeconds))
            for timing in result.timings { print(String(format: "%@：%.1f 毫秒（中位数）", timing.name, timing.milliseconds)) }
        }
    }
}
