import NIOConcurrencyHelpers
import Vapor

/// The analyses of recently saved or viewed revisions, so that the page or answer after a save, and
/// the next views of the submission, do not read, check and score again a text already analysed.
/// Keyed by the revision's SHA-256, the framework and the year (its years are judged against the
/// cycle's): a stored revision never changes, so an entry never goes stale. At most `capacity` entries; the least recently used goes first.
final class AnalysisCache: Sendable {
    struct Key: Hashable, Sendable {
        var sha256: String
        var frameworkID: String
        var year: Int
    }

    private struct Entries {
        var analyses: [Key: Analysis] = [:]
        /// When each entry was last used, apart from the analyses: finding the oldest then copies
        /// no analysis (a copy retains every part of it).
        var used: [Key: UInt64] = [:]
        var clock: UInt64 = 0
    }

    /// Some 200 KB an analysis of the worked example: 64 of them are about 13 MB.
    let capacity: Int
    private let entries = NIOLockedValueBox(Entries())

    init(capacity: Int = 64) { self.capacity = capacity }

    func analysis(_ key: Key) -> Analysis? {
        entries.withLockedValue { entries in
            guard let found = entries.analyses[key] else { return nil }
            entries.clock += 1
            entries.used[key] = entries.clock
            return found
        }
    }

    func store(_ analysis: Analysis, for key: Key) {
        entries.withLockedValue { entries in
            entries.clock += 1
            entries.analyses[key] = analysis
            entries.used[key] = entries.clock
            if entries.analyses.count > capacity, let oldest = entries.used.min(by: { $0.value < $1.value })?.key {
                entries.analyses[oldest] = nil
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
