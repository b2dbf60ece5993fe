import Foundation
@testable import JixiaoAudit
import JixiaoCore
import Testing

/// Texts of our own, in the register of real published ones, for each kind of false finding and
/// each kind of miss that the real corpus showed (issue 23): a regression shows without the corpus.
@Suite("Audit of the kinds of text the real corpus showed")
struct AuditKindTests {
    /// The audit's findings of `rule` with at least `severity`, each with its line's text.
    static func findings(_ text: String, _ rule: String) -> [(line: String, finding: Finding)] {
        let lines = text.components(separatedBy: "\n")
        return Auditor.audit(text).filter { $0.rule == rule }.map { f in (f.location.map { lines[$0.line - 1] } ?? "", f) }
    }

    static func errors(_ text: String) -> [Finding] { Auditor.audit(text).filter { $0.severity == .error } }

    // MARK: False findings that must not come back

    @Test("A change compared with last year is not judged on a figure of last year's sentence")
    func subjectOfAnotherYear() {
        let text = """
            一、2023年“三公”经费预算安排情况
            2023年度“三公”经费预算总计15.6万元,其中:因公出国(境)经费0万元,公务接待6.4万元,公务用车运行费用9.2万元。
            二、2022年“三公”经费决算情况
            2022年度“三公”经费合计支出14.35万元,其中:因公出国(境)经费0万元,公务接待6.9万元,公务用车运行费用7.45万元。
            2023年度“三公”经费预算较2022年度增加1.25万元,其中公务接待较上年同期减少0.5万元,下降7.25%。公务用车运行费用较上年同期增加1.75万元,增长23.49%。
            """
        #expect(Self.errors(text).isEmpty, "\(Self.errors(text).map(\.message))")
        #expect(Self.findings(text, "reader.uncertain").contains { $0.finding.message.contains("另一年度") })
    }

    @Test("A budget stated beside the subject is not the year before's figure of a change in the next sentence")
    func budgetBesideSubject() {
        let text = "2021年“三公”经费支出9.07万元,年初预算为20万元。较上年支出数减少0.71万元,下降7.26%。"
        #expect(Self.errors(text).isEmpty, "\(Self.errors(text).map(\.message))")
        #expect(Auditor.report(text).relationsChecked == 1)
    }

    @Test("A list whose items are sentences, with a part between them left unread, is noted, not a sum error")
    func listWithPartSkipped() {
        let text = """
            2022年,全县各单位一般公共预算拨款安排的“三公”经费决算支出数为842.36万元,同比减少41.2万元,下降4.66%。其中:因公出国(境)费支出0万元。公务用车购置费支出126.5万元,同比减少20.3万元,下降13.83%;公务用车运行维护费支出498.16万元,同比增加12.4万元,增长2.55%。公务接待费支出217.7万元,同比减少33.3万元,下降13.27%。
            """
        #expect(Self.findings(text, "sum.mismatch").isEmpty)
        #expect(Self.findings(text, "reader.uncertain").contains { $0.finding.message.contains("漏读") })
    }

    @Test("A total in 万元 and its parts in 元 are judged after the units are reconciled")
    func unitsReconciled() {
        let text = """
            2023年本单位支出合计12.35万元,其中:基本支出100000.00元,项目支出23500.00元。
            """
        #expect(Self.errors(text).isEmpty)
        #expect(Auditor.report(text).relationsChecked == 1)
    }

    @Test("A 其中 after a sentence with the budget and the spending is the breakdown of the one its parts make")
    func totalAmongSeveral() {
        let text = "2022年度“三公”经费支出全年预算数为20.00万元,支出决算为15.32万元,完成预算的76.60%。其中:因公出国(境)费支出决算为0万元;公务用车购置及运行维护费支出决算为11.20万元;公务接待费支出决算为4.12万元。"
        #expect(Self.errors(text).isEmpty, "\(Self.errors(text).map(\.message))")
        // Parts that make neither figure: noted, not judged against the first.
        let neither = text.replacingOccurrences(of: "4.12万元", with: "4.21万元")
        #expect(Self.findings(neither, "sum.mismatch").isEmpty)
        #expect(Self.findings(neither, "reader.uncertain").contains { $0.finding.message.contains("不能确定哪一个是合计") })
    }

    @Test("A list goes on after a 其中 nested in one of its items; one label naming 购置 and 运行 is not both parts")
    func nestedList() {
        let text = "2023年“三公”经费财政拨款支出决算为8.65万元。其中:因公出国(境)费0万元;公务用车购置及运行维护费6.21万元,其中公务用车购置费0万元,公务用车运行维护费6.21万元;公务接待费2.44万元。"
        #expect(Self.errors(text).isEmpty, "\(Self.errors(text).map(\.message))")
        #expect(Auditor.report(text).relationsChecked == 2)
    }

    @Test("A pdftotext table whose rows open with an item number: a figure ends with its line")
    func itemNumberedRows() {
        let table = """
                                        2023年度“三公”经费支出情况表
                                                                              单位:万元
             项目                          预算数          决算数
             合计                           15.00           12.38
             1.因公出国(境)费               0.00            0.00
             2.公务接待费                   5.00            3.86
             3.公务用车购置及运行费        10.00            8.52
            """
        #expect(Self.errors(table).isEmpty)
        #expect(Auditor.report(table).relationsChecked == 2)
        let broken = table.replacingOccurrences(of: "3.86", with: "3.68")
        #expect(Self.findings(broken, "sum.mismatch").contains { $0.line.contains("12.38") })
    }

    @Test("One part written in 元 among 万元 that makes the sum hold in 万元 is a note on its unit, not a sum error")
    func oddUnit() {
        let text = "2022年“三公”经费支出合计31.23万元,其中:公务接待费2.32元,车辆运行费28.91万元,因公出国(境)费0万元。"
        #expect(Self.findings(text, "sum.mismatch").isEmpty)
        #expect(Self.findings(text, "reader.uncertain").contains { $0.finding.message.contains("按「2.32万元」读则合计相符") })
    }

    @Test("在职、离退休、遗属 are no breakdown of the 编制; a kind's posts are no total; a list cut at a comma is read to its end")
    func staffingKinds() {
        let text = """
            一、部门基本情况
            (一)机构及人员情况
            本局设8个内设机构。核定编制48人,2023年末在职人数45人、离退休人数61人、遗属3人。
            本局共有行政编制30个,事业编制18个。
            现有编制人员126人。其中,局机关在职52人、离休1人、退休60人、信息中心9人,结算中心4人。
            """
        #expect(Self.findings(text, "staffing.mismatch").isEmpty, "\(Self.findings(text, "staffing.mismatch").map(\.finding.message))")
    }

    /// A project form flattened with its cells split by 「|」, scores filled in.
    static let scoredForm = """
        项目支出绩效自评表(2023年度) |
        项目名称 | 农村公路养护补助资金 | | | |
        预算执行情况(10分) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
        总额 | 120.00 | 118.60 | 118.60 | 100.00% | 10 | 10 | |
        绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 权重 | 得分 |
        产出指标 | 数量指标 | 养护里程 | 45 | 43.5 |
        效益指标 | 社会效益指标 | 群众满意度 | 45 | 45 |
        """

    @Test("Scores standing in a form's flattened cells are scores")
    func scoresInCells() {
        #expect(Self.findings(Self.scoredForm, "score.missing").isEmpty)
    }

    @Test("A score column not beside the weights cannot be read by adjacency: a note, not an error")
    func scoreColumnApart() {
        let text = """
            项目支出绩效自评表(2023年度) |
            绩效指标 | 一级指标 | 二级指标 | 分值 | 指标值 | 实际完成值 | 得分 | 备注 |
            产出指标 | 数量指标 | 10 | ≥95% | 98% | 9 | |
            效益指标 | 满意度 | 10 | ≥90% | 96% | 10 | |
            """
        #expect(Self.findings(text, "score.missing").isEmpty)
        #expect(Self.findings(text, "reader.uncertain").contains { $0.finding.message.contains("得分") })
    }

    @Test("Page chrome of government sites is no placeholder", arguments: PageChrome.entries.flatMap(\.examples))
    func pageChrome(_ example: String) {
        #expect(Self.findings(example, "placeholder.unfilled").isEmpty, "\(example)")
    }

    @Test("A report on Hunan's outline is judged by Hunan's template; chosen the 湛江 one, it gets a note, not an error")
    func otherOutline() {
        let text = """
            某县农业农村局2022年度部门整体支出绩效评价报告
            一、基本情况
            (一)部门整体支出概况。
            本部门为行政单位,内设6个股室。
            (二)部门整体支出绩效目标。
            保障机关正常运转,完成全年农业生产任务。
            二、综合评价结论
            经综合评价,本部门2022年度整体支出绩效评分为92分,等级为优。
            三、存在的问题
            部分项目资金拨付进度偏慢,影响项目实施。
            四、改进建议
            加快资金拨付,加强项目全过程管理。
            """
        #expect(Self.findings(text, "section.missing").isEmpty)
        // Its first heading runs on from the title line, so only （一）（二） are read: the nearest is named.
        #expect(Self.findings(text, "reader.uncertain").contains { $0.finding.message.contains("最接近的是「湖南") })
        let underStandard = Auditor.audit(text, template: .standard)
        #expect(!underStandard.contains { $0.rule == "section.missing" })
        #expect(underStandard.contains { $0.rule == "reader.uncertain" && $0.severity == .info && $0.message.contains("所选模板「湛江/廉江") })
    }

    @Test("A report that follows no known outline gets a note naming the nearest template, never an error")
    func noKnownOutline() {
        let text = """
            某县文化馆2022年度部门整体支出绩效自评报告
            一、单位简介
            本馆为公益一类事业单位。
            二、收支概况
            全年支出 120 万元。
            三、下一步打算
            继续做好群众文化工作。
            """
        #expect(Self.findings(text, "section.missing").isEmpty)
        #expect(Self.findings(text, "reader.uncertain").contains { $0.finding.message.contains("最接近的是「") })
    }

    // MARK: Misses that must be caught

    @Test("A rate cell computed on other figures than its row's")
    func rateCell() throws {
        // 106.74 ÷ 118.60 = 90.00%, stated 98.00%.
        let form = Self.scoredForm.replacingOccurrences(of: "118.60 | 118.60 | 100.00% | 10 | 10", with: "118.60 | 106.74 | 98.00% | 10 | 9")
        let hit = try #require(Self.findings(form, "ratio.mismatch").first)
        #expect(hit.line.hasPrefix("总额"))
        #expect(hit.finding.message.contains("90.00%"))
    }

    /// A project form whose header names every column, 执行率 two columns after 全年执行数.
    static let namedColumnsForm = """
        附件2
        项目支出绩效自评表
        (2023年度)
        项目名称 | 农村饮水安全维修养护 |
        主管部门 | 某县水利局 | 实施单位 | 某县水利局 |
        项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
        年度资金总额 | 80 | 80 | 76.8 | 10 | 96% | 9.6 |
        其中:当年财政拨款 | 80 | 80 | 76.8 | - | 96% | - |
        上年结转资金 | 0 | 0 | 0 | - | - | - |
        绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
        产出指标 | 数量指标 | 维修工程处数 | 12处 | 12处 | 30 | 30 |
        效益指标 | 社会效益指标 | 受益人口 | 8000人 | 8200人 | 50 | 50 |
        满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 9 |
        总分 | 100 | 98.6 |
        """

    @Test("A rate column judged against the columns its header names, in each row as wide as the header")
    func rateColumn() throws {
        #expect(Self.errors(Self.namedColumnsForm).isEmpty)
        // Two rates, and the 分值 and 得分 totals.
        #expect(Auditor.report(Self.namedColumnsForm).relationsChecked == 4)
        // 76.8 ÷ 80 = 96%, stated 98%.
        let form = Self.namedColumnsForm.replacingOccurrences(of: "| 76.8 | 10 | 96% | 9.6 |", with: "| 76.8 | 10 | 98% | 9.8 |")
        let hit = try #require(Self.findings(form, "ratio.mismatch").first)
        #expect(hit.line.hasPrefix("年度资金总额"))
    }

    @Test("Weights or scores that do not add up to the 总分 row")
    func pointsTotal() throws {
        #expect(Self.findings(Self.namedColumnsForm, "sum.mismatch").isEmpty)
        // 9.6 + 30 + 50 + 8 = 97.6, stated 98.6.
        let form = Self.namedColumnsForm.replacingOccurrences(of: "| 95% | 10 | 9 |", with: "| 95% | 10 | 8 |")
        let hit = try #require(Self.findings(form, "sum.mismatch").first)
        #expect(hit.line.hasPrefix("总分") && hit.finding.message.contains("97.6"))
    }

    @Test("A 总额 row left 0 while its 其中 row holds figures")
    func zeroTotal() throws {
        let hit = try #require(Self.findings("""
            项目支出绩效自评表 (2023年度) 项目名称 乡村环境整治委托服务 项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 60 59.82 59.82 上年结转资金 其他资金 绩效指标 一级指标 二级指标 三级指标 分值 得分 产出指标 数量指标 整治村庄数量 20 20
            """, "sum.mismatch").first)
        #expect(hit.finding.message.contains("60万元"))
    }

    @Test("A form whose score cells are all empty; a graded report with no score; a whole report with no score anywhere")
    func scoreMissing() {
        #expect(Self.findings("""
            项目支出绩效自评表(2023年度) |
            项目名称 |
            农村公路养护补助资金 |
            预算执行情况(10分) |
            年初预算 |
            调整后预算数 |
            预算执行数 |
            预算执行率 |
            权重 |
            得分 |
            原因 |
            总额 |
            120.00 |
            118.60 |
            118.60 |
            100.00% |
            10 |
            |
            绩效指标(90分) |
            一级指标 |
            二级指标 |
            权重 |
            得分 |
            产出指标 |
            数量指标 |
            45 |
            |
            """, "score.missing").count == 1)
        #expect(!Self.findings("""
            某镇人民政府2022年度部门整体支出绩效自评报告
            一、部门基本情况
            本镇共有预算单位1个。
            二、绩效自评结果
            经自评,本单位整体支出绩效自评为良好。
            三、存在的问题
            项目资金拨付不及时。
            四、改进措施
            加快拨付进度。
            """, "score.missing").isEmpty)
        #expect(Self.findings("""
            某县文化馆2022年度部门整体支出绩效自评报告
            一、部门基本情况
            本馆为公益一类事业单位,内设3个部室。
            二、绩效目标完成情况
            全年举办展览12场,完成年度目标。
            三、存在的问题
            场馆设施老化,部分活动受到影响。
            四、改进措施
            申请专项资金,改造场馆设施。
            """, "score.missing").contains { $0.finding.message.contains("全文没有自评得分") })
    }

    @Test("A template's alternatives 「增加(减少)」「增长(下降)」 left unresolved, and a blank date")
    func templateLeft() {
        let text = """
            2022年公务接待费支出决算为3.2万元,完成预算的80%,决算数比预算数增加(减少)0.8万元,增长(下降)20%。
            填报日期 年 月 日
            """
        #expect(Self.findings(text, "template.guidance").map(\.finding.message).joined().contains("增加(减少)"))
        #expect(Self.findings(text, "placeholder.unfilled").contains { $0.line.hasPrefix("填报日期") })
    }

    @Test("Last year's column beside a list is a list of its own; a rate in the clause after its change is judged with it")
    func lastYearColumn() {
        let text = """
            2023年三公经费预算拨入40万元,2022年三公经费预算拨入46.3万元,与上年对比减少6.3万元。其中:1、公务接待费2023年预算10万元,2022年预算12.5万元;对比减少2.5万元;减少率20%。2、公务车辆运行2023年预算30万元,2022年预算34.2万元;对比减少4.2万元,减少率12.28%。
            """
        #expect(Self.findings(text, "sum.mismatch").contains { $0.finding.message.contains("46.7万元") })
        #expect(Self.errors(text).allSatisfy { $0.rule == "sum.mismatch" })
    }

    @Test("减支 and 降低 are a change and a rate")
    func changeWords() throws {
        let hit = try #require(Self.findings("""
            2022年全市“三公经费”财政拨款支出1203.6万元,比上年减支96.4万元,降低7.42%。公务接待费支出88.2万元,比上年减支11.8万元,降低21.8%。
            """, "yoy.mismatch").first)
        #expect(hit.finding.message.contains("-21.8%"))
    }

    @Test("A share of a whole named alike before, not of the list it stands in")
    func namedWhole() throws {
        let hits = Self.findings("""
            2023年本镇收入预算总额为5620.4万元,比上年增加320.4万元,增长6.05%。其中:财政拨款收入1620.4万元,占收入预算总额的28.8%,包括一般公共预算收入1620.4万元;其他收入4000万元,占收入预算总额的72.2%。
            """, "ratio.mismatch")
        #expect(hits.count == 1)
        #expect(hits.first?.finding.message.contains("72.2%") == true)
    }

    @Test("A share that is the complement of the one meant, of the part its clause names")
    func complementShare() throws {
        let text = "2021年度支出合计4143.91万元,其中:基本支出1140.27万元,项目支出3003.64万元。基本支出占比72.48%。"
        let hit = try #require(Self.findings(text, "ratio.mismatch").first)
        #expect(hit.finding.message.contains("27.52%") && hit.finding.message.contains("另一部分的占比"))
        #expect(Self.errors(text.replacingOccurrences(of: "72.48%", with: "27.52%")).isEmpty)
    }

    @Test("A 编制 count whose parts all name the 编制 is judged to its last part")
    func headcountList() throws {
        let hit = try #require(Self.findings("""
            人员情况要求:编制人数38,其中:行政编制人数20、参照公务员管理的事业编制人数0、全部补助事业编制人数12、自收自支编制人数9人。
            """, "staffing.mismatch").first)
        #expect(hit.finding.message.contains("41"))
    }
}
