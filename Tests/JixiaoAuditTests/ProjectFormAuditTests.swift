import Foundation
import JixiaoAudit
import JixiaoCore
import Testing

/// Project forms of our own in the register of the published ones (the 四川 table as pipe rows, its
/// cells one per line, PDF layout text, and the 安徽 table joined by spaces): read into the project
/// model, judged by the project checks, each kind of defect the issue names caught at its line.
/// The figures 215,457.6 ÷ 250,000.00 (86.18%, not 86.19%) and the 0/0/0 total over filled 其中 rows
/// are the published forms' own; the sentences are ours.
@Suite("Audit of published project forms")
struct ProjectFormAuditTests {
    /// A filled 四川 form as pipe rows: 86.18% of 250000.00 spent, scores to 98.62.
    static let pipeRows = """
    部门预算项目支出绩效自评表(2023年度) |
    项目名称 | 51082423T000000120001-农村公路日常养护补助 |
    主管部门 | 苍溪县交通运输局 | 实施单位 | 苍溪县农村公路养护站 |
    项目基本情况 | 1.项目年度目标完成情况 | 项目年度目标 | 年度目标完成情况 |
    完成全县120公里农村公路日常养护，路面优良率不低于85%。 | 养护农村公路126公里，路面优良率88%。 |
    预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
    总额 | 250000.00 | 250000.00 | 215457.60 | 86.18% | 10 | 8.62 | 第四季度养护工程尾款待竣工验收后支付。 |
    其中:财政资金 | 250000.00 | 250000.00 | 215457.60 | 86.18% | / | / |
    财政专户管理资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / |
    单位资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / |
    其他资金 | | | | | / | / |
    绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
    产出指标 | 数量指标 | 日常养护里程 | ≥ | 120 | 公里 | 126 | 30 | 30 | |
    产出指标 | 质量指标 | 路面优良率 | ≥ | 85 | % | 88 | 20 | 20 | |
    效益指标 | 社会效益指标 | 养护路段通行率 | ≥ | 98 | % | 99 | 30 | 30 | |
    满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥ | 90 | % | 93 | 10 | 10 | |
    合计 | 100 | 98.62 | |
    评价结论 | 项目按计划完成，自评得分98.62分。 |
    存在问题 | 尾款支付滞后，预算执行率未达到90%。 |
    改进措施 | 督促施工单位提前准备验收资料。 |
    项目负责人:王明 | 财务负责人:李芳 |
    """

    /// The same table with each cell on a line of its own, closed by 「|」, as 青神's page gives it.
    static func onePerLine(_ pipe: String) -> String {
        pipe.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            var cells = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.last?.isEmpty == true { cells.removeLast() }
            return cells.map { $0.isEmpty ? "|" : "\($0) |" }
        }.joined(separator: "\n")
    }

    /// The same table as pdftotext -layout lays it out: columns apart by spaces, empty cells gone.
    static func layout(_ pipe: String) -> String {
        pipe.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "    ")
        }.joined(separator: "\n")
    }

    static let flattenings: [(name: String, text: String)] = [
        ("pipe rows", pipeRows), ("cells one per line", onePerLine(pipeRows)), ("layout text", layout(pipeRows)),
    ]

    static func lineNumber(of piece: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(piece) }.map { $0 + 1 }
    }

    @Test("A correct form reads into the model in every flattening and draws no error or warning")
    func clean() throws {
        for (name, text) in Self.flattenings {
            let forms = ProjectFormReader.read(text)
            try #require(forms.count == 1, "\(name)")
            let project = forms[0].project
            #expect(project.year == 2023, "\(name)")
            #expect(project.name == "51082423T000000120001-农村公路日常养护补助", "\(name)")
            #expect(project.funds?.total?.spent?.description == "215457.60万元", "\(name)")
            #expect(project.funds?.total?.executionRate?.description == "86.18%", "\(name)")
            #expect(project.funds?.parts?.map(\.source) == ["财政资金", "财政专户管理资金", "单位资金", "其他资金"], "\(name)")
            #expect(project.funds?.explanation == "第四季度养护工程尾款待竣工验收后支付。", "\(name)")
            if name == "layout text" {
                // Empty cells are lost in layout text: the indicator rows are not placed, and that is said.
                #expect(project.indicators == nil)
                #expect(forms[0].notes.contains { $0.reason.contains("绩效指标未读") })
            } else {
                #expect(project.indicators?.count == 4, "\(name)")
                #expect(project.indicators?.last?.level1 == "满意度指标", "\(name)")
                #expect(project.indicators?.first?.weight?.description == "30", "\(name)")
                #expect(project.totalScore?.description == "98.62", "\(name)")
                #expect(forms[0].isComplete, "\(name)")
            }
            let report = Auditor.report(text)
            #expect(report.kind == .projectSelfEvaluation, "\(name)")
            let serious = report.findings.filter { $0.severity != .info }
            #expect(serious.isEmpty, "\(name): \(serious.map { "\($0.rule) \($0.location?.line ?? 0) \($0.message)" })")
        }
    }

    struct Defect: Sendable, CustomStringConvertible {
        var description: String
        var old: String
        var new: String
        var rule: String
        /// How the line the finding must stand at begins: the row's (pipe rows, layout text) or the cell's (one per line).
        var anchors: [String]
        /// Judged in layout text too (the money rows are; the indicator rows are not read there).
        var inLayout: Bool
    }

    static let defects: [Defect] = [
        Defect(description: "执行率 86.19% for 215457.60 ÷ 250000.00 = 86.18%",
               old: "| 215457.60 | 86.18% | 10 |", new: "| 215457.60 | 86.19% | 10 |", rule: "ratio.mismatch", anchors: ["总额", "86.19% |"], inLayout: true),
        Defect(description: "年度资金总额 0/0/0 above a filled 其中 row",
               old: "总额 | 250000.00 | 250000.00 | 215457.60 | 86.18% |", new: "总额 | 0 | 0 | 0 | 86.18% |",
               rule: "sum.mismatch", anchors: ["总额", "0 |"], inLayout: true),
        Defect(description: "weights adding to 110 under 总分 100",
               old: "| 日常养护里程 | ≥ | 120 | 公里 | 126 | 30 | 30 |", new: "| 日常养护里程 | ≥ | 120 | 公里 | 126 | 40 | 30 |",
               rule: "project.weights.total", anchors: ["绩效指标(90分) |", "一级指标 |"], inLayout: false),
        Defect(description: "a score above its weight",
               old: "| 路面优良率 | ≥ | 85 | % | 88 | 20 | 20 |", new: "| 路面优良率 | ≥ | 85 | % | 88 | 20 | 22 |",
               rule: "project.score.over-weight", anchors: ["产出指标 | 质量指标 | 路面优良率", "22 |"], inLayout: false),
        Defect(description: "an execution score above 执行率 × 分值 (9.62 for 86.18% of 10)",
               old: "| 86.18% | 10 | 8.62 |", new: "| 86.18% | 10 | 9.62 |", rule: "project.score.rule", anchors: ["总额", "9.62 |"], inLayout: true),
        Defect(description: "总分 not the sum of the scores",
               old: "合计 | 100 | 98.62 |", new: "合计 | 100 | 96.62 |", rule: "project.total.mismatch", anchors: ["合计 |", "96.62 |"], inLayout: false),
    ]

    @Test("Each kind of defect is caught at its line, as an error, in each flattening that keeps its cells", arguments: defects)
    func defect(_ d: Defect) throws {
        #expect(Self.pipeRows.contains(d.old))
        let pipe = Self.pipeRows.replacingOccurrences(of: d.old, with: d.new)
        for (name, text) in [("pipe rows", pipe), ("cells one per line", Self.onePerLine(pipe))] + (d.inLayout ? [("layout text", Self.layout(pipe))] : []) {
            let hits = Auditor.report(text).findings.filter { $0.rule == d.rule && $0.severity == .error }
            let lines = text.components(separatedBy: "\n")
            #expect(hits.contains { hit in hit.location.map { d.anchors.contains(where: lines[$0.line - 1].hasPrefix) } ?? false },
                    "\(d) (\(name)): \(hits.map { "\($0.location?.line ?? 0) \($0.message)" })")
            // Users see Chinese words: the message names no field path.
            #expect(hits.allSatisfy { !$0.message.contains("funds.") && !$0.message.contains("indicators[") })
        }
    }

    @Test("A met indicator scored below its weight is said, not judged: the bureau's rules may deduct")
    func deduction() throws {
        let text = Self.pipeRows.replacingOccurrences(of: "| 88 | 20 | 20 |", with: "| 88 | 20 | 18 |")
            .replacingOccurrences(of: "合计 | 100 | 98.62 |", with: "合计 | 100 | 96.62 |")
        let findings = Auditor.report(text).findings
        #expect(findings.contains { $0.rule == "project.score.rule" && $0.severity == .info && $0.message.contains("可能是按当地评分规则扣分") })
        #expect(!findings.contains { $0.severity != .info }, "\(findings.map { "\($0.rule) \($0.message)" })")
    }

    /// 安徽's table joined by single spaces, as a converted document gives it: 0 of 1.8 where 1.8 of
    /// 1.8 was spent, and the execution row's 执行率 stated 0.
    static let spaceJoined = """
    附件: 项目支出绩效自评表 (2022年度) 项目名称 村级便民服务中心运转经费 主管部门 219-池州市贵池区某镇人民政府 实施单位 219001-池州市贵池区某镇人民政府 项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 1.8 1.8 1.8 10 0 0 其中:本年财政拨款 1.8 1.8 1.8 上年结转资金 其他资金 年度总体目标 预期目标 实际完成情况 保障便民服务中心全年正常运转。 便民服务中心全年正常运转。 绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 产出指标(50分) 数量指标 服务村数 ≥12个 12 50 50 效益指标(30分) 社会效益指标 群众办事便利程度 明显提高 达成预期指标 30 30 满意度指标(10分) 满意度指标 群众满意度 ≥90% 95 10 10 总分 100
    """

    @Test("Space-joined text: the money rows are judged (0% stated for 1.8 of 1.8 is ratio.mismatch); the indicators are noted unread, not guessed")
    func spaceJoinedForm() throws {
        let forms = ProjectFormReader.read(Self.spaceJoined)
        try #require(forms.count == 1)
        #expect(forms[0].project.funds?.parts?.first?.spent?.description == "1.8万元")
        #expect(forms[0].project.indicators == nil)
        let findings = Auditor.report(Self.spaceJoined).findings
        #expect(findings.contains { $0.rule == "ratio.mismatch" && $0.severity == .error && $0.message.contains("1.8") })
        #expect(findings.contains { $0.rule == "reader.uncertain" && $0.severity == .info && $0.message.contains("绩效指标未读") })
        // Its score 0 follows the wrong rate; below the rule's 10, it is said (a bureau may deduct), not judged.
        #expect(findings.contains { $0.rule == "project.score.rule" && $0.severity == .info && $0.message.contains("只作提示") })
        #expect(!findings.contains { $0.severity == .error && $0.rule != "ratio.mismatch" },
                "\(findings.map { "\($0.rule) \($0.message)" })")
    }

    @Test("A text holding two forms gives two; a form the text cuts off in its indicator table is noted, and its totals are not judged")
    func severalForms() throws {
        let cut = Self.pipeRows.components(separatedBy: "\n").prefix(13).joined(separator: "\n") + "\n产出指标 | 数量指标 | 日常养护里程 | ≥ | 120 |"
        let text = Self.pipeRows + "\n" + cut
        let forms = ProjectFormReader.read(text)
        #expect(forms.count == 2)
        #expect(forms.last?.isComplete == false)
        let findings = Auditor.report(text).findings
        #expect(findings.contains { $0.rule == "reader.uncertain" && $0.message.contains("日常养护里程") })
        #expect(!findings.contains { $0.severity != .info }, "\(findings.map { "\($0.rule) \($0.message)" })")
    }

    @Test("Next year's draft keeps the project, the money rows' names, the goal, the targets and weights; the year's figures, actuals and scores are blank")
    func nextYearDraft() throws {
        let project = try #require(ProjectFormReader.read(Self.pipeRows).first?.project)
        let draft = project.nextYearDraft()
        #expect(draft.year == 2024)
        #expect(draft.name == project.name && draft.department == "苍溪县交通运输局")
        #expect(draft.funds?.parts?.map(\.source) == ["财政资金", "财政专户管理资金", "单位资金", "其他资金"])
        #expect(draft.funds?.total == nil && draft.funds?.weight?.description == "10" && draft.funds?.score == nil)
        #expect(draft.goal?.expected == "完成全县120公里农村公路日常养护，路面优良率不低于85%。" && draft.goal?.achieved == nil)
        #expect(draft.indicators?.map(\.target) == ["120", "85", "98", "90"])
        #expect(draft.indicators?.map { $0.weight?.description } == ["30", "20", "30", "10"])
        #expect(draft.indicators?.allSatisfy { $0.actual == nil && $0.score == nil && $0.deviation == nil } == true)
        #expect(draft.totalScore == nil && draft.conclusion == nil)
    }
}
