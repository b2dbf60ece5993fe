import Foundation
import JixiaoAudit

/// Auditing a corpus of report texts, against a floor measured in the same run: reading the
/// same texts into the cleaned stream (`ReportText`) and nothing else.
public enum AuditBenchmark {
    public struct Result: Sendable {
        public var reports: Int
        public var bytes: Int
        public var seconds: Double
        public var floorSeconds: Double
        public var findings: Int
        /// Characters of cleaned text the floor produced (kept so the floor's work is not optimised away).
        public var characters: Int
        /// Peak resident memory of the process after the run, in MB.
        public var peakMegabytes: Double

        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
        public var reportsPerSecond: Double { Double(reports) / seconds }
        public var floorMegabytesPerSecond: Double { Double(bytes) / 1_000_000 / floorSeconds }
    }

    /// `count` variants of `seed`: each with its figures' digits rotated and its lines re-wrapped
    /// at a different width, so no two reports are the same text.
    public static func corpus(from seed: String, count: Int) -> [String] {
        let stream = seed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.allSatisfy(\.isNumber) }.joined()
        return (0..<count).map { i in
            let width = 20 + i % 13
            var lines: [String] = []
            var line = ""
            for c in stream {
                line.append(c.isASCII && c.isNumber && i % 3 == 1 ? Character(String(((c.wholeNumberValue! + i) % 10))) : c)
                if line.count == width {
                    lines.append(line)
                    line = ""
                }
            }
            lines.append(line)
            return lines.joined(separator: "\n\n")
        }
    }

    public static func run(corpus: [String]) -> Result {
        let bytes = corpus.reduce(0) { $0 + $1.utf8.count }
        var findings = 0
        let start = DispatchTime.now()
        for text in corpus { findings += Auditor.audit(text).count }
        let seconds = ScoringBenchmark.elapsed(since: start)
        var characters = 0
        let floorStart = DispatchTime.now()
        for text in corpus { characters += ReportText(text).text.count }
        let floorSeconds = ScoringBenchmark.elapsed(since: floorStart)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Result(reports: corpus.count, bytes: bytes, seconds: seconds, floorSeconds: floorSeconds,
                      findings: findings, characters: characters, peakMegabytes: Double(usage.ru_maxrss) / 1024)
    }
}
