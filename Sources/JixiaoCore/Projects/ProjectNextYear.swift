import Foundation

extension ProjectEvaluation {
    /// Next year's draft of this project's form (下年度项目自评表草稿): the project, its money rows' structure,
    /// its goal, its indicator rows with their targets and weights and the people who sign it are carried;
    /// the year's figures, actual values, scores, 总分 and conclusion belong to this year and are left blank.
    /// The server carries last year's projects with it; `extract` writes it from a published form.
    public func nextYearDraft(year: Int? = nil) -> ProjectEvaluation {
        var draft = ProjectEvaluation()
        draft.year = year ?? self.year.map { $0 + 1 }
        draft.name = name
        draft.department = department
        draft.implementer = implementer
        draft.category = category
        draft.framework = framework
        if let funds {
            var carried = ProjectFunds()
            carried.parts = funds.parts?.map { FundRow(source: $0.source) }
            carried.weight = funds.weight
            draft.funds = carried
        }
        if let expected = goal?.expected {
            var carried = ProjectGoal()
            carried.expected = expected
            draft.goal = carried
        }
        draft.indicators = indicators?.map { row in
            var carried = ProjectIndicator()
            carried.level1 = row.level1
            carried.level2 = row.level2
            carried.name = row.name
            carried.nature = row.nature
            carried.target = row.target
            carried.unit = row.unit
            carried.weight = row.weight
            return carried
        }
        draft.projectLead = projectLead
        draft.financeLead = financeLead
        return draft
    }
}
