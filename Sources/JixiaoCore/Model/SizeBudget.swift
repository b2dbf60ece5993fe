/// 内容上限 — a budget for what a reader makes of its input: the UTF-8 bytes of the text it takes
/// and the values it builds, counted as it goes.
///
/// A small input can stand for a large output: one long shared string referenced from many
/// workbook cells, rows nested in rows of a posted form, millions of numbers in a request. So
/// every maker of a revision — text, form, parts API, workbook, report extract — counts what it
/// makes against a budget and stops at its end, before the whole is built, rather than checking
/// only the size of what it received.
public struct SizeBudget: Sendable {
    /// The most UTF-8 bytes of text.
    public let maximumBytes: Int
    /// The most values (scalars, keys, lists and mappings of a tree; rows and fields of a form).
    public let maximumValues: Int
    public private(set) var bytes = 0
    public private(set) var values = 0

    public init(maximumBytes: Int, maximumValues: Int) {
        self.maximumBytes = maximumBytes
        self.maximumValues = maximumValues
    }

    /// 一版自评文件 — a revision as stored, whatever made it: the worked example has 33 KB and some
    /// 900 values, a unit with a thousand tasks some 400 KB and, at the example's 21 values a task,
    /// 22,000 values.
    public static let revision = SizeBudget(maximumBytes: 2 << 20, maximumValues: 500_000)

    /// A file read from disk (an evaluation, a framework, an answers sheet): as many values as a
    /// revision, whatever its length.
    public static let file = SizeBudget(maximumBytes: .max, maximumValues: revision.maximumValues)

    /// Counts `bytes` more bytes of text in `values` more values; false once either maximum is
    /// passed (and from then on).
    @discardableResult
    public mutating func take(bytes: Int = 0, values: Int = 0) -> Bool {
        self.bytes = self.bytes.addingReportingOverflow(bytes).overflow ? .max : self.bytes + bytes
        self.values += values
        return !isSpent
    }

    public var isSpent: Bool { bytes > maximumBytes || values > maximumValues }

    /// Why the maker stopped, in Chinese: 「内容过长（超过 2048 KB 的上限）」.
    public var refusal: String {
        bytes > maximumBytes ? "内容过长（超过 \(maximumBytes >> 10) KB 的上限）" : "内容过多（超过 \(maximumValues) 项的上限）"
    }
}
