import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

/// The report reads as written: where the composer's words meet the clerk's, no mark, phrase or
/// sentence is said twice, and pasted text is set as the paragraphs it was written as — in the
/// DOCX, the HTML and the Markdown alike.
@Suite("Report prose")
struct ReportProseTests {
    /// The complete example with its texts written as clerks write them: ending with 「。」, beginning
    /// with 「主要原因是」, the judgement stating the score and grade, pasted with line breaks and tabs.
    static func clerksWords() throws -> Evaluation {
        var e = try completeExample()
        e.budget?.income?.reason = "主要原因是人员增加。"
        e.budget?.expenditure?.reason = "原因是人员增加；"
        e.finalAccounts?.deviationReason = "主要原因是年中追加政府性基金预算 694.76万元，\n用于安铺工人文化宫重建。。"
        e.selfEvaluation?.team?.composition = "单位领导、主管领导、财务人员和其他人员。"
        e.selfEvaluation?.team?.office = "财务部。"
        e.selfEvaluation?.team?.duties = "负责组织本级开展自评，审核自评材料。"
        e.selfEvaluation?.process = ["　　成立自评小组，对照评分表逐项查阅账务和项目\r\n资料。。\r\n\r\n　　结合职能设置了\t7 项个性指标。"]
        var result = e.selfEvaluation?.result ?? EvaluationResult()
        result.judgement = "经自评，我会2021年度部门整体支出绩效自评得分86.5分，等级为良。"
        e.selfEvaluation?.result = result
        e.problems = [Problem(title: "工作经费不足。", explanation: "工作经费不足，年中新增职工服务项目，部分活动推迟开展。"),
                      Problem(title: "认识和重视不足", explanation: nil)]
        e.improvements = [Improvement(problem: 1, measure: "针对工作经费不足的问题，编制预算时充分测算新增服务项目经费。"),
                          Improvement(problem: 2, measure: "　　2.组织全员学习预算绩效管理制度。")]
        // Numbered by the clerk as well as by the composer.
        let categoryName = e.work?.categories?[0].name ?? "", indicatorName = e.indicators?[0].name ?? ""
        e.work?.categories?[0].name = "一、" + categoryName
        e.indicators?[0].name = "（1）" + indicatorName
        let categories = e.work?.categories?.map { category in
            var c = category
            c.tasks = c.tasks?.map { task in
                var t = task
                t.result?.summary = "已按计划完成。"
                return t
            }
            return c
        }
        e.work?.categories = categories
        e.indicators = e.indicators?.map { indicator in
            var i = indicator
            i.analysis = "达到良好。"
            return i
        }
        return e
    }

    /// Each body paragraph's text, from each of the three formats.
    static func paragraphs(_ document: ReportDocument) throws -> [String: [String]] {
        let xml = String(decoding: try #require(try ZipContainer.entries(of: DOCXWriter.write(document))["word/document.xml"]), as: UTF8.self)
        let docx = xml.components(separatedBy: "</w:p>").map { p in
            matches(#"<w:t[^>]*>([^<]*)</w:t>"#, in: p).joined()
        }
        let html = matches(#"<p>(.*?)</p>"#, in: HTMLRenderer.render(document)).map { $0.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression) }
        let markdown = MarkdownRenderer.render(document).components(separatedBy: "\n")
        return ["DOCX": docx.map(unescaped), "HTML": html.map(unescaped), "Markdown": markdown]
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func unescaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The sentences of a paragraph, without their marks and spaces.
    static func sentences(_ paragraph: String) -> [String] {
        paragraph.split(whereSeparator: { "。！？".contains($0) }).map { $0.filter { !$0.isWhitespace } }.filter { $0.count >= 6 }
    }

    /// No doubled mark, no phrase twice in a row, no sentence twice in a paragraph, in any format.
    static func readsAsWritten(_ document: ReportDocument, _ name: String) throws {
        for (format, paragraphs) in try paragraphs(document) {
            for paragraph in paragraphs {
                #expect(!PastedText.artefacts(in: paragraph).contains { $0.kind == .doubledPunctuation }, "\(name) \(format): \(paragraph)")
                for phrase in ["主要原因是主要原因", "主要原因是原因是", "职责是负责", "针对“工作经费不足”：针对", "工作经费不足。工作经费不足"] {
                    #expect(!paragraph.contains(phrase), "\(name) \(format): \(paragraph)")
                }
                let said = sentences(paragraph)
                #expect(Set(said).count == said.count, "\(name) \(format): a sentence twice in \(paragraph)")
            }
        }
        // No heading numbered twice.
        for block in document.blocks {
            if case .heading(_, _, let text) = block { #expect(ListMarker.length(text.plainText.unicodeScalars) == 0, "\(name): \(text.plainText)") }
        }
        // No line break or tab inside a paragraph of the DOCX (a justified line would stretch across the page).
        let xml = String(decoding: try #require(try ZipContainer.entries(of: DOCXWriter.write(document))["word/document.xml"]), as: UTF8.self)
        #expect(!xml.contains("<w:br/>") && !xml.contains("<w:tab/>"), "\(name)")
    }

    @Test("The example, as a draft under the national framework and as a formal report, reads as written")
    func theExample() throws {
        let framework = try FrameworkFile.resolve("national-2013")
        let draft = try example()
        try Self.readsAsWritten(ReportComposer(evaluation: draft, scores: framework.score(draft)).compose(draft: true).document, "draft")
        let complete = try completeExample()
        try Self.readsAsWritten(ReportComposer(evaluation: complete, scores: nil).compose(draft: false).document, "complete")
    }

    @Test("Fields that end with 。, begin with 主要原因是, and state the score are said once")
    func clerksWordsSaidOnce() throws {
        let result = ReportComposer(evaluation: try Self.clerksWords(), scores: nil).compose(draft: false)
        #expect(result.missing.isEmpty, "\(result.missing)")
        try Self.readsAsWritten(result.document, "clerk's words")
        let text = plainLines(result.document)
        for expected in [
            "收入预算 285.58万元，比上年增加 15.17万元，增长 5.6%，主要原因是人员增加；支出预算 285.58万元，比上年增加 15.17万元，增长 5.6%，原因是人员增加。",
            "全年预算数（调整后预算数）11,486,444.31元，比年初预算数增加 8,630,644.31元，主要原因是年中追加政府性基金预算 694.76万元，用于安铺工人文化宫重建。",
            "自评小组已成立，小组成员 11 人，由单位领导、主管领导、财务人员和其他人员组成，办公室设在财务部，负责组织本级开展自评，审核自评材料。",
            "成立自评小组，对照评分表逐项查阅账务和项目资料。", "结合职能设置了 7 项个性指标。",
            "经自评，我会2021年度部门整体支出绩效自评得分86.5分，等级为良。",
            "1.工作经费不足，年中新增职工服务项目，部分活动推迟开展。", "2.认识和重视不足。",
            "1.针对工作经费不足的问题，编制预算时充分测算新增服务项目经费。", "2.针对“认识和重视不足”：组织全员学习预算绩效管理制度。",
            "完成情况：已按计划完成；佐证材料：工作台账。", "1.工会工作满意度：目标值 90%，实际完成 92%。达到良好。",
        ] {
            #expect(text.contains { $0.contains(expected) }, "missing: \(expected)")
        }
        // The score is stated once: by the clerk's judgement, not again by the composer.
        let score = try #require(text.first { $0.contains("86.5") })
        #expect(score.components(separatedBy: "86.5").count == 2, "\(score)")
    }

    @Test("Where the judgement states only the grade, the composer states only the score; a different score is stated as computed")
    func judgementStatesPart() throws {
        var e = try completeExample()
        e.selfEvaluation?.result?.judgement = "整体支出绩效自评良好"
        var text = plainLines(ReportComposer(evaluation: e, scores: nil).compose(draft: false).document)
        #expect(text.contains("经自评，本部门2021年度部门整体支出绩效自评得分 86.5 分。整体支出绩效自评良好。"))
        e.selfEvaluation?.result?.judgement = "自评得分 90 分，取得良好效果"
        text = plainLines(ReportComposer(evaluation: e, scores: nil).compose(draft: false).document)
        #expect(text.contains("经自评，本部门2021年度部门整体支出绩效自评得分 86.5 分，等级为“良”。自评得分 90 分，取得良好效果。"))
    }
}
