import Foundation

/// 字段名称 — the Chinese name of each field of the evaluation file and of the project form
/// (`jixiao/project@1`), stated once for every place that names a field to people: the scoring basis,
/// the published tables, the standard workbook and the forms.
///
/// The fields that formulas read and the published tables name have names of their own (`fields`);
/// any other field is named by its keys' names joined (`预算·收入·增减额`), list items numbered.
public enum FieldLabels {
    /// Names of whole fields, by path without list indices.
    static let fields: [String: String] = [
        "staffing.authorized.total": "编制数",
        "staffing.supported.total": "财政供养人员数",
        "staffing.in_service": "实有在职人数",
        "staffing.control_rate": "在职人员控制率",
        "budget.income.amount": "收入预算",
        "budget.expenditure.amount": "年初预算数",
        "budget.adjustments.added": "本年追加预算",
        "budget.adjustments.reduced": "本年追减预算",
        "budget.adjustments.reason": "预算调整原因",
        "budget.full_year": "全年预算数",
        "budget.public_operating": "公用经费预算数",
        "budget.three_public.total.amount": "“三公”经费预算数",
        "budget.three_public.total.last_year": "上年“三公”经费预算数",
        "budget.three_public.total.change": "“三公”经费比上年增减额",
        "budget.operating_funds.amount": "机关运行经费预算数",
        "budget.procurement.total": "政府采购预算数",
        "final_accounts.income.total": "决算总收入",
        "final_accounts.expenditure.total": "决算支出",
        "final_accounts.expenditure.by_nature.basic.personnel": "决算人员经费",
        "final_accounts.expenditure.by_nature.basic.public_operating": "决算公用经费",
        "final_accounts.carry_over": "年末结转结余",
        "final_accounts.three_public": "“三公”经费决算数",
        "final_accounts.procurement": "政府采购实际金额",
        "final_accounts.execution_rate": "预算执行率",
        "final_accounts.deviation_reason": "决算与预算差异原因",
        // The project form's, where its key means other than the evaluation file's.
        "goal.achieved": "实际完成情况",
    ]

    /// The name of each key, from which the names of the other fields are made.
    static let keys: [String: String] = [
        "format": "文件格式", "cover": "封面", "attachment": "附件编号", "title": "标题", "year": "年度",
        "unit_name": "单位名称", "seal_label": "盖章处文字", "filled_on": "填报日期", "notice": "财政通知",
        "issuer": "发文机关", "number": "文号/序号", "opening": "开头段落", "unit": "单位", "name": "名称",
        "type": "单位类型", "civil_service_managed": "参公管理", "duties": "职责", "departments": "内设机构",
        "subordinate_units": "下属单位", "budget_level": "预算级次", "staffing": "人员", "authorized": "编制",
        "supported": "财政供养人员", "total": "合计", "parts": "分项", "kind": "类别", "count": "数量",
        "status": "状态", "in_service": "实际在职人数", "control_rate": "在职人员控制率", "work": "工作任务",
        "general": "总体工作", "categories": "任务类别", "tasks": "任务", "description": "描述", "targets": "目标",
        "subject": "对象", "min": "下限", "max": "上限", "value": "数值", "percent": "百分比", "deadline": "期限",
        "splits": "分解", "by": "分解对象", "units": "单位个数", "text": "原文", "actual": "实际",
        "date": "日期", "achieved": "是否完成", "note": "备注", "result": "结果", "summary": "完成情况",
        "evidence": "佐证", "performance_goals": "绩效目标", "budget": "预算", "income": "收入",
        "expenditure": "支出", "amount": "金额", "last_year": "上年数", "change": "增减额", "growth": "增长率",
        "reason": "原因", "adjustments": "预算调整", "added": "追加", "reduced": "追减", "full_year": "全年预算数",
        "three_public": "三公经费", "overseas_travel": "因公出国（境）费", "vehicles": "公务用车/车辆数",
        "purchase": "购置", "running": "运行维护", "reception": "公务接待费", "operating_funds": "机关运行经费",
        "operating_funds_definition": "机关运行经费口径", "procurement": "政府采购", "goods": "货物",
        "works": "工程", "services": "服务", "fixed_assets": "固定资产", "as_of": "截至日期",
        "building_area": "房屋面积", "equipment_over_one_million": "百万元以上设备", "planned_purchase": "拟购置",
        "planned_note": "拟购置说明", "final_accounts": "决算", "by_source": "按来源", "source": "来源",
        "by_function": "功能分类", "code": "编码", "by_nature": "按支出性质", "basic": "基本支出",
        "personnel": "人员经费", "public_operating": "公用经费", "projects": "项目支出", "project_total": "项目支出合计",
        "category": "类别", "by_economic": "经济分类", "carry_over": "结转结余", "execution_rate": "预算执行率",
        "deviation_reason": "偏差原因", "narrative": "说明段落", "self_evaluation": "自评工作", "team": "自评小组",
        "members": "人数", "composition": "组成", "office": "办公室设在", "process": "自评过程",
        "submission": "报送", "disclosure": "公开", "score": "得分", "grade": "等级", "judgement": "总体评价",
        "indicator_summary": "指标总体情况", "indicators": "绩效指标", "target": "目标值", "better": "方向",
        "points": "分值", "analysis": "分析", "self_scoring": "自评评分", "framework": "评分框架",
        "answers": "答案", "indicator": "指标", "items": "核查项", "not_applicable": "不适用", "id": "编号",
        "met": "是否符合", "problems": "存在问题", "explanation": "具体说明", "improvements": "改进措施",
        "problem": "对应问题序号", "measure": "措施", "use_of_results": "结果应用", "other_matters": "其他事项",
        // The project form's own keys.
        "department": "主管部门", "implementer": "实施单位", "funds": "项目资金", "year_start": "年初预算数",
        "spent": "全年执行数", "weight": "分值", "goal": "年度总体目标", "expected": "预期目标", "level1": "一级指标",
        "level2": "二级指标", "nature": "指标性质", "deviation": "偏差原因分析及改进措施", "total_score": "总分",
        "conclusion": "评价结论", "project_lead": "项目负责人", "finance_lead": "财务负责人",
    ]

    /// The field's own name (a derived figure's too), nil when it has none: `staffing.authorized.total` → 编制数.
    /// List indices are ignored: `indicators[2].target` is named as `indicators.target`.
    public static func name(of path: FieldPath) -> String? {
        guard let steps = path.steps else { return nil }
        let keys = steps.compactMap { if case .key(let key) = $0 { key } else { nil } }
        if keys.count == 2, keys[0] == "derived" { return DerivedFigure(rawValue: keys[1])?.title }
        return fields[keys.joined(separator: ".")]
    }

    /// The name of the field at `path`: its own, or its keys' names joined with 「·」 and list items
    /// numbered (`unit.duties[1]` → 单位·职责第2项). A key with no name is written as it is.
    public static func label(of path: FieldPath) -> String {
        if let name = name(of: path), !(path.steps ?? []).contains(where: { if case .index = $0 { true } else { false } }) {
            return name
        }
        guard let steps = path.steps else { return "" }
        var parts: [String] = []
        for step in steps {
            switch step {
            case .key(let key): parts.append(keys[key] ?? key)
            case .index(let i): if !parts.isEmpty { parts[parts.count - 1] += "第\(i + 1)项" }
            }
        }
        return parts.joined(separator: "·")
    }
}
