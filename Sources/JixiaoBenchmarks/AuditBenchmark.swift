import Foundation
import JixiaoAudit

/// Auditing a corpus of report texts, against a floor measured in the same run: reading the
/// same texts into the cleaned stream (`ReportText`) and nothing else.
///
/// The corpus is made one report at a time and dropped after use, so the process's peak memory
/// is what auditing one report needs, whatever the number of reports: runs with 100 and 10,000
/// reports should show the same peak. Both wall-clock and this thread's CPU time are measured;
/// CPU time is the one-core figure, unaffected by other work on the machine.
public enum AuditBenchmark {
    public struct Result: Sendable {
        public var reports: Int
        public var bytes: Int
        public var seconds: Double
        public var cpuSeconds: Double
        public var floorCPUSeconds: Double
        public var findings: Int
        /// Units of cleaned text the floor produced (kept so the floor's work is not optimised away).
        public var units: Int
        /// Peak resident memory of the process after the run, in MB.
        public var peakMegabytes: Double

        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
        public var megabytesPerCPUSecond: Double { Double(bytes) / 1_000_000 / cpuSeconds }
        public var reportsPerCPUSecond: Double { Double(reports) / cpuSeconds }
        public var floorMegabytesPerCPUSecond: Double { Double(bytes) / 1_000_000 / floorCPUSeconds }
    }

    /// The seed as one stream of its printed characters, for `variant(_:of:)`.
    public static func stream(of seed: String) -> [Character] {
        Array(seed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.allSatisfy(\.isNumber) }.joined())
    }

    /// Variant `i` of the seed's stream: every third one with its figures' digits rotated, and
    /// each with its lines re-wrapped at a different width (blank lines between, as `pdftotext`
    /// writes), so no two reports are the same text.
    public static func variant(_ i: Int, of stream: [Character]) -> String {
        let width = 20 + i % 13
        var text = ""
        var column = 0
        for c in stream {
            text.append(c.isASCII && c.isNumber && i % 3 == 1 ? Character(String((c.wholeNumberValue! + i) % 10)) : c)
            column += 1
            if column == width {
                text += "\n\n"
                column = 0
            }
        }
        return text
    }

    public static func run(seed: String, count: Int) -> Result {
        let stream = stream(of: seed)
        var bytes = 0, findings = 0, units = 0
        var seconds = 0.0, cpu = 0.0, floorCPU = 0.0
        for i in 0..<count {
            let text = variant(i, of: stream)
            bytes += text.utf8.count
            let wall = DispatchTime.now()
            let start = ProcessUsage.threadCPUSeconds()
            findings += Auditor.audit(text).count
            cpu += ProcessUsage.threadCPUSeconds() - start
            seconds += ScoringBenchmark.elapsed(since: wall)
            let floorStart = ProcessUsage.threadCPUSeconds()
            units += ReportText(text).units.count
            floorCPU += ProcessUsage.threadCPUSeconds() - floorStart
        }
        let peak = ProcessUsage.peakResidentBytes(ProcessUsage.current())
        return Result(reports: count, bytes: bytes, seconds: seconds, cpuSeconds: cpu, floorCPUSeconds: floorCPU,
                      findings: findings, units: units, peakMegabytes: Double(peak) / 1_048_576)
    }
}
