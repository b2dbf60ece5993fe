import Foundation

/// A posted form — the fields of an `application/x-www-form-urlencoded` body as flat name → value
/// pairs. The part forms name their inputs by field path (`…by_source[0].amount`), which a
/// nesting decoder would take apart; these names are kept whole.
public struct PostedForm: Sendable {
    public var values: [String: String] = [:]
    /// Names whose value is no valid percent-encoding of UTF-8 (`%E4%B` cut short, `%ZZ`): such
    /// a value is not there, rather than read as empty, and the form says so.
    public var undecodable: Set<String> = []

    public init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let first = parts.first, let name = first, !name.isEmpty else { continue }
            if parts.count > 1, parts[1] == nil {
                undecodable.insert(name)
            } else {
                values[name] = parts.count > 1 ? parts[1] : ""
            }
        }
    }
}
