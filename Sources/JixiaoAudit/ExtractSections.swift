import Foundation
import JixiaoCore

/// 报告提纲 — where each part of the evaluation file stands in the text, read from the report's
/// template: each heading of its outline is looked for by its words among the text's headings of
/// its level (「一、」 at level 1, 「（一）」 at level 2) wherever they stand in a line, each level-2
/// one below its level-1 heading where that is found; in a report that follows no template, at
/// any level where none stands at its own.
/// The headings of a table of contents are never taken for sections. A part runs from its heading
/// to the next heading of the outline found.
struct ReportSections {
    let template: TemplateOutline
    /// Each part found: from its heading to the next heading of the outline found.
    private var spans: [ReportPart: Range<Int>] = [:]
    /// Where each part's body begins, after its heading's words.
    private var bodies: [ReportPart: Int] = [:]
    /// Where the first heading of the outline found stands: the cover is before it.
    private(set) var outlineStart: Int?
    /// Where the final accounts begin inside the section that holds them with the budget.
    private var finalAccountsStart: Int?
    let count: Int

    /// With `strict`, a heading is taken only at its own number (「二、」 for the second level-1
    /// heading): the audit judges the figures of a report that follows no template only under
    /// headings it recognises with certainty.
    init(_ r: ExtractReader, _ reading: TemplateReading, strict: Bool) {
        let count = r.count
        self.count = count
        template = reading.outline
        let outline = reading.outline.headings, positions = reading.outline.positions
        let headings = r.streamHeadings.filter { !reading.contents.contains($0.offset) && !$0.isContentsEntry }
        var found: [Int: StreamHeading] = [:]
        var used: Set<Int> = []
        // A heading at its own level and number first (「二、」 for the second level-1 heading), so
        // that a task category 「一、加强评价工作」 is not taken for 「二、自评工作开展情况」; else one
        // at another number (a report that numbers an opening paragraph 「一、」 shifts the rest);
        // in a report that follows no template, else one at another level.
        let anyLevel = !strict && !reading.follows
        let wordUnits = reading.outline.wordUnits
        func take(_ index: Int, in range: Range<Int>, style: Int) {
            let words = wordUnits[index]
            func fits(_ h: StreamHeading) -> Bool { range.contains(h.offset) && !used.contains(h.offset) && r.title(of: h, holdsAny: words) }
            guard let h = headings.first(where: { $0.style == style && $0.number == positions[index] && fits($0) })
                ?? (strict ? nil : headings.first(where: { $0.style == style && fits($0) }) ?? (anyLevel ? headings.first(where: fits) : nil))
            else { return }
            found[index] = h
            used.insert(h.offset)
        }
        // Level 1 wherever it stands: a report may leave some out, or put its score first.
        for index in outline.indices where outline[index].level == 1 {
            take(index, in: 0..<count, style: 1)
        }
        let topStarts = found.values.map(\.offset).sorted()
        for index in outline.indices where outline[index].level == 2 {
            let parent = outline.firstIndex { $0.level == 1 && $0.top == outline[index].top }.flatMap { found[$0] }
            let range = parent.map { p in p.offset..<(topStarts.first { $0 > p.offset } ?? count) } ?? 0..<count
            take(index, in: range, style: 2)
        }
        let starts = found.values.map(\.offset).sorted()
        outlineStart = starts.first
        func end(_ start: Int) -> Int { starts.first { $0 > start } ?? count }
        for (index, h) in found {
            for part in outline[index].heading.parts ?? [] {
                spans[part] = h.offset..<end(h.offset)
                bodies[part] = r.bodyStart(of: h, words: outline[index].heading.words)
            }
        }
        // The text under a level-1 heading before its first level-2 heading found is that of its
        // first level-2 heading, when the report did not write that heading (「一、基本情况」 then
        // the unit's paragraph). With none of them written, a heading whose level-2 headings are
        // all optional (「四、其他需要说明的情况」) holds all their parts; one with required level-2
        // headings does not hand the rest its text: a part is read only under its own heading.
        for index in outline.indices where outline[index].level == 1 {
            guard let p = found[index] else { continue }
            let children = outline.indices.filter { outline[$0].level == 2 && outline[$0].top == outline[index].top }
            guard let first = children.first, found[first] == nil else { continue }
            let firstFound = children.compactMap { found[$0]?.offset }.min()
            let orphans = firstFound == nil && !children.contains(where: { outline[$0].heading.isRequired }) ? children : [first]
            for child in orphans {
                for part in outline[child].heading.parts ?? [] where spans[part] == nil {
                    spans[part] = p.offset..<(firstFound ?? end(p.offset))
                    bodies[part] = r.bodyStart(of: p, words: outline[index].heading.words)
                }
            }
        }
        // The final accounts, where one heading holds them with the budget, begin at their first words.
        if let budget = spans[.budget], spans[.finalAccounts] == budget {
            finalAccountsStart = r.find("(?:部门|本部门)?决算总收入|决算收入|[0-9]{4}年(?:度)?部门决算", in: budget)?.range.lowerBound
            if finalAccountsStart == nil { spans[.finalAccounts] = nil }
        }
    }

    /// The span of `part`, from its heading; the budget's ends where the final accounts begin.
    func span(_ part: ReportPart) -> Range<Int>? {
        guard var span = spans[part] else { return nil }
        if let f = finalAccountsStart {
            if part == .budget { span = span.lowerBound..<f }
            if part == .finalAccounts { span = f..<span.upperBound }
        }
        return span
    }

    /// The body of `part`: its span after its heading's words.
    func body(_ part: ReportPart) -> Range<Int>? {
        guard let span = span(part) else { return nil }
        let start = part == .finalAccounts && finalAccountsStart != nil ? span.lowerBound : min(max(bodies[part] ?? span.lowerBound, span.lowerBound), span.upperBound)
        return start..<span.upperBound
    }

    /// How the report's template names the heading of `part`, for what was not read.
    func name(_ part: ReportPart) -> String { template.name(of: part) }
}

/// A heading number of the first two levels where it stands in the stream, with the words after
/// it that may be its title.
struct StreamHeading {
    let offset: Int
    /// 1 for 「一、」, 2 for 「（一）」, and its number.
    let style: Int
    let number: Int
    /// The words after the number up to the first mark that ends a title (「。」「：」「，」), an item's
    /// number or the next heading number, and at most `ExtractReader.titleLength` units.
    let titleStart: Int
    let titleEnd: Int
    /// What ended the title: a mark, the next heading, or its length or an item's number.
    let stop: Stop
    enum Stop { case mark, next, other }
    /// The title is followed by a leader (「……」) or a page number: an entry of a table of contents.
    let isContentsEntry: Bool

}

extension ExtractReader {
    // MARK: 封面

    func cover(_ sections: ReportSections) -> Cover? {
        let span = 0..<(sections.outlineStart ?? min(count, 600))
        var cover = Cover()
        let yearHit = find("评价年度[：:]?([0-9]{4})年", in: span)
        if let yearHit {
            cover.year = int(yearHit, 1, path: "cover.year")
            if let a = find("^(附件[0-9]+)", in: 0..<yearHit.range.lowerBound) {
                cover.attachment = prose(a.groups[1]!)
                mark("cover.attachment", a.range.lowerBound)
                let titleSpan = a.range.upperBound..<yearHit.range.lowerBound
                if !titleSpan.isEmpty {
                    cover.title = prose(titleSpan)
                    mark("cover.title", titleSpan.lowerBound)
                }
            } else if yearHit.range.lowerBound > 0 {
                cover.title = prose(0..<yearHit.range.lowerBound)
                mark("cover.title", 0)
            }
        } else if let h = find("([0-9]{4})年度?部门整体支出绩效", in: span) {
            cover.year = int(h, 1, path: "cover.year")
        }
        if let h = find("评价单位[：:]?(.{1,60}?)(?=(?:[市县区省镇]级)?预算部门|填报日期|根据)", in: span) {
            cover.unitName = h[1]
            mark("cover.unit_name", h.start(1))
        }
        if let h = find("((?:[市县区省镇]级)?预算部门(?:单位)?[（(]公章[）)])", in: span) {
            cover.sealLabel = h[1]
            mark("cover.seal_label", h.start(1))
        }
        if let h = find("填报日期[：:]?([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日", in: span),
           let y = Int(h[1]!), let m = Int(h[2]!), let d = Int(h[3]!)
        {
            cover.filledOn = CalendarDate(year: y, month: m, day: d)
            mark("cover.filled_on", h.start(1))
        }
        if let h = find("根据(.{2,30}?)《([^》]{1,80})》[（(]([^（）()]{1,20}?[〔【\\[][0-9]{4}[〕】\\]][0-9]+号)[）)]", in: span) {
            var notice = Notice()
            notice.issuer = h[1]
            notice.title = prose(h.groups[2]!)
            notice.number = h[3]
            mark("cover.notice.issuer", h.start(1))
            mark("cover.notice.title", h.start(2))
            mark("cover.notice.number", h.start(3))
            cover.notice = notice
            // The opening paragraph: from 「根据」 to the sentence announcing the report.
            let openEnd = find("如下[：:]", in: h.range.lowerBound..<span.upperBound)?.range.upperBound
                ?? span.upperBound
            let opening = prose(h.range.lowerBound..<openEnd)
            cover.opening = [opening]
            mark("cover.opening[0]", h.range.lowerBound)
            if opening.contains("（单位名称）") || opening.contains("(单位名称)") {
                note("cover.opening[0]", "开头段落留有模板占位符「（单位名称）」")
            }
        } else {
            missing("封面：未找到所依据的财政局通知及文号")
        }
        if cover.year == nil { missing("封面：未找到评价年度") }
        if cover.unitName == nil { missing("封面：未找到评价单位") }
        return cover == Cover() ? nil : cover
    }

    // MARK: 一（一） 单位基本情况

    func unitProfile(_ sections: ReportSections, unitName: String?) -> UnitProfile? {
        guard let span = sections.span(.unit) else {
            missing(.unit, "未找到该部分")
            return nil
        }
        var unit = UnitProfile()
        if let unitName {
            unit.name = unitName
            if let l = locations["cover.unit_name"] { locations["unit.name"] = l }
        }
        let body = string(span)
        if let h = find("(参照公务员(?:法)?管理|参公)", in: span) {
            unit.civilServiceManaged = true
            mark("unit.civil_service_managed", h.range.lowerBound)
        }
        // The explicit 「属于…单位」 wins over words met elsewhere in the paragraph.
        let typeWords: [(String, UnitType)] = [("群团", .massOrganisation), ("事业", .institution), ("行政", .administrative)]
        if let h = find("属于[^，。]{0,6}?(群团|事业|行政)", in: span) {
            unit.type = typeWords.first { $0.0 == h[1] }?.1
            mark("unit.type", h.start(1))
        } else if let (word, type) = typeWords.first(where: { body.contains($0.0 + "单位") || body.contains($0.0 + "机关") || body.contains($0.0 + "组织") }) {
            unit.type = type
            mark("unit.type", find(word, in: span)?.range.lowerBound)
        } else if unit.civilServiceManaged == true {
            unit.type = .administrative
            note("unit.type", "报告只称参照公务员管理，单位类型按行政单位读取")
        }
        if let h = find("主要职责(?:是|为|有)?[：:]?(.{1,600}?)。", in: span), let listSpan = h.groups[1] {
            let items = findAll("[0-9]{1,2}[、.．](.{1,200}?)(?=[;；，,]?[0-9]{1,2}[、.．]|$)", in: listSpan)
            if items.count >= 2 {
                unit.duties = items.compactMap { $0.groups[1] }.map { Self.trimPunctuation(prose($0)) }
                for (i, item) in items.enumerated() { mark(FieldPath("unit.duties")[i], item.start(1)) }
            } else {
                unit.duties = [Self.trimPunctuation(prose(listSpan))]
                mark("unit.duties[0]", listSpan.lowerBound)
            }
        } else {
            missing(.unit, "未读出主要职责")
        }
        if let h = find("由([0-9]+|[一二三四五六七八九十]+)个(?:职能部门|内设机构|内设部门|股室|科室|部门)[（(](.{1,120}?)[）)]组成", in: span) {
            let names = h[2]!.split(whereSeparator: { "、，,".contains($0) }).map(String.init)
            unit.departments = names
            mark("unit.departments", h.start(2))
            if let n = Int(h[1]!) ?? ChineseNumeral.value(h[1]!), n != names.count {
                note("unit.departments", "报告称 \(n) 个职能部门，括号内列出 \(names.count) 个")
            }
        } else if let h = find("内设(?:机构|股室|科室)(?:有)?[：:]?(.{1,200}?)(?:等)?[。；]", in: span) {
            unit.departments = h[1]!.split(whereSeparator: { "、，,".contains($0) }).map(String.init)
            mark("unit.departments", h.start(1))
        } else {
            missing(.unit, "未读出内设机构")
        }
        if let h = find("无(?:下属|所属|二级)(?:预算)?单位", in: span) {
            unit.subordinateUnits = []
            mark("unit.subordinate_units", h.range.lowerBound)
        } else if find("下属(?:预算)?单位", in: span) != nil {
            missing(.unit, "提到下属单位，但未读出其名单")
        }
        if let h = find("(本级|汇总)预算", in: span) {
            unit.budgetLevel = h[1] == "本级" ? .ownLevel : .consolidated
            mark("unit.budget_level", h.start(1))
        }
        return unit == UnitProfile() ? nil : unit
    }

    // MARK: 一（一） 人员构成情况

    func staffing(_ sections: ReportSections) -> Staffing? {
        guard let span = sections.span(.staffing) else { return nil }
        var staffing = Staffing()
        let supportedHit = find("(?:财供人员|财政供养人员|财政供给人员)(?:共|总数|为)*([0-9]+)(?:人|名)", in: span)
        // The total, not one kind's posts: 「共有行政编制4个,参公事业编制2个」 states no total.
        if let h = find("(?:现有|核定)?(?<!行政|事业|工勤|参公|全额|差额|自收自支|政法专项)编制(?:数|总数)?(?:为|共)?([0-9]{1,9})(?:名|人|个)", in: span) {
            var authorized = Headcount()
            authorized.total = int(h, 1, path: "staffing.authorized.total")
            // The parts of the authorised count end where the supported count's sentence begins, when
            // it comes after them.
            let end = supportedHit.flatMap { $0.range.lowerBound >= h.range.upperBound
                    ? sentenceStart(before: $0.range.lowerBound, floor: h.range.upperBound) : nil }
                ?? (find("。(?!其中|[^，。]{0,6}编)", in: h.range.upperBound..<span.upperBound)?.range.lowerBound ?? span.upperBound)
            let parts = headcountParts(h.range.upperBound..<end, word: "(?:名|人|个)", path: "staffing.authorized.parts", retiredPossible: false)
            // 在职、离退休、遗属 count people, not posts: such a list is no breakdown of the 编制.
            if !parts.isEmpty, !parts.contains(where: { part in ReportWords.personStatuses.contains { part.kind.includes($0) } }) {
                authorized.parts = parts
            }
            staffing.authorized = authorized
        } else {
            missing(.staffing, "未读出编制数")
        }
        if let h = supportedHit {
            var supported = Headcount()
            supported.total = int(h, 1, path: "staffing.supported.total")
            let end = find("。", in: h.range.upperBound..<span.upperBound)?.range.lowerBound ?? span.upperBound
            let parts = headcountParts(h.range.upperBound..<end, word: "(?:人|名)", path: "staffing.supported.parts", retiredPossible: true)
            if !parts.isEmpty { supported.parts = parts }
            staffing.supported = supported
        } else {
            missing(.staffing, "未读出财政供养人员数")
        }
        if let h = find("实(?:际)?有?在职(?:人员|人数)(?:为|共)?([0-9]+)(?:人|名)", in: span) {
            staffing.inService = int(h, 1, path: "staffing.in_service")
        }
        if let h = find("控制率(?:为)?([0-9]+(?:\\.[0-9]+)?)%", in: span) {
            staffing.controlRate = try? Percent.parse(h[1]! + "%")
            mark("staffing.control_rate", h.start(1))
        }
        return staffing == Staffing() ? nil : staffing
    }

    /// The offset where the sentence containing `offset` begins (after the last 。 before it), never
    /// before `floor`.
    func sentenceStart(before offset: Int, floor: Int) -> Int {
        var i = max(offset, floor)
        while i > floor, units[i - 1] != Unit.fullStop { i -= 1 }
        return i
    }

    /// 「其中行政编制 9 名。工勤编 2 名」 → kinds and counts.
    func headcountParts(_ span: Range<Int>, word: String, path: FieldPath, retiredPossible: Bool) -> [HeadcountPart] {
        var parts: [HeadcountPart] = []
        for h in findAll("([^，,。；;：:0-9]{2,12}?)([0-9]+)" + word, in: span) {
            var kind = h[1]!
            for lead in ["其中", "另有", "原有", "现有", "包括", "有"] where kind.hasPrefix(lead) {
                kind.removeFirst(lead.count)
            }
            if kind.isEmpty { continue }
            // 「工勤编」 is the short form of 工勤编制.
            if kind.hasSuffix("编") { kind += "制" }
            // A run of digits too long for a count is no head count.
            guard let count = Int(h[2]!) else { continue }
            var status: PersonStatus?
            if retiredPossible {
                status = kind.includes("离休") ? .veteranRetired : kind.includes("退休") ? .retired : .inService
            }
            mark((path[parts.count]) / "count", h.start(2))
            mark((path[parts.count]) / "kind", h.start(1))
            parts.append(HeadcountPart(kind: kind, count: count, status: status))
        }
        return parts
    }

    // MARK: 一（三） 绩效目标

    func performanceGoals(_ sections: ReportSections) -> [String]? {
        guard let body = sections.body(.performanceGoals) else {
            missing(.performanceGoals, "未找到该部分")
            return nil
        }
        let paragraphs = self.paragraphs(body)
        for (i, p) in paragraphs.enumerated() { mark(FieldPath("performance_goals")[i], p.lowerBound) }
        return paragraphs.isEmpty ? nil : paragraphs.map(prose)
    }

    // MARK: 自评工作开展情况, 自评结果

    func selfEvaluation(_ sections: ReportSections) -> SelfEvaluation? {
        var result = SelfEvaluation()
        if let s = sections.span(.team) {
            var team = EvaluationTeam()
            if let h = find("(?:小组)?成员(?:共|有)?([0-9]+)(?:人|名)", in: s) {
                team.members = int(h, 1, path: "self_evaluation.team.members")
            }
            if let h = find("由(.{1,100}?)(?:等)?组成", in: s) {
                team.composition = prose(h.groups[1]!)
                mark("self_evaluation.team.composition", h.start(1))
            }
            if let h = find("办公室设在(.{1,60}?)[，,。；;]", in: s) {
                team.office = h[1]
                mark("self_evaluation.team.office", h.start(1))
            }
            if let h = find("职责(?:是|为)[：:]?", in: s) {
                team.duties = prose(h.range.upperBound..<s.upperBound)
                mark("self_evaluation.team.duties", h.range.upperBound)
            }
            result.team = team
        } else {
            missing(.team, "未找到")
        }
        for part in [ReportPart.process, .submission, .disclosure] {
            guard let b = sections.body(part), !b.isEmpty else { continue }
            mark(part.path[0], b.lowerBound)
            switch part {
            case .process: result.process = [prose(b)]
            case .submission: result.submission = [prose(b)]
            default: result.disclosure = [prose(b)]
            }
        }
        if let b = sections.body(.result) {
            var outcome = EvaluationResult()
            if let h = find("^(.{1,300}?)(?=[（(]|[。；]|[、，,]自评分数)", in: b) {
                outcome.judgement = prose(h.range)
                mark("self_evaluation.result.judgement", h.range.lowerBound)
            }
            if let h = find("([0-9]+(?:\\.[0-9]+)?)分", in: b) {
                outcome.score = StatedNumber(parsing: h[1]!)
                mark("self_evaluation.result.score", h.start(1))
            } else {
                note("self_evaluation.result.score", "报告未给出自评分数")
            }
            if let h = find("等级(?:为|是|评定为)?[：:]?[“\"「]?(优秀|良好|中等|合格|较差|不合格|优|良|中|差)", in: b) {
                outcome.grade = Grade(word: h[1]!)
                mark("self_evaluation.result.grade", h.start(1))
            } else {
                note("self_evaluation.result.grade", "报告未给出自评等级")
            }
            if outcome != EvaluationResult() { result.result = outcome }
        } else {
            missing(.result, "未找到该部分")
        }
        return result == SelfEvaluation() ? nil : result
    }

    // MARK: 三（二） 指标分析

    /// What separates indicator names in a list, and what an indicator's name ends with.
    private static let listSeparators = UnitSet("、，,")
    private static let indicatorNameEnds = UnitSet("率度性数量")

    func indicators(_ sections: ReportSections) -> [IndicatorResult]? {
        guard let body = sections.body(.indicators) else {
            missing(.indicators, "未找到该部分")
            return nil
        }
        // 「1. 预算执行率：目标值 100%，实际完成 98.6%。」: one indicator per numbered item.
        let items = numberedItems(body)
        if !items.isEmpty { return numberedIndicators(items) }
        // 「A、B、C…均达到良好」: one conclusion for the whole list.
        guard let h = find("(.{1,300}?)(?:等(?:指标)?)?均(达到|为|已|实现|完成)(.{0,200}?)(?=[。；;]|$)", in: body), let list = h.groups[1] else {
            if !body.isEmpty { missing(.indicators, "未读懂指标及其值") }
            return nil
        }
        let analysis = h[2]! + h[3]!
        // Split on 、 and at line breaks that stand in for a missing 、 (the PDF dropped it).
        var names: [(String, Int)] = []
        var cut = list.lowerBound
        for i in list {
            if Self.listSeparators.contains(units[i]) {
                if i > cut { names.append((string(cut..<i), cut)) }
                cut = i + 1
            } else if i > cut, lineStartSet.contains(i), Self.indicatorNameEnds.contains(units[i - 1]), i - cut >= 3 {
                names.append((string(cut..<i), cut))
                note(FieldPath("indicators")[names.count - 1] / "name", "指标名称「\(string(cut..<i))」后缺少顿号，按换行拆分")
                cut = i
            }
        }
        if cut < list.upperBound { names.append((string(cut..<list.upperBound), cut)) }
        var result: [IndicatorResult] = []
        for (i, (name, at)) in names.enumerated() {
            var indicator = IndicatorResult(name: name)
            indicator.analysis = analysis
            mark(FieldPath("indicators")[i] / "name", at)
            result.append(indicator)
        }
        return result.isEmpty ? nil : result
    }

    /// A stated quantity after one of `labels`: 「目标值 100%」「实际完成 98.6%」「30 家」.
    static let quantityUnit = "(%|个|家|人|次|场|项|篇|期|天|日|万元|元|分)?"

    func numberedIndicators(_ items: [(number: Int, span: Range<Int>)]) -> [IndicatorResult] {
        var result: [IndicatorResult] = []
        for (i, item) in items.enumerated() {
            let path = FieldPath("indicators")[i]
            let nameEnd = find("[：:，,（(。；;]", in: item.span)?.range.lowerBound ?? item.span.upperBound
            var indicator = IndicatorResult(name: Self.trimPunctuation(prose(item.span.lowerBound..<nameEnd)))
            mark(path / "name", item.span.lowerBound)
            let number = "([0-9]+(?:\\.[0-9]+)?)"
            if let t = find("(?:目标值|指标值|目标)(?:为|是)?[：:]?[≥≤>＞]?" + number + Self.quantityUnit, in: item.span) {
                indicator.target = try? Quantity.parse(t[1]! + (t[2] ?? ""))
                mark(path / "target", t.start(1))
            }
            if let a = find("(?:实际完成值|实际完成|完成值|实际值|实际)(?:为|是|了)?[：:]?" + number + Self.quantityUnit, in: item.span) {
                indicator.actual = try? Quantity.parse(a[1]! + (a[2] ?? ""))
                mark(path / "actual", a.start(1))
            }
            if let p = find("分值(?:为)?[：:]?" + number, in: item.span) {
                indicator.points = StatedNumber(parsing: p[1]!)
                mark(path / "points", p.start(1))
            }
            if let sc = find("得分(?:为)?[：:]?" + number, in: item.span) {
                indicator.score = StatedNumber(parsing: sc[1]!)
                mark(path / "score", sc.start(1))
            }
            let rest = Self.trimPunctuation(prose(nameEnd..<item.span.upperBound))
            if !rest.isEmpty { indicator.analysis = rest }
            if indicator.target == nil && indicator.actual == nil {
                note(path, "指标「\(indicator.name)」未读出目标值和实际完成值")
            }
            result.append(indicator)
        }
        return result
    }

    // MARK: 三（三） 存在问题, 三（四） 改进措施

    /// Numbered items 「1. …」 of a part, numbered from 1 without a gap, each up to the next.
    func numberedItems(_ span: Range<Int>) -> [(number: Int, span: Range<Int>)] {
        var markers: [Hit] = []
        var position = span.lowerBound
        while let h = numberMarker(markers.count + 1, in: position..<span.upperBound) {
            markers.append(h)
            position = h.range.upperBound
        }
        return markers.enumerated().map { k, h in
            let end = k + 1 < markers.count ? markers[k + 1].range.lowerBound : span.upperBound
            return (k + 1, h.range.upperBound..<end)
        }
    }

    func problems(_ sections: ReportSections) -> [Problem]? {
        guard let body = sections.body(.problems) else {
            missing(.problems, "未找到该部分")
            return nil
        }
        let items = numberedItems(body)
        guard !items.isEmpty else {
            missing(.problems, "未读出编号的问题")
            return nil
        }
        return items.enumerated().map { i, item in
            let titleEnd = find("。", in: item.span)?.range.lowerBound ?? item.span.upperBound
            let title = Self.trimPunctuation(prose(item.span.lowerBound..<titleEnd))
            let rest = Self.trimPunctuation(prose(min(titleEnd + 1, item.span.upperBound)..<item.span.upperBound))
            mark(FieldPath("problems")[i] / "title", item.span.lowerBound)
            return Problem(title: title, explanation: rest.isEmpty ? nil : rest)
        }
    }

    func improvements(_ sections: ReportSections) -> [Improvement]? {
        guard let b = sections.body(.improvements) else {
            missing(.improvements, "未找到该部分")
            return nil
        }
        let items = numberedItems(b)
        if items.isEmpty {
            guard !b.isEmpty else { return nil }
            mark("improvements[0].measure", b.lowerBound)
            return [Improvement(measure: prose(b))]
        }
        return items.enumerated().map { i, item in
            mark(FieldPath("improvements")[i] / "measure", item.span.lowerBound)
            return Improvement(measure: Self.trimPunctuation(prose(item.span)))
        }
    }

    func otherMatters(_ sections: ReportSections) -> [String]? {
        guard let body = sections.body(.otherMatters) else { return nil }
        let paragraphs = self.paragraphs(body)
        for (i, p) in paragraphs.enumerated() { mark(FieldPath("other_matters")[i], p.lowerBound) }
        return paragraphs.isEmpty ? nil : paragraphs.map(prose)
    }
}
