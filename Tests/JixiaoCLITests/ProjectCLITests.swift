import Foundation
import Testing

/// A project form (`format: jixiao/project@1`) on the command line: check, score, render and the
/// project frameworks, as a user types them.
@Suite("jixiao on project forms")
struct ProjectCLITests {
    static let example = "examples/langfang-foodschool-project-2019.yaml"

    /// The example with `old` replaced by `new`, written to a temporary file.
    static func corrupted(_ old: String, _ new: String) throws -> URL {
        let text = try String(contentsOf: CLITests.root.appendingPathComponent(example), encoding: .utf8)
        #expect(text.contains(old))
        let url = try CLITests.temporaryDirectory().appendingPathComponent("project.yaml")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("check, score and render on the worked example: clean, 总分 98 as published, the form as Markdown and HTML")
    func example() throws {
        let check = try CLITests.run(["check", Self.example])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("共 0 项发现：错误 0，警告 0，提示 0"))

        let score = try CLITests.run(["score", Self.example])
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("预算执行率  分值 10  得分 9（按规则为 8.62，填报 9 在填报精度内相符）"))
        #expect(score.stdout.contains("依据：全年执行数 37.24万元 ÷ 全年预算数 43.2万元 = 86.20%"))
        #expect(score.stdout.contains("总分 98 / 100，等级：优"))
        let json = try CLITests.run(["score", Self.example, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["total"] as? NSNumber)?.intValue == 98)
        #expect((object["framework"] as? [String: Any])?["id"] as? String == "project-national-2020")

        let out = try CLITests.temporaryDirectory()
        let render = try CLITests.run(["render", Self.example, "--out", out.path])
        #expect(render.status == 0, "\(render.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("langfang-foodschool-project-2019.md"), encoding: .utf8)
        #expect(markdown.contains("# 项目支出绩效自评表（2019年度）"))
        #expect(markdown.contains("| 年度资金总额 | 43.2 | 43.2 | 37.24 | 10 | 86% | 9 |"))
        let html = try String(contentsOf: out.appendingPathComponent("langfang-foodschool-project-2019.html"), encoding: .utf8)
        #expect(html.contains("<td>工程资金金额</td>") && html.contains("<th>偏差原因分析及改进措施</th>"))
    }

    @Test("A corrupted 执行数 is caught at its line with exit 1, in text and JSON; render refuses it unless --draft")
    func corrupted() throws {
        let file = try Self.corrupted("spent: 37.24万元, execution_rate: 86%", "spent: 39.24万元, execution_rate: 86%")
        let check = try CLITests.run(["check", file.path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("\(file.path):18:57: 错误 [project.funds.sum] funds.total.spent: 年度资金总额的全年执行数：各项之和为 37.24万元，填报的合计为 39.24万元"))
        let json = try CLITests.run(["check", file.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "project.funds.rate" && ($0["line"] as? NSNumber)?.intValue == 18 })
        let out = try CLITests.temporaryDirectory()
        #expect(try CLITests.run(["render", file.path, "--out", out.path]).status == 1)
        #expect(try CLITests.run(["render", file.path, "--out", out.path, "--draft"]).status == 0)
    }

    @Test("A bad project file gets a located Chinese error and exit code 2 from check, score and render")
    func badFile() throws {
        let file = try Self.corrupted("spent: 37.24万元, execution_rate: 86%", "spent: 37.24万, execution_rate: 86%")
        let out = try CLITests.temporaryDirectory()
        for arguments in [["check", file.path], ["score", file.path], ["render", file.path, "--out", out.path]] {
            let result = try CLITests.run(arguments)
            #expect(result.status == 2, "\(arguments[0])")
            #expect(result.stderr.contains("\(file.path):18:57: 错误: 金额“37.24万” 的单位「万」无法识别"), "\(arguments[0]): \(result.stderr)")
        }
        let version = try Self.corrupted("format: jixiao/project@1", "format: jixiao/project@2")
        let other = try CLITests.run(["check", version.path])
        #expect(other.status == 2 && other.stderr.contains("不支持的文件格式「jixiao/project@2」：应为 jixiao/project@1"), "\(other.stderr)")
        let unknown = try CLITests.run(["check", Self.example, "--framework", "project-guangxi"])
        #expect(unknown.status == 2 && unknown.stderr.contains("没有 ID 为「project-guangxi」的内置项目评分规则"))
    }

    @Test("check --overall sets the project's 全年执行数 beside the overall evaluation's 项目支出")
    func overall() throws {
        let result = try CLITests.run(["check", Self.example, "--overall", "examples/lianjiang-zonggonghui-2021.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("提示 [project.overall.mismatch] funds.total.spent: 整体自评决算的项目支出中没有名为「办公宿舍楼、食堂及餐厅暖通改造经费」的项目"))
    }

    @Test("convert turns a project form into JSON and back, losslessly")
    func convert() throws {
        let dir = try CLITests.temporaryDirectory()
        let json = dir.appendingPathComponent("p.json").path, yaml = dir.appendingPathComponent("p.yaml").path
        #expect(try CLITests.run(["convert", Self.example, "-o", json]).status == 0)
        #expect(try CLITests.run(["convert", json, "-o", yaml]).status == 0)
        let check = try CLITests.run(["score", yaml])
        #expect(check.status == 0 && check.stdout.contains("总分 98 / 100"))
    }

    @Test("frameworks --kind project lists the built-in project frameworks; an overall file still needs --framework to score")
    func frameworks() throws {
        let list = try CLITests.run(["frameworks", "--kind", "project"])
        #expect(list.status == 0)
        for id in ["project-national-2020", "project-sichuan-2023", "project-anhui-2022"] { #expect(list.stdout.contains(id + "\t")) }
        let overall = try CLITests.run(["score", "examples/lianjiang-zonggonghui-2021.yaml"])
        #expect(overall.status != 0 && overall.stderr.contains("部门整体自评需要 --framework"))
    }

    @Test("The JSON Schema validates the worked example (as .ci/run does)")
    func schema() throws {
        let python = try #require(CLITests.onPath("python3"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["scripts/validate-schema.py", Self.example, "Sources/JixiaoFormats/ProjectFrameworks/project-sichuan-2023.yaml"]
        process.currentDirectoryURL = CLITests.root
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("\(Self.example): valid against the schema"))
    }
}
