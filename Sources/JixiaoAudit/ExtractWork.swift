import Foundation
import JixiaoCore

extension ExtractReader {
    // MARK: 一（二） 年度总体工作和重点工作任务

    /// The marker 「n.」 of a numbered item in `span`: one beginning a printed line first, else
    /// one not inside a larger number (so 「2021.」 or 「1.5」 never count).
    func numberMarker(_ n: Int, in span: Range<Int>) -> Hit? {
        let hits = (numberMarkers[n] ?? []).filter { marker in
            marker.hit.range.lowerBound >= span.lowerBound && marker.hit.range.upperBound <= span.upperBound
                && (marker.standsAlone || marker.hit.range.lowerBound == span.lowerBound)
        }.map(\.hit)
        return hits.first { lineStartSet.contains($0.range.lowerBound) } ?? hits.first
    }

    func workPlan(_ sections: ReportSections, year: Int?) -> WorkPlan? {
        guard let body = sections.body(.work) else {
            missing(.work, "未找到该部分")
            return nil
        }
        var plan = WorkPlan()

        // Category headings 「一、…」, in sequence, each starting a printed line.
        var categoryStarts: [(name: String, start: Int, nameStart: Int)] = []
        var position = body.lowerBound
        let lineHeadings = report.lineStarts.filter { body.contains($0) }.compactMap { start in
            Outline.numbering(units, at: start).flatMap { $0.style == 1 ? (start: start, number: $0.number, length: $0.length) : nil }
        }
        for number in 1...20 {
            guard let h = lineHeadings.first(where: { $0.number == number && $0.start >= position }) else { break }
            categoryStarts.append(("", h.start, h.start + h.length))
            position = h.start + h.length
        }
        // Tasks numbered 1..N across categories.
        var taskStarts: [(n: Int, start: Int, bodyStart: Int)] = []
        position = categoryStarts.first?.start ?? body.lowerBound
        var n = 1
        while let h = numberMarker(n, in: position..<body.upperBound) {
            taskStarts.append((n, h.range.lowerBound, h.range.upperBound))
            position = h.range.upperBound
            n += 1
        }
        let generalEnd = categoryStarts.first?.start ?? taskStarts.first?.start ?? body.upperBound
        let general = paragraphs(body.lowerBound..<generalEnd)
        if !general.isEmpty {
            plan.general = general.map(prose)
            for (i, p) in general.enumerated() { mark(FieldPath("work.general")[i], p.lowerBound) }
        }
        guard !taskStarts.isEmpty else {
            missing(.work, "未读出编号的任务")
            return plan == WorkPlan() ? nil : plan
        }
        let boundaries = (categoryStarts.map(\.start) + taskStarts.map(\.start) + [body.upperBound]).sorted()
        func end(after offset: Int) -> Int { boundaries.first { $0 > offset } ?? body.upperBound }

        var categories: [TaskCategory] = []
        if categoryStarts.isEmpty {
            categories = [TaskCategory(name: "重点工作任务")]
            note("work.categories[0].name", "报告未分类列出任务，类别名称为提取时所加")
        } else {
            for (c, category) in categoryStarts.enumerated() {
                // The name runs to the first task or the end of its printed line.
                let lineEnd = report.lineStarts.first { $0 > category.start } ?? body.upperBound
                let nameEnd = min(end(after: category.start), lineEnd)
                let name = Self.trimPunctuation(prose(category.nameStart..<nameEnd))
                mark(FieldPath("work.categories")[c] / "name", category.nameStart)
                categories.append(TaskCategory(name: name))
            }
        }
        for task in taskStarts {
            let c = categoryStarts.lastIndex { $0.start < task.start } ?? 0
            let taskSpan = task.bodyStart..<end(after: task.start)
            let titleEnd = find("。", in: taskSpan)?.range.lowerBound ?? taskSpan.upperBound
            var item = WorkTask(number: task.n, title: Self.trimPunctuation(prose(task.bodyStart..<titleEnd)))
            let descSpan = min(titleEnd + 1, taskSpan.upperBound)..<taskSpan.upperBound
            let description = prose(descSpan)
            if !description.isEmpty { item.description = description }
            let i = categories[c].tasks?.count ?? 0
            let path = (FieldPath("work.categories")[c] / "tasks")[i]
            mark(path / "number", task.start)
            mark(path / "title", task.bodyStart)
            if !description.isEmpty { mark(path / "description", descSpan.lowerBound) }
            let targets = self.targets(descSpan, year: year, path: path / "targets")
            if !targets.isEmpty { item.targets = targets }
            categories[c].tasks = (categories[c].tasks ?? []) + [item]
        }
        plan.categories = categories
        return plan
    }

    // MARK: 目标

    /// Measurable targets in a task's text: splits, ranges, at-least counts, percentages,
    /// deadlines and plain counts, each number read once (the first reading that fits).
    func targets(_ span: Range<Int>, year: Int?, path: FieldPath) -> [TaskTarget] {
        var found: [(Int, TaskTarget, Int)] = []  // position, target, where to locate it
        var used: [Range<Int>] = []
        func free(_ r: Range<Int>) -> Bool { !used.contains { $0.overlaps(r) } }
        /// The clause around `r`: between the nearest 「，；。、」 (or 「：」) on either side.
        let clauseStops = Array("，,；;。：:".utf16), subjectStops = Array("，,；;。：:、".utf16)
        func clause(_ r: Range<Int>, stops: [UInt16] = clauseStops) -> Range<Int> {
            var a = r.lowerBound, b = r.upperBound
            while a > span.lowerBound, !stops.contains(units[a - 1]) { a -= 1 }
            while b < span.upperBound, !stops.contains(units[b]) { b += 1 }
            return a..<b
        }
        func subjectAfter(_ r: Range<Int>) -> String {
            let c = clause(r, stops: subjectStops)
            var s = Self.trimPunctuation(prose(r.upperBound..<c.upperBound))
            if s.hasPrefix("的") { s.removeFirst() }
            return s
        }
        func subjectBefore(_ r: Range<Int>) -> String {
            let c = clause(r, stops: subjectStops)
            var s = prose(c.lowerBound..<r.lowerBound)
            // Compared byte for byte: `hasPrefix` compares by canonical equivalence, far slower.
            for lead in ["全年计划", "年内计划", "计划", "力争", "拟", "约", "每年", "举办", "开展", "打造", "新建", "完成", "确保"] {
                while s.utf8.starts(with: lead.utf8) { s.removeFirst(lead.count) }
            }
            for tail in ["约", "共", "达到", "完成"] where s.utf8.reversed().starts(with: tail.utf8.reversed()) { s.removeLast(tail.count) }
            return Self.trimPunctuation(s)
        }
        func number(_ s: String) -> StatedNumber? { StatedNumber(parsing: s) ?? ChineseNumeral.value(s).map { StatedNumber(Decimal($0), decimals: 0) } }

        // Split: 「每个镇完成 2 家，每个街道办完成 5 家，开发区完成 15 家」.
        // Only a task that says 「每个」 splits its target (the test below), so only it is searched.
        let splitHits = !report.contains("每个", in: span) ? [] : findAll("(每个[^，,；;。0-9]{1,6}?|开发区|园区|其余[^，,；;。0-9]{1,4}?)(?:各)?(?:完成|建成|新建|建立|打造)?([0-9]+)(家|个|场|期)", in: span)
        if splitHits.count >= 2, splitHits.contains(where: { $0[1]!.hasPrefix("每个") }) {
            var target = TaskTarget(kind: .split, subject: subjectBefore(splitHits[0].range).replacingOccurrences(of: "其中", with: ""))
            target.unit = splitHits[0][3]
            // A number past `Decimal`'s 38 digits is no figure the readers take.
            target.splits = splitHits.compactMap { h in StatedNumber(parsing: h[2]!).map { TargetSplit(by: h[1]!, value: $0) } }
            let whole = clause(splitHits[0].range).lowerBound..<clause(splitHits.last!.range).upperBound
            target.text = prose(whole)
            if let s = find("(?:具体)?细化为(.{1,60}?)(?:，|,)其中", in: clause(splitHits[0].range, stops: Array("；;。".utf16)).lowerBound..<splitHits[0].range.lowerBound) {
                target.subject = prose(s.groups[1]!)
            }
            found.append((splitHits[0].range.lowerBound, target, splitHits[0].range.lowerBound))
            used.append(contentsOf: splitHits.map(\.range))
        }
        for h in findAllAtNumbers("([0-9]+)(?:-|－|—|~|～|至|到)([0-9]+)(个|家|期|场|次|人|篇|项|名)", followedBy: "-－—~～至到", in: span) where free(h.range) {
            var target = TaskTarget(kind: .range, subject: subjectAfter(h.range))
            if target.subject.isEmpty || target.subject.hasPrefix("开展") { target.subject = subjectBefore(h.range) }
            target.unit = h[3]
            target.min = StatedNumber(parsing: h[1]!)
            target.max = StatedNumber(parsing: h[2]!)
            target.text = prose(clause(h.range))
            found.append((h.range.lowerBound, target, h.range.lowerBound))
            used.append(h.range)
        }
        // 「至少开展 2 场」 and 「2 场以上」 are both 「at least」: number in group 1, measure in group 2.
        let atLeast = findAll("至少(?:开展|报送|举办|完成|新建|打造|组织)?([0-9]+|[两二三四五六七八九十]+)(场[（(]次[）)]|场|篇|家|个|期|次|项|名)(?:以上)?", in: span)
        for hits in [atLeast, findAllAtNumbers("([0-9]+)(场[（(]次[）)]|场|篇|家|个|期|项|名)以上", followedBy: "场篇家个期项名", in: span)] {
            for h in hits where free(h.range) {
                var target = TaskTarget(kind: .atLeast, subject: subjectAfter(h.range))
                target.unit = h[2]
                target.value = number(h[1]!)
                target.text = prose(clause(h.range))
                found.append((h.range.lowerBound, target, h.range.lowerBound))
                used.append(h.range)
            }
        }
        for h in findAllAtNumbers("([0-9]+(?:\\.[0-9]+)?)%(?:以上)?", followedBy: "%.", in: span) where free(h.range) {
            var target = TaskTarget(kind: .percentage, subject: subjectAfter(h.range))
            target.percent = try? Percent.parse(h[1]! + "%")
            target.text = prose(clause(h.range))
            found.append((h.range.lowerBound, target, h.range.lowerBound))
            used.append(h.range)
        }
        for h in findAllAtNumbers("([0-9]{1,2})月(?:底|末)(?:前|之前)", followedBy: "月", in: span) where free(h.range) {
            guard let year, let m = Int(h[1]!), (1...12).contains(m) else { continue }
            let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            // 「要求 9 月底前完成」 names no subject of its own: the sentence before it does.
            let own = clause(h.range)
            var subject = subjectAfter(h.range)
            if subject.count <= 2, own.lowerBound - 2 >= span.lowerBound {
                subject = Self.trimPunctuation(prose(clause(own.lowerBound - 2 ..< own.lowerBound - 1)))
            }
            var target = TaskTarget(kind: .deadline, subject: subject)
            target.deadline = CalendarDate(year: year, month: m, day: days[m - 1])
            target.text = prose(clause(h.range))
            found.append((h.range.lowerBound, target, h.range.lowerBound))
            used.append(h.range)
        }
        for h in findAllAtNumbers("([0-9]+)(场[（(]次[）)]|场|篇|家|个|期|项)(?![0-9])", followedBy: "场篇家个期项", in: span) where free(h.range) {
            // 「第 39 次」 is an ordinal, not a count.
            if h.range.lowerBound > span.lowerBound, units[h.range.lowerBound - 1] == Unit.of("第") { continue }
            var target = TaskTarget(kind: .count, subject: subjectBefore(h.range))
            target.unit = h[2]
            target.value = StatedNumber(parsing: h[1]!)
            target.text = prose(clause(h.range))
            found.append((h.range.lowerBound, target, h.range.lowerBound))
            used.append(h.range)
        }
        found.sort { $0.0 < $1.0 }
        for (i, f) in found.enumerated() { mark(path[i], f.2) }
        return found.map(\.1)
    }
}
