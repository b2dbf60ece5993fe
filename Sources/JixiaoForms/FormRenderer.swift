import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender

/// Writes a part's form as HTML over a tree (the stored file, or the clerk's unsaved input),
/// each field with its label, unit hint, typed-value problem and findings beside it, and counts
/// how many of its fields are filled (the part's completeness bar).
public struct FormRenderer {
    public var tree: SourceNode
    /// Typed values that are not valid, by field path.
    public var problems: [String: String] = [:]
    /// The current revision's findings in plain Chinese, by field path.
    public var findings: [String: [String]] = [:]
    /// Notes beside fields (the framework's computed score beside the stated one), by field path.
    public var notes: [String: String] = [:]
    public var framework: Framework?
    /// Each judgement item's score in words, by indicator ID.
    public var basis: [String: String] = [:]

    public private(set) var html = ""
    public private(set) var fields = 0
    public private(set) var filled = 0
    /// Every path that has an element on the page, for links from the findings.
    public private(set) var anchors: Set<String> = []
    private var codeLists: [Classification] = []

    public init(tree: SourceNode) { self.tree = tree }

    private func e(_ text: String) -> String { Markup.escape(text) }
    private func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    /// Renders the part (once).
    public mutating func render(_ part: FormPart) {
        render(part.items, base: "")
        for classification in codeLists {
            html += "<datalist id=\"codes-\(classification.classes[0].code)\">"
            for c in classification.classes { html += "<option value=\"\(c.code)\">\(e(c.name))</option>" }
            html += "</datalist>"
        }
    }

    private mutating func notesAt(_ path: String) {
        for message in findings[path] ?? [] { html += "<div class=\"warning finding-note\">\(e(message))</div>" }
    }

    private mutating func render(_ items: [FormItem], base: String) {
        for item in items {
            switch item {
            case .heading(let title):
                html += "<h3>\(e(title))</h3>"
            case .field(let key, let label, let kind):
                field(join(base, key), label: label, kind: kind, value: tree.node(at: join(base, key))?.scalarText ?? "")
            case .paragraphs(let key, let label):
                paragraphs(join(base, key), label: label)
            case .list(let key, let label, let row, let rowItems):
                list(join(base, key), label: label, row: row, items: rowItems)
            case .judgement:
                judgement()
            }
        }
    }

    private mutating func field(_ path: String, label: String, kind: FieldKind, value: String) {
        fields += 1
        if !value.trimmingCharacters(in: .whitespaces).isEmpty { filled += 1 }
        anchors.insert(path)
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
            let titles = (tree.node(at: "problems")?.items ?? []).enumerated().map { i, problem in
                ("\(i + 1)", "第 \(i + 1) 个问题：\(problem.node(at: "title")?.scalarText ?? "")")
            }
            select(name, value: value, options: titles)
        case .code(let classification):
            if !codeLists.contains(where: { $0.name == classification.name }) { codeLists.append(classification) }
            html += "<input type=\"text\" \(name) value=\"\(e(value))\" list=\"codes-\(classification.classes[0].code)\" placeholder=\"\(e(hint))\" class=\"code\">"
            if let className = classification.className(of: value) { html += " <span class=\"muted\">\(e(className))</span>" }
        default:
            html += "<input type=\"text\" \(name) value=\"\(e(value))\" placeholder=\"\(e(hint))\">"
        }
        if let problem { html += "<div class=\"error\" role=\"alert\">\(e(problem))</div>" }
        notesAt(path)
        if let note = notes[path] { html += "<div class=\"note\">\(e(note))</div>" }
        html += "</div>"
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

    private mutating func rowButtons(_ rowPath: String, index: Int, count: Int) {
        html += "<span class=\"row-actions\">"
        if index > 0 { html += "<button type=\"submit\" name=\"_action\" value=\"up:\(e(rowPath))\" class=\"small secondary\">上移</button>" }
        if index + 1 < count { html += "<button type=\"submit\" name=\"_action\" value=\"down:\(e(rowPath))\" class=\"small secondary\">下移</button>" }
        html += "<button type=\"submit\" name=\"_action\" value=\"remove:\(e(rowPath))\" class=\"small secondary\">删除</button></span>"
    }

    private mutating func paragraphs(_ path: String, label: String) {
        let items = tree.node(at: path)?.items ?? []
        fields += 1
        if items.contains(where: { !($0.scalarText ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { filled += 1 }
        anchors.insert(path)
        html += "<fieldset class=\"list\" id=\"\(e(path))\"><legend>\(e(label))</legend>"
        notesAt(path)
        html += "<input type=\"hidden\" name=\"_rows:\(e(path))\" value=\"\(items.count)\">"
        for (i, item) in items.enumerated() {
            let itemPath = "\(path)[\(i)]"
            anchors.insert(itemPath)
            html += "<div class=\"row paragraph\"><label for=\"\(e(itemPath))\">第 \(i + 1) 段</label>"
            rowButtons(itemPath, index: i, count: items.count)
            html += "<textarea id=\"\(e(itemPath))\" name=\"\(e(itemPath))\" rows=\"3\">\(e(item.scalarText ?? ""))</textarea>"
            notesAt(itemPath)
            html += "</div>"
        }
        html += "<button type=\"submit\" name=\"_action\" value=\"add-text:\(e(path))\" class=\"secondary add\">添加一段</button></fieldset>"
    }

    private mutating func list(_ path: String, label: String, row: String, items rowItems: [FormItem]) {
        let rows = tree.node(at: path)?.items ?? []
        anchors.insert(path)
        html += "<fieldset class=\"list\" id=\"\(e(path))\"><legend>\(e(label))（\(rows.count) 行）</legend>"
        notesAt(path)
        html += "<input type=\"hidden\" name=\"_rows:\(e(path))\" value=\"\(rows.count)\">"
        for (i, node) in rows.enumerated() {
            let rowPath = "\(path)[\(i)]"
            anchors.insert(rowPath)
            let origin = node.node(at: FormEngine.originKey)?.scalarText ?? rowPath
            let title = ["title", "name", "measure", "source", "kind", "subject"].lazy.compactMap { node.node(at: $0)?.scalarText }.first ?? ""
            html += "<div class=\"row\" id=\"\(e(rowPath))\"><div class=\"row-head\"><b>\(e(row)) \(i + 1)</b> \(e(String(title.prefix(40))))"
            rowButtons(rowPath, index: i, count: rows.count)
            html += "</div><input type=\"hidden\" name=\"_origin:\(e(rowPath))\" value=\"\(e(origin))\">"
            notesAt(rowPath)
            render(rowItems, base: rowPath)
            html += "</div>"
        }
        html += "<button type=\"submit\" name=\"_action\" value=\"add-row:\(e(path))\" class=\"secondary add\">添加\(e(row))</button></fieldset>"
    }

    private mutating func judgement() {
        guard let framework else { return }
        let items = FormEngine.judgementItems(framework)
        guard !items.isEmpty else { return }
        let answers = tree.node(at: "self_scoring.answers")?.items ?? []
        html += "<h3>评分框架的判断项（\(e(framework.name))）</h3><p class=\"muted\">以下指标由单位作答并附佐证，审核人员复核。</p>"
        html += "<input type=\"hidden\" name=\"_rows:self_scoring.answers\" value=\"\(items.count)\">"
        for (j, spec) in items.enumerated() {
            let path = "self_scoring.answers[\(j)]"
            let answer = answers.first { $0.node(at: "indicator")?.scalarText == spec.id }
            func value(_ key: String) -> String { answer?.node(at: key)?.scalarText ?? "" }
            anchors.insert(path)
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
                    fields += 1
                    let met = reply?.node(at: "met")?.scalarText ?? ""
                    if !met.isEmpty { filled += 1 }
                    anchors.insert("\(itemPath).met")
                    html += "<div class=\"field\(problems["\(itemPath).met"] != nil ? " bad" : "")\"><label for=\"\(e(itemPath)).met\">\(e(item.text))（\(item.points) 分）</label>"
                    select("id=\"\(e(itemPath)).met\" name=\"\(e(itemPath)).met\"", value: met, options: [("true", "符合"), ("false", "不符合")])
                    html += " <input type=\"text\" id=\"\(e(itemPath)).evidence\" name=\"\(e(itemPath)).evidence\" value=\"\(e(reply?.node(at: "evidence")?.scalarText ?? ""))\" placeholder=\"佐证材料\">"
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
