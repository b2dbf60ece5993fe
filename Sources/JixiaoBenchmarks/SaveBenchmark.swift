import Fluent
import Foundation
import JixiaoServer
import Vapor
import Yams

/// `jixiao-bench save`: the server's save path without HTTP — read, check, score and store in
/// SQLite — one revision after another on one thread, against the floor of the same text only
/// parsed by Yams into nodes, measured in the same run.
public enum SaveBenchmark {
    public struct Result: Sendable {
        public var saves: Int
        public var bytes: Int
        /// Milliseconds per save (wall, including SQLite's durable commit) and per floor parse.
        public var medianMilliseconds: Double
        public var p99Milliseconds: Double
        /// CPU milliseconds per save, of the whole process (the database's threads included).
        public var cpuMilliseconds: Double
        public var floorMedianMilliseconds: Double
        /// Median save ÷ median floor.
        public var ratio: Double { medianMilliseconds / floorMedianMilliseconds }
    }

    public static func run(yaml: String, saves: Int) async throws -> Result {
        let app = try await Application.make(Environment(name: "production", arguments: ["jixiao-bench"]))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            app.logger.logLevel = .warning
            var config = ServerConfiguration(storage: .sqlite(path: folder.appendingPathComponent("jixiao.sqlite").path))
            config.bcryptCost = 4
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try await configure(app, config)
            _ = try await Demo.seed(app, exampleYAML: yaml)
            let result = try await measure(app, yaml: yaml, saves: saves)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    private static func measure(_ app: Application, yaml: String, saves: Int) async throws -> Result {
        let editor = try await User.query(on: app.db).filter(\.$username == "editor").first()!
        let principal = Principal(editor)
        let submission = try await Submission.query(on: app.db).filter(\.$unit.$id == editor.$unit.id!)
            .with(\.$unit).with(\.$cycle).first()!
        let request = Request(application: app, on: app.eventLoopGroup.any())
        let service = SubmissionService(req: request)
        var wall: [Double] = [], floor: [Double] = [], cpu = 0.0
        // The floor's parse and the save alternate, so that both meet the machine as it is at the time.
        for i in 0..<saves {
            // Each save a text of its own, as each clerk's is.
            let text = yaml + "\n# 第 \(i + 1) 次保存\n"
            let f0 = ContinuousClock.now
            _ = try Yams.compose(yaml: text)
            floor.append(milliseconds(ContinuousClock.now - f0))
            submission.revisionNumber = try await Submission.find(submission.id, on: app.db)!.revisionNumber
            let context = SubmissionContext(principal: principal, submission: submission, unit: submission.unit, cycle: submission.cycle)
            let cpu0 = processCPUSeconds(), t0 = ContinuousClock.now
            _ = try await service.save(context, .text(text, .yaml), source: "基准测试", base: submission.revisionNumber)
            wall.append(milliseconds(ContinuousClock.now - t0))
            cpu += processCPUSeconds() - cpu0
        }
        wall.sort()
        floor.sort()
        return Result(saves: saves, bytes: yaml.utf8.count, medianMilliseconds: wall[wall.count / 2],
                      p99Milliseconds: wall[min(wall.count - 1, wall.count * 99 / 100)],
                      cpuMilliseconds: cpu * 1000 / Double(saves), floorMedianMilliseconds: floor[floor.count / 2])
    }

    /// User and system CPU time of the process: a save's task moves between threads at each `await`.
    private static func processCPUSeconds() -> Double {
        let usage = ProcessUsage.current()
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
