import Foundation
import JixiaoCore

/// What a text rule looks at: the report's text and its outline, with the sections found.
public struct ReadReport: Sendable {
    public let text: ReportText
    public let outline: Outline
    /// The template the report is judged against: the one chosen, else the one its headings
    /// follow, else (for a note naming it) the nearest; and whether the headings show it.
    let reading: TemplateReading
    public var template: ReportTemplate { reading.template }
    public var followsTemplate: Bool { reading.follows }
    /// Each part of the template found, with the span of the stream of the heading that holds it.
    public let sections: [ReportPart: Range<Int>]
    /// The outline's numbering, walked once for the three `numbering.*` rules.
    let numbering: NumberingCheck
    /// What kind of text it is, and whether it is an excerpt.
    public let kind: DocumentKind
    public let isExcerpt: Bool
    /// Every figure with its words, and the relations between them, wherever they stand.
    let figures: FigureScan
    let relations: [TextRelation]
    /// The outline-driven reading of the figures the self-evaluation report's sections state.
    let extraction: Extraction
    /// What the text says of its score, read once for the kinds that must state one and have no 自评结果 section.
    let score: ScoreReading?

    /// Reads `text`, judged against `template` when given, else against the built-in template its headings follow.
    public init(_ text: ReportText, template chosen: ReportTemplate? = nil) {
        self.text = text
        let outline = Outline(text)
        self.outline = outline
        reading = TemplateReading(outline, chosen: chosen)
        sections = Self.locateSections(outline, reading, text)
        kind = DocumentKind.recognise(text)
        isExcerpt = DocumentKind.isExcerpt(text)
        numbering = NumberingCheck(outline, excerpt: isExcerpt)
        figures = FigureScan(text)
        relations = RelationReader(figures, text).relations
        extraction = FactExtractor.extract(text, scope: .figures, reading: reading)
        // Only a text without the outline's 自评结果 section is judged by it (see `score.missing`).
        score = kind.hasScore && kind != .unknown && sections[.result] == nil ? ScoreReading(text, figures) : nil
    }

    /// Whether anything was read that the audit can judge: a relation, or a section of the outline.
    var readsAsReport: Bool { !relations.isEmpty || !sections.isEmpty || !extraction.evaluation.sumRelations.isEmpty }

    static func locateSections(_ outline: Outline, _ reading: TemplateReading, _ text: ReportText) -> [ReportPart: Range<Int>] {
        var found: [ReportPart: Range<Int>] = [:]
        let length = text.units.count
        let holding = reading.outline.headings.filter { !($0.heading.parts ?? []).isEmpty }
        // A table of contents names the sections without being them.
        let headings = outline.headings.filter { $0.style <= 2 && !reading.contents.contains($0.offset) }
        for (i, heading) in headings.enumerated() {
            // The first heading of the outline this one names that is not found yet: 「自评材料报送
            // 及公开一致情况」 names both 报送 and 公开一致, and only the second is still open.
            guard let entry = holding.first(where: { entry in
                found[entry.heading.parts![0]] == nil && entry.heading.words.contains { heading.title.includes($0) }
            }) else { continue }
            // A section runs to the next heading of its level or above (nested task categories aside).
            let nests = heading.style == 2 && entry.heading.parts!.contains(.work)
            let end = headings[(i + 1)...].first { $0.style <= heading.style && !(nests && $0.style == 1) }?.offset ?? length
            for part in entry.heading.parts! { found[part] = heading.offset..<max(end, heading.offset) }
        }
        return found
    }

    /// The text of a section, or nil when the report lacks it.
    public func sectionText(_ part: ReportPart) -> String? {
        guard let range = sections[part] else { return nil }
        return text.string(range)
    }
}

/// 文本审核规则 — a rule on a report's text, sharing its ID with the structured check where the
/// same defect is meant.
public struct TextRule: Sendable {
    public let id: String
    public let severity: Severity
    public let title: String
    public let summary: String
    /// The kind is the structured rule's where the two share an ID (one defect, one kind);
    /// the rules of the text alone are about its outline.
    public var kind: RuleKind { CheckCatalogue.rule(id)?.kind ?? .structure }
    /// Report text on which it fires, and on which it does not; run by the tests.
    public let triggering: [String]
    public let nonTriggering: [String]
    let evaluate: @Sendable (ReadReport) -> [(offset: Int, message: String, quote: String?)]
    /// Where the rule could not judge what it did not recognise with certainty, and why: said as
    /// `reader.uncertain` notes, never as the rule's finding.
    var doubts: @Sendable (ReadReport) -> [(offset: Int, reason: String)] = { _ in [] }

    init(id: String, severity: Severity, title: String, summary: String, triggering: [String], nonTriggering: [String],
         doubts: @escaping @Sendable (ReadReport) -> [(offset: Int, reason: String)] = { _ in [] },
         evaluate: @escaping @Sendable (ReadReport) -> [(offset: Int, message: String, quote: String?)])
    {
        self.id = id
        self.severity = severity
        self.title = title
        self.summary = summary
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.doubts = doubts
        self.evaluate = evaluate
    }

    public func check(_ report: ReadReport) -> [Finding] {
        evaluate(report).map { hit in
            var finding = Finding(rule: id, severity: severity, path: FieldPath("text"), message: hit.message, actual: hit.quote)
            finding.location = report.text.location(at: hit.offset)
            return finding
        }
    }

    /// The notes on what the rule left unjudged (`reader.uncertain`, info).
    public func notes(_ report: ReadReport) -> [Finding] {
        doubts(report).map { doubt in
            var finding = Finding(rule: Auditor.uncertain, severity: .info, path: FieldPath("text"), message: "读取时不确定：\(doubt.reason)")
            finding.location = report.text.location(at: doubt.offset)
            return finding
        }
    }
}

extension TextRule {
    private static let placeholderAnchors = UnitSet(TemplateText.placeholderAnchors)
    private static let guidanceAnchors = UnitSet(TemplateText.guidanceAnchors)

    /// The template's patterns (shared with `check`, see `TemplateText`) run over the stream.
    private static func templateHits(_ report: ReadReport, guidance: Bool, _ what: String) -> [(Int, String, String?)] {
        let units = report.text.units
        let pattern = ICUPattern.named(guidance ? TemplateText.guidancePattern : TemplateText.placeholderPattern)
        let anchors = guidance ? guidanceAnchors : placeholderAnchors
        var ranges = ICUText(units).allMatches(pattern, in: 0..<units.count, anchoredAt: anchors).map { $0[0]! }
        if guidance { ranges = TemplateText.guidance(bracketed: ranges, units: units) } else { ranges.removeAll { PageChrome.covers($0, in: units) } }
        return ranges.map { range in
            let quote = report.text.string(range)
            return (range.lowerBound, "\(what)「\(quote)」", quote)
        }
    }

    /// A self-evaluation without its outline's 自评结果 section that states no score: a form whose
    /// 得分 cells are left empty, a grade with no score, or a complete report with no score anywhere.
    private static func statedWithoutScore(_ report: ReadReport) -> [(Int, String, String?)] {
        guard let score = report.score, !score.stated else { return [] }
        if let grade = score.grade {
            let quote = report.text.string(grade)
            return [(grade.lowerBound, "写了等级「\(quote)」，没有数字得分", quote)]
        }
        if let column = score.column, let cells = score.cells {
            return !cells.filled && cells.emptyAfterWeight ? [(column, "自评表有“得分”栏，但没有填写任何得分", nil)] : []
        }
        // A whole report of a kind that must be scored, with no score, no grade and no score column:
        // whole when it does not stop mid-text and reaches its closing part (problems, measures).
        let closing = report.sections[.problems] != nil || report.sections[.improvements] != nil
            || report.outline.headings.contains { heading in ["存在问题", "存在的问题", "改进措施", "整改措施", "改进建议", "下一步"].contains { heading.title.includes($0) } }
        return report.isExcerpt || !closing ? [] : [(0, "全文没有自评得分（也没有等级或“得分”栏）", nil)]
    }

    /// A form's 得分 column whose cells the reader could not tell filled or empty: a note, not an error.
    private static func unreadScoreColumn(_ report: ReadReport) -> [(offset: Int, reason: String)] {
        guard let score = report.score, report.sections[.result] == nil, !score.stated, score.grade == nil,
              let column = score.column, let cells = score.cells, !cells.filled, !cells.emptyAfterWeight else { return [] }
        return [(column, "有“得分”栏，但未能从表格的文字中分辨各行的得分是否填写，未判断是否缺少得分")]
    }

    /// A grade stated: 「等级为良」「评价结果为优秀」; found at its words by hand, in one pass.
    static func statedGrade(_ text: ReportText) -> Range<Int>? {
        // Most texts state no grade and are scanned to the end: the sets are taken out of their
        // statics once, and the units read through a buffer.
        let firsts = gradeFirsts, links = gradeLinks, leads = gradeLeadUnits, grades = gradeUnits
        return text.units.withUnsafeBufferPointer { units in
            func word(_ w: [UInt16], at i: Int) -> Bool { i + w.count <= units.count && units[i..<(i + w.count)].elementsEqual(w) }
            for i in units.indices where firsts.contains(units[i]) {
                for lead in leads where word(lead, at: i) {
                    var k = i + lead.count
                    while k < units.count, k < i + lead.count + 2, links.contains(units[k]) { k += 1 }
                    if let grade = grades.first(where: { word($0, at: k) }) { return i..<(k + grade.count) }
                }
            }
            return nil
        }
    }

    private static let gradeLeadUnits = gradeLeads.map { Array($0.utf16) }
    private static let gradeUnits = grades.map { Array($0.utf16) }
    private static let gradeFirsts = UnitSet("等评自")
    private static let gradeLeads = ["等级", "评定为", "评价结果为", "自评结果为", "评价结论为", "自评为"]
    private static let gradeLinks = UnitSet("为是:：“\"「")
    private static let grades = ["优秀", "良好", "不合格", "合格", "优", "良", "中", "差"]

    /// A score stated anywhere: 「得分 86.5」「自评总分95分」「86.5分」, not a weight 「（10分）」.
    /// Scanned by hand at each 「分」: a pattern led by a look-behind is tried at every place.
    static func statesScore(_ units: [UInt16]) -> Bool {
        units.withUnsafeBufferPointer { statesScore($0) }
    }

    private static func statesScore(_ units: UnsafeBufferPointer<UInt16>) -> Bool {
        let fen = FigureScan.fen, scoreWords = scoreWords, scoreLinks = scoreLinks
        for i in units.indices where units[i] == fen {
            // 「得分」「总分」「评分」 followed by a figure.
            if i > 0, scoreWords.contains(units[i - 1]) {
                var k = i + 1
                while k < units.count, k <= i + 2, scoreLinks.contains(units[k]) { k += 1 }
                if k < units.count, Unit.isDigit(units[k]) { return true }
            }
            // 「86.5分」, not 「（10分）」 nor 「5分钟」-style digits run on.
            var start = i
            while start > 0, Unit.isDigit(units[start - 1]) || units[start - 1] == Unit.point { start -= 1 }
            guard start < i, Unit.isDigit(units[start]) else { continue }
            let opened = start > 0 && (units[start - 1] == Unit.openParenthesis || units[start - 1] == Unit.asciiOpenParenthesis)
            let closed = i + 1 < units.count && (units[i + 1] == Unit.closeParenthesis || units[i + 1] == Unit.asciiCloseParenthesis)
            if !opened && !closed { return true }
        }
        return false
    }

    private static let scoreWords = UnitSet("得总评")
    private static let scoreLinks = UnitSet("为是:：|")
    /// A finding at the start of a section that has no figure of the given kind.
    private static func sectionLacks(_ report: ReadReport, _ part: ReportPart, _ figure: String, _ message: String)
        -> [(Int, String, String?)]
    {
        guard let range = report.sections[part],
              ICUText(report.text.units).firstMatch(ICUPattern.named(figure), in: range) == nil
        else { return [] }
        return [(range.lowerBound, message, nil)]
    }

    // Figures are matched only where a run of digits begins (the look-behind), so that a long run
    // of digits is not tried from each of its places.

    /// Figures that are a score: 「86.5分」.
    static let score = "(?<![0-9])[0-9]{1,12}(?:\\.[0-9]{1,8})?分"
    /// A figure stated as a value: a percentage, a score, or a count with a measure word.
    static let value = "(?<![0-9])[0-9]{1,12}(?:\\.[0-9]{1,8})?(?:%|分|人|个|次|家|项|场)"

    public static let catalogue: [TextRule] = [
        TextRule(
            id: "outline.missing", severity: .error, title: "不是自评报告的文字",
            summary: "文字中找不到标准提纲的任何一节（单位基本情况、自评工作、自评结果、存在问题……）。可能是空文件、扫描件未提取出文字，或根本不是自评报告：无从审核，不能当作没有问题。",
            triggering: ["", "本页无正文。"],
            nonTriggering: ["三、绩效自评情况\n（一）自评结果\n自评得分 86.5 分，等级为良。",
                            "2021年“三公”经费支出共计9.07万元，较上年支出数减少0.71万元，下降7.26%。"]
        ) { report in
            report.kind == .unknown && !report.readsAsReport
                ? [(0, "未找到报告提纲中的任何一节（如「一、单位基本情况」「（一）自评结果」），也未读到任何数量关系，不像是一份预算、决算说明或自评报告的文字", nil)] : []
        },

        TextRule(
            id: "relations.none", severity: .info, title: "未读到数量关系",
            summary: "文字是预算、决算说明或自评报告，但其中没有读到任何可核对的数量关系（合计与分项、同比增减、占比、预算完成比例）：本次审核没有核对任何数字，不能当作数字无误。",
            triggering: ["红河州数据发展中心2024年度项目支出绩效单位自评报告\n一、基本情况\n项目立项背景：保障展厅正常运转。"],
            nonTriggering: ["2021年“三公”经费支出共计9.07万元，较上年支出数减少0.71万元，下降7.26%。"]
        ) { report in
            report.kind != .unknown && report.relations.isEmpty && Auditor.outlineAnchors(report.extraction).isEmpty
                ? [(0, "文中未读到可核对的数量关系（合计与分项、同比增减、占比），本次审核未核对任何数字", nil)] : []
        },

        TextRule(
            id: "placeholder.unfilled", severity: .error, title: "模板占位符未填写",
            summary: "文字中留有模板占位符：（单位名称）、XX、××、【…】、“请填写”等（文号中的【2020】不算），或该填数字处留空：「占基本支出预算%」「支出万元，」。",
            triggering: ["现将 2021 年度（单位名\n\n称）整体绩效自我评价报告如下：", "商品和服务支出预算 75800 元，占基本支出预算%，同比增加 52044.27 元。",
                         "2020年公务接待费支出万元，比上年减少 0.02 万元。"],
            nonTriggering: ["根据《通知》（粤工审【2020】9 号）要求，现将廉江市总工会整体绩效自我评价报告如下：",
                            "商品和服务支出预算 75800 元，占基本支出预算 6.69%。"]
        ) { report in
            let blanks = report.figures.blanks.map { blank in
                var from = max(0, blank.lowerBound - 8)
                while from < blank.lowerBound, !Unit.isHan(report.text.units[from]) { from += 1 }
                let quote = report.text.string(from..<blank.upperBound)
                return (blank.lowerBound, "数字未填写「\(quote)」", Optional(quote))
            }
            return (templateHits(report, guidance: false, "留有模板占位符") + blanks).sorted { $0.0 < $1.0 }
        },

        TextRule(
            id: "template.guidance", severity: .warning, title: "留有模板说明文字",
            summary: "内容处留着模板的提问或括注说明（“如何……”“……如何等”“（综合评判……）”“（100字以内）”）。",
            triggering: ["（二）自评工作过程。积极组织本级开展自评；如何结合部门职能设置指标；自评效果如何等。",
                         "年度目标完成情况 |\n对照年度目标,说明相关任务目标的完成情况(100字以内) |"],
            nonTriggering: ["（二）自评工作过程。成立自评小组，逐项查阅账务资料。"]
        ) { templateHits($0, guidance: true, "留有模板说明文字") },

        TextRule(
            id: "section.missing", severity: .error, title: "缺少报告章节",
            summary: "报告按某一报告模板（默认从标题认出：湛江/廉江、湖南、云南等内置模板，或用 --template 指定）编写，而其中某一必需的节找不到标题，例如没有改进措施。只有从标题认出报告确按该模板编写时才判断；节选只判断已读到的各节之间缺少的节；不按任何已知模板编写的报告只提示最接近的模板，不报错。",
            triggering: ["一、单位基本情况\n（一）单位机构设置、部门职能情况\n本局为行政单位。\n三、绩效自评情况\n（一）自评结果\n自评 86 分，等级良。\n（二）部门整体支出绩效指标分析\n满意度 95%。\n（三）存在问题\n1.经费不足，影响活动开展。"],
            nonTriggering: ["三、绩效自评情况\n（一）自评结果\n自评 86 分，等级良。\n（二）部门整体支出绩效指标分析\n满意度 95%。\n（三）存在问题\n1.经费不足，影响活动开展。\n（四）改进措施\n1.充分测算经费。",
                            "一、基本情况\n（一）部门整体支出概况。\n本部门为行政单位。\n（二）部门整体支出绩效目标。\n保障机关运转。\n二、绩效评价结论\n综合评分 92 分。"],
            doubts: { report in
                // Said of a self-evaluation report, or of a text of no known kind with an outline of its own
                // or headings of the standard outline's sections.
                let outlined = report.kind == .overallSelfEvaluation || report.outline.headings.filter { $0.style == 1 }.count >= 2
                    || !report.sections.isEmpty
                guard report.kind.hasOutline, outlined, !report.followsTemplate else { return [] }
                let parts = report.template.headings.enumerated().map { i, h in h.numbering.label(i + 1) + h.title }.joined(separator: " ")
                let which = report.reading.isChosen ? "所选模板" : "哪一已知模板编写，最接近的是"
                return [(0, "未能从标题认出报告按\(which)「\(report.template.name)」（\(parts)）\(report.reading.isChosen ? "编写" : "")，未核对缺少的章节")]
            }
        ) { report in
            // Judged only in the kinds of text that must follow the outline, on a report whose
            // headings show that it follows its template, and only where the report has reached
            // that part of it at all (an excerpt of 三 is not missing 一).
            guard report.kind.hasOutline, report.followsTemplate else { return [] }
            let judged = report.reading.outline.headings.filter { $0.isRequired && !($0.heading.parts ?? []).isEmpty }
            let isPresent = { (h: NumberedHeading) in report.sections[h.heading.parts![0]] != nil }
            let reached = Set(judged.filter(isPresent).map(\.top))
            // An excerpt lacks only what stands between the sections it has: the rest was cut off.
            // A text whose last line is a numbered item was not cut there: its end is the report's.
            let found = judged.indices.filter { isPresent(judged[$0]) }
            let endsOnItem = report.outline.headings.last.map { $0.offset >= (report.text.lineStarts.last ?? 0) } ?? false
            let span = (report.isExcerpt ? found.first ?? 0 : 0)...(report.isExcerpt && !endsOnItem ? found.last ?? 0 : max(0, judged.count - 1))
            let end = report.text.units.count
            return judged.indices.filter { i in
                span.contains(i) && !isPresent(judged[i]) && reached.contains(judged[i].top)
            }.map { (end - 1, "缺少「\(judged[$0].number)\(judged[$0].heading.title)」", nil) }
        },

        TextRule(
            id: "score.missing", severity: .error, title: "未填自评得分",
            summary: "自评结果中没有数字得分（只写“良好”等评语不够）；自评表有“得分”栏而没有填写任何得分；写了等级而没有得分。只对须有得分的文本（整体支出、项目支出自评报告和自评表）判断。",
            triggering: ["（一）自评结果\n整体支出绩效自评良好。\n（二）部门整体支出绩效指标分析",
                         "部门预算项目支出绩效自评表(2023年度) |\n预算执行情况(10分) |\n权重 |\n得分 |\n总额 |\n251.89 |\n10 |\n|",
                         "岳阳市2018年度部门整体支出绩效评价自评报告\n评价结论：自评等级为良。"],
            nonTriggering: ["（一）自评结果\n自评得分 86.5 分，等级为良。\n（二）部门整体支出绩效指标分析",
                            "部门预算项目支出绩效自评表(2023年度) |\n预算执行情况(10分) |\n权重 |\n得分 |\n总额 |\n10 |\n9.5 |\n自评总分 95 分。",
                            "项目支出绩效自评表(2022年度) | 指标 | 分值 | 得分 |\n| 预算执行率 | 10 | 10 |\n| 项目完成数量 | 20 | 18 |"],
            doubts: unreadScoreColumn
        ) { report in
            guard report.kind.hasScore else { return [] }
            if report.sections[.result] != nil { return sectionLacks(report, .result, score, "自评结果没有数字得分") }
            return statedWithoutScore(report)
        },

        TextRule(
            id: "indicator.value.missing", severity: .warning, title: "指标无数值",
            summary: "指标分析只列指标名称，没有目标值、实际值或得分。",
            triggering: ["（二）部门整体支出绩效指标分析\n工会工作满意度、工作计划的完成率均达到良好。\n（三）存在问题"],
            nonTriggering: ["（二）部门整体支出绩效指标分析\n工会工作满意度目标 90%，实际 95%。\n（三）存在问题"]
        ) { sectionLacks($0, .indicators, value, "指标分析中的指标没有目标值、实际值或得分") },

        TextRule(
            id: "task.actual.missing", severity: .warning, title: "重点任务无完成情况",
            summary: "列出了重点工作任务及其目标，全文却没有报告任何完成情况。",
            triggering: ["（二）年度总体工作和重点工作任务\n1.开展巡演。至少开展 2 场。\n（三）部门整体支出绩效目标"],
            nonTriggering: ["（二）年度总体工作和重点工作任务\n1.开展巡演。至少开展 2 场，实际完成 3 场。\n（三）部门整体支出绩效目标"]
        ) { report in
            guard let range = report.sections[.work], let text = report.sectionText(.work) else { return [] }
            let tasks = report.outline.headings.filter { $0.style == 3 && range.contains($0.offset) }
            let reported = ["实际完成", "已完成", "完成了", "完成情况：", "共开展", "共举办", "累计"].contains { report.text.contains($0) }
            guard !tasks.isEmpty, !reported, text.contains(where: { $0.isNumber }) else { return [] }
            return [(range.lowerBound, "列出了 \(tasks.count) 项重点工作任务，没有报告完成情况", nil)]
        },

        TextRule(
            id: "problem.unexplained", severity: .warning, title: "问题未说明",
            summary: "存在问题只有一句标题（不足 30 字），没有具体说明。",
            triggering: ["（三）存在问题\n1. 工作经费不足\n（四）改进措施\n1.充分测算经费。"],
            nonTriggering: ["（三）存在问题\n1.工作经费不足：年中新增职工服务项目，公用经费不足，部分活动推迟。\n（四）改进措施\n1.充分测算经费。"]
        ) { report in
            guard let range = report.sections[.problems] else { return [] }
            let items = report.outline.headings.filter { $0.style >= 3 && range.contains($0.offset) }
            return items.enumerated().compactMap { i, item in
                let end = i + 1 < items.count ? items[i + 1].offset : range.upperBound
                let body = report.text.string((item.offset + item.label.utf16.count)..<end)
                return body.count < 30 ? (item.offset, "问题「\(body)」只有标题，没有具体说明", body) : nil
            }
        },

        TextRule(
            id: "numbering.duplicate", severity: .warning, title: "标题序号重复",
            summary: "同一层级的标题序号重复出现，如 三 下有（一）（二）（一）。",
            triggering: ["三、绩效自评情况\n（一）自评结果\n（二）指标分析\n（一）存在问题"],
            nonTriggering: ["三、绩效自评情况\n（一）自评结果\n（二）指标分析\n（三）存在问题"]
        ) { $0.numbering.duplicates },

        TextRule(
            id: "numbering.skipped", severity: .warning, title: "标题序号跳号",
            summary: "同一层级的标题序号跳过了一个或多个号。",
            triggering: ["一、单位基本情况\n（一）机构设置\n（三）部门整体支出绩效目标"],
            nonTriggering: ["一、单位基本情况\n（一）机构设置\n（二）重点工作任务"]
        ) { $0.numbering.skips },

        TextRule(
            id: "numbering.level", severity: .warning, title: "标题层级混用",
            summary: "在下级标题之中又用了上级的序号样式（如在 一（二）之内用「一、」给任务分类），按 GB/T 9704 应改用「1.」「（1）」。",
            triggering: ["一、单位基本情况\n（二）重点工作任务\n一、加强思想引领\n1.促进思想先行。"],
            nonTriggering: ["一、单位基本情况\n（二）重点工作任务\n1.加强思想引领\n（1）促进思想先行。"]
        ) { $0.numbering.levelReuse },
    ]
}

/// Walks the outline once and sorts out duplicates, skips and styles reused at a lower level.
struct NumberingCheck: Sendable {
    var duplicates: [(offset: Int, message: String, quote: String?)] = []
    var skips: [(offset: Int, message: String, quote: String?)] = []
    var levelReuse: [(offset: Int, message: String, quote: String?)] = []

    /// In an excerpt, the first headings of each level are not skips: the text began after
    /// the headings before them.
    init(_ outline: Outline, excerpt: Bool = false) {
        var anyLevel1 = false, anyLevel2 = false
        var level1 = 0
        // The level-2 numbers met in the current level-1 section: a set, and the last one.
        var seen2: Set<Int> = []
        var last2: Int?
        var last3 = 0
        var nested: (last: Int, count: Int)?
        for heading in outline.headings {
            switch heading.style {
            case 1:
                if let run = nested, heading.number == run.last + 1 {
                    nested = (heading.number, run.count + 1)
                } else if !seen2.isEmpty && heading.number <= level1 {
                    // 「一、」 again inside a level-2 section: a level-1 style used for a lower level.
                    nested = (heading.number, 1)
                    levelReuse.append((heading.offset, "「\(heading.label)\(heading.title)」在「（\(ChineseNumeral.text(last2 ?? 0))）」之内又用了一级标题的序号样式，应改用「1.」或「（1）」", heading.label))
                } else {
                    if heading.number > level1 + 1, !excerpt || anyLevel1 { skips.append((heading.offset, "一级标题从「\(ChineseNumeral.text(level1))、」跳到「\(heading.label)」", heading.label)) }
                    nested = nil
                    level1 = heading.number
                    anyLevel1 = true
                    seen2 = []
                    last2 = nil
                    last3 = 0
                }
            case 2:
                nested = nil
                if seen2.contains(heading.number) {
                    duplicates.append((heading.offset, "二级标题「\(heading.label)」在同一节中重复出现（\(heading.title)）", heading.label))
                } else if heading.number > (last2 ?? 0) + 1, !excerpt || anyLevel1 || last2 != nil {
                    skips.append((heading.offset, "二级标题从「（\(ChineseNumeral.text(last2 ?? 0))）」跳到「\(heading.label)」", heading.label))
                }
                seen2.insert(heading.number)
                last2 = heading.number
                anyLevel2 = true
                last3 = 0
            case 3:
                if heading.number == last3 {
                    duplicates.append((heading.offset, "序号「\(heading.label)」重复出现", heading.label))
                } else if heading.number > last3 + 1, !excerpt || anyLevel2 || last3 != 0 {
                    skips.append((heading.offset, "序号从 \(last3) 跳到 \(heading.number)", heading.label))
                }
                last3 = heading.number
            default:
                break
            }
        }
    }
}

extension TextRule {
    /// The Markdown of `docs/text-rules.md`, generated from the catalogue so the two never drift.
    public static func markdown() -> String {
        var out = """
        # 文本审核规则 / Text rules of the audit

        `jixiao audit` 对报告纯文本运行的规则（另有 `docs/checks.md` 中适用于从文本读出的数字的规则：合计、同比、比率、人数、
        决算偏离预算、公务用车）。读取时拿不准之处报为 `reader.uncertain`（提示），绝不报为错误。每条规则的示例同时是测试。本文件由 `swift run jixiao rules --text --format markdown > docs/text-rules.md` 生成。

        The rules `jixiao audit` runs on a report's text (the figure rules of `docs/checks.md` run on the figures read
        from it). The examples are run as tests; this file is generated from the catalogue.

        | ID | 严重程度 | 类别 | 名称 |
        | --- | --- | --- | --- |

        """
        for rule in catalogue {
            out += "| `\(rule.id)` | \(rule.severity.rawValue) \(rule.severity.label) | \(rule.kind.label) | \(rule.title) |\n"
        }
        for rule in catalogue {
            out += "\n## \(rule.id)\n\n**\(rule.title)** — \(rule.severity.rawValue)（\(rule.severity.label)），\(rule.kind.label)\n\n\(rule.summary)\n"
            for (heading, examples) in [("触发", rule.triggering), ("不触发", rule.nonTriggering)] {
                for example in examples { out += "\n\(heading)：\n\n```text\n\(example)\n```\n" }
            }
        }
        return out
    }
}

/// 得分 — what a text that must be scored says of its score: a score stated in words, a grade,
/// a 得分 column and what its cells hold.
struct ScoreReading {
    let stated: Bool
    let grade: Range<Int>?
    let column: Int?
    let cells: ScoreCells?

    init(_ text: ReportText, _ figures: FigureScan) {
        stated = TextRule.statesScore(text.units)
        grade = stated ? nil : TextRule.statedGrade(text)
        column = stated ? nil : text.offset(of: "得分")
        cells = column.map { ScoreCells(text, figures, after: $0) }
    }
}

/// 得分栏 — what a form's score cells hold, told from the figures after its 「得分」 header as a
/// table flattened to text leaves them: cells split by 「|」 or set off by spaces.
struct ScoreCells {
    /// A weight followed by a figure no larger (「| 10 | 10 |」「8 8」): a score filled in.
    private(set) var filled = false
    /// A weight followed by an empty cell (「| 60 |\n|」) under a header whose 得分 is the column right
    /// after its 权重 (分值): a score left out.
    private(set) var emptyAfterWeight = false

    init(_ text: ReportText, _ scan: FigureScan, after header: Int) {
        let figures = scan.figures, units = text.units
        var before = header
        while before > 0, units[before - 1] == FigureScan.cell { before -= 1 }
        let weightBeside = before >= 2 && ["权重", "分值", "权数"].contains(text.string((before - 2)..<before))
        for k in figures.indices where figures[k].range.lowerBound > header && figures[k].unit == .bare {
            let weight = figures[k].number.value
            guard weight > 0, weight <= 100 else { continue }
            let end = figures[k].range.upperBound
            if k + 1 < figures.count, figures[k + 1].unit == .bare, figures[k + 1].number.value <= weight,
               units[end..<figures[k + 1].range.lowerBound].allSatisfy({ $0 == FigureScan.cell }),
               figures[k + 1].range.lowerBound - end <= 1
            {
                filled = true
            }
            if weightBeside, end + 1 < units.count, units[end] == FigureScan.cell, units[end + 1] == FigureScan.cell { emptyAfterWeight = true }
        }
    }
}
