import ArgumentParser
import Foundation
import JixiaoBenchmarks

extension Bench {
    /// `jixiao-bench dashboard`: the bureau dashboard over many generated units × years.
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

extension Bench {
    /// `jixiao-bench save`: the server's save path, one save after another.
    struct SaveBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "save",
            abstract: "服务器的保存路径（不经 HTTP）：读取、核对、评分并存入 SQLite，逐次保存，报告每次的中位数和 p99；下限为同样的文本只由 Yams 读成节点。")

        @Option(help: "保存次数。")
        var saves = 300

        @Option(help: "保存的自评文件。")
        var file = "examples/lianjiang-zonggonghui-2021.yaml"

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw fail("\(file): 错误: 文件不存在或无法读取") }
            let r = try await SaveBenchmark.run(yaml: String(decoding: data, as: UTF8.self), saves: saves)
            print(String(format: "保存：%d 次，每次 %d 字节（%@）", r.saves, r.bytes, file))
            print(String(format: "每次保存：中位数 %.2f 毫秒，p99 %.2f 毫秒（墙钟，含 SQLite 落盘提交）；CPU %.2f 毫秒（整个进程）", r.medianMilliseconds,
                         r.p99Milliseconds, r.cpuMilliseconds))
            print(String(format: "下限（只由 Yams 读成节点）：中位数 %.2f 毫秒；比值 保存/下限：%.1fx", r.floorMedianMilliseconds, r.ratio))
            print(String(format: "目标：中位数 ≤ 5 毫秒：%@；≤ 3x：%@", r.medianMilliseconds <= 5 ? "达到" : "未达到", r.ratio <= 3 ? "达到" : "未达到"))
        }
    }

    /// `jixiao-bench serve`: `jixiao serve` with the load test's units (scripts/load-test.py).
    struct LoadTestServe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "压测用的网站：与 jixiao serve --demo 相同，另建 N 个单位及其填报人员（load0001 …，密码 load-test-password）。")

        @Option(help: "压测单位数。")
        var loadTestUnits = 100

        @Option(help: "监听地址。")
        var hostname = "127.0.0.1"

        @Option(help: "监听端口。")
        var port = 8080

        @Option(help: "数据目录（SQLite 文件所在）。")
        var data = "./jixiao-data"

        func run() async throws {
            try await LoadTestUnits.serve(hostname: hostname, port: port, dataDirectory: data, units: loadTestUnits) { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }
    }
}
