import Foundation
import JixiaoCore
import JixiaoFormats
import Testing

/// Point 6 of the issue: every kind of bad input gets a located message, never a crash.
@Suite("Bad input")
struct BadInputTests {
    private func single(_ text: String, format: FileFormat = .yaml) throws -> SourceError {
        let errors = loadErrors(text, format: format)
        #expect(errors.count >= 1)
        return try #require(errors.first)
    }

    @Test func malformedYAML() throws {
        let e = try single("format: jixiao/evaluation@1\ncover:\n  year: [2021\n")
        #expect(e.location?.line == 4)
        #expect(e.message.contains("YAML 语法错误"))
        #expect(e.description.hasPrefix("t.yaml:4:1: 错误:"))
    }

    /// Anchors and aliases are refused before anything is expanded: a few hundred bytes that name
    /// 10⁹ nodes, even as a mapping key (which the composer would hash), answer at once.
    @Test func yamlAnchorsAndAliasesAreRefusedBeforeExpansion() throws {
        var text = "format: jixiao/evaluation@1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in zip("bcdefghi", "abcdefgh") { text += "\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 10).joined(separator: ", "))]\n" }
        text += "? *i\n: key\n"
        let start = ContinuousClock.now
        let e = try single(text)
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(e.location == SourceLocation(line: 2, column: 4))
        #expect(e.message == "不支持 YAML 锚点（&a）：请直接写出内容")
        let alias = try single("format: jixiao/evaluation@1\ncover: *nowhere\n")
        #expect(alias.message.contains("不支持 YAML 别名（*nowhere）"))
    }

    /// libyaml's messages that have no Chinese wording are named as a syntax error; the English
    /// stays in `underlying`.
    @Test func unknownLibyamlMessagesStayOutOfTheMessage() throws {
        let e = try single("%YAML 9.9\n---\nformat: jixiao/evaluation@1\n")
        #expect(e.message.hasPrefix("YAML 语法错误"))
        #expect(!e.message.contains { $0.isASCII && $0.isLetter && !"YAML".contains($0) })
        #expect(e.underlying?.isEmpty == false)
    }

    @Test func malformedJSON() throws {
        let e = try single("{\"format\": \"jixiao/evaluation@1\",\n \"cover\": {\"year\": 2021,}\n}", format: .json)
        #expect(e.location == SourceLocation(line: 2, column: 25))
        #expect(e.message.contains("JSON 语法错误"))
        let unterminated = try single("{\"format\": \"jixiao", format: .json)
        #expect(unterminated.message.contains("结束引号"))
    }

    @Test func unknownKeyNamesTheNearestValidKey() throws {
        let e = try single("format: jixiao/evaluation@1\nbudget:\n  incom: {amount: 1万元}\n")
        #expect(e.location == SourceLocation(line: 3, column: 3))
        #expect(e.path == "budget.incom")
        #expect(e.message.contains("未知字段「incom」"))
        #expect(e.message.contains("是否应为「income」"))
        let top = try single("format: jixiao/evaluation@1\nfinal_acounts: {}\n")
        #expect(top.message.contains("final_accounts"))
    }

    @Test func misspeltRequiredKey() throws {
        let e = try single("format: jixiao/evaluation@1\nfinal_accounts:\n  income:\n    by_source:\n      - {source: 事业收入, amout: 5万元}\n")
        #expect(e.message.contains("缺少必填字段「amount」"))
        #expect(e.message.contains("amout"))
        #expect(e.location?.line == 5)
        // A year-on-year figure may have only 上年数, so its misspelt 本年数 is an unknown key, not a missing one.
        let figure = try single("format: jixiao/evaluation@1\nbudget:\n  income: {amout: 5万元}\n")
        #expect(figure.message.contains("未知字段「amout」，是否应为「amount」"))
        #expect(figure.location?.line == 3)
    }

    @Test func wrongType() throws {
        let count = try single("format: jixiao/evaluation@1\nstaffing:\n  authorized: {total: 十一}\n")
        #expect(count.message.contains("不是整数"))
        #expect(count.location == SourceLocation(line: 3, column: 23))
        let list = try single("format: jixiao/evaluation@1\nunit:\n  duties: 组织联系群众\n")
        #expect(list.message.contains("应为列表"))
        #expect(list.path == "unit.duties")
        let map = try single("format: jixiao/evaluation@1\nstaffing: 11\n")
        #expect(map.message.contains("应为键值映射"))
    }

    @Test func negativeAmount() throws {
        let e = try single("format: jixiao/evaluation@1\nbudget:\n  income: {amount: -5万元}\n")
        #expect(e.message.contains("不能为负数"))
        #expect(e.path == "budget.income.amount")
        #expect(e.location == SourceLocation(line: 3, column: 20))
        // A change may be negative: 「减少」.
        #expect(loadErrors("format: jixiao/evaluation@1\nbudget:\n  income: {amount: 5万元, change: -1万元}\n").isEmpty)
        let people = try single("format: jixiao/evaluation@1\nstaffing:\n  authorized: {total: -3}\n")
        #expect(people.message.contains("不能为负数"))
    }

    @Test func unknownClassificationCodeListsTheValidOnes() throws {
        let e = try single("""
            format: jixiao/evaluation@1
            final_accounts:
              expenditure:
                by_economic:
                  - {code: "304", amount: 5.00元}
            """)
        #expect(e.path == "final_accounts.expenditure.by_economic[0].code")
        #expect(e.location?.line == 5)
        #expect(e.message.contains("304"))
        #expect(e.message.contains("301 工资福利支出"))
        #expect(e.message.contains("399 其他支出"))
    }

    @Test func unknownUnit() throws {
        let e = try single("format: jixiao/evaluation@1\nbudget:\n  income: {amount: 5美元}\n")
        #expect(e.message.contains("「美元」无法识别"))
        #expect(e.message.contains("元、万元、亿元"))
        let bare = try single("format: jixiao/evaluation@1\nbudget:\n  income: {amount: 285.58}\n")
        #expect(bare.message.contains("缺少单位"))
        let mapped = try single("format: jixiao/evaluation@1\nbudget:\n  income: {amount: {value: 5, unit: 千元}}\n")
        #expect(mapped.message.contains("千元"))
    }

    @Test func otherLocatedErrors() throws {
        #expect(try single("format: jixiao/evaluation@2\n").message.contains("不支持的文件格式"))
        #expect(try single("").message.contains("文件为空"))
        #expect(try single("format: jixiao/evaluation@1\nunit: {type: 企业}\n").message.contains("应为「行政」「事业」「群团」「其他」之一"))
        #expect(try single("format: jixiao/evaluation@1\ncover: {filled_on: 2022/9/30}\n").message.contains("YYYY-MM-DD"))
        #expect(try single("format: jixiao/evaluation@1\ncover: {}\ncover: {}\n").message.contains("重复"))
        #expect(try single("{\"format\": \"jixiao/evaluation@1\", \"format\": \"x\"}", format: .json).message.contains("重复"))
        let target = try single("""
            format: jixiao/evaluation@1
            work:
              categories:
                - name: 宣传
                  tasks:
                    - title: 巡演
                      targets: [{kind: range, subject: 巡演, min: 3}]
            """)
        #expect(target.message.contains("max"))
        #expect(target.location?.line == 7)
    }

    @Test func absurdNestingIsRefusedNotRecursed() throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(try single(deep, format: .json).message.contains("嵌套层数"))
        #expect(try single("a: " + deep).message.contains("嵌套层数"))
    }

    @Test func missingFileAndUnknownExtension() {
        #expect(throws: SourceErrors.self) { try EvaluationFile.load(path: "/nonexistent/x.yaml") }
        do {
            _ = try EvaluationFile.load(path: "/nonexistent/x.txt")
        } catch {
            #expect(error.description.contains(".yaml"))
        }
    }

    /// Any prefix of a valid file — a file cut short — is either read or refused with a
    /// message; never a crash.
    @Test func truncatedFilesNeverCrash() throws {
        let text = try exampleText()
        let json = try EvaluationFile.render(try loadExample().evaluation, as: .json)
        for (body, format) in [(text, FileFormat.yaml), (json, .json)] {
            let scalars = Array(body.unicodeScalars)
            for cut in stride(from: 0, to: scalars.count, by: max(1, scalars.count / 150)) {
                var prefix = String.UnicodeScalarView()
                prefix.append(contentsOf: scalars[..<cut])
                for error in loadErrors(String(prefix), format: format) { #expect(!error.message.isEmpty) }
            }
        }
    }
}
