import Foundation

extension Evaluation {
    /// 下一年度草稿 — this (accepted) evaluation as the start of the next year's: what stays from
    /// year to year is carried forward (cover lines, the unit's profile, duties and departments,
    /// staffing, the evaluation team), and this year's budget figures become next year's 上年数.
    ///
    /// Next year's own figures are left empty, never filled with this year's: each year-on-year
    /// figure has only its 上年数 until the clerk states the year's amount (`yoy.amount.missing`
    /// asks for it). The dates (填报日期, 固定资产截至日期), the notice and the opening that cites it,
    /// final accounts, tasks, indicators, problems and the score belong to one year and are not carried.
    /// `year` is the next year when known from elsewhere (the bureau's cycle); by default the year after this.
    public func nextYearDraft(year: Int? = nil) -> Evaluation {
        var next = Evaluation()
        let year = year ?? self.year.map { $0 + 1 }
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
                figure?.amount.map { YearOnYear(amount: nil, lastYear: $0) }
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

/// 年度不符的报告 — a published report read as the start of a year it can start neither as that
/// year's own nor as the year before's.
public struct ReportOfAnotherYear: Error, Equatable, Sendable, CustomStringConvertible {
    /// The year the report is of.
    public var reportYear: Int
    /// The year it was to start.
    public var targetYear: Int

    public init(reportYear: Int, targetYear: Int) {
        self.reportYear = reportYear
        self.targetYear = targetYear
    }

    public var description: String {
        "报告为 \(reportYear) 年度的，既不是 \(targetYear - 1) 年度（上年）的，也不是 \(targetYear) 年度的，不能作为 \(targetYear) 年度的起点"
    }
}

extension Evaluation {
    /// What a report read from its text (`FactExtractor`) becomes as the start of `year`'s evaluation.
    public struct YearStart: Sendable {
        public var evaluation: Evaluation
        /// What was done with the report's figures, in Chinese, for the user.
        public var note: String
    }

    /// 以已发布报告为起点 — this evaluation, read from a published report, as the start of `year`'s:
    /// last year's report becomes `nextYearDraft()` (its budget figures 上年数, this year's left
    /// empty); the year's own report is kept as read. A report whose year was not read is taken
    /// as last year's, as the clerk who starts from it means it, and the note says so.
    /// Throws `ReportOfAnotherYear` for a report of any other year.
    public func start(ofYear year: Int) throws -> YearStart {
        switch self.year {
        case year:
            return YearStart(evaluation: self, note: "报告为 \(year) 年度的，所读数字均作为本年数")
        case year - 1:
            return YearStart(evaluation: nextYearDraft(), note: Self.movedNote(year))
        case nil:
            return YearStart(evaluation: nextYearDraft(year: year), note: "未读出报告的年度，按 \(year - 1) 年度的报告结转：" + Self.movedNote(year))
        case let other?:
            throw ReportOfAnotherYear(reportYear: other, targetYear: year)
        }
    }

    private static func movedNote(_ year: Int) -> String {
        "\(year - 1) 年度的预算数字已作为 \(year) 年度的上年数，本年数待填写；决算、任务、指标、问题、日期和通知属于 \(year - 1) 年度，未带入"
    }
}
