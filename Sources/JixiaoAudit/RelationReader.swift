import Foundation
import JixiaoCore

/// 数量关系 — a relation between figures read from a published text, wherever it stands: a
/// total and its parts, a year-on-year change, a share, spending against the budget.
///
/// The relations are local in the phrasing («合计 X，其中：A a，B b», «比上年减少 X，下降 p%»,
/// «占 p%»), shared by budget and final-accounts explanations, “三公” notes and self-evaluations
/// across the country, so they are read in any section of any kind of document, and in an
/// excerpt. The judging is the catalogue's (`SumRelation`, `YearOnYearStatement`,
/// `RatioRelation`), by the stated precision.
struct TextRelation {
    enum Shape {
        case sum(SumRelation)
        /// Parts and total that are counts (人, 个, 辆): exact.
        case count(label: String, total: Int, parts: [Int], people: Bool)
        case yearOnYear(YearOnYearStatement)
        case ratio(RatioRelation)
        /// Weights or scores (分) and the 总分 row that adds them up, each by its stated precision.
        case points(label: String, total: StatedNumber, parts: [StatedNumber])
    }

    var shape: Shape
    /// Where a finding on it is placed: the total, the stated rate.
    var offset: Int
    /// Why the reader is not sure the figures belong together, when it is not: a finding is then
    /// only a note, never an error.
    var doubt: String?
    /// The doubt is said even where the figures agree: a rate on a zero base, opposite directions.
    var notedEvenIfHolding = false
    /// Known to hold when read (a sum checked on the way), so not judged again.
    var holds = false
    /// Where the figure it is about stands (a change's subject), when not at `offset`: the
    /// outline's reading places the same relation there.
    var subjectOffset: Int?

    /// Its figures and the intervals their stated precision allows, in the words of the text.
    var figures: String {
        func span(_ i: Interval) -> String { "[\(i.lower), \(i.upper)]" }
        switch shape {
        case let .sum(sum):
            let parts = sum.parts.map(\.amount.description).joined(separator: " + ")
            return "\(sum.label)：\(parts)，合计 \(sum.total.amount)；各项之和在 \(span(Interval.sum(sum.parts.map(\.interval)))) 元之间，合计在 \(span(sum.total.interval)) 元之间"
        case let .count(label, total, parts, _):
            return "\(label)：\(parts.map(String.init).joined(separator: " + ")) = \(parts.reduce(0, +))，合计 \(total)"
        case let .yearOnYear(statement):
            let figure = statement.figure
            var text = "\(statement.label)：本年 \(figure.amount)"
            if let last = figure.lastYear { text += "，\(statement.baseWord) \(last)" }
            if let change = figure.change { text += "，增减 \(change.amount)" }
            if let growth = figure.growth { text += "，增减率 \(growth)" }
            return text
        case let .ratio(ratio):
            return "\(ratio.label)：填报 \(ratio.stated)，分子在 \(span(ratio.numerator)) 之间，分母在 \(span(ratio.denominator)) 之间"
        case let .points(label, total, parts):
            return "\(label)：\(parts.map(\.description).joined(separator: " + "))，合计 \(total)；各项之和在 \(span(Interval.sum(parts.map(Self.points)))) 之间"
        }
    }

    /// What kind of relation it is, as a reviewer names it.
    var kindLabel: String {
        switch shape {
        case .sum: "合计与分项"
        case let .count(_, _, _, people): people ? "人数与分项" : "合计与分项"
        case let .yearOnYear(statement): statement.baseWord == "预算" ? "与预算相比的增减" : "同比增减"
        case .ratio: "比率"
        case .points: "分值与得分合计"
        }
    }

    /// What a weight or score stands for: points are given whole (「30」 is 30), while 「9.6」 may be rounded.
    static func points(_ n: StatedNumber) -> Interval { n.decimals == 0 ? Interval(exactly: n.value) : n.interval }

    /// The rule that judges it.
    var rule: String {
        switch shape {
        case .sum: "sum.mismatch"
        case let .count(_, _, _, people): people ? "staffing.mismatch" : "sum.mismatch"
        case .points: "sum.mismatch"
        case .yearOnYear: "yoy.mismatch"
        case .ratio: "ratio.mismatch"
        }
    }
}

/// Assembles the relations of a report's figures (`FigureScan`).
struct RelationReader {
    private(set) var relations: [TextRelation] = []
    private let scan: FigureScan
    private let figures: [TextFigure]

    init(_ scan: FigureScan, _ report: ReportText) {
        self.scan = scan
        figures = scan.figures
        readTables(report)
        readZeroTotals(report)
        readRateCells(report)
        readTableColumns(report)
        readLists()
        readComparisons()
        readShares()
        readCompletions()
    }

    /// The figure a clause is about, before figure `k`: in its sentence at its bracket depth or
    /// shallower, else (when `k` opens its sentence) in the sentence before under the same item.
    private func subject(before k: Int, matching unit: FigureUnit? = nil, naming term: String? = nil) -> Int? {
        guard k > 0 else { return nil }
        let here = k < figures.count ? figures[k] : figures[k - 1]
        func fits(_ f: TextFigure) -> Bool {
            f.role == .subject && f.depth <= here.depth && (unit.map { Self.sameFamily($0, f.unit) } ?? true)
        }
        var j = k - 1
        while j >= 0, figures[j].sentence == here.sentence {
            if fits(figures[j]) { return j }
            j -= 1
        }
        // Beyond its own sentence, a figure is taken only under the same item, within two
        // sentences: the one that names the same thing, or where the clause names nothing
        // (「…382.17万元，为…资金。较2020年度决算数减少…」), the first the sentence before is about.
        var candidate: Int?
        while j >= 0 {
            let f = figures[j]
            if here.sentence - f.sentence > 2 || f.item != here.item { break }
            if let term {
                if fits(f), ReportWords.term(f.label) == term { return j }
            } else {
                if f.sentence < here.sentence - 1, candidate != nil { break }
                if fits(f), f.sentence == here.sentence - 1 || candidate == nil { candidate = j }
            }
            j -= 1
        }
        return term == nil ? candidate : nil
    }

    static func sameFamily(_ a: FigureUnit, _ b: FigureUnit) -> Bool {
        switch (a, b) {
        case (.money, .money), (.percent, .percent): true
        case let (.count(x), .count(y)): x == y
        default: false
        }
    }

    // MARK: Totals and parts

    /// 「合计 X，其中：A a，B b」, 「分别为」, 「（包括：…）」: the parts are the first figure of each
    /// item after the marker, items being split by the break met before the second one; the list
    /// ends at a stronger break, at a nested list, at its bracket's end or at a heading.
    private mutating func readLists() {
        var f = 0
        for (m, marker) in scan.listMarkers.enumerated() {
            while f < figures.count, figures[f].range.lowerBound < marker.offset { f += 1 }
            guard f < figures.count, f > 0 else { continue }
            // The total: the figure the sentence (or the one before, for 「。其中：」) is about.
            guard var t = subject(before: f), figures[t].unit.isMoney || figures[t].unit.isCount,
                  figures[t].sentence == marker.sentence || marker.opensSentence
            else { continue }
            let total = figures[t]
            var nested = scan.listMarkers[(m + 1)...].first { $0.depth == marker.depth }?.offset ?? Int.max
            var parts: [Int] = []
            var separator: Break?
            var since = Break.none  // the strongest break since the last part
            var k = f
            while k < figures.count {
                var g = figures[k]
                // A list nested in an item (「…维护费6.21万元,其中公务用车购置费0万元,…;公务接待费2.44万元」) is
                // the item's own: the list goes on at the next break as strong as its own separator.
                if g.range.lowerBound > nested, let sep = separator, g.depth == marker.depth {
                    while k < figures.count, figures[k].breakBefore < sep, figures[k].breakBefore != .heading { k += 1 }
                    guard k < figures.count, figures[k].breakBefore == sep else { break }
                    g = figures[k]
                    nested = scan.listMarkers.first { $0.offset > g.range.lowerBound && $0.depth == marker.depth }?.offset ?? Int.max
                    since = .none
                }
                if g.depth < marker.depth || g.range.lowerBound > nested || g.breakBefore == .heading { break }
                since = max(since, g.breakBefore)
                if let sep = separator, g.breakBefore > sep { break }
                if g.depth == marker.depth, g.role == .subject, Self.sameFamily(g.unit, total.unit) {
                    if let last = parts.last {
                        // A part begins an item: after a break as strong as the one between the
                        // first two, and not far from the part before.
                        // Items worded alike (「公务接待费2016年预算」「公务车辆运行2016年预算」) stay one list
                        // across the sentences of their comments.
                        if figures[last].sentence + 2 < g.sentence, ReportWords.sharedEnding(figures[parts[0]].label, g.label) < 4 { break }
                        if separator == nil { separator = max(since, .enumeration) }
                        if since >= separator! { parts.append(k); since = .none }
                    } else {
                        parts.append(k)
                        since = .none
                    }
                } else if parts.isEmpty, g.depth == marker.depth, g.role != .subject {
                    // 「其中：公务接待费减少0.26万元」: a list of changes, not of parts.
                    break
                }
                k += 1
            }
            guard parts.count >= 2 else { continue }
            // A list cut short at a comma: the figures after it in the sentence that make up the total are its last items.
            parts += rest(of: parts, total: t, sentence: marker.sentence)
            // 「全年预算数为20.00万元,支出决算为15.32万元。其中:…」: where the sentence before states several
            // amounts, the total is the one the parts make; with none, the list is only noted.
            var ambiguous = false
            if figures[t].sentence != marker.sentence {
                let candidates = figures.indices.filter { j in
                    figures[j].sentence == figures[t].sentence && figures[j].role == .subject && figures[j].depth == figures[t].depth
                        && Self.sameFamily(figures[j].unit, figures[t].unit)
                }
                if candidates.count > 1 {
                    if let fit = candidates.first(where: { makes(parts, $0) }) { t = fit } else { ambiguous = true }
                }
            }
            let holds = add(total: t, parts: parts, looseItems: separator == .period, ambiguous: ambiguous)
            if holds { lists.append((t, parts)) }
            // 「其中:1、接待费2016年预算8万元,2015年预算12.5万元;…2、车辆运行2016年预算25万元,2015年预算45.2万元」:
            // the year before's figures beside the total and each part make a list of their own, as
            // sure as this year's list that holds.
            let bases = ([t] + parts).map(baseBeside)
            if let baseTotal = bases[0], bases.dropFirst().allSatisfy({ $0 != nil }) {
                add(total: baseTotal, parts: bases.dropFirst().map { $0! }, looseItems: separator == .period && !holds)
            }
        }
    }

    /// The year before's figure stated right after figure `k` in its sentence: 「2016年预算8万元,2015年预算12.5万元」.
    private func baseBeside(_ k: Int) -> Int? {
        let next = k + 1
        guard next < figures.count, figures[next].sentence == figures[k].sentence, figures[next].role == .base,
              figures[next].unit == figures[k].unit else { return nil }
        return next
    }

    /// The subjects after the last part in the sentence, of the total's kind, whose values make up
    /// exactly what the parts leave of the total; none when no run of them does.
    private func rest(of parts: [Int], total t: Int, sentence: Int) -> [Int] {
        guard case .count = figures[t].unit, let last = parts.last else { return [] }
        let sum = parts.reduce(Decimal(0)) { $0 + figures[$1].number.value }
        guard sum < figures[t].number.value else { return [] }
        var more: [Int] = [], running = sum
        var k = last + 1
        while k < figures.count, figures[k].sentence == figures[last].sentence, more.count < 4 {
            guard figures[k].role == .subject, figures[k].unit == figures[t].unit, figures[k].depth == figures[last].depth else { k += 1; continue }
            more.append(k)
            running += figures[k].number.value
            if running == figures[t].number.value { return more }
            if running > figures[t].number.value { return [] }
            k += 1
        }
        return []
    }

    /// Adds the relation of a total and its parts; true when it holds, so that the list is
    /// certain enough to be the whole of its items' shares.
    /// Whether `parts` add up to figure `t`, by their stated precision.
    private func makes(_ parts: [Int], _ t: Int) -> Bool {
        if case .count = figures[t].unit { return parts.reduce(Decimal(0)) { $0 + figures[$1].number.value } == figures[t].number.value }
        guard let total = amount(t) else { return false }
        let stated = parts.compactMap { amount($0).map { StatedAmount(path: "text", amount: $0) } }
        return stated.count == parts.count && SumRelation(label: "", total: StatedAmount(path: "text", amount: total), parts: stated).holds
    }

    @discardableResult
    private mutating func add(total t: Int, parts: [Int], looseItems: Bool, ambiguous: Bool = false) -> Bool {
        let total = figures[t]
        let labels = parts.map { figures[$0].label }
        if case let .count(word) = total.unit {
            // Every part names the total's own kind (「编制人数42,其中:行政编制人数19、…自收自支编制人数13」):
            // the list is the total's breakdown to its last item, not read past its end.
            let namesTotal = ReportWords.term(total.label).map { term in labels.allSatisfy { $0.includes(term) } } ?? false
            let values = parts.map { NSDecimalNumber(decimal: figures[$0].number.value).intValue }
            let totalValue = NSDecimalNumber(decimal: total.number.value).intValue
            let sum = values.reduce(0, +)
            var doubt: String?
            if sum < totalValue, !ReportWords.isComplete(labels) { doubt = "「其中」所列 \(parts.count) 项之和 \(sum)\(word) 小于 \(totalValue)\(word)，可能只列出了部分" }
            // The list was read past its end when its first items make the total.
            if sum > totalValue, !namesTotal, (1..<values.count).contains(where: { values.prefix($0).reduce(0, +) == totalValue }) { return false }
            if sum != totalValue, looseItems { doubt = "分项各成一句，可能读入了不属于该合计的数字" }
            // 编制 counts posts; 在职、离退休、遗属、临时工 count people: a list of these is no breakdown of it.
            if sum != totalValue, total.label.includes("编制"), labels.contains(where: { label in ReportWords.personStatuses.contains { label.includes($0) } }) {
                doubt = "编制数与所列在职、离退休等人员不是同一口径，不作为其分项核对"
            }
            if sum != totalValue, ambiguous { doubt = Self.ambiguousTotal }
            relations.append(TextRelation(
                shape: .count(label: ReportWords.trimmedLabel(total.label), total: totalValue, parts: values, people: word == "人"),
                offset: total.range.lowerBound, doubt: doubt))
            return sum == totalValue
        }
        guard let totalAmount = amount(t) else { return false }
        let stated = parts.compactMap { k in amount(k).map { StatedAmount(path: "text", amount: $0) } }
        guard stated.count == parts.count else { return false }
        var relation = SumRelation(label: ReportWords.trimmedLabel(total.label), total: StatedAmount(path: "text", amount: totalAmount), parts: stated)
        var doubt: String?
        let holds = relation.holds
        if !holds {
            let sum = Interval.sum(relation.parts.map { $0.interval })
            if sum.upper < relation.total.interval.lower {
                if !ReportWords.isComplete(labels) {
                    doubt = "「其中」所列 \(parts.count) 项之和小于合计，可能只列出了部分分项"
                } else if let first = parts.first, let last = parts.last, (first...last).contains(where: { k in
                    !parts.contains(k) && figures[k].role == .subject && figures[k].depth == figures[first].depth && Self.sameFamily(figures[k].unit, total.unit)
                }) {
                    doubt = "分项之间还有未读作分项的金额，可能漏读了分项"
                }
            } else if (1..<parts.count).contains(where: { n in
                SumRelation(label: relation.label, total: relation.total, parts: Array(relation.parts.prefix(n))).holds
            }) {
                // The list was read past its end: its first items make the total.
                return false
            } else if looseItems {
                doubt = "分项各成一句，可能读入了不属于该合计的数字"
            }
            // One figure in another unit than all the others (「1.58元」 among 万元): the units are
            // reconciled first; where the figure read in the others' unit makes the sum hold, the unit is
            // the doubt, not the sum.
            if let odd = Self.oddUnit([totalAmount] + stated.map(\.amount)) {
                var amounts = [totalAmount] + stated.map(\.amount)
                let written = amounts[odd]
                amounts[odd].unit = amounts[odd == 0 ? 1 : 0].unit
                let reread = SumRelation(label: relation.label, total: StatedAmount(path: "text", amount: amounts[0]),
                                         parts: amounts.dropFirst().map { StatedAmount(path: "text", amount: $0) })
                if reread.holds { doubt = "「\(written)」与其余数字的单位不同，按「\(amounts[odd])」读则合计相符，疑单位写错" }
            }
        }
        if !holds, ambiguous { doubt = Self.ambiguousTotal }
        if relation.label.isEmpty { relation.label = "合计" }
        relations.append(TextRelation(shape: .sum(relation), offset: total.range.lowerBound, doubt: doubt, holds: holds))
        return holds
    }

    private static let ambiguousTotal = "「其中」前一句有几个数字，分项之和不等于其中任何一个，不能确定哪一个是合计"

    /// The index of the one amount whose unit differs from all the others' (which share one), if any.
    static func oddUnit(_ amounts: [Amount]) -> Int? {
        guard amounts.count >= 3 else { return nil }
        let odd = amounts.indices.filter { i in amounts.indices.allSatisfy { $0 == i || amounts[$0].unit != amounts[i].unit } }
        guard odd.count == 1, Set(amounts.indices.filter { $0 != odd[0] }.map { amounts[$0].unit }).count == 1 else { return nil }
        return odd[0]
    }

    private func amount(_ k: Int) -> Amount? {
        guard case let .money(unit) = figures[k].unit else { return nil }
        return Amount(figures[k].number, unit: unit)
    }

    // MARK: Comparisons

    /// 「X，比上年（累计支出 B）增加 C，增长 p%」 and its variants: the change, the base and the rate
    /// after a subject, compared with last year or with the budget. Figures side by side
    /// («各减少 a,b万元，各下降 p%、q%») are paired one by one with the subjects side by side.
    private mutating func readComparisons() {
        var k = 0
        while k < figures.count {
            let g = figures[k]
            let opens: Bool
            switch g.role {
            case .base, .change: opens = true
            case .rate: opens = true
            default: opens = false
            }
            guard opens else { k += 1; continue }
            // The figures of one comparison: a base, a change, a rate, in this order, in one sentence.
            var base: Int?, change: Int?, rate: Int?
            var j = k
            while j < figures.count, figures[j].sentence == g.sentence {
                let h = figures[j]
                if j > 0, let group = h.group, group != j { j += 1; continue }  // a later member of a group met already
                if j > k, h.role == .subject || h.role == .base { break }
                // A second change opens the next comparison: 「较年初预算数减少…，较上年支出数减少…」.
                if j > k, change != nil, case .change = h.role { break }
                switch h.role {
                case .base where base == nil && change == nil: base = j
                case .change where change == nil: change = j
                case .rate: rate = j
                default: break
                }
                j += 1
                if rate != nil { break }
            }
            // 「对比减少4.35万元;减少率35.22%」: a rate that opens the next clause with only its verb.
            if rate == nil, let c = change, j < figures.count, j == c + 1, figures[j].sentence == g.sentence + 1,
               case .rate = figures[j].role, ReportWords.clauseSubject(figures[j].label).isEmpty
            {
                rate = j
                j += 1
            }
            defer { k = max(j, k + 1) }
            guard change != nil || rate != nil else { continue }
            let named = ReportWords.term(ReportWords.clauseSubject(scan.text(g.context))) ?? base.flatMap { ReportWords.term(figures[$0].label) }
            guard let s = subject(before: k, naming: named), figures[s].unit.isMoney else { continue }
            // The subject stated in a sentence before, with the year before's figure beside it (not a budget:
            // 「支出9.07万元，年初预算为20万元。较上年减少…」).
            if base == nil, figures[s].sentence < g.sentence, change.map({ scan.members($0).count == 1 }) ?? true,
               let b = baseBeside(s), ReportWords.isYearBefore(figures[b], figures[s]) { base = b }
            // A subject found in a sentence about another year than the comparison's (「2021年度…合计支出20.12万元」
            // before 「2022年度…预算较2021年度增加…其中公务接待较上年减少0.58万元」) may be the year compared with.
            var otherYear = false
            if figures[s].sentence < g.sentence, let subjectYear = ownYear(sentenceOf: s) {
                // The comparison's year: its own sentence's, else that of a sentence between.
                var j = k
                while j > s, figures[j].sentence != figures[s].sentence {
                    if let year = ownYear(sentenceOf: j) { otherYear = year != subjectYear; break }
                    j -= 1
                }
            }
            // Side by side: as many subjects as changes and rates, paired in order.
            let subjects = scan.members(s)
            let width = scan.members(change ?? rate!).count
            let slots: [[Int]?] = [base, change, rate].map { $0.map { scan.members($0) } }
            if width > 1 {
                guard subjects.count == width, slots.allSatisfy({ $0 == nil || $0!.count == width }) else { continue }
            }
            let wording = ReportWords.comparesWithBudget(figures[k].label + scan.text(figures[k].context), subject: scan.text(figures[s].context)) ? "预算" : "上年"
            for i in 0..<width {
                let pick = slots.map { $0?[i] }
                addComparison(subject: width > 1 ? subjects[i] : s, base: pick[0], change: pick[1], rate: pick[2], baseWord: wording,
                              otherYear: otherYear)
            }
        }
    }

    /// The year the sentence of figure `k` is about, as it first names one.
    private func ownYear(sentenceOf k: Int) -> Int? {
        var first = k
        while first > 0, figures[first - 1].sentence == figures[k].sentence { first -= 1 }
        var last = k
        while last + 1 < figures.count, figures[last + 1].sentence == figures[k].sentence { last += 1 }
        return figures[first...last].lazy.compactMap { ReportWords.ownYear(in: self.scan.text($0.context)) }.first
    }

    private mutating func addComparison(subject s: Int, base: Int?, change: Int?, rate: Int?, baseWord: String, otherYear: Bool = false) {
        guard case let .money(subjectUnit) = figures[s].unit else { return }
        let this = Amount(figures[s].number, unit: subjectUnit)
        var figure = YearOnYear(amount: this)
        if let b = base {
            guard !figures[b].unit.isCount, figures[b].unit != .percent else { return }
            figure.lastYear = Amount(figures[b].number, unit: Self.moneyUnit(figures[b].unit, else: subjectUnit))
        }
        var changeSign: Int?
        if let c = change, case let .change(sign) = figures[c].role {
            guard !figures[c].unit.isCount, figures[c].unit != .percent else { return }
            var amount = Amount(figures[c].number, unit: Self.moneyUnit(figures[c].unit, else: subjectUnit))
            // 「差值为 0.9万元」 has no direction: the stated figures give it.
            let direction = sign ?? (figure.lastYear.map { $0.yuan > this.yuan ? -1 : 1 } ?? 1)
            changeSign = direction
            if direction < 0, amount.number.value != 0 { amount.number.value = -amount.number.value }
            figure.change = AmountChange(amount)
        }
        var doubt: String?
        var noted = false
        if let r = rate, case let .rate(sign) = figures[r].role {
            var percent = Percent(figures[r].number)
            if sign < 0, percent.number.value != 0 { percent.number.value = -percent.number.value }
            figure.growth = percent
            if let changeSign, let c = change, changeSign != sign, figures[r].number.value != 0, figures[c].number.value != 0 {
                doubt = "增减额与增减率的方向相反（「\(figures[c].label)」与「\(figures[r].label)」）"
                noted = true
            }
        }
        // Nothing to judge: a rate with neither a change nor a base.
        guard figure.change != nil || figure.lastYear != nil else { return }
        if let c = figure.change, figure.lastYear == nil, c.amount.yuan > this.yuan {
            doubt = "增减额大于本年数，上年数将为负：可能把增减额配给了别的数字"
        }
        let baseValue = figure.lastYear?.yuan ?? (figure.change.map { this.yuan - $0.amount.yuan })
        if baseValue == 0, figure.growth != nil {
            doubt = "\(baseWord)数为 0，增长率无从计算"
            noted = true
        }
        if otherYear, doubt == nil { doubt = "增减所依据的数字在另一年度的句子中，可能是比较的对象而非本年数" }
        guard let statement = YearOnYearStatement(label: ReportWords.trimmedLabel(figures[s].label), path: "text", figure: figure,
                                                  baseWord: baseWord)
        else { return }
        let anchor = rate ?? change ?? base ?? s
        relations.append(TextRelation(shape: .yearOnYear(statement), offset: figures[anchor].range.lowerBound, doubt: doubt,
                                      notedEvenIfHolding: noted, subjectOffset: figures[s].range.lowerBound))
    }

    private static func moneyUnit(_ unit: FigureUnit, else fallback: MoneyUnit) -> MoneyUnit {
        if case let .money(u) = unit { return u }
        return fallback
    }

    // MARK: Shares

    /// 「A a，占 p%」: the whole is the list's total when the part is one of its items and the
    /// whole is unnamed or named alike; or, for a run of unnamed shares that add up to 100%, the
    /// sum of their parts; or a figure stated before under the same name (a note when it fails).
    private mutating func readShares() {
        var runs: [[(part: Int, share: Int)]] = []
        for (k, g) in figures.enumerated() {
            guard case let .share(whole) = g.role else { continue }
            // 「基本支出占比72.48%」 after a sentence that ends on 项目支出: the share is of what its clause names.
            let named = g.label.firstByteOffset(of: "占").flatMap { ReportWords.term(g.label.bytes(0..<$0)) }
            guard let p = subject(before: k, naming: named), figures[p].unit.isMoney || figures[p].unit.isCount else { continue }
            if let (w, sure) = wholeOf(named: whole, forPart: p) {
                addShare(part: p, share: k, whole: figures[w].number, unit: figures[w].unit, doubt: sure ? nil : "占比的分母「\(whole)」按前文同名数字 \(figures[w].number)读取")
            } else if whole.isEmpty {
                if let last = runs.last?.last, figures[last.share].sentence + 2 >= g.sentence, figures[last.part].item == figures[p].item {
                    runs[runs.count - 1].append((p, k))
                } else {
                    runs.append([(p, k)])
                }
            }
        }
        for run in runs where run.count >= 2 {
            let shares = run.map { Percent(figures[$0.share].number) }
            let total = Interval.sum(shares.map(\.number.interval))
            guard total.contains(100), let unit = run.first.map({ figures[$0.part].unit }), run.allSatisfy({ Self.sameFamily(figures[$0.part].unit, unit) }) else { continue }
            let whole = Interval.sum(run.map { partInterval($0.part) })
            for (p, s) in run { addShare(part: p, share: s, wholeInterval: whole, doubt: nil) }
        }
    }

    /// The whole a share of part `p` is of: the list total it is an item of, or a figure named so before.
    private func wholeOf(named name: String, forPart p: Int) -> (Int, sure: Bool)? {
        for relation in lists where relation.parts.contains(p) {
            if name.isEmpty || ReportWords.sameThing(name, figures[relation.total].label) || figures[relation.total].label.includes(name) {
                return (relation.total, true)
            }
        }
        guard !name.isEmpty else { return nil }
        var j = p - 1
        while j >= 0, figures[j].item == figures[p].item || figures[p].sentence - figures[j].sentence < 6 {
            let label = figures[j].label
            guard figures[j].role == .subject, Self.sameFamily(figures[j].unit, figures[p].unit) else { j -= 1; continue }
            // 「收入预算总额为7783.26万元 … 占收入预算总额的90.3%」: a whole named the same, of four
            // characters or more, is the whole meant.
            if name.count >= 4, ["", "为", "是", "达"].contains(where: { label.endsWith(name + $0) }) { return (j, true) }
            if label.endsWith(name) || (label.utf8.count >= 6 && name.endsWith(ReportWords.trimmedLabel(label))) {
                return (j, false)
            }
            j -= 1
        }
        return nil
    }

    /// The lists read, by figure index, for the shares of their items.
    private var lists: [(total: Int, parts: [Int])] = []

    private func partInterval(_ p: Int) -> Interval {
        if case let .money(unit) = figures[p].unit { return Amount(figures[p].number, unit: unit).intervalInYuan }
        return Interval(exactly: figures[p].number.value)
    }

    private mutating func addShare(part p: Int, share s: Int, whole: StatedNumber, unit: FigureUnit, doubt: String?) {
        let interval: Interval
        if case let .money(u) = unit { interval = Amount(whole, unit: u).intervalInYuan } else { interval = Interval(exactly: whole.value) }
        addShare(part: p, share: s, wholeInterval: interval, doubt: doubt)
    }

    private mutating func addShare(part p: Int, share s: Int, wholeInterval: Interval, doubt: String?) {
        let part = partInterval(p)
        let exact = wholeInterval.midpoint == 0 ? nil : part.midpoint / wholeInterval.midpoint * 100
        let relation = RatioRelation(label: "\(ReportWords.trimmedLabel(figures[p].label))占比", path: "text", stated: Percent(figures[s].number),
                                     numerator: part.clamped(atLeast: 0), denominator: wholeInterval.clamped(atLeast: 0), exact: exact)
        relations.append(TextRelation(shape: .ratio(relation), offset: figures[s].range.lowerBound, doubt: doubt))
    }

    // MARK: Spending against the budget

    /// 「预算为 246万元，支出决算为 167.37万元，完成预算的 68%」: the figure before over the budget
    /// figure of the same sentence.
    private mutating func readCompletions() {
        for (k, g) in figures.enumerated() where g.role == .completion {
            guard let spent = subject(before: k, matching: .money(.yuan)), figures[spent].sentence == g.sentence else { continue }
            var j = spent - 1
            while j >= 0, figures[j].sentence == g.sentence {
                if figures[j].unit.isMoney, figures[j].label.includes("预算") {
                    addShare(part: spent, share: k, wholeInterval: partInterval(j), doubt: nil)
                    if case let .ratio(r) = relations[relations.count - 1].shape {
                        var relabeled = r
                        relabeled.label = "完成预算的比例（\(ReportWords.trimmedLabel(figures[spent].label)) ÷ \(ReportWords.trimmedLabel(figures[j].label))）"
                        relations[relations.count - 1].shape = .ratio(relabeled)
                    }
                    break
                }
                j -= 1
            }
        }
    }
}

// MARK: Tables

extension RelationReader {
    /// A row of a table flattened to text: its label and the figures of its cells.
    struct Row {
        var label: String
        var values: [Int]
        /// A row that begins 「其中：」, and the rows after it, belong to the row above.
        var opensBreakdown: Bool { label.beginsWith("其中") }
        var isTotal: Bool { ["合计", "总计", "合计数"].contains(label) }
    }

    /// Tables as pdftotext lays them out (a row a line: label, then figures set off by spaces) or
    /// as cells split by 「|」: the 合计 row is the sum of the rows under it (or above it), column by
    /// column, and a row 「其中：」 opens, with the rows after it, the parts of the row above.
    mutating func readTables(_ report: ReportText) {
        for block in Self.lineRows(figures, report) + Self.cellRows(figures, scan.cellBreaks, report) {
            guard let t = block.firstIndex(where: \.isTotal), !block[t].values.isEmpty else { continue }
            // The parts: the rows right under the total (or, where rows with figures stand above
            // it, right above it), up to a row without figures.
            let above = block[..<t].reversed().prefix { !$0.values.isEmpty }
            let rows = above.isEmpty ? Array(block[(t + 1)...].prefix { !$0.values.isEmpty }) : Array(above.reversed())
            var top: [Row] = [], breakdown: [Row] = []
            var parent: Row?
            for row in rows {
                if row.opensBreakdown || parent != nil {
                    if parent == nil { parent = top.last }
                    breakdown.append(row)
                } else {
                    top.append(row)
                }
            }
            let unit = Self.tableUnit(before: figures[block[t].values[0]].range.lowerBound, report)
            addColumns(total: block[t], parts: top, unit: unit)
            if let parent, top.last.map({ $0.values == parent.values }) ?? false { addColumns(total: parent, parts: breakdown, unit: unit) }
        }
    }

    /// A 总额 row left 0 whose 「其中」 row right under it holds figures (「年度资金总额: 0 0 0 …
    /// 其中:本年财政拨款 90 89.974 89.974」), in any layout: a part cannot exceed a total of 0, so the
    /// first such column is judged, whatever the other 其中 rows hold.
    mutating func readZeroTotals(_ report: ReportText) {
        /// The cells of the row that begins at figure `k`: the figures after it with no words between.
        func row(from k: Int) -> [Int] {
            var cells: [Int] = []
            var j = k
            while j < figures.count, figures[j].unit == .bare || figures[j].unit.isMoney, j == k || Self.onlyCellBreaks(figures[j].context, report) {
                cells.append(j)
                j += 1
            }
            return cells
        }
        var k = 0
        while k < figures.count {
            // Most figures follow no 「额」 or 「计」: the label is made a string only where one does.
            var end = figures[k].context.upperBound
            while end > figures[k].context.lowerBound, Self.cellLeads.contains(report.units[end - 1]) { end -= 1 }
            guard end > figures[k].context.lowerBound, Self.totalEnds.contains(report.units[end - 1]) else { k += 1; continue }
            let label = report.string(figures[k].context.lowerBound..<end)
            guard ["总额", "合计", "总计"].contains(where: { label.endsWith($0) }) else { k += 1; continue }
            let total = row(from: k)
            defer { k += max(1, total.count) }
            guard let next = total.last.map({ $0 + 1 }), next < figures.count,
                  scan.text(figures[next].context).trimmingCharacters(in: CharacterSet(charactersIn: "|")).beginsWith("其中")
            else { continue }
            let parts = row(from: next)
            guard parts.count <= total.count, let c = parts.indices.first(where: { figures[parts[$0]].number.value > 0 }),
                  parts.indices.allSatisfy({ figures[total[$0]].number.value == 0 }) else { continue }
            let unit = Self.tableUnit(before: figures[k].range.lowerBound, report)
            func stated(_ f: Int) -> StatedAmount {
                if case let .money(u) = figures[f].unit { return StatedAmount(path: "text", amount: Amount(figures[f].number, unit: u)) }
                return StatedAmount(path: "text", amount: Amount(figures[f].number, unit: unit))
            }
            let name = ["总额", "合计", "总计"].first { label.endsWith($0) }!
            relations.append(TextRelation(
                shape: .sum(SumRelation(label: "表中「\(name)」行（第 \(c + 1) 栏，其中一行已有数字）", total: stated(total[c]), parts: [stated(parts[c])])),
                offset: figures[total[c]].range.lowerBound, doubt: nil))
        }
    }

    /// A form's 执行率 cell judged against its own row: the two cells before it are the 预算数 and
    /// the 执行数 when the header puts 「…执行数 | …执行率」 side by side (「年初预算 | 调整后预算数 |
    /// 预算执行数 | 预算执行率」), whatever the layout of the cells.
    mutating func readRateCells(_ report: ReportText) {
        func inRow(_ f: Int) -> Bool { Self.onlyCellBreaks(figures[f].context, report) }
        for k in figures.indices.dropFirst(2) where figures[k].unit == .percent && inRow(k) && inRow(k - 1) {
            let spent = k - 1, budget = k - 2
            guard [spent, budget].allSatisfy({ figures[$0].unit == .bare || figures[$0].unit.isMoney }),
                  figures[budget].number.value > 0, Self.headerPairsSpendingWithRate(before: figures[budget].range.lowerBound, report)
            else { continue }
            guard figures[spent].unit == figures[budget].unit else { continue }
            let relation = RatioRelation(label: "执行率（预算执行数 ÷ 预算数）", path: "text", stated: Percent(figures[k].number),
                                         numerator: cellInterval(spent).clamped(atLeast: 0), denominator: cellInterval(budget).clamped(atLeast: 0),
                                         exact: cellInterval(spent).midpoint / cellInterval(budget).midpoint * 100)
            relations.append(TextRelation(shape: .ratio(relation), offset: figures[k].range.lowerBound, doubt: nil))
        }
    }

    /// A table of cells split by 「|」, a row a line, under a header that names its columns
    /// (「项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |」). A row fits the
    /// header when it has as many cells, or one fewer under a header that opens with the merged title
    /// of its rows (「绩效指标(90分) | 一级指标 | …」). In each row that fits, a 执行率 or 完成率 column is
    /// judged against the 执行数 (决算数, 完成数, 实际数) and 预算数 (计划数) columns before it; and the
    /// 分值 (权重) and 得分 columns of the rows, over all headers up to a 「总分 | 100 | 98.6 |」 row, against
    /// that row, when every row between fitted its header.
    mutating func readTableColumns(_ report: ReportText) {
        var next = 0  // the first figure not on a line before this one
        var header: (count: Int, titled: Bool, rate: (column: Int, actual: Int, base: Int, name: String)?, points: (weight: Int, score: Int)?)?
        var weights: [StatedNumber] = [], scores: [StatedNumber] = []
        var pointsRead = false, unreadRow = false
        for line in report.lineStarts.indices {
            while next < figures.count, figures[next].line < line { next += 1 }
            let cells = Self.cells(ofLine: line, report)
            guard cells.count >= 3 else { continue }
            var last = next
            while last < figures.count, figures[last].line == line { last += 1 }
            let figuresHere = next..<last
            if figuresHere.isEmpty {
                let texts = cells.map(report.string)
                let titled = texts[0].hasSuffix("分)") || texts[0].hasSuffix("分）") || ["绩效指标", "项目资金", "预算执行情况"].contains(texts[0])
                var rate: (Int, Int, Int, String)?
                if let r = texts.firstIndex(where: { t in Self.rateHeads.contains { t.hasSuffix($0) } }),
                   let a = texts[..<r].lastIndex(where: { t in Self.actualHeads.contains { t.hasSuffix($0) } }),
                   let b = texts[..<a].lastIndex(where: { t in Self.baseHeads.contains { t.hasSuffix($0) } })
                {
                    rate = (r, a, b, texts[r])
                }
                let w = texts.firstIndex { ["分值", "权重"].contains($0) }, g = texts.firstIndex(of: "得分")
                let points = w.flatMap { w in g.map { (w, $0) } }
                if rate != nil || points != nil { header = (cells.count, titled, rate, points) }
                if points != nil { pointsRead = true }
                continue
            }
            guard let h = header else { continue }
            // Where the row's cells stand against the header's.
            let shift = cells.count == h.count ? 0 : cells.count == h.count - 1 && h.titled ? -1 : nil
            /// The figure that fills the row's cell under header column `i` alone.
            func figure(under i: Int) -> Int? {
                guard let shift, i + shift >= 0, i + shift < cells.count else { return nil }
                let cell = cells[i + shift]
                return figuresHere.first { figures[$0].range.lowerBound == cell.lowerBound && Self.figureEnd(figures[$0], report) == cell.upperBound }
            }
            if pointsRead {
                if ["总分", "合计", "总计"].contains(report.string(cells[0])) {
                    let totals = cells.indices.dropFirst().compactMap { i in
                        figuresHere.first { figures[$0].range.lowerBound == cells[i].lowerBound && figures[$0].unit == .bare }
                    }
                    if totals.count == 2, !unreadRow {
                        addPoints("分值合计", total: totals[0], weights)
                        addPoints("得分合计", total: totals[1], scores)
                    }
                    weights = []; scores = []; pointsRead = false; unreadRow = false
                } else if shift == nil {
                    // A row no header fits (merged cells): its weight and score are not known.
                    unreadRow = true
                } else if let p = h.points {
                    if let w = figure(under: p.weight), figures[w].unit == .bare { weights.append(figures[w].number) }
                    if let g = figure(under: p.score), figures[g].unit == .bare { scores.append(figures[g].number) }
                }
            }
            guard let c = h.rate, let rate = figure(under: c.column), figures[rate].unit == .percent,
                  let actual = figure(under: c.actual), let base = figure(under: c.base), figures[actual].unit == figures[base].unit,
                  figures[base].unit == .bare || figures[base].unit.isMoney, figures[base].number.value > 0
            else { continue }
            // A rate the cells' own reading judged already (「| 预算执行数 | 预算执行率 |」 side by side).
            guard !relations.contains(where: { $0.offset == figures[rate].range.lowerBound }) else { continue }
            let spent = cellInterval(actual), budget = cellInterval(base)
            let relation = RatioRelation(label: "\(c.name)（\(ReportWords.rowLabel(report.string(cells[0])))）", path: "text",
                                         stated: Percent(figures[rate].number), numerator: spent.clamped(atLeast: 0),
                                         denominator: budget.clamped(atLeast: 0), exact: spent.midpoint / budget.midpoint * 100)
            relations.append(TextRelation(shape: .ratio(relation), offset: figures[rate].range.lowerBound, doubt: nil))
        }
    }

    /// The cells of printed line `line` split by 「|」, without the empty ones that close it.
    static func cells(ofLine line: Int, _ report: ReportText) -> [Range<Int>] {
        let start = report.lineStarts[line]
        let end = line + 1 < report.lineStarts.count ? report.lineStarts[line + 1] : report.units.count
        // Most lines are prose: no array is made for a line with fewer than two breaks.
        var breaks = 0
        for i in start..<end where report.units[i] == FigureScan.cell { breaks += 1 }
        guard breaks >= 2 else { return [] }
        var cells: [Range<Int>] = []
        var from = start
        for i in start..<end where report.units[i] == FigureScan.cell {
            cells.append(from..<i)
            from = i + 1
        }
        if from < end { cells.append(from..<end) }
        while let last = cells.last, last.isEmpty { cells.removeLast() }
        return cells
    }

    /// What a table cell's figure stands for by its stated precision: in 元 for an amount, as
    /// written for a bare number.
    private func cellInterval(_ k: Int) -> Interval {
        if case let .money(unit) = figures[k].unit { return Amount(figures[k].number, unit: unit).intervalInYuan }
        return figures[k].number.interval
    }

    private mutating func addPoints(_ label: String, total: Int, _ parts: [StatedNumber]) {
        guard parts.count >= 2 else { return }
        relations.append(TextRelation(shape: .points(label: label, total: figures[total].number, parts: parts),
                                      offset: figures[total].range.lowerBound, doubt: nil))
    }

    /// A rate column's header, and the headers of the figures it is computed from.
    private static let rateHeads = ["执行率", "完成率"]
    private static let actualHeads = ["执行数", "决算数", "完成数", "实际数", "支出数"]
    private static let baseHeads = ["预算数", "预算", "计划数", "目标值"]

    /// Whether `span` holds nothing but cell breaks 「|」: the figure after it is the next cell of a row.
    static func onlyCellBreaks(_ span: Range<Int>, _ report: ReportText) -> Bool {
        report.units[span].allSatisfy { $0 == FigureScan.cell }
    }

    private static let cellLeads = UnitSet("|:：")
    private static let totalEnds = UnitSet("额计")

    /// Whether the last header before `offset` names 执行数 and then 执行率 in the next column.
    static func headerPairsSpendingWithRate(before offset: Int, _ report: ReportText) -> Bool {
        let head = report.string(max(0, offset - 400)..<offset)
        // The header cell: 「执行率」 that ends a cell, not the form's note 「预算执行率=预算执行数/…」.
        var end = head.endIndex
        var found: Range<String.Index>?
        while let r = head.range(of: "执行率", options: .backwards, range: head.startIndex..<end) {
            if head[r.upperBound...].hasPrefix("|") { found = r; break }
            end = r.lowerBound
        }
        guard let rate = found else { return false }
        var before = Substring(head[..<rate.lowerBound])
        // The rate's own words (「预算执行率」「全年执行率」) and the cell break before them.
        for word in ["预算", "全年", "资金", "|"] where before.hasSuffix(word) { before = before.dropLast(word.count) }
        while before.hasSuffix("|") { before = before.dropLast() }
        return before.hasSuffix("执行数")
    }

    /// One relation per column, when every part has a figure in every column (a blank cell is
    /// not a zero: the relation is then left unjudged).
    private mutating func addColumns(total: Row, parts: [Row], unit: MoneyUnit) {
        guard parts.count >= 2, parts.allSatisfy({ $0.values.count == total.values.count }) else { return }
        for c in total.values.indices {
            func stated(_ k: Int) -> StatedAmount? {
                switch figures[k].unit {
                case let .money(u): StatedAmount(path: "text", amount: Amount(figures[k].number, unit: u))
                case .bare: StatedAmount(path: "text", amount: Amount(figures[k].number, unit: unit))
                default: nil
                }
            }
            guard let t = stated(total.values[c]) else { continue }
            let ps = parts.compactMap { stated($0.values[c]) }
            guard ps.count == parts.count else { continue }
            relations.append(TextRelation(shape: .sum(SumRelation(label: "表中合计（第 \(c + 1) 列）", total: t, parts: ps)),
                                          offset: figures[total.values[c]].range.lowerBound, doubt: nil))
        }
    }

    /// 「单位：万元」 above a table; 元 when none is stated (the sums hold or fail alike in any unit).
    static func tableUnit(before offset: Int, _ report: ReportText) -> MoneyUnit {
        let head = report.string(max(0, offset - 300)..<offset)
        let r = head.range(of: "单位", options: .backwards)
        // A column header 「项目资金(万元)」 after any 「单位」.
        if let header = head.range(of: "(万元)", options: .backwards) ?? head.range(of: "（万元）", options: .backwards),
           r.map({ header.lowerBound > $0.lowerBound }) ?? true { return .tenThousandYuan }
        guard let r else { return .yuan }
        let after = head[r.upperBound...].prefix(4)
        if after.contains("万元") { return .tenThousandYuan }
        if after.contains("亿元") { return .hundredMillionYuan }
        return .yuan
    }

    /// Rows a printed line each: a label, then only figures set off by spaces, to the line's end.
    static func lineRows(_ figures: [TextFigure], _ report: ReportText) -> [[Row]] {
        var blocks: [[Row]] = [], block: [Row] = []
        var k = 0
        var lastLine = -2
        while k < figures.count {
            let line = figures[k].line
            var j = k
            while j < figures.count, figures[j].line == line { j += 1 }
            let lineStart = report.lineStarts[line]
            let lineEnd = line + 1 < report.lineStarts.count ? report.lineStarts[line + 1] : report.units.count
            let cells = Array(k..<j)
            // The shape first, by offsets; the label's words only for a line of that shape.
            let labelSpan = lineStart..<figures[k].range.lowerBound
            var isRow = Self.figureEnd(figures[j - 1], report) >= lineEnd && !labelSpan.isEmpty && labelSpan.count <= 30
                && cells.dropFirst().allSatisfy { figures[$0].label.isEmpty && figures[$0].context.isEmpty }
                && cells.allSatisfy { figures[$0].unit == .bare || figures[$0].unit.isMoney }
            let label = isRow ? report.string(labelSpan) : ""
            isRow = isRow && !label.includes("。") && !label.includes("，")
            if isRow {
                if line != lastLine + 1, !block.isEmpty { blocks.append(block); block = [] }
                block.append(Row(label: ReportWords.rowLabel(label), values: cells))
                lastLine = line
            }
            k = j
        }
        if !block.isEmpty { blocks.append(block) }
        return blocks
    }

    /// Rows of cells split by 「|」: a label cell, then the cells that hold one figure each.
    static func cellRows(_ figures: [TextFigure], _ breaks: [Int], _ report: ReportText) -> [[Row]] {
        guard breaks.count >= 4 else { return [] }
        var blocks: [[Row]] = [], block: [Row] = []
        var f = 0
        var start = 0
        for end in breaks {
            defer { start = end + 1 }
            while f < figures.count, figures[f].range.lowerBound < start { f += 1 }
            let cell = start..<end
            if f < figures.count, figures[f].range.lowerBound == cell.lowerBound, Self.figureEnd(figures[f], report) == cell.upperBound,
               figures[f].unit == .bare || figures[f].unit.isMoney
            {
                if !block.isEmpty { block[block.count - 1].values.append(f) }
                continue
            }
            let text = report.string(cell)
            // A cell of signs only (「=」「%」「/」) is neither a label nor a figure.
            guard text.utf16.contains(where: Unit.isHan) else { continue }
            if text.count > 30 || text.contains("。") {
                if !block.isEmpty { blocks.append(block); block = [] }
                continue
            }
            block.append(Row(label: ReportWords.rowLabel(text), values: []))
        }
        if !block.isEmpty { blocks.append(block) }
        return blocks
    }

    /// Where a figure's unit ends.
    static func figureEnd(_ figure: TextFigure, _ report: ReportText) -> Int {
        switch figure.unit {
        case let .money(u): figure.range.upperBound + u.rawValue.utf16.count
        case .percent: figure.range.upperBound + 1
        default: figure.range.upperBound
        }
    }
}

extension ReportWords {
    /// A table row's label without its item number: 「1.因公出国(境)费用」 → 「因公出国(境)费用」.
    static func rowLabel(_ text: String) -> String {
        var s = Substring(text)
        while let c = s.first, c.isNumber || c == "." || c == "、" || c == "．" { s = s.dropFirst() }
        return String(s)
    }

    /// A label without the words that only link it to its figure: 「其中：」「为」「共计」.
    static func trimmedLabel(_ label: String) -> String {
        var s = Substring(label)
        for lead in ["其中:", "其中：", "其中,", "其中，", "其中", "分别为", "包括:", "包括：", "包括"] where label.beginsWith(lead) {
            s = s.dropFirst(lead.count)
            break
        }
        let rest = String(s)
        for tail in ["共计为", "合计为", "总计为", "共计", "合计", "总计", "总额为", "各是", "各为", "为", "是", "达", "计", "各"]
        where rest.endsWith(tail) && rest.utf8.count > tail.utf8.count {
            return String(rest.dropLast(tail.count))
        }
        return rest
    }

    /// The words before the comparison in a clause's context: 「2018年“三公”经费预算数比2017年…」 →
    /// 「2018年“三公”经费预算数」; empty when the clause opens with the comparison. With no
    /// comparison word, the words before the verb: 「其中：公务接待费减少」 → 「其中：公务接待费」.
    static func clauseSubject(_ context: String) -> String {
        if let first = comparators.compactMap({ context.firstByteOffset(of: $0) }).min() { return context.bytes(0..<first) }
        guard let verb = changeVerb(endOf: context) else { return "" }
        return String(context.dropLast(verb.verb.count))
    }
}
