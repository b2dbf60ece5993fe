import Foundation
import JixiaoCore

/// Building JSON output trees for reports, so every report writes JSON the same way.
extension SourceNode {
    public static func text(_ value: String?) -> SourceNode { value.map { SourceNode(.scalar($0, .text)) } ?? SourceNode(.null) }
    public static func number(_ value: Int?) -> SourceNode { value.map { SourceNode(.scalar("\($0)", .number)) } ?? SourceNode(.null) }
    static func number(text value: String?) -> SourceNode { value.map { SourceNode(.scalar($0, .number)) } ?? SourceNode(.null) }
    public static func bool(_ value: Bool) -> SourceNode { SourceNode(.scalar(value ? "true" : "false", .bool)) }
    public static func array(_ items: [SourceNode]) -> SourceNode { SourceNode(.sequence(items)) }
    public static func object(_ pairs: [(String, SourceNode)]) -> SourceNode {
        SourceNode(.mapping(pairs.map { Entry(key: $0.0, keyLocation: nil, value: $0.1) }))
    }
}
