import Foundation

extension Evaluation {
    /// 下一年度草稿 — this (accepted) evaluation as the start of the next year's: what stays from
    /// year to year is carried forward (cover lines, the unit's profile, duties and departments,
    /// staffing, the evaluation team), and this year's budget figures become next year's 上年数.
    ///
    /// A year-on-year figure needs its own amount, which only next year's budget knows: it starts
    /// at last year's, with a 【待填写】 reason that `placeholder.unfilled` reports until the clerk
    /// states the year's amount and the reason for its change. Final accounts, tasks, indicators,
    /// problems and the score belong to one year and are not carried.
    public func nextYearDraft() -> Evaluation {
        var next = Evaluation()
        let year = self.year.map { $0 + 1 }
        var cover = Cover()
        cover.attachment = self.cover?.attachment
        cover.title = self.cover?.title
        cover.year = year
        cover.unitName = self.cover?.unitName ?? unit?.name
        cover.sealLabel = self.cover?.sealLabel
        next.cover = cover
        next.unit = unit
        next.staffing = staffing.map { staffing in
            var carried = staffing
            carried.controlRate = nil
            return carried
        }
        if let budget {
            var carried = Budget()
            carried.year = year
            func forward(_ figure: YearOnYear?) -> YearOnYear? {
                guard let figure else { return nil }
                var next = YearOnYear(amount: figure.amount)
                next.lastYear = figure.amount
                next.reason = "【待填写：\(year.map { "\($0) 年" } ?? "本年")预算数（现暂填上年数）及增减原因】"
                return next
            }
            carried.income = forward(budget.income)
            carried.expenditure = forward(budget.expenditure)
            if let three = budget.threePublic {
                var t = ThreePublicExpenses()
                t.total = forward(three.total)
                t.overseasTravel = forward(three.overseasTravel)
                t.reception = forward(three.reception)
                if let vehicles = three.vehicles {
                    var v = VehicleExpenses()
                    v.total = forward(vehicles.total)
                    v.purchase = forward(vehicles.purchase)
                    v.running = forward(vehicles.running)
                    t.vehicles = v
                }
                carried.threePublic = t
            }
            carried.operatingFunds = forward(budget.operatingFunds)
            carried.operatingFundsDefinition = budget.operatingFundsDefinition
            next.budget = carried
        }
        if let team = selfEvaluation?.team {
            var evaluation = SelfEvaluation()
            evaluation.team = team
            next.selfEvaluation = evaluation
        }
        return next
    }
}
