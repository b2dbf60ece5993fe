import Foundation
import JixiaoCore
import JixiaoFormats

/// Scoring many evaluations under one framework, measured against a peer in the same run.
///
/// The peer is the same scoring with the framework read and compiled anew for every
/// evaluation, as a naive tool would do: the ratio shows what compiling once buys.
public enum ScoringBenchmark {
    public struct Result: Sendable {
        public var evaluations: Int
        public var seconds: Double
        public var peerEvaluations: Int
        public var peerSeconds: Double
        public var totals: Decimal

        public var perSecond: Double { Double(evaluations) / seconds }
        public var peerPerSecond: Double { Double(peerEvaluations) / peerSeconds }
        public var ratio: Double { perSecond / peerPerSecond }
    }

    /// Scores `count` synthetic evaluations made from `seed`, and `peerCount` with the peer.
    public static func run(seed: Evaluation, frameworkText: String, count: Int, peerCount: Int) throws -> Result {
        let compiled = try FrameworkFile.parse(frameworkText)
        var totals = Decimal(0)
        let start = DispatchTime.now()
        for evaluation in SyntheticEvaluations(from: seed, count: count) {
            totals += compiled.score(evaluation).total
        }
        let seconds = elapsed(since: start)

        let peerStart = DispatchTime.now()
        for evaluation in SyntheticEvaluations(from: seed, count: peerCount) {
            totals += try FrameworkFile.parse(frameworkText).score(evaluation).total
        }
        return Result(evaluations: count, seconds: seconds, peerEvaluations: peerCount,
                      peerSeconds: elapsed(since: peerStart), totals: totals)
    }

    static func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
