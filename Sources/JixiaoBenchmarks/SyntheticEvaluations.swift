import Foundation
import JixiaoCore

/// Evaluations made from one seed evaluation by varying its figures, for benchmarks: the same
/// shape as a real file, different numbers each time, and the same sequence on every run.
public struct SyntheticEvaluations: Sequence, IteratorProtocol {
    private let seed: Evaluation
    private var remaining: Int
    private var state: UInt64

    public init(from seed: Evaluation, count: Int, randomSeed: UInt64 = 2021) {
        self.seed = seed
        remaining = count
        state = randomSeed
    }

    /// SplitMix64: small, fast and the same everywhere.
    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A factor between 0.50 and 1.49, exact to the hundredth.
    private mutating func factor() -> Decimal { Decimal(50 + Int(random() % 100)) / 100 }

    private mutating func vary(_ amount: Amount?) -> Amount? {
        guard let amount else { return nil }
        let value = DecimalFormat.rounded(amount.number.value * factor(), decimals: amount.number.decimals)
        // Read back from its text, as a file's figure is (it then carries its significand).
        let varied = Amount(value, decimals: amount.number.decimals, unit: amount.unit)
        return (try? Amount.parse(varied.description)) ?? varied
    }

    public mutating func next() -> Evaluation? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        var e = seed
        let budgeted = vary(e.budget?.expenditure?.amount), spent = vary(e.finalAccounts?.expenditure?.total)
        let publicOperating = vary(e.finalAccounts?.expenditure?.byNature?.basic?.publicOperating)
        let threePublic = vary(e.budget?.threePublic?.total?.amount)
        if let budgeted { e.budget?.expenditure?.amount = budgeted }
        e.finalAccounts?.expenditure?.total = spent
        e.finalAccounts?.expenditure?.byNature?.basic?.publicOperating = publicOperating
        e.finalAccounts?.threePublic = threePublic
        if var staffing = e.staffing {
            staffing.inService = Int(random() % 15)
            e.staffing = staffing
        }
        // Some tasks report results, so that completion rates vary.
        if var work = e.work, var categories = work.categories {
            for c in categories.indices {
                for t in (categories[c].tasks ?? []).indices where random() % 2 == 0 {
                    var result = TaskResult()
                    result.summary = "已完成"
                    categories[c].tasks?[t].result = result
                }
            }
            work.categories = categories
            e.work = work
        }
        return e
    }
}
