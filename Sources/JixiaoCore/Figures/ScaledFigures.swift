import Foundation

/// Stated amounts as integers counted in one shared place, so that the intervals of a relation
/// are added, subtracted and compared exactly without `Decimal` (whose every operation allocates
/// on Linux). Made only when every amount has its significand (`StatedNumber.significand`) and
/// all fit with room to spare; otherwise nil, and the caller judges with `Decimal` intervals,
/// the reference that the tests compare this with.
struct ScaledFigures {
    /// Each amount's interval, value ± half its last stated place, in the order given.
    let intervals: [ScaledInterval]

    /// No interval end beyond this many units: sums of up to `maximumCount` of them cannot overflow.
    private static let limit: Int64 = 1_000_000_000_000_000
    private static let maximumCount = 4_000

    init?(_ amounts: [Amount]) {
        guard amounts.count <= Self.maximumCount, let unitExponent = amounts.map(\.halfWidthExponent).min() else { return nil }
        var intervals: [ScaledInterval] = []
        intervals.reserveCapacity(amounts.count)
        for amount in amounts {
            // The half-width is 5 × 10^halfWidthExponent 元, the value its significand one place up.
            guard let significand = amount.number.significand,
                  let half = Self.scaled(5, by: amount.halfWidthExponent - unitExponent),
                  let value = Self.scaled(significand, by: amount.halfWidthExponent + 1 - unitExponent),
                  value.magnitude <= UInt64(Self.limit)
            else { return nil }
            intervals.append(ScaledInterval(lower: value - half, upper: value + half))
        }
        self.intervals = intervals
    }

    /// `value × 10^places`, nil beyond the limit.
    private static func scaled(_ value: Int64, by places: Int) -> Int64? {
        guard places >= 0, places <= 18 else { return nil }
        var result = value
        for _ in 0..<places {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow, product.magnitude <= UInt64(limit) else { return nil }
            result = product
        }
        return result
    }

    /// `Tolerance.rateHolds` in integers, for a positive denominator; nil when it cannot be told
    /// so (a denominator reaching zero, a rate without its significand, an overflow).
    static func rateHolds(_ stated: Percent, numerator a: ScaledInterval, denominator b: ScaledInterval) -> Bool? {
        let decimals = stated.number.decimals
        guard b.lower > 0, decimals <= 12, let rate = stated.number.significand, let rateUnits = scaled(rate, by: 1),
              let scale = scaled(1, by: decimals + 3)
        else { return nil }
        // The stated rate is rateUnits ± 5 in units of 10^-(decimals+1) percent; both sides of
        // `a × 100 ≤ rate × b` are multiplied by 10^(decimals+1) to compare whole numbers.
        let (lowerRate, upperRate) = (rateUnits - 5, rateUnits + 5)
        func product(_ x: Int64, _ y: Int64) -> Int64? {
            let (p, overflow) = x.multipliedReportingOverflow(by: y)
            return overflow ? nil : p
        }
        guard let lowerLeft = product(a.lower, scale), let lowerRight = product(upperRate, a.lower >= 0 ? b.upper : b.lower),
              let upperLeft = product(a.upper, scale), let upperRight = product(lowerRate, a.upper >= 0 ? b.lower : b.upper)
        else { return nil }
        return lowerLeft <= lowerRight && upperLeft >= upperRight
    }
}

/// A closed interval of whole units (see `ScaledFigures`): `Interval`'s operations in integers.
struct ScaledInterval: Equatable {
    var lower: Int64
    var upper: Int64

    static let zero = ScaledInterval(lower: 0, upper: 0)

    /// The part at or above zero (amounts cannot be negative).
    var clampedAtZero: ScaledInterval { ScaledInterval(lower: max(lower, 0), upper: max(upper, 0)) }

    func overlaps(_ other: ScaledInterval) -> Bool { lower <= other.upper && other.lower <= upper }

    static func + (a: ScaledInterval, b: ScaledInterval) -> ScaledInterval {
        ScaledInterval(lower: a.lower + b.lower, upper: a.upper + b.upper)
    }

    static func - (a: ScaledInterval, b: ScaledInterval) -> ScaledInterval {
        ScaledInterval(lower: a.lower - b.upper, upper: a.upper - b.lower)
    }
}
