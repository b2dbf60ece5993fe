import JixiaoCore
import JixiaoFormats
import Testing

/// The JSON reader reads UTF-8 bytes: escapes, surrogate pairs and columns counted in scalars.
@Suite("JSON reader")
struct JSONReaderTests {
    private func tree(_ json: String) throws(SourceErrors) -> SourceNode { try EvaluationFile.tree(parsing: json, format: .json) }

    /// The text of the top-level object's scalar `key`.
    private func text(_ node: SourceNode, _ key: String) -> String? {
        guard case .mapping(let entries) = node.content, let entry = entries.first(where: { $0.key == key }),
            case .scalar(let text, _) = entry.value.content else { return nil }
        return text
    }

    private func failure(_ json: String) -> SourceError? {
        do { _ = try tree(json); return nil } catch { return error.errors.first }
    }

    @Test func escapesAndSurrogatePairs() throws {
        let node = try tree(#"{"a": "\u5e7f\u4e1c\ud83d\ude00 \"\\\/\n\t\b\f\r", "b": "无转义", "c": -12.50}"#)
        #expect(text(node, "a") == "广东😀 \"\\/\n\t\u{08}\u{0C}\r")
        #expect(text(node, "b") == "无转义")
        #expect(text(node, "c") == "-12.50")
    }

    @Test func brokenSurrogatesAreRefusedNotTrapped() {
        #expect(failure(#"{"a": "\ud800\u0041"}"#)?.message.contains("低位代理") == true)
        #expect(failure(#"{"a": "\udc00"}"#)?.message.contains(#"无效的 \u 转义"#) == true)
        #expect(failure(#"{"a": "\ud800"}"#)?.message.contains(#"「\」"#) == true)
        #expect(failure(#"{"a": "\x"}"#)?.message.contains(#"无效的转义「\x」"#) == true)
        #expect(failure(#"{"a": "\u12"}"#)?.message.contains("4 位十六进制数") == true)
    }

    /// A column counts characters, not bytes: 「名称」 is two columns, as an editor shows it.
    @Test func columnsCountScalars() throws {
        let e = try #require(failure("{\"名称\": \"廉江\",\n \"单位\": }"))
        #expect(e.location == SourceLocation(line: 2, column: 8))
        #expect(e.message.contains("实际为「}」"))
        let key = try tree("{\"名称\": 1,\n  \"单位\": 2}")
        guard case .mapping(let entries) = key.content else { Issue.record("not a mapping"); return }
        #expect(entries.map(\.keyLocation) == [SourceLocation(line: 1, column: 2), SourceLocation(line: 2, column: 3)])
    }

    @Test func duplicateKeysInSmallAndLargeObjects() {
        #expect(failure(#"{"a": 1, "b": 2, "a": 3}"#)?.message == "键「a」重复出现")
        let many = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(failure("{\(many)}") == nil)
        #expect(failure("{\(many), \"k39\": 0}")?.message == "键「k39」重复出现")
    }

    /// The example written as JSON with every non-ASCII character escaped (as Python's `json.dumps`
    /// writes it) reads back to the same tree as the same JSON written in UTF-8.
    @Test func escapedExampleReadsAsTheUnescaped() throws {
        let plain = try EvaluationFile.text(of: try EvaluationFile.tree(parsing: try exampleText(), format: .yaml), as: .json)
        var escaped = ""
        for scalar in plain.unicodeScalars {
            if scalar.isASCII { escaped.unicodeScalars.append(scalar); continue }
            for unit in String(scalar).utf16 { escaped += "\\u" + String(unit, radix: 16).leftPadded(to: 4) }
        }
        #expect(escaped.unicodeScalars.allSatisfy { $0.isASCII })
        let fromEscaped = try EvaluationFile.text(of: try tree(escaped), as: .yaml)
        let fromPlain = try EvaluationFile.text(of: try tree(plain), as: .yaml)
        #expect(fromEscaped == fromPlain)
        #expect(fromPlain.contains("廉江市总工会"))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
