import Foundation
import JixiaoCore

/// 已发布的项目支出绩效自评表 — one project form read from a published text: the model the project
/// checks judge, the line each field was read from, and what the reader was not sure of.
public struct PublishedProjectForm: Sendable {
    public var project: ProjectEvaluation
    /// The line (1-based) of each field read, by its path in the model.
    public var lines: [FieldPath: Int]
    /// The line of the form's title.
    public var titleLine: Int
    /// What was seen but not read, and why (each becomes a `reader.uncertain` note).
    public var notes: [(line: Int, reason: String)]
    /// The form reaches its 合计/总分 row or its conclusion: its totals can be judged.
    public var isComplete: Bool
}

/// 项目表读取 — reads project forms from a published text in each of its flattenings: cells one per
/// line (with or without a closing 「|」), pipe rows, PDF layout text (columns apart by two spaces or
/// more) and cells joined by single spaces. Only what is recognised with certainty is read: a row
/// whose cells cannot be placed in their columns is noted, never guessed.
public enum ProjectFormReader {
    /// One cell of the text, with its line.
    struct Cell {
        var text: String
        var line: Int
    }

    /// The forms in `text`, one for each title 「项目支出绩效自评表」 followed by a money or indicator table.
    public static func read(_ text: String) -> [PublishedProjectForm] {
        let (cells, lossy) = cells(of: text)
        let titles = cells.indices.filter { cells[$0].text.contains("项目支出绩效自评表") }
        return titles.enumerated().compactMap { k, start in
            let end = k + 1 < titles.count ? titles[k + 1] : cells.count
            return form(Array(cells[start..<end]), lossy: lossy)
        }
    }

    /// The text's cells in reading order, and whether empty cells were lost in its flattening
    /// (layout text, cells joined by spaces): then a row's figures are placed only when they fill
    /// its columns from the first.
    static func cells(of text: String) -> ([Cell], lossy: Bool) {
        var cells: [Cell] = []
        var lossy = false
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = i + 1
            if raw.contains("|") {
                var pieces = raw.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                if pieces.last?.isEmpty == true { pieces.removeLast() }
                cells += pieces.map { Cell(text: $0, line: line) }
            } else if raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                // A line of blanks between cells is an empty cell; an empty line only separates.
                if !raw.isEmpty { cells.append(Cell(text: "", line: line)) }
            } else {
                let trimmed = raw.trimmingCharacters(in: .whitespaces)
                let columns = trimmed.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let words = trimmed.split(separator: " ").map(String.init)
                if columns.count > 1 {
                    lossy = true
                    cells += columns.map { Cell(text: $0, line: line) }
                } else if words.count > 30 {
                    // A whole table joined by single spaces on one line.
                    lossy = true
                    cells += words.map { Cell(text: $0, line: line) }
                } else {
                    cells.append(Cell(text: trimmed, line: line))
                }
            }
        }
        return (cells, lossy)
    }

    /// A money column of the form, by the words of its heading.
    enum FundColumn { case yearStart, fullYear, spent, weight, rate, score, reason }

    static let fundHeadings: [(String, FundColumn)] = [
        ("预算执行率", .rate), ("预算执行数", .spent), ("全年执行数", .spent), ("执行数", .spent), ("执行率", .rate),
        ("年初预算", .yearStart), ("全年预算", .fullYear), ("调整后预算", .fullYear), ("分值", .weight), ("权重", .weight),
        ("得分", .score), ("原因", .reason),
    ]

    /// An indicator column of the form, by the words of its heading.
    enum IndicatorColumn { case name, nature, target, unit, actual, weight, score, deviation }

    static let indicatorHeadings: [(String, IndicatorColumn)] = [
        ("三级指标", .name), ("指标性质", .nature), ("指标值", .target), ("度量单位", .unit), ("计量单位", .unit),
        ("完成值", .actual), ("分值", .weight), ("权重", .weight), ("得分", .score), ("偏差原因", .deviation), ("未完成原因", .deviation),
    ]

    /// The columns named in `headings`' order in a run of heading cells (a heading may be split
    /// over cells, as 「全年」「预算数」).
    static func columns<C>(_ heading: String, _ names: [(String, C)]) -> [C] {
        var found: [C] = []
        var rest = Substring(heading)
        while !rest.isEmpty {
            if let (word, column) = names.first(where: { rest.hasPrefix($0.0) }) {
                found.append(column)
                rest = rest.dropFirst(word.count)
            } else {
                rest = rest.dropFirst()
            }
        }
        return found
    }

    static let fundRowNames = ["当年财政拨款", "本年财政拨款", "上年结转资金", "其他资金", "财政资金", "财政专户管理资金", "单位资金"]

    /// The 其中 row a cell names (`其中:本年财政拨款` → 本年财政拨款), or nil.
    static func fundRow(_ text: String) -> String? {
        var name = text
        for prefix in ["其中:", "其中：", "其中"] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
        name = name.trimmingCharacters(in: .whitespaces)
        return fundRowNames.contains(name) ? name : nil
    }

    static func isTotalRow(_ text: String) -> Bool { text == "总额" || text.hasPrefix("年度资金总额") }

    /// Empty, 「/」 or 「——」: a cell left blank.
    static func isBlank(_ text: String) -> Bool { text.isEmpty || ["/", "-", "—", "——", "……"].contains(text) }

    /// The form's own instructions left in a cell (「…(100字以内)」, 「1.预算执行率=…」).
    static func isGuidance(_ text: String) -> Bool {
        text.contains("字以内") || text.contains("预算执行率=") || text.hasPrefix("对照年度目标") || text.hasPrefix("结合自评情况")
    }

    static func number(_ text: String) -> StatedNumber? { StatedNumber(parsing: text) }

    static func form(_ cells: [Cell], lossy: Bool) -> PublishedProjectForm? {
        guard let title = cells.first else { return nil }
        var project = ProjectEvaluation()
        var lines: [FieldPath: Int] = [:]
        var notes: [(line: Int, reason: String)] = []
        let texts = cells.map(\.text)
        func index(_ where: (String) -> Bool) -> Int? { texts.firstIndex(where: `where`) }
        func set(_ path: FieldPath, _ i: Int) { lines[path] = cells[i].line }

        // The year: 「(2023年度)」 in the title or the cell after it.
        for i in 0..<min(3, cells.count) {
            if let year = year(in: texts[i]) {
                project.year = year; set("year", i)
                break
            }
        }
        // The project's header: the cell after each label, where it is text and not another label.
        let labels = ["项目名称", "主管部门", "实施单位", "项目基本情况", "项目资金", "预算执行情况"]
        for (label, path) in [("项目名称", "name"), ("主管部门", "department"), ("实施单位", "implementer")] {
            guard let i = index({ $0.hasPrefix(label) }), i + 1 < cells.count else { continue }
            let value = texts[i + 1]
            guard !isBlank(value), !labels.contains(where: value.hasPrefix) else { continue }
            switch path {
            case "name": project.name = value
            case "department": project.department = value
            default: project.implementer = value
            }
            set(FieldPath(path), i + 1)
        }

        let indicatorStart = index { $0 == "一级指标" }
        if let total = index(isTotalRow) {
            readFunds(cells, total: total, end: indicatorStart ?? cells.count, lossy: lossy, into: &project, lines: &lines, notes: &notes)
        }
        readGoal(cells, into: &project, lines: &lines)
        var isComplete = false
        if let start = indicatorStart {
            isComplete = readIndicators(cells, from: start, lossy: lossy, into: &project, lines: &lines, notes: &notes)
        }
        guard project.funds != nil || project.indicators != nil else { return nil }
        return PublishedProjectForm(project: project, lines: lines, titleLine: title.line, notes: notes, isComplete: isComplete)
    }

    /// 项目资金: the heading cells before the total row name the columns; each row's cells follow its name.
    static func readFunds(_ cells: [Cell], total: Int, end: Int, lossy: Bool, into project: inout ProjectEvaluation,
                          lines: inout [FieldPath: Int], notes: inout [(line: Int, reason: String)])
    {
        let texts = cells.map(\.text)
        let headingStart = texts[..<total].lastIndex { $0.hasPrefix("项目资金") || $0.hasPrefix("预算执行情况") } ?? 0
        let columns = columns(texts[(headingStart + 1)..<total].joined(), fundHeadings)
        guard columns.contains(.spent), columns.contains(.fullYear) else {
            notes.append((cells[total].line, "资金表的栏目（全年预算数、全年执行数）未能识别，资金行未读"))
            return
        }
        var funds = ProjectFunds()
        // Row starts: the total row and each 其中 row, up to the indicators.
        let starts = (total..<end).filter { $0 == total || fundRow(texts[$0]) != nil }
        let stop = (total..<end).first { $0 > total && ["年度总体目标", "绩效指标", "项目年度目标"].contains(where: texts[$0].hasPrefix) } ?? end
        var parts: [FundRow] = []
        for (k, start) in starts.enumerated() where start < stop {
            let rowEnd = min(k + 1 < starts.count ? starts[k + 1] : stop, stop)
            var values = Array(cells[(start + 1)..<rowEnd])
            // The row's figures, and the text cells (a reason, or the form's instructions) after them.
            if let firstText = values.firstIndex(where: { !isBlank($0.text) && !isFigure($0.text) }) {
                // On the total row, the 原因 the clerk wrote (not the form's instructions).
                if start == total, columns.contains(.reason), !isGuidance(values[firstText].text) {
                    funds.explanation = values[firstText].text
                    lines["funds.explanation"] = values[firstText].line
                }
                values = Array(values[..<firstText])
            }
            if lossy {
                let filled = values.filter { !isBlank($0.text) }
                // Empty cells were lost: the figures are placed only when they fill the money columns from the first.
                guard filled.isEmpty || filled.count >= 3 else {
                    notes.append((cells[start].line, "「\(texts[start])」一行只有 \(filled.count) 个数字，空白单元格在文本中已丢失，无法确定各数字所属的栏目，未读"))
                    continue
                }
                values = filled
            }
            let isTotal = start == total
            var row = FundRow(source: isTotal ? nil : fundRow(texts[start]))
            let path: FieldPath = isTotal ? "funds.total" : FieldPath("funds.parts")[parts.count]
            if !isTotal { lines[path / "source"] = cells[start].line }
            for (column, cell) in zip(columns, values) where !isBlank(cell.text) {
                let figure = figure(cell.text)
                switch column {
                case .yearStart: row.yearStart = amount(figure); lines[path / "year_start"] = cell.line
                case .fullYear: row.fullYear = amount(figure); lines[path / "full_year"] = cell.line
                case .spent: row.spent = amount(figure); lines[path / "spent"] = cell.line
                case .rate:
                    row.executionRate = (try? Percent.parse(figure)) ?? number(figure).map { Percent($0) }
                    lines[path / "execution_rate"] = cell.line
                case .weight where isTotal: funds.weight = number(figure); lines["funds.weight"] = cell.line
                case .score where isTotal: funds.score = number(figure); lines["funds.score"] = cell.line
                default: break
                }
            }
            if isTotal { funds.total = row } else { parts.append(row) }
        }
        funds.parts = parts.isEmpty ? nil : parts
        if funds.total != nil || !parts.isEmpty { project.funds = funds }
    }

    /// A figure cell with the colon or unit some forms write in it dropped (`年度资金总额: 0`).
    static func figure(_ text: String) -> String {
        text.replacingOccurrences(of: "万元", with: "").trimmingCharacters(in: .whitespaces)
    }

    static func isFigure(_ text: String) -> Bool {
        number(figure(text)) != nil || (try? Percent.parse(figure(text))) != nil
    }

    static func amount(_ text: String) -> Amount? {
        number(text).map { Amount($0, unit: .tenThousandYuan) }
    }

    /// 年度总体目标: after the headings 预期目标 (项目年度目标) and 实际完成情况 (年度目标完成情况), their two cells.
    static func readGoal(_ cells: [Cell], into project: inout ProjectEvaluation, lines: inout [FieldPath: Int]) {
        let texts = cells.map(\.text)
        guard let expected = texts.firstIndex(where: { $0 == "预期目标" || $0 == "项目年度目标" }),
              let achieved = texts.indices.first(where: { $0 > expected && ($0 - expected) <= 2 && (texts[$0] == "实际完成情况" || texts[$0] == "年度目标完成情况") }),
              achieved + 1 < cells.count
        else { return }
        let following = cells[(achieved + 1)...].prefix(2).map(\.text)
        var goal = ProjectGoal()
        if let first = following.first, !isBlank(first), !isGuidance(first), number(first) == nil {
            goal.expected = first; lines["goal.expected"] = cells[achieved + 1].line
        }
        if following.count == 2, !isBlank(following[1]), !isGuidance(following[1]), number(following[1]) == nil,
           !["项目实施", "2.", "项目资金", "绩效指标"].contains(where: following[1].hasPrefix)
        {
            goal.achieved = following[1]; lines["goal.achieved"] = cells[achieved + 2].line
        }
        if goal.expected != nil { project.goal = goal }
    }

    /// The four digits before the first 「年度」 (`(2023年度)` → 2023).
    static func year(in text: String) -> Int? {
        guard let range = text.range(of: "年度") else { return nil }
        let digits = String(text[..<range.lowerBound].suffix(4))
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let year = Int(digits), (1990...2100).contains(year) else { return nil }
        return year
    }

    static func isLevel1(_ text: String) -> Bool { ["产出指标", "效益指标", "满意度指标"].contains(where: text.hasPrefix) }

    /// A 二级指标 cell: a short name ending in 指标 (数量指标, 社会效益指标, 服务对象满意度指标).
    static func isLevel2(_ text: String) -> Bool {
        let plain = plainLevel(text)
        return plain.hasSuffix("指标") && plain.count <= 10 && !isLevel1(plain) && !plain.hasPrefix("指标")
    }

    /// The rows of 绩效指标 after their heading at `start`, up to 合计/总分; true when the table ends
    /// within the form (its totals stand in the text).
    static func readIndicators(_ cells: [Cell], from start: Int, lossy: Bool, into project: inout ProjectEvaluation,
                               lines: inout [FieldPath: Int], notes: inout [(line: Int, reason: String)]) -> Bool
    {
        let texts = cells.map(\.text)
        guard let firstRow = texts.indices.first(where: { $0 > start && isLevel1(texts[$0]) }) else { return false }
        let columns = columns(texts[start..<firstRow].joined(), indicatorHeadings)
        guard columns.first == .name, columns.contains(.weight), columns.contains(.score) else {
            notes.append((cells[start].line, "绩效指标表的栏目未能识别，指标未读"))
            return false
        }
        let endWords = ["合计", "总分", "评价结论", "自评总分", "存在问题"]
        let end = texts.indices.first { $0 >= firstRow && endWords.contains(where: texts[$0].hasPrefix) }
        guard !lossy else {
            notes.append((cells[firstRow].line, "文本中的空白单元格已丢失，无法确定各指标的栏目，绩效指标未读"))
            return false
        }
        var indicators: [ProjectIndicator] = []
        var level1: String?, level2: String?
        var i = firstRow
        let stop = end ?? cells.count
        while i < stop {
            // A merged heading cell wrapped onto two cells: 「经济效益」「指标」.
            let wrapped = i + 1 < stop && texts[i + 1] == "指标"
            let heading = wrapped ? texts[i] + "指标" : texts[i]
            if isLevel1(heading) { level1 = heading; i += wrapped ? 2 : 1; continue }
            if isLevel2(heading) { level2 = heading; i += wrapped ? 2 : 1; continue }
            // A blank cell where a row should begin is the layout's padding, not a row.
            if isBlank(texts[i]) { i += 1; continue }
            let row = Array(cells[i..<min(i + columns.count, stop)])
            i += columns.count
            // A heading inside the row: the cells do not line up with the columns; nothing more is read.
            if let heading = row.dropFirst().first(where: { isLevel1($0.text) || isLevel2($0.text) || $0.text == "指标" }) {
                notes.append((heading.line, "绩效指标表在「\(heading.text)」处的单元格与栏目对不齐，其后的指标未读"))
                break
            }
            guard row.count == columns.count else {
                // An optional row cut off with nothing in it is no loss.
                if row.dropFirst().contains(where: { !isBlank($0.text) }) {
                    notes.append((row[0].line, "指标「\(row[0].text)」一行不完整（文本在此中断），未读"))
                }
                break
            }
            var indicator = ProjectIndicator()
            indicator.level1 = level1.map(plainLevel)
            indicator.level2 = level2.map(plainLevel)
            let path = FieldPath("indicators")[indicators.count]
            var located: [(String, Int)] = []
            for (column, cell) in zip(columns, row) where !isBlank(cell.text) {
                let text = cell.text
                switch column {
                case .name: indicator.name = text; located.append(("name", cell.line))
                case .nature: indicator.nature = IndicatorNature(rawValue: text == "＝" ? "=" : text); located.append(("nature", cell.line))
                case .target: indicator.target = text; located.append(("target", cell.line))
                case .unit: indicator.unit = text
                case .actual: indicator.actual = text; located.append(("actual", cell.line))
                case .weight: indicator.weight = number(text); located.append(("weight", cell.line))
                case .score: indicator.score = number(text); located.append(("score", cell.line))
                case .deviation where !isGuidance(text): indicator.deviation = text; located.append(("deviation", cell.line))
                default: break
                }
            }
            // An optional row left empty (「指标2」 with nothing in it) is no indicator.
            guard indicator.target != nil || indicator.actual != nil || indicator.weight != nil || indicator.score != nil else { continue }
            for (key, line) in located { lines[path / key] = line }
            lines[path] = row[0].line
            indicators.append(indicator)
        }
        if !indicators.isEmpty {
            project.indicators = indicators
            // Findings on the table as a whole (the weights' sum) stand at its heading.
            lines["indicators"] = cells[start].line
        }
        guard let end else { return false }
        // 合计 and 总分 rows hold the weights' sum and then the scores' (「总分 | 100 | 98.6」); a 总分 with one
        // figure and no cell left blank after it states the score. One figure before a blank cell could be either.
        let after = cells[(end + 1)...].prefix(2).map(\.text)
        if after.count == 2, number(after[0]) != nil, let score = number(after[1]) {
            project.totalScore = score; lines["total_score"] = cells[end + 2].line
        } else if texts[end].hasPrefix("总分") || texts[end].hasPrefix("自评总分"), let first = after.first, let score = number(first),
                  after.count < 2 || !isBlank(after[1]) {
            project.totalScore = score; lines["total_score"] = cells[end + 1].line
        }
        return true
    }

    /// 「产出指标(50分)」 → 产出指标.
    static func plainLevel(_ text: String) -> String {
        guard let open = text.firstIndex(where: { $0 == "(" || $0 == "（" }), text.hasSuffix("分)") || text.hasSuffix("分）") else { return text }
        return String(text[..<open])
    }
}
