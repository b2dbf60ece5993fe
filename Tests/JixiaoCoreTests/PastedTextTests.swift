import Foundation
import Testing
@testable import JixiaoCore

/// Text as clerks paste it from Word and from last year's PDF, and what the tidy step makes of it.
@Suite("Pasted text")
struct PastedTextTests {
    /// Pasted text and the paragraphs it was written as.
    static let pasted: [(String, [String])] = [
        // A paragraph wrapped at the PDF's line width.
        ("廉江市总工会是参照公务员法管理的群团组织，主要职责是组织联系群众、维护职工合法权\n益、宣传教育职工群众，代表职工群众参与国家建设和管理。",
         ["廉江市总工会是参照公务员法管理的群团组织，主要职责是组织联系群众、维护职工合法权益、宣传教育职工群众，代表职工群众参与国家建设和管理。"]),
        // Word's indentation, a tab, and a break that Windows writes as \r\n.
        ("　　根据《关于开展2021年度部门整体支出绩效评价自评工作的通知》（廉财绩〔2022〕2号）要求，\t我会对2021年度部门整体支出\r\n开展了绩效自评。",
         ["根据《关于开展2021年度部门整体支出绩效评价自评工作的通知》（廉财绩〔2022〕2号）要求，我会对2021年度部门整体支出开展了绩效自评。"]),
        // Two Word paragraphs, each indented, one line each.
        ("　　一是加强组织领导，成立自评小组。\n　　二是认真开展自评，对照评分表逐项查阅账务资料。",
         ["一是加强组织领导，成立自评小组。", "二是认真开展自评，对照评分表逐项查阅账务资料。"]),
        // A line ending with 「：」 followed by a numbered list.
        ("主要职责：\n1.组织联系群众；\n2.维护职工合法权益；\n3.宣传教育职工群众。",
         ["主要职责：", "1.组织联系群众；", "2.维护职工合法权益；", "3.宣传教育职工群众。"]),
        // Chinese numbering, items with no punctuation.
        ("一、加强预算绩效管理\n二、规范“三公”经费支出\n（一）严格公务接待\n（二）压减公务用车运行费",
         ["一、加强预算绩效管理", "二、规范“三公”经费支出", "（一）严格公务接待", "（二）压减公务用车运行费"]),
        // A numbered item wrapped inside its sentence.
        ("（1）开展劳模工匠事迹巡演报告会 2 场，\n受疫情影响第二场改为线上宣讲。\n（2）举办职工技能竞赛 3 场。",
         ["（1）开展劳模工匠事迹巡演报告会 2 场，受疫情影响第二场改为线上宣讲。", "（2）举办职工技能竞赛 3 场。"]),
        // A heading, then its text.
        ("（一）评价小组情况\n自评小组已成立，小组成员 7 人，由单位领导、财务人员组成。",
         ["（一）评价小组情况", "自评小组已成立，小组成员 7 人，由单位领导、财务人员组成。"]),
        // Circled numbers and bullets.
        ("①劳模工匠宣讲\n②职工书屋建设\n• 困难职工帮扶", ["①劳模工匠宣讲", "②职工书屋建设", "• 困难职工帮扶"]),
        // Doubled punctuation.
        ("年中追加政府性基金预算用于安铺工人文化宫重建。。", ["年中追加政府性基金预算用于安铺工人文化宫重建。"]),
        ("人员增加，，办公费用增加；；交通补贴增加。，", ["人员增加，办公费用增加；交通补贴增加。"]),
        ("是否按时完成？！已按时完成！！", ["是否按时完成？！已按时完成！！"]),
        // Figures keep their separators and point; a run of spaces before a figure becomes one.
        ("决算支出 11,486,444.31元，其中基本支出  3,766,854.45元，占 32.79%。",
         ["决算支出 11,486,444.31元，其中基本支出 3,766,854.45元，占 32.79%。"]),
        // A figure that begins a wrapped line is no numbered item.
        ("经审计，本年度收到上级工会补助收入及年中追加预算\n1.5万元用于职工书屋建设。", ["经审计，本年度收到上级工会补助收入及年中追加预算1.5万元用于职工书屋建设。"]),
        ("经审计，本单位截至 2021 年 12 月 31 日的年末结转结余为\n2022年度可继续使用的资金 12.30万元。",
         ["经审计，本单位截至 2021 年 12 月 31 日的年末结转结余为2022年度可继续使用的资金 12.30万元。"]),
        // A URL, with spaces before the full stop.
        ("详见廉江市人民政府网站 http://www.lianjiang.gov.cn/zwgk/czyjs/  。", ["详见廉江市人民政府网站 http://www.lianjiang.gov.cn/zwgk/czyjs/。"]),
        // English text wrapped, with a run of spaces.
        ("The  budget of the federation was executed\nin full.", ["The budget of the federation was executed in full."]),
        // A short line ending inside a sentence goes on; short lines with no punctuation are the
        // items of a list, not a wrapped sentence.
        ("细化绩效目标，\n按季度跟踪。", ["细化绩效目标，按季度跟踪。"]),
        ("办公室\n财务部\n组织宣传部\n经费审查委员会办公室", ["办公室", "财务部", "组织宣传部", "经费审查委员会办公室"]),
        // Spaces between Chinese characters and around quotes; the space between a year and 年 stays.
        ("成 立 自 评 小 组，安排 “三公” 经费 2021  年度", ["成立自评小组，安排“三公”经费 2021 年度"]),
        // Blank lines split paragraphs.
        ("第一段内容\n\n\n第二段内容\n  \n", ["第一段内容", "第二段内容"]),
        // A short last line ends its paragraph though it has no full stop.
        ("一般公共服务支出 3,258,876.35元，主要用于机关运行和工会事务，比上年\n增加较多\n社会保障和就业支出 841,491.06元，主要用于离退休人员经费。",
         ["一般公共服务支出 3,258,876.35元，主要用于机关运行和工会事务，比上年增加较多", "社会保障和就业支出 841,491.06元，主要用于离退休人员经费。"]),
        // Zero-width marks Word leaves.
        ("成立\u{200B}自评小组\u{FEFF}。", ["成立自评小组。"]),
        // A hyphenated English word broken at the hyphen.
        ("The unit carried out a self-\nevaluation of its spending.", ["The unit carried out a self-evaluation of its spending."]),
    ]

    @Test("Pasted text becomes the paragraphs it was written as", arguments: pasted.indices)
    func paragraphs(_ i: Int) {
        let (text, expected) = Self.pasted[i]
        #expect(PastedText.paragraphs(text) == expected)
    }

    @Test("Tidied text holds no artefact and tidies to itself", arguments: pasted.indices)
    func tidyIsStable(_ i: Int) {
        let text = Self.pasted[i].0
        let tidied = PastedText.tidied(text)
        #expect(PastedText.artefacts(in: tidied).isEmpty, "\(tidied)")
        #expect(PastedText.tidied(tidied) == tidied)
        #expect(PastedText.paragraphs(tidied) == PastedText.paragraphs(text))
        #expect(PastedText.artefacts(in: PastedText.line(text)).isEmpty)
        for paragraph in PastedText.paragraphs(text) { #expect(PastedText.artefacts(in: paragraph).isEmpty, "\(paragraph)") }
    }

    @Test("A field of one paragraph keeps its paragraph breaks: a line where the text ends one, a blank line where not")
    func oneParagraphField() {
        #expect(PastedText.tidied("主要职责：\n1.组织联系群众；\n2.维护职工合法权益。") == "主要职责：\n1.组织联系群众；\n2.维护职工合法权益。")
        #expect(PastedText.tidied("办公室\n财务部\n组织宣传部") == "办公室\n财务部\n组织宣传部")
        let long = "全面落实绩效评价的统一部署，及时组织绩效评价工作"
        #expect(PastedText.tidied("\(long)\n\n\(long)") == "\(long)\n\n\(long)")
        #expect(PastedText.tidied("　　全面落实绩效评价的统一部署，及时组织\n绩效评价工作。。\n") == "全面落实绩效评价的统一部署，及时组织绩效评价工作。")
    }

    @Test("A field of one line runs its paragraphs on")
    func oneLineField() {
        #expect(PastedText.line("1.人员增加\n2.业务增加") == "1.人员增加；2.业务增加")
        #expect(PastedText.line("廉江市总工会\n2021年度部门整体支出绩效自评报告") == "廉江市总工会2021年度部门整体支出绩效自评报告")
        #expect(PastedText.line("人员增加，\n业务增加。") == "人员增加，业务增加。")
        #expect(PastedText.line("  工会办公室  ") == "工会办公室")
    }

    @Test("Each artefact is named with the words around it")
    func artefacts() {
        let found = PastedText.artefacts(in: "　　我会对2021年度部门整体支出开展了\n绩效自评，\t成立自评小组。。")
        #expect(found.map(\.kind) == [.spaces, .lineBreak, .tab, .doubledPunctuation])
        #expect(found[1].excerpt == "「体支出开展了」与「绩效自评，成」之间")
        #expect(found[3].excerpt == "「。。」")
        // What a correct text holds is no artefact: a paragraph break after a sentence, a list, a
        // space between a figure and its unit, a trailing line break from a YAML block.
        for text in ["成立自评小组。\n对照评分表逐项查阅。", "主要职责：\n1.组织联系群众；\n2.维护职工合法权益。", "2021 年度", "安排 1.20万元。\n",
                     "是否按时完成？！", "第一段内容\n\n第二段内容"] {
            #expect(PastedText.artefacts(in: text).isEmpty, "\(text)")
        }
    }

    @Test("Punctuation where the composer's words meet a field's is written once")
    func joined() {
        #expect(Punctuation.joined("主要原因是人员增加。", "；") == "主要原因是人员增加。")
        #expect(Punctuation.joined("人员增加；", "。") == "人员增加。")
        #expect(Punctuation.joined("整体支出绩效自评良好", "。") == "整体支出绩效自评良好。")
        #expect(Punctuation.joined("（受疫情影响改为线上宣讲。", "）") == "（受疫情影响改为线上宣讲）")
        #expect(Punctuation.joined("他说“已完成。”", "。") == "他说“已完成。”")
        #expect(Punctuation.joined("是否完成？", "。") == "是否完成？")
        #expect(Punctuation.trimmingEnd("单位领导、财务人员。") == "单位领导、财务人员")
    }

    @Test("List markers, and figures that are none")
    func listMarkers() {
        for marker in ["1.组织", "1、组织", "１．组织", "（1）组织", "(一)组织", "一、组织", "十二、组织", "第一，组织", "①组织", "• 组织", "- item"] {
            #expect(ListMarker.length(marker.unicodeScalars) > 0, "\(marker)")
        }
        for text in ["1.5万元", "2021年", "一是加强", "-2.04万元", "（单位名称）", "第一段"] {
            #expect(ListMarker.length(text.unicodeScalars) == 0, "\(text)")
        }
    }
}
