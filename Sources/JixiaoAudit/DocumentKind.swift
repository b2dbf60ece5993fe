import Foundation
import JixiaoCore

/// 文本类型 — what kind of published text a report is, recognised from its title or, for an
/// excerpt without one, from its words. The outline, section, score and grade rules apply only to
/// the kinds that must have them; the figure relations are read in every kind.
public enum DocumentKind: String, Sendable, CaseIterable {
    /// 部门整体支出绩效自评报告.
    case overallSelfEvaluation = "overall-self-evaluation"
    /// 项目支出绩效自评表 or 自评报告.
    case projectSelfEvaluation = "project-self-evaluation"
    /// 部门（单位）决算说明.
    case finalAccountsExplanation = "final-accounts-explanation"
    /// 部门（单位）预算说明.
    case budgetExplanation = "budget-explanation"
    /// “三公”经费说明.
    case threePublicNote = "three-public-note"
    /// None of these: no title and no telling words.
    case unknown

    /// The Chinese name shown to users.
    public var label: String {
        switch self {
        case .overallSelfEvaluation: "部门整体支出绩效自评报告"
        case .projectSelfEvaluation: "项目支出绩效自评表（报告）"
        case .finalAccountsExplanation: "部门（单位）决算说明"
        case .budgetExplanation: "部门（单位）预算说明"
        case .threePublicNote: "“三公”经费说明"
        case .unknown: "未能识别的文本"
        }
    }

    /// Must follow the self-evaluation outline (一 单位基本情况 … 三（四） 改进措施).
    public var hasOutline: Bool { self == .overallSelfEvaluation || self == .unknown }

    /// Must state a score.
    public var hasScore: Bool { self == .overallSelfEvaluation || self == .projectSelfEvaluation || self == .unknown }

    /// Recognises the kind of `report`: by a title among its first lines, else by its words.
    public static func recognise(_ report: ReportText) -> DocumentKind {
        // The opening: where a title stands, when the text has one.
        let opening = 0..<min(report.units.count, 400)
        func opens(_ word: String) -> Bool { report.contains(word, in: opening) }
        if opens("项目支出绩效") && (opens("自评表") || opens("自评报告")) { return .projectSelfEvaluation }
        if opens("整体支出") && (opens("自评") || opens("评价")) { return .overallSelfEvaluation }
        for k in report.lineStarts.prefix(4).indices {
            let width = report.width(ofLine: k)
            guard width <= 70 else { continue }
            let line = report.string(report.lineStarts[k]..<(report.lineStarts[k] + width))
            guard ["说明", "情况", "报告", "表", "公开"].contains(where: { line.contains($0) }) else { continue }
            if line.contains("三公") { return .threePublicNote }
            if line.contains("决算") { return .finalAccountsExplanation }
            if line.contains("预算") { return .budgetExplanation }
        }
        // No title: the words of the whole text.
        func count(_ words: [String]) -> Int { words.reduce(0) { $0 + report.occurrences(of: $1) } }
        let threePublic = count(["三公", "因公出国", "公务接待", "公务用车"])
        let finance = count(["基本支出", "项目支出", "收入", "功能分类", "经济分类", "工资福利", "商品和服务", "部门预算", "单位预算"])
        // Final accounts speak of what was spent and carried over; budgets of 预算 alone.
        let final = 3 * count(["决算", "绩效自评结果"]) + 2 * count(["执行数", "调整预算", "全年执行", "结转和结余"])
        let budget = count(["预算"])
        if threePublic > finance, threePublic > 0 { return .threePublicNote }
        if final <= 0, budget <= 0 { return .unknown }
        return final >= budget ? .finalAccountsExplanation : .budgetExplanation
    }

    /// Whether `report` is an excerpt: it stops mid-sentence, or begins mid-document (with a
    /// figure, or under a heading numbered past the first).
    public static func isExcerpt(_ report: ReportText) -> Bool {
        guard let last = report.units.last, let first = report.units.first else { return false }
        if !ReportText.sentenceEnds.contains(last) || Unit.isDigit(first) && Outline.numbering(report.units, at: 0) == nil { return true }
        return Outline.numbering(report.units, at: 0).map { $0.number > 1 } ?? false
    }
}

extension ReportText {
    /// How many times `word` stands in the stream.
    func occurrences(of word: String) -> Int {
        guard !word.isEmpty else { return 0 }
        var n = 0, from = 0
        while let at = offset(of: word, from: from) { n += 1; from = at + word.utf16.count }
        return n
    }

    /// What a complete text ends with: a sentence's end, a closing bracket or quote, a table
    /// cell, a date's 「日」, a signature's 「章」.
    static let sentenceEnds = UnitSet("。！？!?）)”」|日章：:")
}
