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

    /// Scores `count` synthetic evaluations made from `seed`, and `peerCount` of them again with
    /// the peer. The peer's evaluations are spread among the others, so that both meet the
    /// machine as it is at that moment. Only the scoring (and the peer's reading of the
    /// framework) is timed, not the making of the synthetic evaluations.
    public static func run(seed: Evaluation, frameworkText: String, count: Int, peerCount: Int) throws -> Result {
        let compiled = try FrameworkFile.parse(frameworkText)
        let peerEvery = peerCount > 0 ? max(count / peerCount, 1) : Int.max
        var totals = Decimal(0)
        var seconds = 0.0, peerSeconds = 0.0
        var peerEvaluations = 0
        for (index, evaluation) in SyntheticEvaluations(from: seed, count: count).enumerated() {
            let start = DispatchTime.now()
            totals += compiled.score(evaluation).total
            seconds += elapsed(since: start)
            if index % peerEvery == 0, peerEvaluations < peerCount {
                let peerStart = DispatchTime.now()
                totals += try FrameworkFile.parse(frameworkText).score(evaluation).total
                peerSeconds += elapsed(since: peerStart)
                peerEvaluations += 1
            }
        }
        return Result(evaluations: count, seconds: seconds, peerEvaluations: peerEvaluations,
                      peerSeconds: peerSeconds, totals: totals)
    }

    static func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
