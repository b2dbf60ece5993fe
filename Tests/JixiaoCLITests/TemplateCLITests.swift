import Foundation
import Testing

/// `jixiao templates` and `--template` on render, check and audit, as a user types them.
@Suite("jixiao templates")
struct TemplateCLITests {
    @Test("templates --format json lists the built-in templates with their numbered outlines")
    func list() throws {
        let result = try CLITests.run(["templates", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let list = try #require(object["templates"] as? [[String: Any]])
        #expect(list.count >= 3)
        for t in list { for key in ["id", "name", "jurisdiction", "source", "outline"] { #expect(t.keys.contains(key)) } }
        let hunan = try #require(list.first { $0["id"] as? String == "hunan-department" })
        let outline = try #require(hunan["outline"] as? [[String: Any]])
        #expect(outline.first?["heading"] as? String == "一、基本情况")
        let text = try CLITests.run(["templates"])
        #expect(text.stdout.contains("zhanjiang-lianjiang\t湛江/廉江部门整体支出绩效自评报告"))
    }

    @Test("A bad template file is refused at its line with exit code 2, in render, check and audit")
    func badFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-template-\(UUID().uuidString).yaml")
        try "format: jixiao/template@1\nid: mine\nname: 本局模板\nsource: 本局通知\ntitle: \"{单位}{年度}年度报告\"\ncover: [year]\nheadings:\n  - title: 基本情况\n    numbering: 第一章\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)").path
        for arguments in [["check", "examples/lianjiang-zonggonghui-2021.yaml"], ["audit", "examples/lianjiang-zonggonghui-2021.yaml"],
                          ["render", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "national-2013", "--out", out, "--draft"]] {
            let result = try CLITests.run(arguments + ["--template", file.path])
            #expect(result.status == 2, "\(arguments[0])")
            #expect(result.stderr.contains("\(file.path):9:16: 错误: 「第一章」无效"), "\(arguments[0]): \(result.stderr)")
        }
        let unknown = try CLITests.run(["check", "examples/lianjiang-zonggonghui-2021.yaml", "--template", "guangxi"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("没有 ID 为「guangxi」的内置报告模板"))
    }

    @Test("check --template judges the sections the chosen template requires")
    func check() throws {
        let standard = try CLITests.run(["check", "examples/lianjiang-zonggonghui-2021.yaml"])
        #expect(standard.stdout.contains("[section.missing] improvements: 缺少「三（四）改进措施」的内容"))
        let yunnan = try CLITests.run(["check", "examples/lianjiang-zonggonghui-2021.yaml", "--template", "yunnan-xundian"])
        #expect(yunnan.stdout.contains("[section.missing] improvements: 缺少「八、改进措施及建议」的内容"))
        // Hunan's 六、有关建议 is not required (its wording is inferred): no error for it.
        let hunan = try CLITests.run(["check", "examples/lianjiang-zonggonghui-2021.yaml", "--template", "hunan-department"])
        #expect(!hunan.stdout.contains("[section.missing]"))
    }

    @Test("render --template writes the report in that template's headings")
    func render() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CLITests.run(["render", "examples/lianjiang-zonggonghui-2021.yaml", "--framework", "national-2013",
                                       "--template", "hunan-department", "--out", out.path, "--draft"])
        #expect(result.status == 0, "\(result.stderr)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".md") })
        let markdown = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        let headings = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("# ") }
        #expect(headings.prefix(3) == ["# 一、基本情况", "# 二、绩效评价工作开展情况", "# 三、综合评价情况及评价结论"])
        #expect(markdown.contains("**廉江市总工会2021年度部门整体支出绩效评价报告**"))
    }

    @Test("init --template writes the blank file's parts in that template's order, under its headings")
    func initUnderEachTemplate() throws {
        let listed = try CLITests.run(["templates", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let templates = try #require(object["templates"] as? [[String: Any]])
        let dir = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for template in templates {
            let id = try #require(template["id"] as? String)
            let result = try CLITests.run(["init", "--unit", "某县总工会", "--year", "2022", "--template", id, "-o", "\(id).yaml"], in: dir)
            #expect(result.status == 0, "\(id): \(result.stderr)")
            let lines = try String(contentsOf: dir.appendingPathComponent("\(id).yaml"), encoding: .utf8).components(separatedBy: "\n")
            // Each heading that holds parts introduces them, in the outline's order.
            let outline = try #require(template["outline"] as? [[String: Any]])
            let holding = outline.filter { !(($0["parts"] as? [String]) ?? []).isEmpty }.compactMap { $0["heading"] as? String }
            let places = try holding.map { heading in
                try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("# " + heading) },
                             "\(id): no comment for \(heading)")
            }
            #expect(places == places.sorted(), "\(id): headings out of the outline's order")
            #expect(!holding.isEmpty)
            // The file reads, and check judges it.
            let checked = try CLITests.run(["check", "\(id).yaml", "--template", id], in: dir)
            #expect(checked.status == 1, "\(id): \(checked.stderr)")
        }
        let hunan = try String(contentsOf: dir.appendingPathComponent("hunan-department.yaml"), encoding: .utf8)
        #expect(hunan.contains("# 一（一）部门整体支出概况：预算\nbudget:"))
        #expect(hunan.contains("# 报告模板：湖南省部门整体支出绩效评价报告；核对、生成报告时加 --template hunan-department"))
    }

    @Test("init --template with a bad template file: the file's line and field in Chinese, exit code 2, no file written")
    func initBadTemplate() throws {
        let dir = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("本局模板.yaml")
        try "format: jixiao/template@1\nid: mine\nname: 本局模板\nsource: 本局通知\ntitle: \"{单位}{年度}年度报告\"\ncover: [year]\nheadings:\n  - title: 基本情况\n    numbering: 一、\n    parts: [budjet]\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try CLITests.run(["init", "--unit", "某县总工会", "--year", "2022", "--template", file.path, "-o", "out.yaml"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file.path):10:"), "\(result.stderr)")
        #expect(result.stderr.contains("「budjet」"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.yaml").path))
    }
}
