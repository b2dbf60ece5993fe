import JixiaoCore

/// Reads JSON text into a `SourceNode` tree with line and column of every value.
///
/// Written here rather than taken from Foundation because numbers must keep their digits as
/// written (`1.20` is not `1.2`: the decimals are the stated precision) and every value needs
/// its location.
struct JSONReader {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    static func read(_ text: String) throws(SourceError) -> SourceNode {
        var reader = JSONReader(scalars: Array(text.unicodeScalars))
        if reader.scalars.first == "\u{FEFF}" { reader.index = 1 }
        reader.skipWhitespace()
        let value = try reader.value()
        reader.skipWhitespace()
        if reader.index < reader.scalars.count { throw reader.error("JSON 内容结束后还有多余字符") }
        return value
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }
    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func error(_ message: String) -> SourceError { SourceError(location: here, message: "JSON 语法错误：" + message) }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
    }

    private mutating func expect(_ c: Unicode.Scalar) throws(SourceError) {
        guard peek == c else { throw error("此处应为「\(c)」，实际为\(describe(peek))") }
        advance()
    }

    private func describe(_ c: Unicode.Scalar?) -> String { c.map { "「\($0)」" } ?? "文件结尾" }

    private mutating func value() throws(SourceError) -> SourceNode {
        let start = here
        depth += 1
        defer { depth -= 1 }
        if depth > SourceNode.maximumDepth { throw error("嵌套层数超过 \(SourceNode.maximumDepth) 层") }
        switch peek {
        case "{": return try object()
        case "[": return try array()
        case "\"": return SourceNode(.scalar(try string(), .text), at: start)
        case "t": try literal("true"); return SourceNode(.scalar("true", .bool), at: start)
        case "f": try literal("false"); return SourceNode(.scalar("false", .bool), at: start)
        case "n": try literal("null"); return SourceNode(.null, at: start)
        case let c? where c == "-" || ("0"..."9").contains(c): return SourceNode(.scalar(try number(), .number), at: start)
        default: throw error("此处应为一个值（对象、数组、字符串、数字、true、false 或 null），实际为\(describe(peek))")
        }
    }

    private mutating func literal(_ word: String) throws(SourceError) {
        for c in word.unicodeScalars {
            guard peek == c else { throw error("无法识别的字面量，应为 \(word)") }
            advance()
        }
    }

    private mutating func object() throws(SourceError) -> SourceNode {
        let start = here
        try expect("{")
        var entries: [SourceNode.Entry] = []
        var seen: Set<String> = []
        skipWhitespace()
        if peek == "}" { advance(); return SourceNode(.mapping([]), at: start) }
        while true {
            skipWhitespace()
            let keyLocation = here
            guard peek == "\"" else { throw error("此处应为带双引号的键名，实际为\(describe(peek))") }
            let key = try string()
            if !seen.insert(key).inserted {
                throw SourceError(location: keyLocation, message: "键「\(key)」重复出现")
            }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            entries.append(.init(key: key, keyLocation: keyLocation, value: try value()))
            skipWhitespace()
            if peek == "," { advance(); continue }
            if peek == "}" { advance(); return SourceNode(.mapping(entries), at: start) }
            throw error("此处应为「,」或「}」，实际为\(describe(peek))")
        }
    }

    private mutating func array() throws(SourceError) -> SourceNode {
        let start = here
        try expect("[")
        var items: [SourceNode] = []
        skipWhitespace()
        if peek == "]" { advance(); return SourceNode(.sequence([]), at: start) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            if peek == "," { advance(); continue }
            if peek == "]" { advance(); return SourceNode(.sequence(items), at: start) }
            throw error("此处应为「,」或「]」，实际为\(describe(peek))")
        }
    }

    private mutating func string() throws(SourceError) -> String {
        try expect("\"")
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw error("字符串没有结束引号") }
            if c == "\"" { advance(); return String(out) }
            if c == "\n" { throw error("字符串中不能直接换行（请写 \\n）") }
            advance()
            guard c == "\\" else { out.append(c); continue }
            guard let e = peek else { throw error("字符串没有结束引号") }
            advance()
            switch e {
            case "\"", "\\", "/": out.append(e)
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    try expect("\\")
                    try expect("u")
                    let low = try hex4()
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("无效的 \\u 转义") }
                out.append(scalar)
            default: throw error("无效的转义「\\\(e)」")
            }
        }
    }

    private mutating func hex4() throws(SourceError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek, let digit = UInt32(String(c), radix: 16) else { throw error("\\u 后应为 4 位十六进制数") }
            code = code * 16 + digit
            advance()
        }
        return code
    }

    private mutating func number() throws(SourceError) -> String {
        var text = ""
        func take(_ c: Unicode.Scalar) { text.unicodeScalars.append(c) }
        if peek == "-" { take("-"); advance() }
        guard let first = peek, ("0"..."9").contains(first) else { throw error("「-」后应为数字") }
        while let c = peek, ("0"..."9").contains(c) { take(c); advance() }
        if peek == "." {
            take("."); advance()
            guard let c = peek, ("0"..."9").contains(c) else { throw error("小数点后应为数字") }
            while let c = peek, ("0"..."9").contains(c) { take(c); advance() }
        }
        if let c = peek, c == "e" || c == "E" { throw error("不支持科学计数法，请直接写出数字") }
        return text
    }
}
