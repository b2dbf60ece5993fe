import Foundation

/// Rules on how the file's text is set: what pasting leaves in it.
enum TypographyRules {
    static let pastedText = Rule(
        id: "text.pasted", severity: .warning, kind: .typography, title: "文字留有粘贴痕迹",
        summary: "文字中留有从 Word 或 PDF 粘贴带来的句中换行、制表符、连续空格或重复标点（「。。」「，，」「；；」「。，」），报告中会把一句话断成两行或把一行拉开。表单保存时会自动整理，这些痕迹只出现在直接编写的文件中。句号、冒号后的换行，编号列表（「1.」「（一）」），数字与单位间的一个空格不算。",
        triggering: [
            RuleExample("自评工作过程在句中换行，句末两个句号", focus: "self_evaluation.process[0]", """
                self_evaluation:
                  process:
                    - |-
                      成立自评小组，对照评分表逐项查阅账务和项目
                      资料，结合职能设置了 7 项个性指标。。
                """),
            RuleExample("增减原因中有制表符和连续空格", focus: "budget.operating_funds.reason", """
                budget:
                  operating_funds: {amount: 10.94万元, change: 2.04万元, reason: "本单位增加职工，\\t办公电话、交通补贴预算安排增加　　2.04 万元"}
                """),
        ],
        nonTriggering: [
            RuleExample("一句一行，编号列表各占一行", focus: "unit.narrative[0]", """
                unit:
                  narrative:
                    - |-
                      本会内设 5 个职能部门。
                      主要职责：
                      1.组织联系群众；
                      2.维护职工合法权益。
                """),
            RuleExample("数字与单位之间一个空格", focus: "budget.operating_funds.reason", """
                budget:
                  operating_funds: {amount: 10.94万元, change: 2.04万元, reason: 本单位增加职工，办公电话、交通补贴预算安排增加 2.04 万元}
                """),
        ]
    ) { evaluation, options in
        (options.textFields ?? evaluation.textFields).compactMap { field in
            let artefacts = PastedText.artefacts(in: field.text)
            guard !artefacts.isEmpty else { return nil }
            let kinds = Dictionary(grouping: artefacts, by: \.kind).sorted { $0.key < $1.key }.map { kind, found in
                found.count == 1 ? "\(kind.label)（\(found[0].excerpt)）" : "\(kind.label) \(found.count) 处（如\(found[0].excerpt)）"
            }
            return Discrepancy(field.path, "文字留有粘贴痕迹：\(kinds.joined(separator: "；"))。请删去多余的换行、空格和标点（在表单中保存时会自动整理）")
        }
    }

    static let all = [pastedText]
}
