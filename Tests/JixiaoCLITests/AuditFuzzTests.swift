import Foundation
import JixiaoBenchmarks
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reader fed 50 MB of mutated report text, invalid UTF-8 included: it must finish, say
/// what it found, and stay within a memory bound proportional to its input.
@Suite("Audit of a 50 MB mutated file")
struct AuditFuzzTests {
    /// SplitMix64: the same mutations on every run, so a failure can be reproduced.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Copies of the real report, each with 50 mutations: random bytes (so invalid UTF-8),
    /// cuts, random insertions, and runs of up to 3,000 digits; then 1 MB of random bytes and
    /// a 1 MB line of Chinese text with no break at all.
    static func mutatedCorpus(size: Int) throws -> Data {
        let seed = try Data(contentsOf: CLITests.root.appendingPathComponent(
            "Tests/JixiaoAuditTests/Fixtures/lianjiang-zonggonghui-2021-zhengti-zipingbaogao.txt"))
        var random = Generator(state: 2026)
        var out = Data()
        out.reserveCapacity(size)
        let tail = 2_000_000
        while out.count < size - tail {
            var copy = [UInt8](seed)
            for _ in 0..<50 {
                let i = Int.random(in: 0..<copy.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: copy[i] = UInt8.random(in: 0...255, using: &random)
                case 1: copy.removeSubrange(i..<min(copy.count, i + Int.random(in: 1...200, using: &random)))
                case 2: copy.insert(contentsOf: (0..<Int.random(in: 1...20, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: i)
                default: copy.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "9"), count: Int.random(in: 1...3000, using: &random)), at: i)
                }
                if copy.isEmpty { copy = [UInt8](seed) }
            }
            out.append(contentsOf: copy)
        }
        out.append(contentsOf: (0..<(tail / 2)).map { _ in UInt8.random(in: 0...255, using: &random) })
        out.append(contentsOf: String(repeating: "决算支出比预算增加", count: tail / 2 / 27).utf8)
        return out
    }

    /// Runs `jixiao ARGS` with its output discarded; its exit status and peak memory in bytes.
    static func spawn(_ arguments: [String]) throws -> (status: Int32, peakBytes: Int) {
        let binary = try CLITests.binary().path
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, environment)
        try #require(spawned == 0, "posix_spawn failed: \(spawned)")
        var status: Int32 = 0
        var usage = rusage()
        // wait4 gives this child's own resource use, whatever else the test process runs.
        _ = wait4(pid, &status, 0, &usage)
        let exited = status & 0x7F == 0
        return (exited ? (status >> 8) & 0xFF : -(status & 0x7F), ProcessUsage.peakResidentBytes(usage))
    }

    @Test("No crash, a located report, and peak memory under eight bytes per byte of input")
    func fiftyMegabytes() throws {
        let size = 50_000_000
        let directory = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mutated.txt")
        try Self.mutatedCorpus(size: size).write(to: file)
        let (status, peak) = try Self.spawn(["audit", file.path])
        // 1: findings with errors (the mutations break sums); not 2 (unreadable) nor a signal.
        #expect(status == 1, "exit status \(status) (negative: killed by that signal)")
        #expect(peak < 8 * size, "peak memory \(peak / 1_000_000) MB for \(size / 1_000_000) MB of text")
        #expect(peak > size, "the measurement is of the child that read the file")
    }
}
