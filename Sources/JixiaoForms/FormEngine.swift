import Foundation
import JixiaoCore
import JixiaoFormats

/// 表单引擎 — turns a part's description (`ReportParts`) into an HTML form over the evaluation
/// file's tree, and a posted form back into the tree: fields the form shows are replaced, keys
/// it does not show are kept, rows are added, removed and moved. Every input is named by its
/// field path, so the file's own findings and errors land beside the field they concern.
///
/// Works without JavaScript: adding, removing and moving rows are submit buttons (`_action`),
/// answered by the same page with everything typed kept and nothing saved.
public enum FormEngine {
    /// The key a row carries while it is being edited: the path it had in the stored file, so
    /// that keys the form does not show come along when rows move. Never saved.
    public static let originKey = "_origin"

    /// What one posted form may make: its rows (each counted as the fields it shows, and a row
    /// copied from the stored file as the values it holds) and its fields. Each `_rows:` count is
    /// bounded; rows nested in rows multiply them, which this bounds. The worked example's largest
    /// part, 年度工作, shows some 650 fields, and the largest real report holds about 3,000 values.
    public static let postedFormBudget = SizeBudget(maximumBytes: .max, maximumValues: 100_000)

    /// The posted form applied to `stored`: the edited tree (with `_origin` bookkeeping), and
    /// each typed value that is not valid for its field, by field path. Throws `InputRejected`,
    /// having made no more, when the form would make more than `postedFormBudget` allows.
    ///
    /// Untyped and never inlined, as `file` is.
    @inline(never)
    public static func build(_ part: FormPart, posted: [String: String], stored: SourceNode, framework: Framework?) throws
        -> (tree: SourceNode, problems: [String: String])
    {
        var problems: [String: String] = [:]
        var budget = postedFormBudget
        let tree = try build(part.items, base: "", node: stored, posted: posted, stored: stored, framework: framework, problems: &problems,
                             budget: &budget)
        return (tree, problems)
    }

    private static func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    /// Counts `values` more values the form makes, and those of `copied` (a stored row it takes again).
    private static func take(_ values: Int, copying copied: SourceNode? = nil, from budget: inout SizeBudget) throws {
        guard budget.take(values: values), copied?.fits(&budget) ?? true else {
            throw InputRejected(problems: [InputProblem(message: "表单要建立的\(budget.refusal)，远超一份自评报告所需，未保存。请刷新页面后重新填写")])
        }
    }

    private static func build(_ items: [FormItem], base: String, node start: SourceNode, posted: [String: String], stored: SourceNode,
                              framework: Framework?, problems: inout [String: String], budget: inout SizeBudget) throws -> SourceNode
    {
        var node = start
        for item in items {
            switch item {
            case .heading:
                continue
            case .field(let key, _, let kind):
                let path = join(base, key)
                guard let raw = posted[path] else { continue }
                try take(1, from: &budget)
                let text = kind.tidied(raw)
                let value = text.isEmpty ? nil : kind.read(text)
                if let problem = value?.problem { problems[path] = problem }
                node.set(value?.node, at: key)
            case .paragraphs(let key, _):
                let path = join(base, key)
                guard let count = posted["_rows:\(path)"].flatMap(Int.init), (0...1000).contains(count) else { continue }
                // A pasted text of several paragraphs becomes as many rows; a blank row stays on the
                // page until it is saved (`withoutBlankNewRows`).
                let rows = try (0..<count).flatMap { i in
                    let paragraphs = PastedText.paragraphs(posted["\(path)[\(i)]"] ?? "")
                    try take(max(paragraphs.count, 1), from: &budget)
                    return (paragraphs.isEmpty ? [""] : paragraphs).map { SourceNode(.scalar($0, .text)) }
                }
                node.set(rows.isEmpty && node.node(at: key) == nil ? nil : SourceNode(.sequence(rows)), at: key)
            case .list(let key, _, _, let rowItems):
                let path = join(base, key)
                guard let count = posted["_rows:\(path)"].flatMap(Int.init), (0...1000).contains(count) else { continue }
                let shown = 1 + FormItem.fieldsShown(in: rowItems)
                let rows = try (0..<count).map { i -> SourceNode in
                    let rowPath = "\(path)[\(i)]"
                    let origin = posted["_origin:\(rowPath)"].flatMap { $0.isEmpty ? nil : $0 }
                    var row = origin.flatMap { stored.node(at: $0) } ?? .emptyMapping
                    if case .mapping = row.content {} else { row = .emptyMapping }
                    try take(shown, copying: row, from: &budget)
                    row.set(SourceNode(.scalar(origin ?? "", .text)), at: originKey)
                    return try build(rowItems, base: rowPath, node: row, posted: posted, stored: stored, framework: framework, problems: &problems,
                                     budget: &budget)
                }
                node.set(rows.isEmpty && node.node(at: key) == nil ? nil : SourceNode(.sequence(rows)), at: key)
            case .judgement:
                guard let framework else { continue }
                node = try buildJudgement(framework, node: node, posted: posted, problems: &problems, budget: &budget)
            case .variant(_, _, let variantItems):
                // Items of a choice not taken were not sent: their stored values stay.
                node = try build(variantItems, base: base, node: node, posted: posted, stored: stored, framework: framework, problems: &problems,
                                 budget: &budget)
            }
        }
        return node
    }

    /// `node` with the texts of the fields `items` describe tidied as a posted form's are
    /// (`FieldKind.tidied`, a list of paragraphs one row per paragraph): for the JSON API, whose
    /// parts are the forms'.
    public static func tidyingTexts(in node: SourceNode, _ items: [FormItem]) -> SourceNode {
        var node = node
        for item in items {
            switch item {
            case .field(let key, _, let kind):
                guard case .scalar(let text, let scalarKind)? = node.node(at: key)?.content else { continue }
                switch kind {
                case .text, .paragraph: node.set(SourceNode(.scalar(kind.tidied(text), scalarKind)), at: key)
                default: continue
                }
            case .paragraphs(let key, _):
                guard let rows = node.node(at: key)?.items else { continue }
                node.set(SourceNode(.sequence(rows.flatMap { row in
                    guard case .scalar(let text, let scalarKind) = row.content else { return [row] }
                    return PastedText.paragraphs(text).map { SourceNode(.scalar($0, scalarKind)) }
                })), at: key)
            case .list(let key, _, _, let rowItems):
                guard let rows = node.node(at: key)?.items else { continue }
                node.set(SourceNode(.sequence(rows.map { tidyingTexts(in: $0, rowItems) })), at: key)
            case .variant(_, _, let variantItems):
                node = tidyingTexts(in: node, variantItems)
            case .heading, .judgement:
                continue
            }
        }
        return node
    }

    /// 评分作答 — a framework's leaves the unit answers by hand, in the framework's order.
    public static func judgementItems(_ framework: Framework) -> [IndicatorSpec] {
        func leaves(_ specs: [IndicatorSpec]) -> [IndicatorSpec] {
            specs.flatMap { spec -> [IndicatorSpec] in
                if let children = spec.children, !children.isEmpty { return leaves(children) }
                switch spec.rule?.type {
                case .manual, .checklist: return [spec]
                case .deduction where spec.rule?.findings == nil: return [spec]
                default: return []
                }
            }
        }
        return leaves(framework.indicators)
    }

    /// The answers rebuilt in the framework's order (answers to other indicators kept after them).
    private static func buildJudgement(_ framework: Framework, node start: SourceNode, posted: [String: String],
                                       problems: inout [String: String], budget: inout SizeBudget) throws -> SourceNode
    {
        var node = start
        let items = judgementItems(framework)
        guard posted["_rows:self_scoring.answers"] != nil else { return node }
        try take(items.count, from: &budget)
        let storedAnswers = node.node(at: "self_scoring.answers")?.items ?? []
        func id(_ answer: SourceNode) -> String? { answer.node(at: "indicator")?.scalarText }
        var answers: [SourceNode] = []
        for (j, spec) in items.enumerated() {
            let path = "self_scoring.answers[\(j)]"
            var answer = storedAnswers.first { id($0) == spec.id } ?? .emptyMapping
            answer.set(SourceNode(.scalar(spec.id, .text)), at: "indicator")
            var fields: [(String, FieldKind)] = [("not_applicable", .bool), ("evidence", .paragraph)]
            switch spec.rule?.type {
            case .manual: fields.append(("points", .number))
            case .deduction: fields.append(("count", .count))
            default: break
            }
            for (key, kind) in fields {
                guard let raw = posted["\(path).\(key)"] else { continue }
                let text = kind.tidied(raw)
                let value = text.isEmpty ? nil : kind.read(text)
                if let problem = value?.problem { problems["\(path).\(key)"] = problem }
                answer.set(value?.node, at: key)
            }
            if spec.rule?.type == .checklist {
                var replies: [SourceNode] = []
                for (m, item) in (spec.rule?.items ?? []).enumerated() {
                    let itemPath = "\(path).items[\(m)]"
                    let met = (posted["\(itemPath).met"] ?? "").trimmingCharacters(in: .whitespaces)
                    let evidence = FieldKind.paragraph.tidied(posted["\(itemPath).evidence"] ?? "")
                    if met.isEmpty {
                        if !evidence.isEmpty { problems["\(itemPath).met"] = "请选择 符合 或 不符合" }
                        continue
                    }
                    var reply = SourceNode.emptyMapping
                    reply.set(SourceNode(.scalar(item.id, .text)), at: "id")
                    reply.set(FieldKind.bool.read(met).node, at: "met")
                    if !evidence.isEmpty { reply.set(SourceNode(.scalar(evidence, .text)), at: "evidence") }
                    replies.append(reply)
                }
                answer.set(replies.isEmpty ? nil : SourceNode(.sequence(replies)), at: "items")
            }
            // An answer with nothing but its indicator is no answer.
            if case .mapping(let entries) = answer.content, entries.count > 1 { answers.append(answer) }
        }
        let ids = Set(items.map(\.id))
        answers += storedAnswers.filter { id($0).map { !ids.contains($0) } ?? true }
        node.set(answers.isEmpty ? nil : SourceNode(.sequence(answers)), at: "self_scoring.answers")
        if !answers.isEmpty { node.set(SourceNode(.scalar(framework.id, .text)), at: "self_scoring.framework") }
        return node
    }

    // MARK: Row actions

    /// A row action from a submit button: `add-row:PATH`, `add-text:PATH`, `remove:PATH[i]`,
    /// `up:PATH[i]`, `down:PATH[i]`, or `show:PATH` (the row again with the fields of the choice
    /// made in it). Returns what happened, in Chinese, or nil for no action.
    public static func apply(action: String, to tree: inout SourceNode) -> String? {
        guard let colon = action.firstIndex(of: ":") else { return nil }
        let verb = action[..<colon], path = String(action[action.index(after: colon)...])
        guard var steps = FieldPath(path).steps else { return nil }
        switch verb {
        case "show":
            return "已按所选类型显示栏目，填写后请保存"
        case "add-row", "add-text":
            var items = tree.node(at: steps)?.items ?? []
            items.append(verb == "add-row" ? SourceNode(.mapping([.init(key: originKey, value: SourceNode(.scalar("", .text)))]))
                : SourceNode(.scalar("", .text)))
            tree.set(SourceNode(.sequence(items)), at: steps[...])
            return "已添加一行（第 \(items.count) 行），填写后请保存"
        case "remove", "up", "down":
            guard case .index(let i) = steps.removeLast(), var items = tree.node(at: steps)?.items, items.indices.contains(i) else { return nil }
            switch verb {
            case "remove": items.remove(at: i)
            case "up" where i > 0: items.swapAt(i, i - 1)
            case "down" where i + 1 < items.count: items.swapAt(i, i + 1)
            default: return nil
            }
            tree.set(SourceNode(.sequence(items)), at: steps[...])
            return verb == "remove" ? "已删除第 \(i + 1) 行，保存后生效" : "已移动第 \(i + 1) 行，保存后生效"
        default:
            return nil
        }
    }

    // MARK: Saving

    /// The edited tree as the file to store: bookkeeping and rows left empty dropped, decoded
    /// with the file's own checks, written in place when only values changed (so comments and
    /// layout stay), otherwise written anew. Throws `InputRejected` with problems by field path,
    /// or when the file would pass a revision's `SizeBudget`.
    ///
    /// Untyped and never inlined, like `SubmissionService.analyse`: a typed throw inlined into the
    /// async handlers crashes the Swift 6.3.1 optimiser.
    @inline(never)
    public static func file(from tree: SourceNode, stored: SourceNode, storedText: String, typed: [String: String]) throws -> String {
        let clean = try cleaned(tree, typed: typed, what: "自评文件")
        let decoded: LoadedEvaluation
        do { decoded = try EvaluationFile.decode(clean) } catch {
            throw InputRejected(problems: error.errors.map { InputProblem(location: nil, path: $0.path?.text, message: $0.message) })
        }
        if let inPlace = replacedInPlace(stored, clean, in: storedText),
            let reread = try? EvaluationFile.parse(inPlace, format: .yaml), reread.evaluation == decoded.evaluation
        {
            return inPlace
        }
        do { return try EvaluationFile.text(of: clean, as: .yaml) } catch {
            throw InputRejected(problems: [InputProblem(message: "无法写出修改后的文件：\(error)")])
        }
    }

    /// The edited tree as it is saved (bookkeeping and rows left empty dropped), once no typed value
    /// is invalid and it fits a revision's `SizeBudget`; else `InputRejected` (`what` names the file).
    public static func cleaned(_ tree: SourceNode, typed: [String: String], what: String) throws(InputRejected) -> SourceNode {
        guard typed.isEmpty else {
            throw InputRejected(problems: typed.sorted { $0.key < $1.key }.map { InputProblem(location: nil, path: $0.key, message: $0.value) })
        }
        let clean = tree.withoutBlankNewRows.withoutBookkeeping
        // Measured before it is decoded or written: rows copied from the stored file are shared
        // in the tree, but each would be written out again.
        var budget = SizeBudget.revision
        guard clean.fits(&budget) else { throw InputRejected(problems: [InputProblem(message: "修改后的\(what)\(budget.refusal)，未保存")]) }
        return clean
    }

    /// The stored text with each changed scalar replaced on its own line (a trailing comment
    /// kept); nil when the change is more than values (keys or rows added or removed).
    private static func replacedInPlace(_ old: SourceNode, _ new: SourceNode, in text: String) -> String? {
        var changes: [(SourceLocation, String)] = []
        func walk(_ a: SourceNode, _ b: SourceNode) -> Bool {
            switch (a.content, b.content) {
            case (.scalar(let x, _), .scalar(let y, _)):
                if x != y {
                    guard let location = a.location, !y.contains("\n"), !x.contains("\n") else { return false }
                    changes.append((location, y))
                }
                return true
            case (.null, .null): return true
            case (.mapping(let x), .mapping(let y)):
                return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && walk($0.value, $1.value) }
            case (.sequence(let x), .sequence(let y)):
                return x.count == y.count && zip(x, y).allSatisfy { walk($0, $1) }
            default: return false
            }
        }
        guard walk(old, new) else { return nil }
        if changes.isEmpty { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (location, value) in changes {
            guard location.line >= 1, location.line <= lines.count else { return nil }
            let line = Array(lines[location.line - 1])
            let start = location.column - 1
            guard start >= 0, start < line.count else { return nil }
            let rest = String(line[start...])
            // A quoted or flow value is left to the full rewrite.
            guard !rest.hasPrefix("\""), !rest.hasPrefix("'"), !rest.contains("{"), !rest.contains("[") else { return nil }
            let comment = rest.range(of: " #").map { String(rest[$0.lowerBound...]) } ?? ""
            lines[location.line - 1] = String(line[..<start]) + value + comment
        }
        return lines.joined(separator: "\n")
    }
}

extension SourceNode {
    /// Rows a form added and left blank are not saved, nor are blank paragraphs. A stored row
    /// whose fields were all cleared stays, so that the file's check names what it lacks.
    public var withoutBlankNewRows: SourceNode {
        switch content {
        case .mapping(let entries):
            return SourceNode(.mapping(entries.map { Entry(key: $0.key, keyLocation: $0.keyLocation, value: $0.value.withoutBlankNewRows) }),
                              at: location)
        case .sequence(let items):
            return SourceNode(.sequence(items.map(\.withoutBlankNewRows).filter { item in
                if let text = item.scalarText, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return false }
                guard case .mapping(let entries) = item.content else { return true }
                let isNew = (item.node(at: FormEngine.originKey)?.scalarText ?? "").isEmpty
                return !(isNew && entries.allSatisfy { $0.key == FormEngine.originKey })
            }), at: location)
        default:
            return self
        }
    }
}
