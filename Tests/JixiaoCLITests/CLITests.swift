import Foundation
import Testing

/// The command line as a user types it: the built `jixiao` binary, its output and exit codes.
@Suite("jixiao command line")
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `jixiao` binary built next to the test bundle.
    static func binary() throws -> URL {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        let found = candidates.map { $0.appendingPathComponent("jixiao") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "jixiao binary not found next to \(candidates)")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The program `name` as the shell finds it on the PATH, or nil.
    static func onPath(_ name: String) -> String? {
        ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/\(name)" }
            .first(where: FileManager.default.isExecutableFile)
    }

    /// Another program's standard output (pdftotext, pdfinfo), found on the PATH.
    static func runTool(_ name: String, _ arguments: [String]) throws -> String {
        let path = try #require(onPath(name), "\(name) is not on the PATH")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL = root, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("serve is jixiao-server, started in jixiao's place with the arguments")
    func serveStartsTheServer() throws {
        let help = try Self.run(["serve", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: jixiao serve") && help.stdout.contains("--secure-cookies"))
        let bad = try Self.run(["serve", "--port", "八千"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--port"))
    }

    @Test("check on the example: one finding a line, exit 1 for its errors")
    func checkExample() throws {
        let result = try Self.run(["check", "examples/lianjiang-zonggonghui-2021.yaml"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 36)
        #expect(result.stdout.contains(
            "examples/lianjiang-zonggonghui-2021.yaml:1:1: 错误 [section.missing] improvements: 缺少「三（四）改进措施」的内容"))
        #expect(result.stdout.contains("[budget.deviation.unexplained] budget.full_year"))
        #expect(!result.stdout.contains("sum.mismatch") && !result.stdout.contains("yoy.mismatch"))
        #expect(lines.last?.contains("共 35 项发现：错误 3，警告 31，提示 1") == true)
    }

    @Test("check --format json has the documented shape")
    func checkJSON() throws {
        let result = try Self.run(["check", "examples/lianjiang-zonggonghui-2021.yaml", "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["file"] as? String == "examples/lianjiang-zonggonghui-2021.yaml")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["error": 3, "warning": 31, "info": 1])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 35)
        for finding in findings {
            for key in ["rule", "severity", "path", "line", "column", "message", "expected", "actual"] {
                #expect(finding.keys.contains(key), "finding lacks \(key)")
            }
        }
        let deviation = try #require(findings.first { $0["rule"] as? String == "budget.deviation.unexplained" })
        #expect(deviation["line"] as? Int != nil)
        #expect(deviation["actual"] as? String == "402.2%")
    }

    @Test("A broken sum: exit 1, the total's line, expected and stated figures")
    func brokenSum() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir.appendingPathComponent("broken.yaml")
        let text = try String(contentsOf: Self.root.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml"),
                              encoding: .utf8)
            .replacingOccurrences(of: "amount: 250,000.00元", with: "amount: 250,100.00元")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try Self.run(["check", file.path, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let sums = findings.filter { $0["rule"] as? String == "sum.mismatch" }
        #expect(sums.count == 1)
        let sum = try #require(sums.first)
        #expect(sum["path"] as? String == "final_accounts.expenditure.total")
        #expect(sum["expected"] as? String == "11,486,544.31元")
        #expect(sum["actual"] as? String == "11,486,444.31元")
        let line = try #require(sum["line"] as? Int)
        #expect(text.components(separatedBy: "\n")[line - 1].contains("total: 11,486,444.31元"))
    }

    @Test("A file that cannot be read: exit 2 and a located message on standard error")
    func unreadable() throws {
        let dir = try Self.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml")
        try "format: jixiao/evaluation@1\nbudget:\n  income: {amount: 5美元}\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try Self.run(["check", bad.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:20: 错误:"))
        #expect(result.stdout.isEmpty)
        #expect(try Self.run(["check", dir.appendingPathComponent("missing.yaml").path]).status == 2)
    }

    /// Issue 21: a decimal comma was read as a thousands separator, `4,8%` as 48%.
    @Test("check and convert refuse a comma that is no thousands separator: exit 2, file:line:column")
    func decimalCommaRefused() throws {
        let dir = try Self.temporaryDirectory()
        let yaml = dir.appendingPathComponent("comma.yaml"), json = dir.appendingPathComponent("comma.json")
        try """
            format: jixiao/evaluation@1
            indicators:
              - name: 群众满意度
                actual: 4,8%
            """.write(to: yaml, atomically: true, encoding: .utf8)
        try """
            {"format": "jixiao/evaluation@1",
             "budget": {"income": {"amount": "285,58万元"}}}
            """.write(to: json, atomically: true, encoding: .utf8)
        let percent = "错误: “4,8%” 中的逗号不是千位分隔符；小数请用小数点，如 4.8%"
        let amount = "错误: “285,58万元” 中的逗号不是千位分隔符；小数请用小数点，如 285.58万元"
        for (file, message) in [(yaml, "comma.yaml:4:13: " + percent), (json, "comma.json:2:34: " + amount)] {
            let checked = try Self.run(["check", file.path])
            #expect(checked.status == 2)
            #expect(checked.stderr.contains(message), "\(checked.stderr)")
            #expect(checked.stdout.isEmpty)
            let out = dir.appendingPathComponent("out-" + file.lastPathComponent + (file.pathExtension == "yaml" ? ".json" : ".yaml"))
            let converted = try Self.run(["convert", file.path, "-o", out.path])
            #expect(converted.status == 2)
            #expect(converted.stderr.contains(message), "\(converted.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        // In YAML too, the amount as the issue found it.
        try "format: jixiao/evaluation@1\nbudget:\n  income:\n    amount: 285,58万元\n".write(to: yaml, atomically: true, encoding: .utf8)
        let checked = try Self.run(["check", yaml.path])
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("comma.yaml:4:13: " + amount), "\(checked.stderr)")
    }

    @Test("init writes a commented file that check reads; it never overwrites by accident")
    func initThenCheck() throws {
        let dir = try Self.temporaryDirectory()
        let created = try Self.run(["init", "--unit", "某县总工会", "--year", "2022"], in: dir)
        #expect(created.status == 0)
        let file = dir.appendingPathComponent("某县总工会-2022.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("# ") && text.contains("format: jixiao/evaluation@1"))
        let checked = try Self.run(["check", file.path])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("[section.missing]"))
        let again = try Self.run(["init", "--unit", "某县总工会", "--year", "2022"], in: dir)
        #expect(again.status != 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
        #expect(try Self.run(["init", "--unit", "x", "--year", "22"], in: dir).status != 0)
    }

    @Test("convert YAML → JSON → YAML; bad input writes no output file")
    func convert() throws {
        let dir = try Self.temporaryDirectory()
        let json = dir.appendingPathComponent("e.json"), yaml = dir.appendingPathComponent("e.yaml")
        #expect(try Self.run(["convert", "examples/lianjiang-zonggonghui-2021.yaml", "-o", json.path]).status == 0)
        #expect(try Self.run(["convert", json.path, "-o", yaml.path]).status == 0)
        let checked = try Self.run(["check", yaml.path])
        #expect(checked.stdout.contains("共 35 项发现：错误 3，警告 31，提示 1"))

        let bad = dir.appendingPathComponent("bad.json")
        try "{\"format\": \"jixiao/evaluation@1\", \"budget\": ".write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.yaml")
        let failed = try Self.run(["convert", bad.path, "-o", out.path])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("bad.json:1:"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // An existing output is left as it was.
        try "keep".write(to: out, atomically: true, encoding: .utf8)
        #expect(try Self.run(["convert", bad.path, "-o", out.path]).status == 2)
        #expect(try String(contentsOf: out, encoding: .utf8) == "keep")
    }

    @Test("rules lists the catalogue")
    func rules() throws {
        let result = try Self.run(["rules"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sum.mismatch\t错误"))
        #expect(result.stdout.contains("plausibility.vehicle-cost-without-vehicle\t提示"))
    }
}

/// `jixiao score` and `jixiao frameworks` as a user types them.
@Suite("jixiao score")
struct ScoreCLITests {
    @Test("frameworks --format json lists the built-in frameworks")
    func frameworks() throws {
        let result = try CLITests.run(["frameworks", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let list = try #require(object["frameworks"] as? [[String: Any]])
        #expect(list.count >= 3)
        for f in list { for key in ["id", "name", "jurisdiction", "year", "source"] { #expect(f.keys.contains(key)) } }
        #expect(list.contains { $0["id"] as? String == "national-2013" })
    }

    @Test("score prints the table with its basis; JSON has the documented shape")
    func score() throws {
        let text = try CLITests.run(["score", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "national-2013"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("在职人员控制率 [staff_control]  分值 5  得分 5"))
        // The basis in words for people; the formula with its field paths only in JSON.
        #expect(text.stdout.contains("依据：在职人数 10 ÷ 编制数 11 × 100% = 90.91%；≤ 100%，得满分 5 分"))
        #expect(!text.stdout.contains("derived."))
        #expect(text.stdout.contains("无法计分"))
        #expect(text.stdout.contains("等级待定"))
        let json = try CLITests.run(["score", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "national-2013",
                                     "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["framework"] as? [String: Any])?["id"] as? String == "national-2013")
        #expect(object["grade"] is NSNull)
        #expect(object["complete"] as? Bool == false)
        let indicators = try #require(object["indicators"] as? [[String: Any]])
        for key in ["id", "name", "points", "score", "basis", "words"] { #expect(indicators.allSatisfy { $0.keys.contains(key) }) }
        let staff = try #require(indicators.first { $0["id"] as? String == "staff_control" })
        #expect((staff["basis"] as? String)?.contains("derived.in_service = 10") == true)
    }

    @Test("A reviewer's answer sheet, a framework file by path, and bad input")
    func answersAndErrors() throws {
        let dir = try CLITests.temporaryDirectory()
        let framework = dir.appendingPathComponent("f.yaml")
        try """
            format: jixiao/framework@1
            id: one
            name: 一项框架
            source: 测试
            indicators:
              - {id: judgement, name: 综合评价, points: 100, rule: {type: manual}}
            """.write(to: framework, atomically: true, encoding: .utf8)
        let answers = dir.appendingPathComponent("a.yaml")
        try """
            format: jixiao/answers@1
            reviewer: 绩效股
            answers:
              - {indicator: judgement, points: 86, evidence: 评审意见书}
            """.write(to: answers, atomically: true, encoding: .utf8)
        let scored = try CLITests.run(["score", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", framework.path,
                                       "--answers", answers.path])
        #expect(scored.status == 0)
        #expect(scored.stdout.contains("总分 86 / 100，等级：良"))

        try "format: jixiao/framework@1\nid: one\nname: x\nsource: y\nindicators:\n  - {id: a, name: 甲, points: 90, rule: {type: manual}}\n"
            .write(to: framework, atomically: true, encoding: .utf8)
        let bad = try CLITests.run(["score", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", framework.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("f.yaml:5:"))
        #expect(try CLITests.run(["score", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "no-such"]).status == 2)
    }
}

/// `jixiao render` as a user types it: refusal with the list of gaps, the draft package, PDF.
@Suite("jixiao render")
struct RenderCLITests {
    @Test("Without --draft the example is refused, with every missing item listed")
    func refusesIncomplete() throws {
        let dir = try CLITests.temporaryDirectory().appendingPathComponent("out")
        let result = try CLITests.run(["render", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "national-2013",
                                       "--out", dir.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("缺少正式报告所需的"))
        #expect(result.stderr.contains("work.categories[0].tasks[0].result"))
        #expect(result.stderr.contains("budget.adjustments.reason"))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test("--draft writes the whole package, named by unit and year")
    func draftPackage() throws {
        let dir = try CLITests.temporaryDirectory()
        let result = try CLITests.run(["render", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "national-2013",
                                       "--out", dir.path, "--draft"])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        for part in ["自评报告（草稿）.docx", "自评报告（草稿）.html", "自评报告（草稿）.md", "数据表（草稿）.xlsx", "评分表（草稿）.xlsx"] {
            #expect(names.contains("廉江市总工会2021年度" + part), "missing \(part)")
        }
        let markdown = try String(contentsOf: dir.appendingPathComponent("廉江市总工会2021年度自评报告（草稿）.md"), encoding: .utf8)
        #expect(markdown.contains("【待填写：任务 1「促进思想先行」的完成情况】"))
        #expect(markdown.contains("比上年增加 15.17万元，增长 5.6%"))
    }

    /// CI installs LibreOffice and sets JIXIAO_REQUIRE_PDF=1, so this cannot pass by skipping there.
    @Test("With LibreOffice: a PDF whose text holds the key figures")
    func pdf() throws {
        let required = ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1"
        guard required || CLITests.onPath("soffice") != nil else { return }
        let dir = try CLITests.temporaryDirectory()
        let result = try CLITests.run(["render", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "national-2013",
                                       "--out", dir.path, "--draft", "--pdf"])
        #expect(result.status == 0, "\(result.stderr)")
        let pdf = dir.appendingPathComponent("廉江市总工会2021年度自评报告（草稿）.pdf")
        #expect(FileManager.default.fileExists(atPath: pdf.path))
        let text = try CLITests.runTool("pdftotext", ["-layout", pdf.path, "-"])
        let compact = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
        for figure in ["11,486,444.31", "3,258,876.35", "285.58万元", "15.17万元", "22.92%", "廉江市总工会"] {
            #expect(compact.contains(figure), "PDF text lacks \(figure)")
        }
        let info = try CLITests.runTool("pdfinfo", [pdf.path])
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        #expect((8...60).contains(pages), "implausible page count \(pages)")
        // The faces, as a user gets them with no set-up of their own (PDFTests judges each style's face).
        let fonts = try CLITests.runTool("pdffonts", [pdf.path])
        #expect(fonts.contains("NotoSerifCJK") && fonts.contains("UKaiCN"), "\(fonts)")
    }
}

/// `jixiao audit` and `jixiao extract` as a user types them.
@Suite("jixiao audit and extract")
struct AuditCLITests {
    static let report = "Tests/JixiaoAuditTests/Fixtures/lianjiang-zonggonghui-2021-zhengti-zipingbaogao.txt"

    @Test("audit of the real report: located findings, exit 1; JSON form; standard input; many files")
    func audit() throws {
        let text = try CLITests.run(["audit", Self.report])
        #expect(text.status == 1)
        #expect(text.stdout.contains(Self.report + ":20:29: 错误 [placeholder.unfilled]"))
        #expect(!text.stdout.contains("sum.mismatch"))
        let json = try CLITests.run(["audit", Self.report, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["findings"] as? [[String: Any]])?.isEmpty == false)
        let many = try CLITests.run(["audit", Self.report, Self.report])
        #expect(many.stdout.contains("合计 2 份报告"))
        let manyJSON = try CLITests.run(["audit", Self.report, Self.report, "--format", "json"])
        #expect(manyJSON.status == 1)
        #expect((try JSONSerialization.jsonObject(with: Data(manyJSON.stdout.utf8)) as? [[String: Any]])?.count == 2)
        // Text that is no report at all is not passed as clean.
        let empty = try CLITests.run(["audit", "Package.swift"])
        #expect(empty.status == 1)
        #expect(empty.stdout.contains("[outline.missing]"))
        #expect(try CLITests.run(["audit", "no/such.txt"]).status == 2)
    }

    @Test("audit --explain: each relation read, with its figures, their intervals and the verdict, in text and JSON")
    func explain() throws {
        let file = try CLITests.temporaryDirectory().appendingPathComponent("sangong.txt")
        try "2023年“三公”经费支出合计46.3万元，其中：公务接待费12.5万元，公务用车运行维护费34.2万元。\n".write(to: file, atomically: true, encoding: .utf8)
        let text = try CLITests.run(["audit", "--explain", file.path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("读到的数量关系："), "\(text.stdout)")
        #expect(text.stdout.contains("第 1 行 合计与分项：2023年“三公”经费支出：12.5万元 + 34.2万元，合计 46.3万元；各项之和在 [466000, 468000] 元之间"), "\(text.stdout)")
        #expect(text.stdout.contains("—— 不符："), "\(text.stdout)")
        let json = try CLITests.run(["audit", "--explain", "--format", "json", file.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let relations = try #require(object["relations"] as? [[String: Any]])
        #expect(relations.count == 1)
        #expect((relations.first?["verdict"] as? String)?.hasPrefix("不符") == true)
    }

    @Test("extract writes a draft evaluation file that check reads, with what was not understood listed at the top")
    func extract() throws {
        let out = try CLITests.temporaryDirectory().appendingPathComponent("draft.yaml")
        let result = try CLITests.run(["extract", Self.report, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("# 未读出或有疑问的部分："))
        #expect(text.contains("改进措施"))
        #expect(text.contains("3,258,876.35元"))
        let checked = try CLITests.run(["check", out.path])
        #expect(checked.status == 1)  // it loads; its findings are the report's own defects
        #expect(checked.stdout.contains("[score.missing]"))
        #expect(!checked.stdout.contains("sum.mismatch"))
    }

    @Test("extract --year: last year's report starts the year with its figures as 上年数; the year's own stays; another year is refused")
    func extractForAYear() throws {
        let folder = try CLITests.temporaryDirectory()
        let out = folder.appendingPathComponent("2022.yaml")
        let result = try CLITests.run(["extract", Self.report, "-o", out.path, "--year", "2022"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2021 年度的预算数字已作为 2022 年度的上年数"))
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("# 2021 年度的预算数字已作为 2022 年度的上年数"))
        #expect(text.contains("  year: 2022"))
        #expect(text.contains("last_year: 285.58万元"))
        #expect(!text.contains("amount: 285.58万元") && !text.contains("3,258,876.35元"))
        let checked = try CLITests.run(["check", out.path])
        #expect(checked.stdout.contains("[yoy.amount.missing] budget.income.amount: 收入预算只有上年数 285.58万元，未填写本年数（2022 年）"),
                "\(checked.stdout)")
        #expect(!checked.stdout.contains("[year.") && !checked.stdout.contains("[yoy.mismatch]"))

        let same = folder.appendingPathComponent("2021.yaml")
        #expect(try CLITests.run(["extract", Self.report, "-o", same.path, "--year", "2021"]).status == 0)
        #expect(try String(contentsOf: same, encoding: .utf8).contains("3,258,876.35元"))

        let refused = try CLITests.run(["extract", Self.report, "-o", folder.appendingPathComponent("2024.yaml").path, "--year", "2024"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("报告为 2021 年度的，既不是 2023 年度（上年）的，也不是 2024 年度的"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("2024.yaml").path))
    }

    @Test("check names both years when the cover and the budget disagree")
    func yearMismatch() throws {
        let folder = try CLITests.temporaryDirectory()
        let file = folder.appendingPathComponent("years.yaml")
        try "format: jixiao/evaluation@1\ncover: {year: 2022}\nbudget: {year: 2021}\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try CLITests.run(["check", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file.path):3:"), "\(result.stdout)")
        #expect(result.stdout.contains("错误 [year.mismatch] budget.year: 封面评价年度为 2022 年，预算年度为 2021 年，应为同一年度"), "\(result.stdout)")
    }

    /// A published report as its PDF: the first pages of the worked example, printed to PDF.
    static let reportPDF = "Tests/JixiaoAuditTests/Fixtures/lianjiang-zonggonghui-2021-excerpt.pdf"

    /// CI installs poppler and sets JIXIAO_REQUIRE_PDF=1, so this cannot pass by skipping there.
    @Test("extract and audit read a published PDF through pdftotext; a broken PDF is refused with exit 2")
    func publishedPDF() throws {
        guard ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1" || CLITests.onPath("pdftotext") != nil else { return }
        let folder = try CLITests.temporaryDirectory()
        let out = folder.appendingPathComponent("draft.yaml")
        let result = try CLITests.run(["extract", Self.reportPDF, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let draft = try String(contentsOf: out, encoding: .utf8)
        #expect(draft.contains("unit_name: 廉江市总工会"))
        #expect(draft.contains("number: 廉财绩〔2022〕2号"))
        let audited = try CLITests.run(["audit", "--pdf", Self.reportPDF])
        #expect(audited.stdout.contains("「（单位名称）」"), "\(audited.stdout)")
        let broken = folder.appendingPathComponent("broken.pdf")
        try Data("%PDF-1.4 not really".utf8).write(to: broken)
        let refused = try CLITests.run(["extract", broken.path, "-o", out.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("broken.pdf: 错误: pdftotext 无法读取该 PDF"))
    }
}
