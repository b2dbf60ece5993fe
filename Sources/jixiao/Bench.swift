import ArgumentParser
import Foundation
import JixiaoBenchmarks
import JixiaoCore
import JixiaoFormats

extension Jixiao {
    /// `jixiao bench …`: performance figures, each as a ratio against a peer measured in the same run.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "性能基准（与同一次运行中测得的对照组之比）。", subcommands: [ScoreBench.self])
    }

    struct ScoreBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract: "按一个框架为 N 份合成的自评数据评分，报告每秒份数；对照组为每份都重新读取、编译框架。")

        @Option(help: "评分的份数。")
        var evaluations = 10_000

        @Option(help: "对照组的份数（每份都重新编译框架，较慢）。")
        var peerEvaluations = 500

        @Option(help: "内置框架 ID 或框架文件路径。")
        var framework = "national-2013"

        @Option(help: "生成合成数据所用的种子自评文件。")
        var seed = "examples/lianjiang-zonggonghui-2021.yaml"

        func run() throws {
            let evaluation = try loadOrExit { try EvaluationFile.load(path: seed) }.evaluation
            let path = try frameworkPath()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let result = try ScoringBenchmark.run(seed: evaluation, frameworkText: text, count: evaluations,
                                                  peerCount: peerEvaluations)
            print("框架 \(framework)，种子 \(seed)")
            print(String(format: "编译一次：%d 份，%.3f 秒，%.0f 份/秒", result.evaluations, result.seconds, result.perSecond))
            print(String(format: "对照组（每份重新编译框架）：%d 份，%.3f 秒，%.0f 份/秒", result.peerEvaluations,
                         result.peerSeconds, result.peerPerSecond))
            print(String(format: "比值：%.1fx", result.ratio))
        }

        /// The framework's file: a built-in framework's data file, or the path given.
        private func frameworkPath() throws -> String {
            if let builtIn = BuiltInFrameworks.files.first(where: { $0.id == framework }) { return builtIn.path }
            guard FileManager.default.fileExists(atPath: framework) else {
                printError("\(framework): 错误: 既不是内置框架 ID，也不是框架文件")
                throw ExitCode(2)
            }
            return framework
        }
    }
}
