import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender

/// Writes a part as HTML over a tree (the stored file, or the clerk's unsaved input): as a form,
/// each field with its label, unit hint, typed-value problem, findings and the reviewer's comments
/// beside it; or as the values to read, each with a 批注 link for the reviewer.
public struct FormRenderer {
    /// How the part is shown.
    public enum Mode {
        /// The form the clerk fills in.
        case edit
        /// 审阅 — the values as text. `annotate` gives the address of a field's 批注 link (nil:
        /// none); `annotation` is the HTML placed beside the field being annotated (its comment form).
        case view(annotate: ((String) -> String)?, annotation: (path: String, html: String)?)
    }

    public var tree: SourceNode
    public var mode: Mode = .edit
    /// Typed values that are not valid, by field path.
    public var problems: [String: String] = [:]
    /// The current revision's findings in plain Chinese, by field path.
    public var findings: [String: [String]] = [:]
    /// 审核意见 still open, by the field path they name: shown beside the field.
    public var comments: [String: [String]] = [:]
    /// Notes beside fields (the framework's computed score beside the stated one), by field path.
    public var notes: [String: String] = [:]
    public var framework: Framework?
    /// Each judgement item's score in words, by indicator ID.
    public var basis: [String: String] = [:]
    /// The row of the part's paged list shown in full; the other rows are folded to their heading.
    /// Nil: every row in full.
    public var page: Int?
    /// The address of the part's page, with row `i` of the paged list open when given: row
    /// buttons post to it with the row's anchor, so that the page comes back at the row they
    /// acted on, and folded rows link to it. Nil: buttons post to the form's own address.
    public var address: ((Int?) -> String)?
    /// What a folded row still holds to do (「待填 3 项 · 审核意见 1 条」), by row path.
    public var summaries: [String: String] = [:]

    public private(set) var html = ""
    /// Every path that has an element on the page, for links from the findings.
    public private(set) var anchors: Set<String> = []
    private var codeLists: [Classification] = []
    private var pagedList: String?
    /// Inside items of a choice not taken (hidden until the choice changes): no anchors there.
    private var hidden = 0
    /// Inside the judgement items, which the reviewer scores in a form of their own: no 批注.
    private var annotatable = true

    public init(tree: SourceNode) { self.tree = tree }

    private func e(_ text: String) -> String { Markup.escape(text) }
    private func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
    private var editing: Bool { if case .edit = mode { true } else { false } }

    /// Renders the part (once).
    public mutating func render(_ part: FormPart) {
        pagedList = part.pagedList
        render(part.items, base: "")
        for classification in codeLists {
            html += "<datalist id=\"codes-\(classification.classes[0].code)\">"
            for c in classification.classes { html += "<option value=\"\(c.code)\">\(e(c.name))</option>" }
            html += "</datalist>"
        }
    }

    private mutating func anchor(_ path: String) {
        if hidden == 0 { anchors.insert(path) }
    }

    /// The findings and open comments on `path`, and (reading) the comment form being written on it.
    private mutating func notesAt(_ path: String) {
        for message in findings[path] ?? [] { html += "<div class=\"warning finding-note\">\(e(message))</div>" }
        for comment in comments[path] ?? [] { html += "<div class=\"comment-note\" role=\"note\">审核意见：\(e(comment))</div>" }
        if case .view(_, let annotation?) = mode, annotation.path == path { html += annotation.html }
    }

    /// (Reading, for the reviewer) the 批注 link of `path`, beside its label.
    private func annotateLink(_ path: String) -> String {
        guard annotatable, case .view(let link?, _) = mode else { return "" }
        return " <a class=\"annotate\" href=\"\(e(link(path)))\">批注</a>"
    }

    private mutating func render(_ items: [FormItem], base: String) {
        // Choice fields that decide which items apply (a target's kind).
        let switches = Set(items.compactMap { item -> String? in
            if case .variant(let key, _, _) = item { return key }
            return nil
        })
        for item in items {
            switch item {
            case .heading(let title):
                html += "<h3>\(e(title))</h3>"
            case .field(let key, let label, let kind):
                field(join(base, key), label: label, kind: kind, value: tree.node(at: join(base, key))?.scalarText ?? "",
                      switchesVariants: switches.contains(key) ? base : nil)
            case .paragraphs(let key, let label):
                paragraphs(join(base, key), label: label)
            case .list(let key, let label, let row, let rowItems):
                list(join(base, key), label: label, row: row, items: rowItems)
            case .judgement:
                judgement()
            case .variant(let key, let values, let variantItems):
                let choice = join(base, key)
                let applies = values.contains(tree.node(at: choice)?.scalarText ?? "")
                guard editing else {
                    if applies { render(variantItems, base: base) }
                    continue
                }
                // Not applying: on the page but hidden and disabled (not sent), for the script to show.
                html += "<fieldset class=\"variant\" data-choice=\"\(e(choice))\" data-values=\"\(e(values.joined(separator: " ")))\"\(applies ? "" : " disabled hidden")>"
                if !applies { hidden += 1 }
                render(variantItems, base: base)
                if !applies { hidden -= 1 }
                html += "</fieldset>"
            }
        }
    }

    /// `switchesVariants`: the row whose items this choice decides, for the button that shows
    /// them without a script.
    private mutating func field(_ path: String, label: String, kind: FieldKind, value: String, switchesVariants row: String? = nil) {
        anchor(path)
        guard editing else {
            html += "<div class=\"field view\" id=\"\(e(path))\"><div class=\"label\">\(e(label))\(annotateLink(path))</div>"
            html += value.isEmpty ? "<div class=\"value muted\">（未填）</div>" : "<div class=\"value\">\(e(shown(value, kind)))</div>"
            notesAt(path)
            if let note = notes[path] { html += "<div class=\"note\">\(e(note))</div>" }
            html += "</div>"
            return
        }
        let problem = problems[path]
        let hint = kind.hint
        html += "<div class=\"field\(problem != nil ? " bad" : "")\"><label for=\"\(e(path))\">\(e(label))"
        if !hint.isEmpty { html += " <span class=\"hint\">\(e(hint))</span>" }
        html += "</label>"
        let name = "id=\"\(e(path))\" name=\"\(e(path))\""
        switch kind {
        case .paragraph:
            html += "<textarea \(name) rows=\"3\">\(e(value))</textarea>"
        case .bool:
            select(name, value: value, options: [("true", "是"), ("false", "否")])
        case .choice(let words, let labels):
            select(name, value: value, options: words.map { ($0, labels[$0] ?? $0) })
        case .problemNumber:
            select(name, value: value, options: problemTitles)
        case .code(let classification):
            if !codeLists.contains(where: { $0.name == classification.name }) { codeLists.append(classification) }
            html += "<input type=\"text\" \(name) value=\"\(e(value))\" list=\"codes-\(classification.classes[0].code)\" placeholder=\"\(e(hint))\" class=\"code\">"
            if let className = classification.className(of: value) { html += " <span class=\"muted\">\(e(className))</span>" }
        default:
            html += "<input type=\"text\" \(name) value=\"\(e(value))\" placeholder=\"\(e(hint))\">"
        }
        if let row {
            // Without a script, the fields of another choice come with this button (nothing saved).
            html += " <button type=\"submit\" name=\"_action\" value=\"show:\(e(row))\"\(formAction(anchor: row)) class=\"small secondary show-variant\">按所选类型显示栏目</button>"
        }
        if let problem { html += "<div class=\"error\" role=\"alert\">\(e(problem))</div>" }
        notesAt(path)
        if let note = notes[path] { html += "<div class=\"note\">\(e(note))</div>" }
        html += "</div>"
    }

    /// A value as the clerk chose it: a choice by its label, 是/否, a problem by its title.
    private func shown(_ value: String, _ kind: FieldKind) -> String {
        switch kind {
        case .bool: value == "true" ? "是" : value == "false" ? "否" : value
        case .choice(_, let labels): labels[value] ?? value
        case .problemNumber: problemTitles.first { $0.0 == value }?.1 ?? value
        case .code(let classification): classification.className(of: value).map { "\(value) \($0)" } ?? value
        default: value
        }
    }

    private var problemTitles: [(String, String)] {
        (tree.node(at: "problems")?.items ?? []).enumerated().map { i, problem in
            ("\(i + 1)", "第 \(i + 1) 个问题：\(problem.node(at: "title")?.scalarText ?? "")")
        }
    }

    private mutating func select(_ name: String, value: String, options: [(String, String)]) {
        html += "<select \(name)><option value=\"\">（请选择）</option>"
        var all = options
        // A value from the file that is not among the choices is shown, so that saving keeps it
        // and the check names it.
        if !value.isEmpty, !options.contains(where: { $0.0 == value }) { all.append((value, value)) }
        for (option, text) in all {
            html += "<option value=\"\(e(option))\"\(option == value ? " selected" : "")>\(e(text))</option>"
        }
        html += "</select>"
    }

    /// ` formaction="…#anchor"`: the page comes back at `anchor`, with row `page` of the paged
    /// list open (the current one when nil).
    private func formAction(anchor: String, page target: Int? = nil) -> String {
        guard let address else { return "" }
        let fragment = anchor.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? anchor
        return " formaction=\"\(e(address(target ?? page)))#\(e(fragment))\""
    }

    /// 上移、下移、删除 of row `index` of `count` in `list`; each comes back at the row it moved,
    /// or at the row now in the removed one's place. Rows of the paged list open the row too.
    private mutating func rowButtons(_ list: String, index: Int, count: Int) {
        let paged = list == pagedList && page != nil
        func button(_ verb: String, _ label: String, landing: Int) -> String {
            let anchor = count == 1 && verb == "remove" ? list : "\(list)[\(landing)]"
            let action = formAction(anchor: anchor, page: paged ? max(landing, 0) : nil)
            return "<button type=\"submit\" name=\"_action\" value=\"\(verb):\(e(list))[\(index)]\"\(action) class=\"small secondary\">\(label)</button>"
        }
        html += "<span class=\"row-actions\">"
        if index > 0 { html += button("up", "上移", landing: index - 1) }
        if index + 1 < count { html += button("down", "下移", landing: index + 1) }
        html += button("remove", "删除", landing: index + 1 < count ? index : index - 1) + "</span>"
    }

    private mutating func addButton(_ verb: String, _ list: String, count: Int, label: String) {
        let paged = list == pagedList && page != nil
        html += "<button type=\"submit\" name=\"_action\" value=\"\(verb):\(e(list))\"\(formAction(anchor: "\(list)[\(count)]", page: paged ? count : nil)) class=\"secondary add\">\(e(label))</button>"
    }

    private mutating func paragraphs(_ path: String, label: String) {
        let items = tree.node(at: path)?.items ?? []
        anchor(path)
        html += "<fieldset class=\"list\" id=\"\(e(path))\"><legend>\(e(label))\(annotateLink(path))</legend>"
        notesAt(path)
        guard editing else {
            if items.isEmpty { html += "<div class=\"value muted\">（未填）</div>" }
            for (i, item) in items.enumerated() {
                anchor("\(path)[\(i)]")
                html += "<p class=\"value\" id=\"\(e(path))[\(i)]\">\(e(item.scalarText ?? ""))</p>"
                notesAt("\(path)[\(i)]")
            }
            html += "</fieldset>"
            return
        }
        html += "<input type=\"hidden\" name=\"_rows:\(e(path))\" value=\"\(items.count)\">"
        for (i, item) in items.enumerated() {
            let itemPath = "\(path)[\(i)]"
            anchor(itemPath)
            html += "<div class=\"row paragraph\"><label for=\"\(e(itemPath))\">第 \(i + 1) 段</label>"
            rowButtons(path, index: i, count: items.count)
            html += "<textarea id=\"\(e(itemPath))\" name=\"\(e(itemPath))\" rows=\"3\">\(e(item.scalarText ?? ""))</textarea>"
            notesAt(itemPath)
            html += "</div>"
        }
        addButton("add-text", path, count: items.count, label: "添加一段")
        html += "</fieldset>"
    }

    private mutating func list(_ path: String, label: String, row: String, items rowItems: [FormItem]) {
        let rows = tree.node(at: path)?.items ?? []
        anchor(path)
        html += "<fieldset class=\"list\" id=\"\(e(path))\"><legend>\(e(label))（\(rows.count) 行）\(annotateLink(path))</legend>"
        notesAt(path)
        if editing { html += "<input type=\"hidden\" name=\"_rows:\(e(path))\" value=\"\(rows.count)\">" }
        for (i, node) in rows.enumerated() {
            let rowPath = "\(path)[\(i)]"
            anchor(rowPath)
            let title = ["title", "name", "measure", "source", "subject", "by", "kind"].lazy.compactMap { node.node(at: $0)?.scalarText }.first ?? ""
            let folded = path == pagedList && page.map { $0 != i } ?? false
            html += "<div class=\"row\(folded ? " folded" : "")\" id=\"\(e(rowPath))\"><div class=\"row-head\"><b>\(e(row)) \(i + 1)</b> \(e(String(title.prefix(40))))"
            if folded {
                if let summary = summaries[rowPath] { html += " <span class=\"muted\">\(e(summary))</span>" }
                if let address { html += " <a href=\"\(e(address(i)))#\(e(rowPath))\" class=\"open-row\">展开</a>" }
            }
            if editing { rowButtons(path, index: i, count: rows.count) } else if !folded { html += annotateLink(rowPath) }
            html += "</div>"
            if editing {
                let origin = node.node(at: FormEngine.originKey)?.scalarText ?? rowPath
                html += "<input type=\"hidden\" name=\"_origin:\(e(rowPath))\" value=\"\(e(origin))\">"
            }
            notesAt(rowPath)
            // A folded row sends only its origin: the engine keeps all of it as stored.
            if !folded { render(rowItems, base: rowPath) }
            html += "</div>"
        }
        if editing { addButton("add-row", path, count: rows.count, label: "添加\(row)") }
        html += "</fieldset>"
    }

    private mutating func judgement() {
        guard let framework else { return }
        let items = FormEngine.judgementItems(framework)
        guard !items.isEmpty else { return }
        annotatable = false
        defer { annotatable = true }
        let answers = tree.node(at: "self_scoring.answers")?.items ?? []
        html += "<h3>评分框架的判断项（\(e(framework.name))）</h3><p class=\"muted\">以下指标由单位作答并附佐证，审核人员复核。</p>"
        if editing { html += "<input type=\"hidden\" name=\"_rows:self_scoring.answers\" value=\"\(items.count)\">" }
        for (j, spec) in items.enumerated() {
            let path = "self_scoring.answers[\(j)]"
            let answer = answers.first { $0.node(at: "indicator")?.scalarText == spec.id }
            func value(_ key: String) -> String { answer?.node(at: key)?.scalarText ?? "" }
            anchor(path)
            html += "<div class=\"row\" id=\"\(e(path))\"><div class=\"row-head\"><b>\(e(spec.name))</b>（\(spec.points) 分）</div>"
            if let standard = spec.standard { html += "<p class=\"muted\">评分标准：\(e(standard))</p>" }
            switch spec.rule?.type {
            case .manual:
                field("\(path).points", label: "给分（满分 \(spec.points) 分）", kind: .number, value: value("points"))
            case .deduction:
                field("\(path).count", label: "发生次数（每次扣 \(spec.rule?.per?.description ?? "") 分）", kind: .count, value: value("count"))
            case .checklist:
                let replies = answer?.node(at: "items")?.items ?? []
                for (m, item) in (spec.rule?.items ?? []).enumerated() {
                    let reply = replies.first { $0.node(at: "id")?.scalarText == item.id }
                    let itemPath = "\(path).items[\(m)]"
                    let met = reply?.node(at: "met")?.scalarText ?? ""
                    let evidence = reply?.node(at: "evidence")?.scalarText ?? ""
                    anchor("\(itemPath).met")
                    guard editing else {
                        let answered = met == "true" ? "符合" : met == "false" ? "不符合" : "（未答）"
                        html += "<div class=\"field view\"><span class=\"label\">\(e(item.text))（\(item.points) 分）</span><div class=\"value\">\(answered)\(evidence.isEmpty ? "" : "（\(e(evidence))）")</div></div>"
                        continue
                    }
                    html += "<div class=\"field\(problems["\(itemPath).met"] != nil ? " bad" : "")\"><label for=\"\(e(itemPath)).met\">\(e(item.text))（\(item.points) 分）</label>"
                    select("id=\"\(e(itemPath)).met\" name=\"\(e(itemPath)).met\"", value: met, options: [("true", "符合"), ("false", "不符合")])
                    html += " <input type=\"text\" id=\"\(e(itemPath)).evidence\" name=\"\(e(itemPath)).evidence\" value=\"\(e(evidence))\" placeholder=\"佐证材料\">"
                    if let problem = problems["\(itemPath).met"] { html += "<div class=\"error\" role=\"alert\">\(e(problem))</div>" }
                    html += "</div>"
                }
            default: break
            }
            if spec.notApplicable != nil {
                field("\(path).not_applicable", label: "不适用", kind: .bool, value: value("not_applicable"))
            }
            field("\(path).evidence", label: "佐证", kind: .paragraph, value: value("evidence"))
            if let words = basis[spec.id] { html += "<div class=\"note\">评分：\(e(words))</div>" }
            html += "</div>"
        }
    }
}
