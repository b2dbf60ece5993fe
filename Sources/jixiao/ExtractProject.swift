import ArgumentParser
import Foundation
import JixiaoAudit
import JixiaoCore
import JixiaoFormats

extension Jixiao.Extract {
    /// Writes next year's draft (`jixiao/project@1`) of each project form `text` holds, to `output`, or
    /// to `output` numbered (`draft-1.yaml`, `draft-2.yaml`) when it holds several; false when it holds none.
    func extractProjectForms(from text: String, as format: FileFormat) throws -> Bool {
        guard DocumentKind.recognise(ReportText(text)) == .projectSelfEvaluation else { return false }
        let forms = ProjectFormReader.read(text)
        guard !forms.isEmpty else { return false }
        for (k, form) in forms.enumerated() {
            let path = forms.count == 1 ? output : Self.numbered(output, k + 1)
            var draft = form.project.nextYearDraft(year: year)
            // The form's own money rows tell whose form it is; the draft is checked under that framework.
            if draft.framework == nil, let framework = ProjectFormAudit.framework(for: form.project), framework.id != ProjectFramework.defaultID {
                draft.framework = framework.id
            }
            var body = try ProjectFile.render(draft, as: format)
            if format == .yaml {
                let title = "# 由 jixiao extract 从 \(file) 第 \(form.titleLine) 行的项目支出绩效自评表读出的下一年度草稿：实际完成值、得分和当年资金数留空待填。请核对后补全。"
                let unread = form.notes.map { "#   - 第 \($0.line) 行：\($0.reason)" }
                body = ([title] + (unread.isEmpty ? [] : ["# 未读出或有疑问的部分："] + unread)).joined(separator: "\n") + "\n" + body
            }
            // The draft must read back as a valid project form before it is written.
            _ = try loadOrExit { try ProjectFile.parse(body, format: format, file: path) }
            try EvaluationFile.write(body, to: path)
            let name = draft.name.map { "「\($0)」" } ?? ""
            print("已生成 \(path)：项目\(name)\(draft.year.map { " \($0) 年度" } ?? "")草稿，指标 \(draft.indicators?.count ?? 0) 项，未读出或有疑问 \(form.notes.count) 项")
        }
        return true
    }

    /// `draft.yaml`, 2 → `draft-2.yaml`.
    static func numbered(_ path: String, _ n: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().path
        return ext.isEmpty ? "\(path)-\(n)" : "\(stem)-\(n).\(ext)"
    }
}
