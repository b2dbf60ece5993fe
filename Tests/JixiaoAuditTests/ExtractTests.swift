import Foundation
import JixiaoAudit
import JixiaoCore
import JixiaoFormats
import Testing

/// Fixtures for the extraction tests, kept in one namespace so that other suites of this
/// target may define their own helpers freely.
enum ExtractFixture {
    static func reportText() throws -> String {
        let url = try #require(Bundle.module.url(
            forResource: "lianjiang-zonggonghui-2021-zhengti-zipingbaogao", withExtension: "txt", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The repository root, from this file's path (Tests/JixiaoAuditTests/ExtractTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The hand-made structured version of the same report.
    static func example() throws -> Evaluation {
        try EvaluationFile.load(path: root.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml").path).evaluation
    }

    /// The extraction, with the original's lines to check the recorded places against.
    static func extract() throws -> ([String], Extraction) {
        let raw = try reportText()
        return (lines(raw), FactExtractor.extract(ReportText(raw)))
    }

    /// The same report laid out differently: every printed line re-broken at other places
    /// (headings and numbered items still begin a line, as printed documents do), no blank
    /// lines, page numbers at other places, and full-width digits, points and percent signs.
    static func rewrapped(_ raw: String) -> String {
        let printed = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.allSatisfy { $0.isASCII && $0.isNumber }
        }
        let startsItem = try! Regex("^\\s*(?:[一二三四五六七八九十]+、|[0-9]+\\.|[（(]|附件|评价|填报|市级|整体绩效)")
        var out: [String] = []
        var current = ""
        var page = 1
        func flush() {
            guard !current.isEmpty else { return }
            out.append(current)
            current = ""
            if out.count % 37 == 0 {
                page += 1
                out.append(" \(page) ")
            }
        }
        for line in printed {
            if line.firstMatch(of: startsItem) != nil { flush() }
            for c in line {
                current.append(c)
                if current.count >= 23 { flush() }
            }
        }
        flush()
        // Full-width digits, point and percent sign (not in the page-number lines).
        return out.map { line in
            line.trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isASCII && $0.isNumber }) ? line : String(line.map { c -> Character in
                guard let a = c.asciiValue else { return c }
                if (48...57).contains(a) { return Character(Unicode.Scalar(0xFF10 + UInt32(a - 48))!) }
                if c == "%" { return "％" }
                if c == "." { return "．" }
                return c
            })
        }.joined(separator: "\n")
    }
}

/// The figure text read at `path` begins the original text at its recorded location.
func figure(at path: FieldPath, in x: Extraction, of lines: [String], startsWith figure: String) -> Bool {
    guard let location = x.locations[path] else { return false }
    let line = Array(lines[location.line - 1].utf16)
    return String(decoding: line[(location.column - 1)...], as: UTF16.self).hasPrefix(figure)
}

/// The original's lines, as the report reader numbers them.
func lines(_ raw: String) -> [String] {
    raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

@Suite("Extract: reading a published report into an evaluation")
struct ExtractTests {
    @Test("Final accounts: totals, income by source, the three breakdowns, as in the example")
    func finalAccounts() throws {
        let (_, x) = try ExtractFixture.extract()
        let example = try ExtractFixture.example()
        let expenditure = try #require(x.evaluation.finalAccounts?.expenditure)
        #expect(expenditure.byFunction?.map(\.code) == ["201", "205", "208", "210", "213", "221", "229"])
        #expect(expenditure.byEconomic?.map(\.code) == ["301", "302", "303", "310"])
        #expect(expenditure.byFunction == example.finalAccounts?.expenditure?.byFunction)
        #expect(expenditure.byEconomic == example.finalAccounts?.expenditure?.byEconomic)
        #expect(expenditure.byNature == example.finalAccounts?.expenditure?.byNature)
        #expect(expenditure.total?.description == "11,486,444.31元")
        #expect(x.evaluation.finalAccounts?.income?.bySource?.map(\.source) == [.generalBudget, .governmentFund])
        #expect(x.evaluation.finalAccounts == example.finalAccounts)
    }

    @Test("Budget: income, expenditure, “三公”, operating funds, procurement, fixed assets, as in the example")
    func budget() throws {
        let (_, x) = try ExtractFixture.extract()
        let example = try ExtractFixture.example()
        let budget = try #require(x.evaluation.budget)
        #expect(budget.income?.amount?.description == "285.58万元")
        #expect(budget.income?.change?.description == "15.17万元")
        #expect(budget.income?.growth?.description == "5.6%")
        #expect(budget.expenditure?.reason == "人员增加")
        #expect(budget.threePublic?.total?.amount?.description == "1.2万元")
        #expect(budget.threePublic?.vehicles?.total?.amount?.description == "1.20万元")
        #expect(budget.threePublic?.vehicles?.running?.amount?.description == "1.20万元")
        #expect(budget.threePublic?.vehicles?.purchase?.amount?.description == "0万元")
        #expect(budget.threePublic?.reception?.growth?.description == "0%")
        #expect(budget.operatingFunds?.amount?.description == "10.94万元")
        #expect(budget.operatingFunds?.change?.description == "2.04万元")
        #expect(budget.operatingFunds?.growth?.description == "22.92%")
        #expect(budget.procurement?.services?.description == "0万元")
        #expect(budget.fixedAssets?.asOf == CalendarDate(year: 2020, month: 12, day: 31))
        #expect(budget.fixedAssets?.vehicles == 0)
        // The report states no full-year budget: the example's is derived from the final accounts (see the file).
        var stated = try #require(example.budget)
        stated.fullYear = nil
        #expect(budget == stated)
    }

    @Test("A decrease is negative, and the reason stops at 「；」")
    func decrease() {
        let report = ReportText("""
            一、单位基本情况
            （四）部门整体支出情况。
            2022 年本部门收入预算 100.5万元，比上年减少 3.5万元，下
            降 3.4 %，主要原因是项目减少；支出预算 100.5万元。
            二、自评工作开展情况
            """)
        let x = FactExtractor.extract(report)
        #expect(x.evaluation.budget?.income?.change?.description == "-3.5万元")
        #expect(x.evaluation.budget?.income?.growth?.description == "-3.4%")
        #expect(x.evaluation.budget?.income?.reason == "项目减少")
        #expect(x.evaluation.budget?.expenditure?.change == nil)
        #expect(x.evaluation.budget?.year == 2022)
        #expect(x.unread.contains { $0.contains("部门决算") })
    }

    @Test("Cover, unit and staffing")
    func coverUnitStaffing() throws {
        let (_, x) = try ExtractFixture.extract()
        let example = try ExtractFixture.example()
        let e = x.evaluation
        #expect(e.cover?.year == 2021)
        #expect(e.cover?.unitName == "廉江市总工会")
        #expect(e.cover?.filledOn == CalendarDate(year: 2022, month: 9, day: 30))
        #expect(e.cover?.notice == example.cover?.notice)
        #expect(e.unit?.type == .massOrganisation)
        #expect(e.unit?.civilServiceManaged == true)
        #expect(e.unit?.duties == example.unit?.duties)
        #expect(e.unit?.departments == example.unit?.departments)
        #expect(e.unit?.subordinateUnits == [])
        #expect(e.unit?.budgetLevel == .ownLevel)
        #expect(e.staffing?.authorized?.total == 11)
        #expect(e.staffing?.supported?.total == 26)
        #expect(e.staffing?.supported?.parts?.last == HeadcountPart(kind: "退休人员", count: 16, status: .retired))
        #expect(e.staffing == example.staffing)
    }

    @Test("21 tasks in 7 categories, with titles and some targets")
    func tasks() throws {
        let (_, x) = try ExtractFixture.extract()
        let work = try #require(x.evaluation.work)
        #expect(work.categories?.count == 7)
        #expect(work.allTasks.count == 21)
        #expect(work.allTasks.map { $0.task.number } == Array(1...21))
        #expect(work.categories?.map(\.name) == [
            "加强思想引领", "加强党的建设", "大力弘扬劳模精神、劳动精神、工匠精神", "深化产业工人队伍建设",
            "提升维权与服务水平", "全面加强基层工会建设", "强化工会自身建设",
        ])
        let titles = work.allTasks.map(\.task.title)
        #expect(titles[0] == "促进思想先行")
        #expect(titles[6] == "开展巡演报告会,加大宣传力度")
        #expect(titles[14] == "拓展工会组建新领域")
        #expect(titles[20] == "做好基层工会经费审查审计监督工作")
        let example = try ExtractFixture.example()
        #expect(work.allTasks.map(\.task.description) == example.work?.allTasks.map(\.task.description))
        let t7 = work.allTasks[6].task.targets?.first
        #expect(t7?.kind == .atLeast && t7?.value == StatedNumber(2, decimals: 0) && t7?.unit == "场")
        let t15 = work.allTasks[14].task.targets ?? []
        #expect(t15.map(\.kind) == [.range, .count, .split, .deadline, .count, .count, .count])
        #expect(t15.first { $0.kind == .split }?.splits?.map(\.value.value) == [2, 5, 15])
        #expect(t15.first { $0.kind == .deadline }?.deadline == CalendarDate(year: 2021, month: 9, day: 30))
        #expect(work.allTasks[16].task.targets?.filter { $0.kind == .percentage }.compactMap(\.percent?.description) == ["100%", "70%"])
    }

    @Test("Self-evaluation: team, judgement, 7 indicators, 2 problems; absent parts listed")
    func selfEvaluation() throws {
        let (_, x) = try ExtractFixture.extract()
        let e = x.evaluation
        #expect(e.selfEvaluation?.team?.members == 11)
        #expect(e.selfEvaluation?.team?.office == "财务部")
        #expect(e.selfEvaluation?.team?.composition == "单位领导、主管领导、财务人员和其他人员")
        #expect(e.selfEvaluation?.result?.judgement == "整体支出绩效自评良好")
        #expect(e.selfEvaluation?.result?.score == nil && e.selfEvaluation?.result?.grade == nil)
        #expect(e.indicators?.map(\.name) == (try ExtractFixture.example()).indicators?.map(\.name))
        #expect(e.problems == [Problem(title: "认识和重视不足，管理观念尚未转变"), Problem(title: "工作经费不足")])
        #expect(x.unread.contains { $0.contains("改进措施") })
        #expect(x.notes.contains { $0.0 == "self_evaluation.result.score" })
    }

    @Test("Each figure is located on its original line")
    func locations() throws {
        let (report, x) = try ExtractFixture.extract()
        #expect(figure(at: "final_accounts.expenditure.by_function[0].amount", in: x, of: report, startsWith: "3,258,876.35"))
        #expect(figure(at: "final_accounts.expenditure.by_function[1].amount", in: x, of: report, startsWith: "250,000.00"))
        #expect(figure(at: "final_accounts.expenditure.by_economic[3].amount", in: x, of: report, startsWith: "6,947,553.86"))
        #expect(figure(at: "final_accounts.income.total", in: x, of: report, startsWith: "11,486,444.31"))
        #expect(figure(at: "budget.income.amount", in: x, of: report, startsWith: "285.58"))
        #expect(figure(at: "budget.income.growth", in: x, of: report, startsWith: "5.6"))
        #expect(figure(at: "budget.operating_funds.growth", in: x, of: report, startsWith: "22.92"))
        #expect(figure(at: "staffing.supported.total", in: x, of: report, startsWith: "26"))
        #expect(figure(at: "staffing.authorized.total", in: x, of: report, startsWith: "11"))
        #expect(figure(at: "self_evaluation.team.members", in: x, of: report, startsWith: "11"))
        let line = try #require(x.locations["final_accounts.expenditure.by_function[0].amount"]).line
        #expect(report[line - 1].contains("3,258,876.35"))
        // The located line of the second income source is where its figure begins (after a line break in its label).
        #expect(figure(at: "final_accounts.income.by_source[1].amount", in: x, of: report, startsWith: "6,947,553.86"))
    }

    @Test("Every located path is a field of the extracted evaluation, as `jixiao check` names it")
    func pathsExist() throws {
        for x in [try ExtractFixture.extract().1, FactExtractor.extract(ReportText(Self.otherReport))] {
            // Written as a YAML file and read back, so that the paths are those of a real file.
            let map = try EvaluationFile.parse(try EvaluationFile.render(x.evaluation, as: .yaml), format: .yaml).sourceMap
            let strays = x.locations.keys.filter { !map.contains($0) }.sorted()
            #expect(strays.isEmpty, "located but absent: \(strays)")
            #expect(x.locations.count > 40)
            #expect(x.evaluation.structuralProblems().isEmpty)
        }
    }

    @Test("A re-wrapped copy with full-width digits gives the same figures")
    func rewrapped() throws {
        let raw = try ExtractFixture.reportText()
        let variant = ExtractFixture.rewrapped(raw)
        #expect(variant != raw)
        #expect(variant.contains("２８５．５８"))
        let (_, original) = try ExtractFixture.extract()
        let x = FactExtractor.extract(ReportText(variant))
        #expect(x.evaluation.finalAccounts == original.evaluation.finalAccounts)
        #expect(x.evaluation.staffing == original.evaluation.staffing)
        func figures(_ b: Budget?) -> Budget? {
            guard var b else { return nil }
            // Reasons and notes are prose: where a line break falls may add a space in them.
            let paths: [WritableKeyPath<Budget, YearOnYear?>] = [\.income, \.expenditure, \.operatingFunds]
            for kp in paths { b[keyPath: kp]?.reason = nil }
            b.threePublic?.total?.reason = nil
            b.threePublic?.overseasTravel?.reason = nil
            b.threePublic?.reception?.reason = nil
            b.threePublic?.vehicles?.total?.reason = nil
            b.operatingFundsDefinition = nil
            b.fixedAssets?.plannedNote = nil
            return b
        }
        #expect(figures(x.evaluation.budget) == figures(original.evaluation.budget))
        #expect(x.evaluation.budget?.operatingFunds?.growth?.description == "22.92%")
        #expect(x.evaluation.work?.allTasks.count == 21)
        #expect(x.evaluation.work?.categories?.count == 7)
        #expect(x.evaluation.work?.allTasks.map(\.task.title) == original.evaluation.work?.allTasks.map(\.task.title))
        #expect(x.evaluation.problems == original.evaluation.problems)
        #expect(x.evaluation.selfEvaluation?.team?.members == 11)
    }

    /// Another bureau's template: sub-sections numbered differently, a decrease, a
    /// consolidated budget, other income sources, an older classification name, a score and a
    /// grade, indicators with values, problems with explanations and improvements.
    static let otherReport = """
        附件 2
        湛江市发展和改革局 2021 年度部门整体支出绩效自评报告
        评价年度：2021 年度
        评价单位：湛江市发展和改革局
        填报日期：2022 年 8 月 15 日
        根据湛江市财政局《关于开展 2021 年度市级部门整体支出绩效自评工作的通知》（湛财绩〔2022〕5 号）要求，现将自评情况报告如下：
        一、单位基本情况
        （一）部门职能。湛江市发展和改革局是行政单位，主要职责：1.拟订并组织实施发展战略；2.负责价格管理；3.统筹推进重大项目建设。
        （二）机构设置及人员情况。本局由 3 个内设机构（办公室、规划科、价格科）组成，部门预算为汇总预算。现有编制 40 名，其中行政编制 35 名，事业编制 5 名。财政供养人员 52 人，其中在职人员 38 人，退休人员 12 人，离休人员 2 人。
        （三）年度总体工作和重点工作任务
        一、推进重大项目
        1.抓好项目储备。全年新增储备项目 30 个以上。
        2.加快项目建设。确保 10 月底前完成年度投资计划的 90%以上。
        二、深化价格改革
        3.完善价格机制。开展成本监审 3 至 5 项。
        （四）部门整体支出绩效目标
        全面完成年度工作任务。
        （五）部门整体支出情况
        2021 年本部门收入预算 1,200.00 万元，比上年减少 100.00 万元，下降 7.7%，主要原因是项目减少；支出预算 1,180.50 万元，比上年减少 119.50 万元，下降 9.2%，主要原因是压减一般性支出。
        湛江市发展和改革局 2021 年部门决算总收入 12,000,000.00 元，总支出 11,500,000.00 元。
        一般公共预算财政拨款收入 10,000,000.00 元；事业收入 1,500,000.00 元；其他收入 500,000.00 元。
        （按功能分类）一般公共服务支出 9,000,000.00 元；节能环保支出 2,000,000.00 元；文化体育与传媒支出 500,000.00 元；城乡社区公共设施 100.00 元。
        二、自评工作开展情况
        （一）评价小组情况。成立自评工作小组，成员 7 人。
        三、绩效自评情况
        （一）自评结果
        经综合评价，本部门整体支出绩效自评得分为 92.5 分，自评等级为“优”。
        （二）部门整体支出绩效指标分析
        1. 预算执行率：目标值 100%，实际完成 98.6%。
        2. 项目储备数：目标值 30 个，实际完成 32 个。
        （三）存在问题
        1. 预算执行进度偏慢。部分项目前期工作不足，资金支付滞后。
        2. 绩效目标设置不够细化。
        （四）改进措施
        1. 加快预算执行进度。
        2. 细化绩效目标。
        四、其他需要说明的情况
        无。
        """

    @Test("Another template's phrasing")
    func otherTemplate() throws {
        let x = FactExtractor.extract(ReportText(Self.otherReport))
        let e = x.evaluation
        #expect(e.cover?.notice?.number == "湛财绩〔2022〕5号")
        #expect(e.cover?.unitName == "湛江市发展和改革局")
        #expect(e.unit?.type == .administrative)
        #expect(e.unit?.budgetLevel == .consolidated)
        #expect(e.unit?.duties?.count == 3)
        #expect(e.unit?.departments == ["办公室", "规划科", "价格科"])
        #expect(e.staffing?.authorized?.parts?.map(\.kind) == ["行政编制", "事业编制"])
        #expect(e.staffing?.supported?.parts?.map(\.status) == [.inService, .retired, .veteranRetired])
        #expect(e.work?.allTasks.map(\.task.title) == ["抓好项目储备", "加快项目建设", "完善价格机制"])
        #expect(e.work?.categories?.map(\.name) == ["推进重大项目", "深化价格改革"])
        #expect(e.work?.allTasks[1].task.targets?.map(\.kind) == [.deadline, .percentage])
        #expect(e.work?.allTasks[2].task.targets?.first?.max == StatedNumber(5, decimals: 0))
        #expect(e.budget?.expenditure?.change?.description == "-119.50万元")
        #expect(e.budget?.expenditure?.growth?.description == "-9.2%")
        #expect(e.budget?.income?.amount?.description == "1200.00万元")
        #expect(e.finalAccounts?.income?.bySource?.map(\.source) == [.generalBudget, .operatingIncome, .other])
        #expect(e.finalAccounts?.expenditure?.byFunction?.map(\.code) == ["201", "211", "207"])
        #expect(x.unread.contains { $0.contains("城乡社区公共设施") })
        #expect(x.notes.contains { $0.0 == "final_accounts.expenditure.by_function[2].code" })
        #expect(e.selfEvaluation?.team?.members == 7)
        #expect(e.selfEvaluation?.result?.score == StatedNumber(parsing: "92.5"))
        #expect(e.selfEvaluation?.result?.grade == .excellent)
        #expect(e.indicators?.map(\.name) == ["预算执行率", "项目储备数"])
        #expect(e.indicators?.first?.target?.description == "100%")
        #expect(e.indicators?.first?.actual?.description == "98.6%")
        #expect(e.indicators?.last?.actual?.description == "32个")
        #expect(e.problems?.first == Problem(title: "预算执行进度偏慢", explanation: "部分项目前期工作不足，资金支付滞后"))
        #expect(e.improvements?.map(\.measure) == ["加快预算执行进度", "细化绩效目标"])
        #expect(e.otherMatters == ["无。"])
        #expect(x.unread.contains { $0.contains("“三公”") })
    }
}

@Suite("Extract: last year's report as the start of a year")
struct ExtractYearStartTests {
    @Test("The 2021 report as the start of 2022: its budget figures are 上年数, the year's own empty, the cover 2022")
    func lastYearsReportMoves() throws {
        let (_, x) = try ExtractFixture.extract()
        let read = x.evaluation
        #expect(read.cover?.year == 2021)
        let start = try read.start(ofYear: 2022)
        let draft = start.evaluation
        #expect(draft.cover?.year == 2022 && draft.budget?.year == 2022)
        #expect(draft.cover?.unitName == read.cover?.unitName)
        #expect(draft.cover?.notice == nil && draft.cover?.filledOn == nil && draft.cover?.opening == nil)
        #expect(draft.budget?.fixedAssets == nil && draft.finalAccounts == nil && draft.work == nil && draft.indicators == nil)
        let figures: [(YearOnYear?, YearOnYear?)] = [
            (read.budget?.income, draft.budget?.income), (read.budget?.expenditure, draft.budget?.expenditure),
            (read.budget?.operatingFunds, draft.budget?.operatingFunds), (read.budget?.threePublic?.total, draft.budget?.threePublic?.total),
            (read.budget?.threePublic?.vehicles?.running, draft.budget?.threePublic?.vehicles?.running),
        ]
        for (was, now) in figures {
            let last = try #require(was?.amount)
            #expect(now == YearOnYear(amount: nil, lastYear: last))
        }
        // Checked as the year's file: its years agree with 2022, and the year's amounts are asked for.
        var options = CheckOptions()
        options.expectedYear = 2022
        let findings = CheckCatalogue.check(draft, options: options)
        #expect(!findings.contains { $0.rule.hasPrefix("year.") || $0.rule == "yoy.mismatch" })
        #expect(findings.contains { $0.rule == "yoy.amount.missing" && $0.path == "budget.income.amount" })
    }

    @Test("The report of the year itself is kept as read; a report of another year is refused")
    func ownYearStaysOthersRefused() throws {
        let (_, x) = try ExtractFixture.extract()
        #expect(try x.evaluation.start(ofYear: 2021).evaluation == x.evaluation)
        #expect(throws: ReportOfAnotherYear(reportYear: 2021, targetYear: 2023)) { try x.evaluation.start(ofYear: 2023) }
    }
}
