import Testing
import Yams
@testable import JixiaoCore
@testable import JixiaoFormats

/// The reader resolves plain scalars without Yams' regular expressions: its answers must be the
/// default resolver's, on the scalars that matter and on a hundred thousand made of their characters.
@Suite struct YAMLScalarKindTests {
    /// The resolver's tag, as the reader's kind (nil for null).
    static func yams(_ text: String) -> SourceNode.ScalarKind? {
        switch Resolver.default.resolveTag(of: Node(text)) {
        case .null: nil
        case .int, .float: .number
        case .bool: .bool
        default: .text
        }
    }

    @Test func theScalarsThatMatter() {
        let samples = ["", "~", "null", "Null", "NULL", "nil", "yes", "No", "on", "OFF", "y", "true", "False", "0", "00", "007",
                       "0o17", "0o", "0b101", "0b", "0x1F", "0x", "-0", "+12", "1_000", "12.34", "-12.34", ".5", ".5e+3", ".5e3",
                       "1e3", "1E-3", "1.", "1.e5", "+.inf", ".Inf", "-.INF", ".nan", "NaN", "190:20:30", "1:60", "1:5:9.5",
                       "2021-12-31", "<<", "=", "12.34万元", "一二", "1,000", "0.1.2", "+", "-", ".", "_", "1__", "0_", "09",
                       "1:2:", ":1", "1e", "1e+", "1.5e+7", "60:59.0", "1:7"]
        for text in samples {
            #expect(YAMLScalarKind.plain(text) == Self.yams(text), "\(text.debugDescription)")
        }
    }

    @Test func aHundredThousandMadeOfTheirCharacters() {
        var random = Xorshift(seed: 20261201)
        let alphabet = Array("0123456789+-._:eExXoObBIiNnFfAaLlSsYy~ ")
        var wrong: [String] = []
        for _ in 0..<100_000 {
            let text = String((0..<Int(random.next() % 7)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            if YAMLScalarKind.plain(text) != Self.yams(text) { wrong.append(text) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }
}

/// A small, fixed-seed generator: the same strings on every run.
struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
