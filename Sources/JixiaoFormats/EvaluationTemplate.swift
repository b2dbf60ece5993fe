import JixiaoCore

/// The commented blank evaluation file `jixiao init` writes: every part of the file, empty, with a
/// commented example of each kind of entry, in the order of the report template's outline and
/// introduced by its headings (the outline is the template's, never restated here).
public enum EvaluationTemplate {
    public static func yaml(unit: String, year: Int, template: ReportTemplate = .standard) -> String {
        let unitText = JSONWriter.quote(unit)
        let unitComment = oneLine(unit)
        // The file has no field for its template: a comment says which, and how to check by it.
        let option = BuiltInTemplates.template(template.id) == template ? template.id : "模板文件路径"
        let templateLine = template.id == BuiltInTemplates.standardID ? "" : "# 报告模板：\(oneLine(template.name))；核对、生成报告时加 --template \(option)\n"
        var text = """
        # 部门整体支出绩效自评数据文件（\(unitComment) \(year) 年度）
        # 按注释逐节填写；填写后运行：jixiao check 本文件
        # 金额写单位和小数位，如 285.58万元 或 11,486,444.31元（小数位即填报精度）；百分比写 5.6%；日期写 2022-09-30。
        # 编辑器提示：schema/evaluation.schema.json
        \(templateLine)format: \(Evaluation.currentFormat)

        # 封面
        cover:
          attachment:            # 附件编号，如 附件 3
          title: 整体绩效自评报告
          year: \(year)
          unit_name: \(unitText)
          filled_on:             # 填报日期，如 \(year + 1)-09-30
          notice:                # 财政局通知
            issuer:              # 发文机关，如 廉江市财政局
            title:               # 通知标题
            number:              # 文号，如 廉财绩〔\(year + 1)〕2号

        """
        // The outline's parts first, then those it has no heading for; the parts under
        // `self_evaluation` together where the first of them falls (one YAML key holds them).
        let ordered = template.parts + ReportPart.allCases.filter { !template.parts.contains($0) }
        let nested = ordered.filter { $0.rawValue.hasPrefix("self_evaluation.") }
        for part in ordered {
            if nested.contains(part) {
                guard part == nested.first else { continue }
                text += "\nself_evaluation:\n"
                for inner in nested { text += indented(comment(part: inner, in: template) + "\n" + block(inner, unit: unitText, year: year)) }
            } else {
                text += "\n" + comment(part: part, in: template) + "\n" + block(part, unit: unitText, year: year)
            }
        }
        return text
    }

    /// The comment that introduces a part: the heading that holds it, numbered as in the report,
    /// with the part named where the heading holds more than one.
    static func comment(part: ReportPart, in template: ReportTemplate) -> String {
        guard let heading = template.heading(holding: part) else { return "# \(part.label)（本模板提纲未列，可不填）" }
        let shared = (heading.heading.parts ?? []).count > 1
        return "# \(heading.number)\(oneLine(heading.heading.title))" + (shared ? "：\(part.label)" : "")
    }

    /// Text for a comment line, where a line break or other control character would end the comment.
    private static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .lineSeparator
                || $0.properties.generalCategory == .paragraphSeparator ? " " : $0
        }))
    }

    private static func indented(_ lines: String) -> String {
        lines.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }

    /// A part's keys, blank, with commented examples; each ends with a line break. The parts
    /// under `self_evaluation` are written at its level.
    private static func block(_ part: ReportPart, unit unitText: String, year: Int) -> String {
        switch part {
        case .unit:
            """
            unit:
              name: \(unitText)
              type:                  # 行政 / 事业 / 群团 / 其他
              civil_service_managed: # 参照公务员法管理：true / false
              duties: []             # 主要职责，每项一行，如 - 组织联系群众
              departments: []        # 内设机构
              subordinate_units: []  # 下属单位；无下属单位留空
              budget_level:          # 本级 / 汇总

            """
        case .staffing:
            """
            staffing:
              authorized:            # 编制
                total:               # 编制合计
                parts: []            # 如 - {kind: 行政编制, count: 9}
              supported:             # 财政供养人员
                total:
                parts: []            # 如 - {kind: 退休人员, count: 16, status: 退休}

            """
        case .work:
            """
            work:
              general: []            # 总体工作要求（段落）
              categories: []
              # - name: 加强思想引领
              #   tasks:
              #     - number: 1
              #       title: 开展巡演报告会
              #       description: 任务描述
              #       targets:       # 目标类型：count / at_least / range / percentage / deadline / yes_no / split
              #         - {kind: at_least, subject: 劳模工匠事迹巡演报告会, value: 2, unit: 场}
              #       result:
              #         summary: 完成情况
              #         evidence: [佐证材料]

            """
        case .performanceGoals:
            """
            performance_goals: []    # 部门整体支出绩效目标（段落）

            """
        case .budget:
            """
            budget:
              year: \(year)
              # income: {amount: 285.58万元, change: 15.17万元, growth: 5.6%, reason: 人员增加}
              # expenditure: {amount: 285.58万元, last_year: 270.41万元, reason: 人员增加}   # 支出预算（年初预算数）
              # adjustments: {added: 502.57万元, reduced: 0万元, reason: 追加项目资金}   # 年中追加、追减；没有填 0万元
              # full_year: 788.15万元    # 全年预算数 = 年初预算数 + 追加 − 追减；预算执行率按此计算
              # public_operating: 45.60万元   # 公用经费预算数（公用经费控制率的分母）
              # three_public:
              #   total: {amount: 1.2万元, change: 0万元, growth: 0%}
              #   overseas_travel: {amount: 0万元}
              #   vehicles:
              #     total: {amount: 1.20万元}
              #     purchase: {amount: 0万元}
              #     running: {amount: 1.20万元}
              #   reception: {amount: 0万元}
              # operating_funds: {amount: 10.94万元, change: 2.04万元, growth: 22.92%, reason: 增加职工}
              # procurement: {total: 0万元, goods: 0万元, works: 0万元, services: 0万元}
              # fixed_assets: {as_of: \(year - 1)-12-31, amount: 0万元, vehicles: 0}

            """
        case .finalAccounts:
            """
            final_accounts:
              # income:
              #   total: 11,486,444.31元
              #   by_source:
              #     - {source: 一般公共预算财政拨款, amount: 4,538,890.45元}
              # expenditure:
              #   total: 11,486,444.31元
              #   by_function:     # 功能分类编码 2xx
              #     - {code: "201", name: 一般公共服务支出, amount: 3,258,876.35元}
              #   by_nature:
              #     basic: {amount: 4,538,890.45元, personnel: 3,766,854.45元, public_operating: 772,036.00元}
              #     projects:
              #       - {category: 基本建设类项目, name: 项目名称, amount: 6,947,553.86元}
              #   by_economic:     # 经济分类编码 3xx
              #     - {code: "301", name: 工资福利支出, amount: 1,332,312.10元}
              deviation_reason:      # 决算与预算差异较大时说明原因

            """
        case .team:
            """
            team:
              members:             # 小组成员人数
              composition:         # 人员构成
              office:              # 办公室设在
              duties:              # 职责

            """
        case .process: "process: []            # 自评工作过程（段落）\n"
        case .submission: "submission: []         # 自评材料报送时间及质量\n"
        case .disclosure: "disclosure: []         # 自评材料报送及公开一致情况\n"
        case .result:
            """
            result:
              score:               # 自评得分，如 86.5
              grade:               # 优 / 良 / 中 / 差
              judgement:           # 综合评判

            """
        case .indicators:
            """
            indicators: []
            # - {name: 工会工作满意度, target: 90%, actual: 95.2%, analysis: 指标分析}

            """
        case .problems:
            """
            problems: []
            # - {title: 工作经费不足, explanation: 具体说明}

            """
        case .improvements:
            """
            improvements: []
            # - {problem: 1, measure: 改进措施}

            """
        case .useOfResults: "use_of_results: []       # 结果应用（段落）\n"
        case .otherMatters: "other_matters: []        # 其他需要说明的事项（段落）\n"
        }
    }
}
