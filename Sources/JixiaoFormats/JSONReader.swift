import JixiaoCore

/// Reads JSON text into a `SourceNode` tree with line and column of every value.
///
/// Written here rather than taken from Foundation because numbers must keep their digits as
/// written (`1.20` is not `1.2`: the decimals are the stated precision) and every value needs
/// its location. It reads the text's UTF-8 bytes in place: every save's request body comes through
/// here, and many clients send a report's Chinese as `\uXXXX` escapes, which Foundation's decoder
/// takes a slow path for. Columns count Unicode scalars, as an editor shows them.
///
/// What it builds is counted against a `SizeBudget` as it is built — every value and key, and
/// the bytes of every string and number — so that a body of millions of small values is refused
/// at the budget's end, not built whole first.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    private var budget: SizeBudget

    private init(bytes: UnsafeBufferPointer<UInt8>, budget: SizeBudget) {
        self.bytes = bytes
        self.budget = budget
    }

    static func read(_ text: String, within budget: SizeBudget = .file) throws(SourceError) -> SourceNode {
        var text = text
        let result = text.withUTF8 { bytes in
            var reader = JSONReader(bytes: bytes, budget: budget)
            return Result { () throws(SourceError) in try reader.document() }
        }
        return try result.get()
    }

    private mutating func document() throws(SourceError) -> SourceNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }  // a byte-order mark
        skipWhitespace()
        let value = try value()
        skipWhitespace()
        if index < bytes.count { throw error("JSON 内容结束后还有多余字符") }
        return value
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }
    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func error(_ message: String) -> SourceError { SourceError(location: here, message: "JSON 语法错误：" + message) }

    /// Counts what is being made at `location`, refusing it past the budget.
    private mutating func take(bytes: Int = 0, values: Int = 0, at location: SourceLocation) throws(SourceError) {
        guard budget.take(bytes: bytes, values: values) else { throw SourceError(location: location, message: budget.refusal) }
    }

    private mutating func advance() {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\n") {
            line += 1; column = 1
        } else if byte & 0xC0 != 0x80 {  // not a continuation byte: a new scalar
            column += 1
        }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let c = peek, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
            advance()
        }
    }

    private mutating func expect(_ c: Unicode.Scalar) throws(SourceError) {
        guard peek == UInt8(ascii: c) else { throw error("此处应为「\(c)」，实际为\(describeHere())") }
        advance()
    }

    /// The character at the reading position, for messages.
    private func describeHere() -> String { scalarHere().map { "「\($0)」" } ?? "文件结尾" }

    private func scalarHere() -> Unicode.Scalar? {
        guard index < bytes.count else { return nil }
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return scalar
    }

    private static func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }

    private mutating func value() throws(SourceError) -> SourceNode {
        let start = here
        depth += 1
        defer { depth -= 1 }
        if depth > SourceNode.maximumDepth { throw error("嵌套层数超过 \(SourceNode.maximumDepth) 层") }
        try take(values: 1, at: start)
        switch peek {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return SourceNode(.scalar(try string(), .text), at: start)
        case UInt8(ascii: "t"): try literal("true"); return SourceNode(.scalar("true", .bool), at: start)
        case UInt8(ascii: "f"): try literal("false"); return SourceNode(.scalar("false", .bool), at: start)
        case UInt8(ascii: "n"): try literal("null"); return SourceNode(.null, at: start)
        case let c where c == UInt8(ascii: "-") || Self.isDigit(c): return SourceNode(.scalar(try number(), .number), at: start)
        default: throw error("此处应为一个值（对象、数组、字符串、数字、true、false 或 null），实际为\(describeHere())")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SourceError) {
        for c in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard peek == c else { throw error("无法识别的字面量，应为 \(word)") }
            advance()
        }
    }

    private mutating func object() throws(SourceError) -> SourceNode {
        let start = here
        try expect("{")
        var entries: [SourceNode.Entry] = []
        var keys = MappingKeys()
        skipWhitespace()
        if peek == UInt8(ascii: "}") { advance(); return SourceNode(.mapping([]), at: start) }
        while true {
            skipWhitespace()
            let keyLocation = here
            guard peek == UInt8(ascii: "\"") else { throw error("此处应为带双引号的键名，实际为\(describeHere())") }
            let key = try string()
            try take(values: 1, at: keyLocation)
            guard keys.isNew(key, among: entries) else {
                throw SourceError(location: keyLocation, message: "键「\(key)」重复出现")
            }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            entries.append(.init(key: key, keyLocation: keyLocation, value: try value()))
            skipWhitespace()
            if peek == UInt8(ascii: ",") { advance(); continue }
            if peek == UInt8(ascii: "}") { advance(); return SourceNode(.mapping(entries), at: start) }
            throw error("此处应为「,」或「}」，实际为\(describeHere())")
        }
    }

    private mutating func array() throws(SourceError) -> SourceNode {
        let start = here
        try expect("[")
        var items: [SourceNode] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { advance(); return SourceNode(.sequence([]), at: start) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            if peek == UInt8(ascii: ",") { advance(); continue }
            if peek == UInt8(ascii: "]") { advance(); return SourceNode(.sequence(items), at: start) }
            throw error("此处应为「,」或「]」，实际为\(describeHere())")
        }
    }

    /// A string's text: runs without escapes are taken whole from the input (valid UTF-8, since it
    /// came from a `String`, and cut only at ASCII bytes).
    private mutating func string() throws(SourceError) -> String {
        try expect("\"")
        var text: [UInt8] = []  // the text so far, once an escape (which always adds a byte) has been met
        var run = index
        while true {
            guard let c = peek else { throw error("字符串没有结束引号") }
            if c == UInt8(ascii: "\"") {
                let tail = UnsafeBufferPointer(rebasing: bytes[run..<index])
                try take(bytes: text.count + tail.count, at: here)
                advance()
                guard !text.isEmpty else { return String(decoding: tail, as: UTF8.self) }
                text.append(contentsOf: tail)
                return String(decoding: text, as: UTF8.self)
            }
            if c == UInt8(ascii: "\n") { throw error("字符串中不能直接换行（请写 \\n）") }
            guard c == UInt8(ascii: "\\") else { advance(); continue }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            advance()
            try escape(into: &text)
            run = index
        }
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func escape(into text: inout [UInt8]) throws(SourceError) {
        guard let e = peek else { throw error("字符串没有结束引号") }
        let simple: UInt8? = switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): e
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): UInt8(ascii: "\n")
        case UInt8(ascii: "r"): UInt8(ascii: "\r")
        case UInt8(ascii: "t"): UInt8(ascii: "\t")
        default: nil
        }
        if let simple { advance(); text.append(simple); return }
        guard e == UInt8(ascii: "u") else { throw error("无效的转义「\\\(scalarHere().map(String.init) ?? "")」") }
        advance()
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
            try expect("\\")
            try expect("u")
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("无效的 \\u 转义：高位代理后应为低位代理") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("无效的 \\u 转义") }
        text.append(contentsOf: UTF8.encode(scalar)!)
    }

    private mutating func hex4() throws(SourceError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek, let digit = Self.hexDigit(c) else { throw error("\\u 后应为 4 位十六进制数") }
            code = code * 16 + digit
            advance()
        }
        return code
    }

    private static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func number() throws(SourceError) -> String {
        let start = index
        if peek == UInt8(ascii: "-") { advance() }
        guard Self.isDigit(peek) else { throw error("「-」后应为数字") }
        while Self.isDigit(peek) { advance() }
        if peek == UInt8(ascii: ".") {
            advance()
            guard Self.isDigit(peek) else { throw error("小数点后应为数字") }
            while Self.isDigit(peek) { advance() }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") { throw error("不支持科学计数法，请直接写出数字") }
        try take(bytes: index - start, at: here)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }
}
