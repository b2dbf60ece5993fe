import JixiaoCore

/// 模板提纲 — a template's outline walked once: its headings with their numbers, and every word
/// that names one of them. Recognising a report's template asks these for every heading of the
/// report, so they are not walked again per heading (`ReportTemplate.outline` walks the tree).
struct TemplateOutline: Sendable {
    let template: ReportTemplate
    /// The outline's headings in order (`ReportTemplate.outline`).
    let headings: [NumberedHeading]
    /// Each heading's number among its siblings (4 for 「（四）」), in outline order.
    let positions: [Int]
    /// Every heading's words, to tell whether a report's heading names one of the template's.
    let words: [String]
    /// Each heading's words as UTF-16 units, in outline order, for finding them in the stream.
    let wordUnits: [[[UInt16]]]

    init(_ template: ReportTemplate) {
        self.template = template
        headings = template.outline
        var counters: [Int] = []
        positions = headings.map { entry in
            counters = Array(counters.prefix(entry.level)) + [Int](repeating: 0, count: max(0, entry.level - counters.count))
            counters[entry.level - 1] += 1
            return counters[entry.level - 1]
        }
        words = headings.flatMap(\.heading.words)
        wordUnits = headings.map { $0.heading.words.map { Array($0.utf16) } }
    }

    /// The built-in templates, walked once per process.
    static let builtIn = BuiltInTemplates.all.map(TemplateOutline.init)

    /// The heading that holds `part`, as its number and title (「一（四）部门整体支出情况」), else
    /// the part's own name: how what was not read is named to the user.
    func name(of part: ReportPart) -> String {
        guard let entry = headings.first(where: { $0.heading.parts?.contains(part) == true }) else { return part.label }
        return entry.number + entry.heading.title
    }
}

/// 模板识别 — the template a report is read by: the one chosen, else the built-in one its headings
/// follow, else (to name it in a note) the nearest; whether the headings show it; and the headings
/// of a table of contents, which name sections without being them.
struct TemplateReading: Sendable {
    let outline: TemplateOutline
    let follows: Bool
    let isChosen: Bool
    /// The offsets of the report's headings that stand in a table of contents.
    let contents: Set<Int>

    var template: ReportTemplate { outline.template }

    init(_ headings: Outline, chosen: ReportTemplate?) {
        let candidates = chosen.map { [TemplateOutline($0)] } ?? TemplateOutline.builtIn
        let readings = OutlineMatch.matches(headings, candidates)
        // The nearest: most headings at their own place, then most headings named; the default on a tie.
        let nearest = readings.indices.max { a, b in
            (readings[a].atPlace, readings[a].named, candidates[a].template.id == BuiltInTemplates.standardID ? 1 : 0)
                < (readings[b].atPlace, readings[b].named, candidates[b].template.id == BuiltInTemplates.standardID ? 1 : 0)
        }!
        outline = candidates[nearest]
        follows = readings[nearest].follows
        isChosen = chosen != nil
        let entries = Self.contentsEntries(headings.headings)
        contents = Set(entries.map { headings.headings[$0].offset })
    }

    /// The headings of a table of contents: a run of headings alone on their lines, each on the
    /// line after the one before, that holds two or more level-1 headings.
    static func contentsEntries(_ headings: [Heading]) -> Set<Int> {
        var entries: Set<Int> = []
        var run: [Int] = []
        func close() { if run.count(where: { headings[$0].style == 1 }) >= 2 { entries.formUnion(run) } }
        for i in headings.indices {
            guard headings[i].standsAlone else {
                close()
                run = []
                continue
            }
            if let last = run.last, headings[i].location.line == headings[last].location.line + 1 {
                run.append(i)
            } else {
                close()
                run = [i]
            }
        }
        close()
        return entries
    }
}

/// How far a report's headings follow a template's outline.
struct OutlineMatch {
    /// Level-1 headings, and headings below a recognised level-1 one, whose number and words are the template's.
    var parts = 0, atPlace = 0
    /// Headings below a recognised level-1 one whose words are not those of the template's heading at their number.
    var offPlace = 0
    /// Headings whose words name one of the template's.
    var named = 0
    /// The template's level-1 heading the report's last level-1 heading is, if any.
    private var current: TemplateHeading?

    /// The headings follow the template: two of its level-1 headings at their own numbers, or
    /// one with two of its headings at their own numbers under it, and no more headings under
    /// them off their place than at it. A report on another template (Hunan's 「一、基本情况
    /// （一）部门整体支出概况」, whose level-1 words 湛江's share) is not judged by it.
    var follows: Bool { (parts >= 2 || (parts == 1 && atPlace >= 3)) && offPlace <= atPlace - parts }

    /// The match of each template, the report's headings read once for all of them.
    static func matches(_ outline: Outline, _ templates: [TemplateOutline]) -> [OutlineMatch] {
        var matches = [OutlineMatch](repeating: OutlineMatch(), count: templates.count)
        for heading in outline.headings where heading.style <= 2 {
            let title = heading.title
            let names = { (h: TemplateHeading) in h.words.contains { title.includes($0) } }
            for (t, template) in templates.enumerated() {
                matches[t].read(heading, names: names, in: template)
            }
        }
        return matches
    }

    private mutating func read(_ heading: Heading, names: (TemplateHeading) -> Bool, in template: TemplateOutline) {
        let top = template.template.headings
        if heading.style == 1 {
            current = top.indices.contains(heading.number - 1) && names(top[heading.number - 1]) ? top[heading.number - 1] : nil
            if current != nil { parts += 1; atPlace += 1 }
        } else if let below = current?.headings {
            if below.indices.contains(heading.number - 1), names(below[heading.number - 1]) { atPlace += 1 } else { offPlace += 1 }
        }
        if template.words.contains(where: { heading.title.includes($0) }) { named += 1 }
    }
}
