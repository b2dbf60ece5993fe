import NIOConcurrencyHelpers
import Vapor

/// The analyses of recently saved or viewed revisions, so that the page or answer after a save, and
/// the next views of the submission, do not read, check and score again a text already analysed.
/// Keyed by the revision's SHA-256, the framework, the year (its years are judged against the
/// cycle's) and the cycle (whose template judges its sections): a stored revision never changes,
/// so an entry never goes stale. At most `capacity`
/// entries, of texts of at most `textBudget` bytes in all; the least recently used goes first.
final class AnalysisCache: Sendable {
    struct Key: Hashable, Sendable {
        var sha256: String
        var frameworkID: String
        var year: Int
        var cycleID: UUID?
    }

    private struct Entries {
        var analyses: [Key: Analysis] = [:]
        /// When each entry was last used, apart from the analyses: finding the oldest then copies
        /// no analysis (a copy retains every part of it).
        var used: [Key: UInt64] = [:]
        var clock: UInt64 = 0
        /// The UTF-8 bytes of the analyses' texts.
        var textBytes = 0
    }

    /// Some 200 KB an analysis of the worked example: 64 of them are about 13 MB.
    let capacity: Int
    /// An analysis holds some 4–7 times its text: the largest text (2 MB) some 8–12 MB. Without this
    /// budget 64 analyses of large texts stay in memory after their requests, most of a gigabyte;
    /// within it, two of the largest, or all 64 of the usual size (the worked example's 34 KB).
    let textBudget: Int
    private let entries = NIOLockedValueBox(Entries())

    init(capacity: Int = 64, textBudget: Int = 4 << 20) {
        self.capacity = capacity
        self.textBudget = textBudget
    }

    func analysis(_ key: Key) -> Analysis? {
        entries.withLockedValue { entries in
            guard let found = entries.analyses[key] else { return nil }
            entries.clock += 1
            entries.used[key] = entries.clock
            return found
        }
    }

    func store(_ analysis: Analysis, for key: Key) {
        let size = analysis.yaml.utf8.count
        guard size <= textBudget else { return }
        entries.withLockedValue { entries in
            entries.clock += 1
            entries.textBytes += size - (entries.analyses.updateValue(analysis, forKey: key)?.yaml.utf8.count ?? 0)
            entries.used[key] = entries.clock
            while entries.analyses.count > capacity || entries.textBytes > textBudget,
                let oldest = entries.used.min(by: { $0.value < $1.value })?.key
            {
                entries.textBytes -= entries.analyses.removeValue(forKey: oldest)?.yaml.utf8.count ?? 0
                entries.used[oldest] = nil
            }
        }
    }
}

extension Application {
    private struct AnalysisCacheKey: StorageKey { typealias Value = AnalysisCache }

    /// The analyses of recent revisions (`AnalysisCache`), made with the application.
    var analysisCache: AnalysisCache {
        get {
            guard let cache = storage[AnalysisCacheKey.self] else { fatalError("configure(_:) makes the analysis cache") }
            return cache
        }
        set { storage[AnalysisCacheKey.self] = newValue }
    }
}
