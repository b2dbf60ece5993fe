import Foundation
import Testing

/// `jixiao audit` and `jixiao extract` on a published project form's text, as a user types them.
@Suite("jixiao audit and extract on published project forms")
struct ProjectExtractCLITests {
    /// A filled 四川 form as a web page's table gives it (pipe rows): 86.19% stated for
    /// 215457.60 ÷ 250000.00 = 86.18%.
    static let form = """
    部门预算项目支出绩效自评表(2023年度) |
    项目名称 | 农村公路日常养护补助 |
    主管部门 | 苍溪县交通运输局 | 实施单位 | 苍溪县农村公路养护站 |
    项目基本情况 | 1.项目年度目标完成情况 | 项目年度目标 | 年度目标完成情况 |
    完成全县120公里农村公路日常养护。 | 养护农村公路126公里。 |
    预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
    总额 | 250000.00 | 250000.00 | 215457.60 | 86.19% | 10 | 8.62 | 尾款待竣工验收后支付。 |
    其中:财政资金 | 250000.00 | 250000.00 | 215457.60 | 86.19% | / | / |
    绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
    产出指标 | 数量指标 | 日常养护里程 | ≥ | 120 | 公里 | 126 | 60 | 60 | |
    效益指标 | 社会效益指标 | 养护路段通行率 | ≥ | 98 | % | 99 | 30 | 30 | |
    合计 | 100 | 98.62 | |
    """

    static func write(_ text: String, as name: String) throws -> URL {
        let url = try CLITests.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("audit: the form's wrong 执行率 at its line, exit 1")
    func audit() throws {
        let file = try Self.write(Self.form, as: "form.txt")
        let result = try CLITests.run(["audit", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file.path):7:") && result.stdout.contains("错误 [ratio.mismatch]"), "\(result.stdout)")
        #expect(result.stdout.contains("项目支出绩效自评表（报告）"))
    }

    @Test("extract: next year's jixiao/project@1 draft that check reads; several forms give numbered drafts")
    func extract() throws {
        let file = try Self.write(Self.form, as: "form.txt")
        let out = file.deletingLastPathComponent().appendingPathComponent("draft.yaml")
        let result = try CLITests.run(["extract", file.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2024 年度草稿，指标 2 项"), "\(result.stdout)")
        let draft = try String(contentsOf: out, encoding: .utf8)
        #expect(draft.contains("format: jixiao/project@1") && draft.contains("year: 2024") && draft.contains("name: 农村公路日常养护补助"))
        #expect(draft.contains("source: 财政资金") && draft.contains("target: \"120\"") && draft.contains("weight: 60"))
        #expect(!draft.contains("215457.60") && !draft.contains("score:") && !draft.contains("actual:"))
        // Its 财政资金 row is 四川's form: the draft names that framework, so check does not take the row for a stray one.
        #expect(draft.contains("framework: project-sichuan-2023"), "\(draft)")
        let checked = try CLITests.run(["check", out.path])
        #expect(checked.status != 2, "\(checked.stderr)")
        #expect(!checked.stdout.contains("不在"), "\(checked.stdout)")

        let two = try Self.write(Self.form + "\n" + Self.form, as: "forms.txt")
        let many = two.deletingLastPathComponent().appendingPathComponent("next.yaml")
        #expect(try CLITests.run(["extract", two.path, "-o", many.path]).status == 0)
        for n in 1...2 {
            let path = two.deletingLastPathComponent().appendingPathComponent("next-\(n).yaml").path
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
    }
}
