import Foundation
import JixiaoCore
import Testing
@testable import JixiaoFormats

/// The project form (项目支出绩效自评表): the worked example, its corruptions, and each rule on a case of its own.
@Suite("Project forms")
struct ProjectFormTests {
    static let examplePath = repositoryRoot.appendingPathComponent("examples/langfang-foodschool-project-2019.yaml").path

    static func exampleText() throws -> String { try String(contentsOfFile: examplePath, encoding: .utf8) }

    /// The findings on a form, under the framework it names (or the national default).
    static func findings(_ text: String) throws -> [Finding] {
        let loaded = try ProjectFile.parse(text, format: .yaml, file: "p.yaml")
        return loaded.check(under: try loaded.framework())
    }

    /// A form with the given money block and indicator rows (and optional other top-level lines).
    static func form(framework: String = "project-national-2020", funds: String, indicators: String = "", rest: String = "") -> String {
        "format: jixiao/project@1\nname: 测试项目\nframework: \(framework)\nfunds:\n\(funds)\n" + (indicators.isEmpty ? "" : "indicators:\n\(indicators)\n") + rest
    }

    /// The findings of one rule, with the paths they name.
    static func hits(_ rule: String, _ text: String) throws -> [FieldPath] {
        try findings(text).filter { $0.rule == rule }.map(\.path)
    }

    @Test("The worked example (廊坊市食品工程学校 2019) checks clean and scores to its stated 总分 98")
    func example() throws {
        let loaded = try ProjectFile.load(path: Self.examplePath)
        let framework = try loaded.framework()
        #expect(framework.id == "project-national-2020")
        #expect(loaded.check(under: framework).isEmpty)
        let sheet = ProjectScoring.score(loaded.project, under: framework)
        #expect(sheet.total == 98)
        #expect(loaded.project.totalScore?.value == sheet.total)
        #expect(sheet.unscored.isEmpty)
        #expect(sheet.grade?.grade == "优")
        // jixiao's own figures beside the stated ones: 37.24 ÷ 43.2 = 86.20%, × 10 = 8.62, stated 9.
        #expect(DecimalFormat.fixed(try #require(sheet.executionRate) * 100, decimals: 2, grouping: false) == "86.20")
        #expect(DecimalFormat.fixed(try #require(sheet.execution.computed), decimals: 2, grouping: false) == "8.62")
        #expect(sheet.execution.counted == 9)
        #expect(sheet.indicators[0].met == false && sheet.indicators[1].met == true)
    }

    /// Replaces the first occurrence of `old` in the example, which must be there.
    static func corrupted(_ old: String, _ new: String) throws -> String {
        let text = try exampleText()
        let range = try #require(text.range(of: old))
        return text.replacingCharacters(in: range, with: new)
    }

    @Test("Three hidden corruptions — an 执行数, a score, a weight — are each caught at their field and line")
    func corruptions() throws {
        let lines = try Self.exampleText().components(separatedBy: "\n")
        func line(of text: String) throws -> Int { try #require(lines.firstIndex { $0.contains(text) }) + 1 }

        let spent = try Self.findings(try Self.corrupted("{source: 当年财政拨款, year_start: 43.2万元, full_year: 43.2万元, spent: 37.24万元}",
                                                           "{source: 当年财政拨款, year_start: 43.2万元, full_year: 43.2万元, spent: 36.24万元}"))
        let sum = try #require(spent.first { $0.rule == "project.funds.sum" })
        #expect(sum.path == "funds.total.spent" && sum.severity == .error)
        #expect(sum.location?.line == (try line(of: "  total: {year_start")))
        #expect(sum.message.contains("各项之和为 36.24万元") && sum.message.contains("37.24万元"))

        let score = try Self.findings(try Self.corrupted("name: 工程验收合格率, nature: \"≥\", target: \"100\", actual: \"100\", weight: \"10\", score: \"10\"",
                                                           "name: 工程验收合格率, nature: \"≥\", target: \"100\", actual: \"100\", weight: \"10\", score: \"8\""))
        let rule = try #require(score.first { $0.rule == "project.score.rule" })
        #expect(rule.path == "indicators[2].score" && rule.expected == "10" && rule.actual == "8")
        #expect(rule.location?.line == (try line(of: "工程验收合格率")))
        #expect(score.contains { $0.rule == "project.total.mismatch" && $0.path == "total_score" })

        let weight = try Self.findings(try Self.corrupted("name: 安全率, nature: \"≥\", target: \"100\", actual: \"100\", weight: \"10\"",
                                                            "name: 安全率, nature: \"≥\", target: \"100\", actual: \"100\", weight: \"20\""))
        let total = try #require(weight.first { $0.rule == "project.weights.total" })
        #expect(total.path == "indicators" && total.actual == "110" && total.expected == "100")
        #expect(total.location != nil)
    }

    // MARK: Each rule, failing and passing

    @Test("总额 = Σ 其中 per column: a 0/0/0 total above 90/89.974/89.974 (棠溪镇 2022) is an error in every column")
    func fundsSum() throws {
        let bad = Self.form(funds: """
              total: {year_start: 0万元, full_year: 0万元, spent: 0万元, execution_rate: 0%}
              parts:
                - {source: 本年财政拨款, year_start: 90万元, full_year: 89.974万元, spent: 89.974万元}
                - {source: 上年结转资金}
            """)
        #expect(try Self.hits("project.funds.sum", bad) == ["funds.total.year_start", "funds.total.full_year", "funds.total.spent"])
        let good = Self.form(funds: """
              total: {year_start: 202.64万元, full_year: 132.912万元, spent: 132.91万元}
              parts:
                - {source: 当年财政拨款, year_start: 200万元, full_year: 130.912万元, spent: 130.912万元}
                - {source: 其他资金, year_start: 2.64万元, full_year: 2万元, spent: 2万元}
            """)
        #expect(try Self.hits("project.funds.sum", good).isEmpty)
    }

    @Test("执行率 by stated precision: 86.19% for 215,457.6 ÷ 250,000.00 and 0% for 1.8 of 1.8 are errors; 86.18% and 100% hold")
    func fundsRate() throws {
        func rate(_ spent: String, _ budget: String, _ stated: String) throws -> [FieldPath] {
            try Self.hits("project.funds.rate", Self.form(funds: "  total: {full_year: \"\(budget)\", spent: \"\(spent)\", execution_rate: \(stated)}"))
        }
        #expect(try rate("215,457.6元", "250,000.00元", "86.19%") == ["funds.total.execution_rate"])
        #expect(try rate("215,457.6元", "250,000.00元", "86.18%").isEmpty)
        #expect(try rate("1.8万元", "1.8万元", "0%") == ["funds.total.execution_rate"])
        #expect(try rate("1.8万元", "1.8万元", "100%").isEmpty)
        // A row with no budget has no rate to judge (四川's 0.00/0.00/0.00 = 0.00% rows).
        #expect(try rate("0.00万元", "0.00万元", "0.00%").isEmpty)
        let message = try #require(try Self.findings(Self.form(funds: "  total: {full_year: \"250,000.00元\", spent: \"215,457.6元\", execution_rate: 86.19%}")).first)
        #expect(message.expected == "86.18%" && message.actual == "86.19%")
    }

    @Test("Weights add to the framework's total: 10 + 110 under 100 is an error; per 一级指标 only a note")
    func weights() throws {
        let rows = """
              - {level1: 产出指标, name: 数量, nature: "≥", target: "1", actual: "1", weight: "60", score: "60"}
              - {level1: 效益指标, name: 效益, nature: "≥", target: "1", actual: "1", weight: "40", score: "40"}
              - {level1: 满意度指标, name: 满意度, nature: "≥", target: "1", actual: "1", weight: "10", score: "10"}
            """
        let bad = Self.form(funds: "  weight: \"10\"\n  score: \"10\"\n  total: {full_year: 1万元, spent: 1万元}", indicators: rows)
        #expect(try Self.hits("project.weights.total", bad) == ["indicators"])
        #expect(try Self.findings(bad).filter { $0.rule == "project.weights.level" }.allSatisfy { $0.severity == .info })
        let good = Self.form(funds: "  weight: \"10\"\n  score: \"10\"\n  total: {full_year: 1万元, spent: 1万元}", indicators: rows.replacingOccurrences(of: "\"60\"", with: "\"50\"").replacingOccurrences(of: "\"40\"", with: "\"30\""))
        #expect(try Self.hits("project.weights.total", good).isEmpty)
        #expect(try Self.hits("project.weights.level", good).isEmpty)
        // 四川: 执行 10 + 指标 90, with no split between 一级指标.
        let sichuan = Self.form(framework: "project-sichuan-2023", funds: "  weight: \"10\"\n  score: \"10\"\n  total: {full_year: 1万元, spent: 1万元}", indicators: """
              - {level1: 产出指标, name: 覆盖率, nature: "=", target: "100", unit: "%", actual: "100", weight: "60", score: "60"}
              - {level1: 效益指标, name: 保障率, nature: "=", target: "100", unit: "%", actual: "100", weight: "30", score: "30"}
            """, rest: "total_score: \"100\"\n")
        #expect(try Self.findings(sichuan).isEmpty)
    }

    @Test("Each score ≤ its weight, and follows its rule from target and actual")
    func scores() throws {
        func indicator(_ nature: String, _ target: String, _ actual: String, _ score: String, deviation: String = "原因") throws -> [Finding] {
            try Self.findings(Self.form(funds: "  total: {full_year: 1万元, spent: 1万元}", indicators: """
                  - {level1: 产出指标, name: 指标, nature: "\(nature)", target: "\(target)", actual: "\(actual)", weight: "10", score: "\(score)", deviation: \(deviation)}
                """)).filter { $0.rule.hasPrefix("project.score") && $0.rule != "project.score.missing" }
        }
        #expect(try indicator("≥", "100", "100", "12").map(\.rule) == ["project.score.over-weight"])
        // ≥ not met: 80 ÷ 100 × 10 = 8.
        #expect(try indicator("≥", "100", "80", "8").isEmpty)
        #expect(try indicator("≥", "100", "80", "10").map(\.rule) == ["project.score.rule"])
        // ≤ not met: 90 ÷ 100 × 10 = 9.
        #expect(try indicator("≤", "90", "100", "9").isEmpty)
        #expect(try indicator("≤", "90", "100", "7").map(\.rule) == ["project.score.rule"])
        // Met: the whole weight, never above it.
        #expect(try indicator("≥", "50个", "52", "10").isEmpty)
        #expect(try indicator("≥", "50", "52", "9").map(\.rule) == ["project.score.rule"])
        // Qualitative bands: 达成 80–100%, 部分达成 60–80%.
        #expect(try indicator("定性", "效果明显", "达成预期指标", "9").isEmpty)
        #expect(try indicator("定性", "效果明显", "部分达成", "9").map(\.rule) == ["project.score.band"])
        // Words that are no band, or no nature to compare by: a note, never an error.
        let unsure = try indicator("定性", "效果明显", "良好", "9")
        #expect(unsure.map(\.rule) == ["project.score.unjudged"] && unsure[0].severity == .info)
        let noNature = try Self.findings(Self.form(funds: "  total: {full_year: 1万元, spent: 1万元}", indicators: """
              - {level1: 产出指标, name: 指标, target: "100", actual: "80", weight: "10", score: "3", deviation: 原因}
            """)).filter { $0.rule.hasPrefix("project.score") && $0.rule != "project.score.missing" }
        #expect(noNature.map(\.severity) == [.info])
        // The execution: 执行率 × weight, at most the weight (37.24 ÷ 43.2 × 10 = 8.62; stated 7 is wrong).
        let execution = Self.form(funds: "  weight: \"10\"\n  score: \"7\"\n  total: {full_year: 43.2万元, spent: 37.24万元}")
        #expect(try Self.hits("project.score.rule", execution) == ["funds.score"])
        #expect(try Self.hits("project.score.rule", execution.replacingOccurrences(of: "\"7\"", with: "\"8.62\"")).isEmpty)
    }

    @Test("总分 = Σ scores, and the grade follows from 总分")
    func totalAndGrade() throws {
        let base = Self.form(funds: "  weight: \"10\"\n  score: \"10\"\n  total: {full_year: 1万元, spent: 1万元}", indicators: """
              - {level1: 产出指标, name: 数量, nature: "≥", target: "1", actual: "1", weight: "50", score: "50"}
              - {level1: 效益指标, name: 效益, nature: "≥", target: "10", actual: "8", weight: "30", score: "24", deviation: 天气原因，下年提前开工}
              - {level1: 满意度指标, name: 满意度, nature: "≥", target: "90", unit: "%", actual: "95", weight: "10", score: "10"}
            """, rest: "total_score: \"94\"\ngrade: 优\n")
        #expect(try Self.findings(base).isEmpty)
        #expect(try Self.hits("project.total.mismatch", base.replacingOccurrences(of: "total_score: \"94\"", with: "total_score: \"96\"")) == ["total_score"])
        #expect(try Self.hits("project.grade.mismatch", base.replacingOccurrences(of: "grade: 优", with: "grade: 良")) == ["grade"])
    }

    @Test("A target not met needs its 偏差原因; 执行率 below 90% needs a reason where the framework says so")
    func explanations() throws {
        let unmet = Self.form(funds: "  total: {full_year: 1万元, spent: 1万元}", indicators: """
              - {level1: 产出指标, name: 数量, nature: "≥", target: "10", actual: "8", weight: "10", score: "8"}
            """)
        #expect(try Self.hits("project.deviation.missing", unmet) == ["indicators[0].deviation"])
        #expect(try Self.hits("project.deviation.missing", unmet.replacingOccurrences(of: "score: \"8\"}", with: "score: \"8\", deviation: 工期延后}")).isEmpty)

        let low = "  total: {full_year: 100万元, spent: 80万元, execution_rate: 80%}"
        #expect(try Self.hits("project.execution.unexplained", Self.form(framework: "project-sichuan-2023", funds: low)) == ["funds.explanation"])
        #expect(try Self.hits("project.execution.unexplained", Self.form(framework: "project-sichuan-2023", funds: low + "\n  explanation: 工程尾款未到期")).isEmpty)
        // The national 办法 asks no reason in the form.
        #expect(try Self.hits("project.execution.unexplained", Self.form(funds: low)).isEmpty)
    }

    @Test("The bands are the framework's data: 部分达成 5.5 of 10 is outside 60–80% and inside a bureau's 50–80%")
    func bandsAsData() throws {
        let national = try String(contentsOfFile: try #require(BuiltInProjectFrameworks.files.first { $0.id == "project-national-2020" }).path, encoding: .utf8)
        let variant = national.replacingOccurrences(of: "id: project-national-2020", with: "id: bureau-bands")
            .replacingOccurrences(of: "from: 60%, to: 80%", with: "from: 50%, to: 80%")
            .replacingOccurrences(of: "from: 0%, to: 60%", with: "from: 0%, to: 50%")
        #expect(variant != national)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bureau-bands-\(UUID().uuidString).yaml")
        try variant.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let row = "  - {level1: 产出指标, name: 质量, nature: 定性, target: 效果明显, actual: 部分达成, weight: \"10\", score: \"5.5\", deviation: 部分完成}"
        let funds = "  total: {full_year: 1万元, spent: 1万元}"
        #expect(try Self.hits("project.score.band", Self.form(funds: funds, indicators: row)) == ["indicators[0].score"])
        #expect(try Self.hits("project.score.band", Self.form(framework: file.path, funds: funds, indicators: row)).isEmpty)
    }

    @Test("A 其中 row the framework's form does not name is a note, never an error")
    func fundRows() throws {
        let rows = "  parts:\n    - {source: 财政资金, spent: 1万元}\n    - {source: 其他资金}"
        #expect(try Self.hits("project.funds.row", Self.form(framework: "project-sichuan-2023", funds: rows)).isEmpty)
        let national = try Self.findings(Self.form(funds: rows)).filter { $0.rule == "project.funds.row" }
        #expect(national.map(\.path) == ["funds.parts[0].source"] && national[0].severity == .info)
    }

    @Test("A weight with no score is asked for (四川 青神 2023's empty 得分 cells)")
    func scoreMissing() throws {
        let empty = Self.form(framework: "project-sichuan-2023", funds: "  weight: \"10\"\n  total: {year_start: 238.93万元, full_year: 251.89万元, spent: 251.89万元, execution_rate: 100.00%}", indicators: """
              - {level1: 产出指标, name: 发放（缴纳）覆盖率, nature: "=", target: "100", unit: "%", weight: "60"}
              - {level1: 效益指标, name: 足额保障率（参保率）, nature: "=", target: "100", unit: "%", weight: "30"}
            """)
        let missing = try Self.hits("project.score.missing", empty)
        #expect(Set(missing) == ["funds.score", "indicators[0].score", "indicators[1].score", "total_score"])
        #expect(try Self.findings(empty).allSatisfy { $0.severity != .error })
    }

    @Test("The project's 全年执行数 against the overall evaluation's 项目支出 of the same name")
    func againstOverall() throws {
        let project = try ProjectFile.load(path: Self.examplePath)
        func overall(_ name: String, _ amount: String) throws -> Evaluation {
            try EvaluationFile.parse("""
                format: jixiao/evaluation@1
                final_accounts:
                  expenditure:
                    by_nature:
                      projects:
                        - {name: \(name), amount: "\(amount)"}
                """, format: .yaml).evaluation
        }
        let framework = try project.framework()
        #expect(project.check(under: framework, overall: try overall("办公宿舍楼、食堂及餐厅暖通改造经费", "372,400.00元")).isEmpty)
        let wrong = project.check(under: framework, overall: try overall("办公宿舍楼、食堂及餐厅暖通改造经费", "382,400.00元"))
        #expect(wrong.map(\.rule) == ["project.overall.mismatch"] && wrong[0].severity == .warning && wrong[0].path == "funds.total.spent")
        let absent = project.check(under: framework, overall: try overall("另一个项目", "1万元"))
        #expect(absent.map(\.severity) == [.info])
        #expect(ProjectChecks.plainName("51092324T000010263357-2023年全县安可替代补助资金项目") == "2023年全县安可替代补助资金项目")
    }

    @Test("The form round-trips through YAML and JSON with its figures as stated")
    func roundTrip() throws {
        let loaded = try ProjectFile.load(path: Self.examplePath)
        for format in FileFormat.allCases {
            let text = try ProjectFile.render(loaded.project, as: format)
            let again = try ProjectFile.parse(text, format: format).project
            #expect(again == loaded.project, "\(format)")
            #expect(text.contains("37.24万元") && text.contains("86%"))
        }
    }

    @Test("A bad project file is refused with a located Chinese message")
    func badFile() throws {
        func errors(_ text: String) -> [SourceError] {
            do { _ = try ProjectFile.parse(text, format: .yaml, file: "p.yaml"); return [] } catch { return error.errors }
        }
        let unit = errors("format: jixiao/project@1\nfunds:\n  total: {spent: 37.24万}\n")
        #expect(unit.first?.description == "p.yaml:3:18: 错误: 金额“37.24万” 的单位「万」无法识别：有效单位为 元、万元、亿元（字段 funds.total.spent）")
        let key = errors("format: jixiao/project@1\nnmae: 项目\n")
        #expect(key.first?.location?.line == 2 && key.first?.message.contains("是否应为「name」") == true)
        let nature = errors("format: jixiao/project@1\nindicators:\n  - {nature: \">=\"}\n")
        #expect(nature.first?.location?.line == 3 && nature.first?.message.contains("≥") == true)
    }

    @Test("A project file is read within the same size bounds as an evaluation file")
    func sizeBound() throws {
        let values = SizeBudget.file.maximumValues
        let text = "format: jixiao/project@1\nindicators: [" + Array(repeating: "1", count: values + 1).joined(separator: ",") + "]\n"
        do {
            _ = try ProjectFile.parse(text, format: .yaml, file: "big.yaml")
            Issue.record("a file past the bound was read")
        } catch {
            #expect(error.description.hasPrefix("big.yaml:2:") && error.description.contains("内容过多（超过 \(values) 项的上限）"), "\(error)")
        }
    }

    @Test("The built-in project frameworks load, each named by its file and citing its source")
    func frameworks() throws {
        let all = try BuiltInProjectFrameworks.all()
        #expect(Set(all.map(\.id)) == ["project-national-2020", "project-sichuan-2023", "project-anhui-2022"])
        for f in all {
            #expect(f.structuralProblems().isEmpty)
            #expect(!f.source.isEmpty)
        }
        let bad = "format: jixiao/project-framework@1\nid: x\nname: x\nsource: x\ntotal: \"100\"\nexecution: {weight: \"20\"}\nindicator_weights: [{weight: \"90\"}]\nqualitative_bands: []\ngrades: [{grade: 优, at_least: \"90\"}]\nfund_rows: []\n"
        do {
            _ = try ProjectFrameworkFile.parse(bad, file: "f.yaml")
            Issue.record("a framework whose weights add to 110 was read")
        } catch {
            #expect(error.description.contains("f.yaml:7:") && error.description.contains("应等于满分 100"))
        }
    }
}
