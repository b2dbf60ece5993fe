import Foundation

/// A closed interval of exact values: what a stated figure, or a figure computed from stated
/// ones, can be. Relations between stated figures hold when their intervals can agree.
public struct Interval: Hashable, Sendable {
    public var lower: Decimal
    public var upper: Decimal

    public init(lower: Decimal, upper: Decimal) {
        self.lower = lower
        self.upper = upper
    }

    public init(exactly value: Decimal) { self.init(lower: value, upper: value) }

    public static let zero = Interval(exactly: 0)

    public var midpoint: Decimal { (lower + upper) / 2 }

    public func contains(_ value: Decimal) -> Bool { lower <= value && value <= upper }

    /// True when some value lies in both intervals.
    public func overlaps(_ other: Interval) -> Bool { lower <= other.upper && other.lower <= upper }

    /// The part of the interval at or above `floor` (amounts cannot be negative).
    public func clamped(atLeast floor: Decimal) -> Interval {
        Interval(lower: Swift.max(lower, floor), upper: Swift.max(upper, floor))
    }

    public static func + (a: Interval, b: Interval) -> Interval {
        Interval(lower: a.lower + b.lower, upper: a.upper + b.upper)
    }

    public static func - (a: Interval, b: Interval) -> Interval {
        Interval(lower: a.lower - b.upper, upper: a.upper - b.lower)
    }

    public static func * (a: Interval, k: Decimal) -> Interval {
        k >= 0 ? Interval(lower: a.lower * k, upper: a.upper * k) : Interval(lower: a.upper * k, upper: a.lower * k)
    }

    /// `a / b`, or nil when `b` contains zero (the quotient is then unbounded).
    public static func / (a: Interval, b: Interval) -> Interval? {
        guard !b.contains(0) else { return nil }
        // A positive divisor (every amount and count): two divisions, the ends the signs of `a` pick.
        if b.lower > 0 {
            return Interval(lower: a.lower / (a.lower >= 0 ? b.upper : b.lower), upper: a.upper / (a.upper >= 0 ? b.lower : b.upper))
        }
        let candidates = [a.lower / b.lower, a.lower / b.upper, a.upper / b.lower, a.upper / b.upper]
        return Interval(lower: candidates.min()!, upper: candidates.max()!)
    }

    public static func sum<S: Sequence>(_ parts: S) -> Interval where S.Element == Interval {
        parts.reduce(.zero, +)
    }
}
