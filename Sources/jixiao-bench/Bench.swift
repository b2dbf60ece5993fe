import ArgumentParser
import Foundation
import JixiaoBenchmarks
import JixiaoCore
import JixiaoFormats

/// `jixiao-bench …`: performance figures, each as a ratio against a peer measured in the same run.
/// A program apart from `jixiao` and `jixiao-server`: nothing here ships in them.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao-bench",
        abstract: "性能基准（与同一次运行中测得的对照组之比）；请用 -c release 构建。",
        subcommands: [ScoreBench.self, RenderBench.self, AuditBench.self, DashboardBench.self, SaveBench.self, LoadTestServe.self])
}

/// Stops with a message on standard error (exit 2).
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(2)
}

extension Bench {

    struct ScoreBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract: "按一个框架为 N 份合成的自评数据评分，报告每秒份数；对照组为每份都重新读取、编译框架。")

        @Option(help: "评分的份数。")
        var evaluations = 10_000

        @Option(help: "对照组的份数（每份都重新编译框架，较慢；均匀插在评分的份数之间，至多与之相等）。")
        var peerEvaluations = 500

        @Option(help: "内置框架 ID 或框架文件路径。")
        var framework = "national-2013"

        @Option(help: "生成合成数据所用的种子自评文件。")
        var seed = "examples/lianjiang-zonggonghui-2021.yaml"

        func run() throws {
            let evaluation = try EvaluationFile.load(path: seed).evaluation
            let path = try frameworkPath()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let result = try ScoringBenchmark.run(seed: evaluation, frameworkText: text, count: evaluations,
                                                  peerCount: peerEvaluations)
            print("框架 \(framework)，种子 \(seed)")
            print(String(format: "编译一次：%d 份，%.3f 秒，%.0f 份/秒", result.evaluations, result.seconds, result.perSecond))
            print(String(format: "对照组（每份重新编译框架）：%d 份，%.3f 秒，%.0f 份/秒", result.peerEvaluations,
                         result.peerSeconds, result.peerPerSecond))
            print(String(format: "比值：%.1fx（目标 ≥ 6x）", result.ratio))
        }

        /// The framework's file: a built-in framework's data file, or the path given.
        private func frameworkPath() throws -> String {
            if let builtIn = BuiltInFrameworks.files.first(where: { $0.id == framework }) { return builtIn.path }
            guard FileManager.default.fileExists(atPath: framework) else {
                throw fail("\(framework): 错误: 既不是内置框架 ID，也不是框架文件")
            }
            return framework
        }
    }

    /// `jixiao-bench render`: packages per second against python-docx + openpyxl and against zipping alone.
    struct RenderBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "为 N 份合成的自评数据生成报送材料（评分、报告 DOCX、数据表和评分表 XLSX），报告每秒份数。",
            discussion: """
                对照组：benchmarks/peer_render.py 用 python-docx 和 openpyxl 由同样的内容写出同样的 DOCX 和 XLSX
                （需 python3 -m pip install python-docx openpyxl；未安装时只报告 jixiao 和下限）。
                下限：把 jixiao 生成的同样内容重新压缩为同样的容器，不做任何排版，是生成速度的上界。
                合成数据与种子文件一样留有缺口（约半数任务无完成情况、指标无目标值等），报告按草稿生成（缺口写作「【待填写：…】」）。
                请用 -c release 构建，并在仓库根目录运行。
                """)

        @Option(help: "生成的份数。")
        var units = 200

        @Option(help: "对照组的份数（默认与 --units 相同）。")
        var peerUnits: Int?

        @Option(help: "保留输出的目录（新目录或空目录；存放 jixiao/、peer/ 和导出的 export/*.json）；默认用临时目录并在结束后删除。")
        var keep: String?

        @Option(help: "内置框架 ID 或框架文件路径。")
        var framework = "national-2013"

        @Option(help: "生成合成数据所用的种子自评文件。")
        var seed = "examples/lianjiang-zonggonghui-2021.yaml"

        @Option(help: "对照组脚本。")
        var peerScript = "benchmarks/peer_render.py"

        func validate() throws {
            guard units > 0 else { throw ValidationError("--units 须为正数") }
            guard (peerUnits ?? units) >= 0 else { throw ValidationError("--peer-units 不能为负数") }
        }

        func run() throws {
            // A used folder would mix old exports into the peer's input: only a new or empty one.
            if let keep, let contents = try? FileManager.default.contentsOfDirectory(atPath: keep), !contents.isEmpty {
                throw fail("\(keep): 错误: 目录非空；--keep 须为新目录或空目录")
            }
            let evaluation = try EvaluationFile.load(path: seed).evaluation
            let compiled = try FrameworkFile.resolve(framework)
            let result = try RenderBenchmark.run(seed: evaluation, framework: compiled, units: units,
                                                 peerUnits: peerUnits ?? units, peerScript: peerScript, keep: keep)
            print("框架 \(framework)，种子 \(seed)；每份：评分、撰写报告、DOCX、数据表 XLSX、评分表 XLSX")
            print("报告按草稿生成：合成数据缺少正式报告所需的 \(result.gapsPerReport) 项内容（首份），缺口写作「【待填写：…】」")
            print(String(format: "jixiao：%d 份，%.3f 秒，%.1f 份/秒（共 %.1f MB）", result.jixiao.packages,
                         result.jixiao.seconds, result.jixiao.perSecond, Double(result.bytes) / 1_048_576))
            let s = result.stages
            print(String(format: "  其中：评分 %.3f 秒，撰写报告 %.3f 秒，DOCX %.3f 秒，数据表 %.3f 秒，评分表 %.3f 秒",
                         s.scoring, s.composing, s.docx, s.dataTable, s.scoreTable))
            switch result.peer {
            case .measured(let peer):
                print(String(format: "对照组（python-docx + openpyxl）：%d 份，%.3f 秒，%.1f 份/秒", peer.packages,
                             peer.seconds, peer.perSecond))
            case .missingModules(let module):
                print("对照组：未运行——python3 缺少模块 \(module)；安装：python3 -m pip install python-docx openpyxl")
            case .failed(let reason):
                print("对照组：未运行——\(reason)")
            }
            print(String(format: "下限（仅把同样的内容压缩为同样的容器）：%d 份，%.3f 秒，%.1f 份/秒（共 %.1f MB）",
                         result.floor.packages, result.floor.seconds, result.floor.perSecond,
                         Double(result.floorBytes) / 1_048_576))
            if let ratio = result.peerRatio {
                print(String(format: "比值 jixiao/对照组：%.1fx（目标 ≥ 10x）", ratio))
            }
            print(String(format: "比值 下限/jixiao：%.1fx（目标 ≤ 3x）", result.floorRatio))
            if let kept = result.kept { print("输出保留在 \(kept)") }
        }
    }
}

extension Bench {
    struct AuditBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "审核 N 份由真实报告变形生成的报告文本，报告 MB/秒、份/秒和峰值内存；下限为只把同样的文本读成清理后的文字流。")

        @Option(help: "报告份数。")
        var reports = 200

        @Option(help: "生成语料所用的报告文本。")
        var seed = "Tests/JixiaoAuditTests/Fixtures/lianjiang-zonggonghui-2021-zhengti-zipingbaogao.txt"

        func run() throws {
            guard let data = FileManager.default.contents(atPath: seed) else {
                throw fail("\(seed): 错误: 文件不存在或无法读取")
            }
            let r = AuditBenchmark.run(seed: String(decoding: data, as: UTF8.self), count: reports)
            print(String(format: "审核：%d 份，%.2f MB，%d 项发现", r.reports, Double(r.bytes) / 1_000_000, r.findings))
            print(String(format: "单核（本线程 CPU 时间 %.3f 秒）：%.2f MB/秒，%.1f 份/秒；墙钟 %.3f 秒：%.2f MB/秒",
                         r.cpuSeconds, r.megabytesPerCPUSecond, r.reportsPerCPUSecond, r.seconds, r.megabytesPerSecond))
            // The goal is a ratio to the floor measured in the same run: absolute MB/s vary twofold
            // between runs on these machines.
            let ratio = r.floorMegabytesPerCPUSecond / r.megabytesPerCPUSecond
            print(String(format: "下限（只读成清理后的文字流）：%.2f MB/秒；比值 下限/审核：%.1fx；目标 ≤ 15x：%@",
                         r.floorMegabytesPerCPUSecond, ratio, ratio <= 15 ? "达到" : "未达到"))
            print(String(format: "峰值内存：%.0f MB（语料逐份生成、用后即弃：与份数无关）", r.peakMegabytes))
        }
    }
}
