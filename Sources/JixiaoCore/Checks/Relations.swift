import Foundation

/// A stated figure and the field it sits in.
public struct StatedAmount: Sendable {
    public var path: FieldPath
    public var amount: Amount
    /// Amounts cannot be negative, so their interval stops at zero.
    public var interval: Interval { amount.intervalInYuan.clamped(atLeast: 0) }

    public init(path: FieldPath, amount: Amount) {
        self.path = path
        self.amount = amount
    }
}

/// 合计关系 — a stated total and the stated parts that must add up to it.
public struct SumRelation: Sendable {
    /// What is summed, e.g. 「决算支出（按功能分类）」.
    public var label: String
    public var total: StatedAmount
    public var parts: [StatedAmount]

    public init(label: String, total: StatedAmount, parts: [StatedAmount]) {
        self.label = label
        self.total = total
        self.parts = parts
    }
}

/// 比率关系 — a stated rate and the two figures it is computed from (× 100%).
public struct RatioRelation: Sendable {
    public var label: String
    public var path: FieldPath
    public var stated: Percent
    public var numerator: Interval
    public var denominator: Interval
    /// The computed rate at the stated figures, for the message.
    public var exact: Decimal?

    public init(label: String, path: FieldPath, stated: Percent, numerator: Interval, denominator: Interval, exact: Decimal?) {
        self.label = label
        self.path = path
        self.stated = stated
        self.numerator = numerator
        self.denominator = denominator
        self.exact = exact
    }
}

/// 同比 — a year-on-year statement and where it sits.
public struct YearOnYearStatement: Sendable {
    public var label: String
    public var path: FieldPath
    /// 本年数: the figure the change is judged against.
    public var amount: Amount
    public var figure: YearOnYear
    /// What the figure is compared with, as the messages name it: 「上年」, or 「预算」 for
    /// 「与年初预算相比」.
    public var baseWord: String

    /// Nil when the figure states no 本年数 (a year started from last year's and not filled in
    /// yet): a change cannot be judged without it, and `yoy.amount.missing` asks for it instead.
    public init?(label: String, path: FieldPath, figure: YearOnYear, baseWord: String = "上年") {
        guard let amount = figure.amount else { return nil }
        self.label = label
        self.path = path
        self.amount = amount
        self.figure = figure
        self.baseWord = baseWord
    }
}

extension Evaluation {
    /// Every total-and-parts relation the file states (classifications.md, “Relations that must hold”).
    public var sumRelations: [SumRelation] {
        var relations: [SumRelation] = []
        func add(_ label: String, _ total: StatedAmount?, _ parts: [StatedAmount?]) {
            guard let total, !parts.isEmpty else { return }
            let present = parts.compactMap { $0 }
            // A relation with a part left unstated cannot be judged: the missing part could be anything.
            guard present.count == parts.count else { return }
            relations.append(SumRelation(label: label, total: total, parts: present))
        }
        func stated(_ path: FieldPath, _ amount: Amount?) -> StatedAmount? {
            amount.map { StatedAmount(path: path, amount: $0) }
        }
        func lines(_ path: FieldPath, _ lines: [ClassifiedLine]?) -> [StatedAmount?] {
            (lines ?? []).enumerated().map { stated(path[$0] / "amount", $1.amount) }
        }

        let fa: FieldPath = "final_accounts"
        let income = finalAccounts?.income
        let incomeTotal = stated(fa / "income" / "total", income?.total)
        add("决算收入（按来源）", incomeTotal,
            (income?.bySource ?? []).enumerated().map { stated((fa / "income" / "by_source")[$0] / "amount", $1.amount) })

        let ex = fa / "expenditure"
        let expenditure = finalAccounts?.expenditure
        let expenditureTotal = stated(ex / "total", expenditure?.total)
        add("决算支出（按功能分类）", expenditureTotal, lines(ex / "by_function", expenditure?.byFunction))
        add("决算支出（按经济分类）", expenditureTotal, lines(ex / "by_economic", expenditure?.byEconomic))

        if let nature = expenditure?.byNature {
            let np = ex / "by_nature"
            let basic = stated(np / "basic" / "amount", nature.basic?.amount)
            let projects = (nature.projects ?? []).enumerated().map { stated((np / "projects")[$0] / "amount", $1.amount) }
            let projectTotal = stated(np / "project_total", nature.projectTotal)
            if let projectTotal {
                add("决算支出（按性质）", expenditureTotal, [basic, projectTotal])
                add("项目支出", projectTotal, projects)
            } else if nature.projects != nil {
                add("决算支出（按性质）", expenditureTotal, [basic] + projects)
            }
            add("基本支出", basic, [stated(np / "basic" / "personnel", nature.basic?.personnel),
                                  stated(np / "basic" / "public_operating", nature.basic?.publicOperating)])
        }
        if let carryOver = finalAccounts?.carryOver {
            add("决算收入（支出加结转结余）", incomeTotal, [expenditureTotal, stated(fa / "carry_over", carryOver)])
        }

        if let tp = budget?.threePublic {
            let p: FieldPath = "budget.three_public"
            let vehicles = tp.vehicles
            let vehicleTotal = stated(p / "vehicles" / "total" / "amount", vehicles?.total?.amount)
            add("“三公”经费", stated(p / "total" / "amount", tp.total?.amount),
                [stated(p / "overseas_travel" / "amount", tp.overseasTravel?.amount), vehicleTotal,
                 stated(p / "reception" / "amount", tp.reception?.amount)])
            add("公务用车购置及运行维护费", vehicleTotal,
                [stated(p / "vehicles" / "purchase" / "amount", vehicles?.purchase?.amount),
                 stated(p / "vehicles" / "running" / "amount", vehicles?.running?.amount)])
        }
        if let procurement = budget?.procurement {
            let p: FieldPath = "budget.procurement"
            add("政府采购预算", stated(p / "total", procurement.total),
                [stated(p / "goods", procurement.goods), stated(p / "works", procurement.works),
                 stated(p / "services", procurement.services)])
        }
        return relations
    }

    /// Every year-on-year figure of the file, with the label the messages give it.
    public var yearOnYearFigures: [(label: String, path: FieldPath, figure: YearOnYear)] {
        let b: FieldPath = "budget"
        let tp = b / "three_public"
        let candidates: [(String, FieldPath, YearOnYear?)] = [
            ("收入预算", b / "income", budget?.income),
            ("支出预算", b / "expenditure", budget?.expenditure),
            ("“三公”经费", tp / "total", budget?.threePublic?.total),
            ("因公出国（境）费", tp / "overseas_travel", budget?.threePublic?.overseasTravel),
            ("公务用车购置及运行维护费", tp / "vehicles" / "total", budget?.threePublic?.vehicles?.total),
            ("公务用车购置费", tp / "vehicles" / "purchase", budget?.threePublic?.vehicles?.purchase),
            ("公务用车运行维护费", tp / "vehicles" / "running", budget?.threePublic?.vehicles?.running),
            ("公务接待费", tp / "reception", budget?.threePublic?.reception),
            ("机关运行经费", b / "operating_funds", budget?.operatingFunds),
        ]
        return candidates.compactMap { label, path, figure in figure.map { (label, path, $0) } }
    }

    /// Every year-on-year statement of the file: the figures that state this year's amount.
    public var yearOnYearStatements: [YearOnYearStatement] {
        yearOnYearFigures.compactMap { YearOnYearStatement(label: $0.label, path: $0.path, figure: $0.figure) }
    }

    /// Every stated rate other than year-on-year growth and 预算执行率 (`executionRate(on:)`).
    public var ratioRelations: [RatioRelation] {
        guard let rate = staffing?.controlRate, let inService = staffing?.inService,
              let authorized = staffing?.authorized?.total
        else { return [] }
        return [RatioRelation(
            label: "在职人员控制率（实际在职人数 ÷ 编制数）", path: "staffing.control_rate", stated: rate,
            numerator: Interval(exactly: Decimal(inService)), denominator: Interval(exactly: Decimal(authorized)),
            exact: authorized == 0 ? nil : Decimal(inService) / Decimal(authorized) * 100)]
    }

    /// The stated 预算执行率 with the budgets it can be judged on, when it and the spending are stated.
    /// `basis` is the 预算数 it must be computed on (a framework's); nil: the full-year budget when known.
    public func executionRate(on basis: BudgetBasis?) -> ExecutionRateStatement? {
        guard let rate = finalAccounts?.executionRate, let spent = finalAccounts?.expenditure?.total,
              let expected = self.budget?.budget(on: basis)
        else { return nil }
        let other = expected.basis == .fullYear ? self.budget?.yearStartBudget
            : basis == .yearStart ? self.budget?.fullYearBudget : nil
        return ExecutionRateStatement(stated: rate, spent: spent, expected: expected, other: other, requested: basis)
    }
}

extension Budget {
    /// 全年预算数 = 年初预算数 + 追加 − 追减, when all four are stated.
    public var fullYearRelation: FullYearRelation? {
        guard let full = fullYear, let start = expenditure?.amount, let added = adjustments?.added,
              let reduced = adjustments?.reduced
        else { return nil }
        return FullYearRelation(fullYear: full, yearStart: start, added: added, reduced: reduced)
    }
}

/// 预算执行率 as stated (决算支出 ÷ 预算数 × 100%) and the budgets it can be computed on.
public struct ExecutionRateStatement: Sendable {
    public static let path: FieldPath = "final_accounts.execution_rate"
    public var stated: Percent
    public var spent: Amount
    /// The budget it must be computed on: the requested one, or the year-start budget when the
    /// full-year one is not known.
    public var expected: BudgetFigure
    /// The budget on the other basis, when it is known.
    public var other: BudgetFigure?
    /// The basis asked for (a framework's), nil when none was.
    public var requested: BudgetBasis?

    /// What the stated rate is.
    public enum Verdict: Equatable, Sendable {
        /// Spending over the expected budget.
        case holds
        /// Spending over the other budget, not over the expected one.
        case computedOn(BudgetFigure)
        /// Not spending over the year-start budget, the only one known, when the full-year one was
        /// asked for: it may be computed on a full-year budget the file does not state.
        case unconfirmed
        /// Spending over no budget that is known.
        case mismatch
    }

    public var verdict: Verdict {
        if relation(on: expected).holds { return .holds }
        if let other, relation(on: other).holds { return .computedOn(other) }
        if other == nil && expected.basis == .yearStart && requested != .yearStart { return .unconfirmed }
        return .mismatch
    }

    /// The stated rate against spending over `budget`.
    public func relation(on budget: BudgetFigure) -> RatioRelation {
        RatioRelation(label: "预算执行率（决算支出 ÷ \(budget.basis.label)）", path: Self.path, stated: stated,
                      numerator: spent.intervalInYuan.clamped(atLeast: 0), denominator: budget.interval,
                      exact: budget.yuan == 0 ? nil : spent.yuan / budget.yuan * 100)
    }

    /// The rate at the stated figures over the expected budget, written like the stated rate (with more
    /// places when that would hide the gap).
    func rate(on budget: BudgetFigure) -> String {
        relation(on: budget).exact.map { Tolerance.formatRate($0, like: stated) } ?? "无法计算"
    }

    /// The rate over the other budget, to the stated places and at least two: 「174.05%」.
    func plainRate(on budget: BudgetFigure) -> String {
        relation(on: budget).exact.map { DecimalFormat.fixed($0, decimals: max(stated.number.decimals, 2), grouping: false) + "%" } ?? "无法计算"
    }

    /// 「决算支出 11,486,444.31元 ÷ 全年预算数 11,486,444.31元」.
    func division(by budget: BudgetFigure) -> String {
        "决算支出 \(spent) ÷ \(budget.basis.label) \(budget.text)" + (budget.isDerived ? "（年初预算数 + 追加 − 追减）" : "")
    }

    /// Why the expected budget is the one: the framework's basis, or the national definition.
    var why: String {
        requested == nil
            ? "未指定评分框架时，预算执行率按财预〔2013〕53号的（变动后）预算数，即全年预算数核对"
            : "所用评分框架的预算数为\(expected.basis.label)"
    }

    /// The finding for a rate that does not hold on the expected budget; nil when it does.
    public func discrepancy() -> Discrepancy? {
        let expectedRate = rate(on: expected)
        switch verdict {
        case .holds:
            return nil
        case .computedOn(let other):
            return Discrepancy(
                Self.path,
                "填报的预算执行率 \(stated) 是按\(other.basis.label)计算的（\(division(by: other)) = \(plainRate(on: other))）；"
                    + "按\(expected.basis.label)计算应为 \(expectedRate)（\(division(by: expected))）。\(why)",
                expected: expectedRate, actual: stated.description, related: related)
        case .unconfirmed:
            return Discrepancy(
                Self.path,
                "预算执行率按年初预算数计算应为 \(expectedRate)（\(division(by: expected))），填报为 \(stated)；"
                    + "未填报全年预算数，无法核对是否按调整后的全年预算数计算：请在预算部分填报全年预算数和年中追加、追减",
                expected: expectedRate, actual: stated.description, related: related)
        case .mismatch:
            let also = other.map { "；按\($0.basis.label)计算为 \(plainRate(on: $0))，也不相符" } ?? ""
            return Discrepancy(
                Self.path, "预算执行率（\(division(by: expected))）应为 \(expectedRate)，填报为 \(stated)\(also)",
                expected: expectedRate, actual: stated.description, related: related)
        }
    }

    private var related: [FieldPath] {
        ["final_accounts.expenditure.total", "budget.expenditure.amount"] + (expected.basis == .fullYear || other != nil ? ["budget.full_year"] : [])
    }
}

/// 全年预算数 = 年初预算数 + 追加 − 追减, judged by the stated precision of the four figures.
public struct FullYearRelation: Sendable {
    public var fullYear: Amount
    public var yearStart: Amount
    public var added: Amount
    public var reduced: Amount

    /// Whether values within the stated figures' precision satisfy it.
    public var holds: Bool {
        (yearStart.intervalInYuan + added.intervalInYuan - reduced.intervalInYuan).overlaps(fullYear.intervalInYuan)
    }

    /// 年初预算数 + 追加 − 追减, written like the stated full-year budget.
    public var expected: String { fullYear.formatted(yuan: yearStart.yuan + added.yuan - reduced.yuan) }

    public func discrepancy() -> Discrepancy? {
        guard !holds else { return nil }
        return Discrepancy(
            "budget.full_year",
            "全年预算数：年初预算数 \(yearStart) + 本年追加 \(added) − 本年追减 \(reduced) = \(expected)，填报的全年预算数为 \(fullYear)",
            expected: expected, actual: fullYear.description,
            related: ["budget.expenditure.amount", "budget.adjustments.added", "budget.adjustments.reduced"])
    }
}

// MARK: Judging relations

extension SumRelation {
    /// What is wrong when no values within the stated figures' precision add up to the total.
    public func discrepancy() -> Discrepancy? {
        guard !holds else { return nil }
        let exact = parts.reduce(Decimal(0)) { $0 + $1.amount.yuan }
        let expected = total.amount.formatted(yuan: exact)
        return Discrepancy(
            total.path,
            "\(label)：各项之和为 \(expected)，填报的合计为 \(total.amount)，相差 \(total.amount.formatted(yuan: total.amount.yuan - exact))",
            expected: expected, actual: total.amount.description, related: parts.map(\.path))
    }

    /// Whether the parts can add up to the total within their stated precision: whether the
    /// interval of the parts' sum meets the total's.
    public var holds: Bool {
        // In integers, where every figure was read from its text (`ScaledFigures`).
        if let scaled = ScaledFigures([total.amount] + parts.map(\.amount)) {
            let intervals = scaled.intervals.map(\.clampedAtZero)
            return intervals.dropFirst().reduce(ScaledInterval.zero, +).overlaps(intervals[0])
        }
        // When no interval is clamped at zero, the two meet exactly when the exact sum is no further
        // from the total than all the half-widths together: one decimal addition a part, not four.
        guard total.amount.standsAboveZero, parts.allSatisfy(\.amount.standsAboveZero),
              let slack = Self.halfWidths([total] + parts)
        else { return Interval.sum(parts.map(\.interval)).overlaps(total.interval) }
        let exact = parts.reduce(Decimal(0)) { $0 + $1.amount.yuan }
        return abs(total.amount.yuan - exact) <= slack
    }

    /// The half-widths of the figures' intervals added up, counted in the smallest one's place;
    /// nil when their places are too far apart to count in 64 bits.
    private static func halfWidths(_ figures: [StatedAmount]) -> Decimal? {
        let exponents = figures.map(\.amount.halfWidthExponent)
        guard let smallest = exponents.min() else { return 0 }
        var fives: UInt64 = 0
        for exponent in exponents {
            let places = exponent - smallest
            guard places <= 15 else { return nil }
            var width: UInt64 = 5
            for _ in 0..<places { width *= 10 }
            let (sum, overflow) = fives.addingReportingOverflow(width)
            guard !overflow else { return nil }
            fives = sum
        }
        return Decimal(sign: .plus, exponent: smallest, significand: Decimal(fives))
    }
}

extension RatioRelation {
    /// What is wrong when the stated rate cannot be the numerator over the denominator.
    public func discrepancy() -> Discrepancy? {
        guard !holds else { return nil }
        let expected = exact.map { Tolerance.formatRate($0, like: stated) } ?? "无法计算"
        return Discrepancy(path, "\(label) 应为 \(expected)，填报为 \(stated)", expected: expected, actual: stated.description)
    }

    /// Whether the stated rate can be the numerator over the denominator.
    public var holds: Bool { Tolerance.rateHolds(stated, numerator: numerator, denominator: denominator) }
}

extension YearOnYearStatement {
    /// A figure of the statement that cannot be right.
    enum Failure {
        /// The change is not this year less the base.
        case change
        /// No base is stated, and this year less the change is negative.
        case negativeBase
        /// The growth rate is not the change over the base.
        case growth
    }

    /// What fails: in integers where every figure allows (`ScaledFigures`), else as `judged()` finds.
    var failures: [Failure] { scaledFailures() ?? judged().failures }

    /// `judged().failures` in integers; nil when a figure was not read from text, or the rate
    /// cannot be told so.
    private func scaledFailures() -> [Failure]? {
        let amounts = [amount] + [figure.lastYear, figure.change?.amount].compactMap { $0 }
        guard let scaled = ScaledFigures(amounts) else { return nil }
        var intervals = scaled.intervals.makeIterator()
        let this = intervals.next()!.clampedAtZero
        let last = figure.lastYear.map { _ in intervals.next()!.clampedAtZero }
        let stated = figure.change.map { _ in intervals.next()! }
        var failures: [Failure] = []
        let change: ScaledInterval, base: ScaledInterval
        if let last {
            base = last
            if let stated {
                change = stated
                if !change.overlaps(this - base) { failures.append(.change) }
            } else {
                change = this - base
            }
        } else if let stated {
            change = stated
            let derived = this - stated
            guard derived.upper >= 0 else { return [.negativeBase] }
            base = derived.clampedAtZero
        } else {
            return []
        }
        if let growth = figure.growth {
            guard let fits = ScaledFigures.rateHolds(growth, numerator: change, denominator: base) else { return nil }
            if !fits { failures.append(.growth) }
        }
        return failures
    }

    /// The statement judged: what fails, and the change and base the judging used.
    struct Judgement {
        var failures: [Failure] = []
        var change = Interval.zero, base = Interval.zero, this = Interval.zero
        var changeExact: Decimal = 0, baseExact: Decimal = 0
    }

    /// Judges the change and the growth rate: the change must be this year less the base, the
    /// rate the change over the base. A base left unstated is this year less the change.
    func judged() -> Judgement {
        var judged = Judgement()
        judged.this = amount.intervalInYuan.clamped(atLeast: 0)
        if let last = figure.lastYear {
            judged.base = last.intervalInYuan.clamped(atLeast: 0)
            judged.baseExact = last.yuan
            if let stated = figure.change {
                judged.change = stated.amount.intervalInYuan
                judged.changeExact = stated.amount.yuan
                if !judged.change.overlaps(judged.this - judged.base) { judged.failures.append(.change) }
            } else {
                judged.change = judged.this - judged.base
                judged.changeExact = amount.yuan - last.yuan
            }
        } else if let stated = figure.change {
            judged.change = stated.amount.intervalInYuan
            judged.changeExact = stated.amount.yuan
            judged.baseExact = amount.yuan - stated.amount.yuan
            let derived = judged.this - judged.change
            // The base is implied; an implied negative amount cannot be right.
            guard derived.upper >= 0 else {
                judged.failures.append(.negativeBase)
                return judged
            }
            judged.base = derived.clamped(atLeast: 0)
        } else {
            return judged
        }
        if let growth = figure.growth, !Tolerance.rateHolds(growth, numerator: judged.change, denominator: judged.base) {
            judged.failures.append(.growth)
        }
        return judged
    }

    /// What is wrong with the change and the growth rate (see `judged()`).
    public func discrepancies() -> [Discrepancy] {
        if scaledFailures()?.isEmpty == true { return [] }
        let judged = judged()
        return judged.failures.map { failure in
            switch failure {
            case .change:
                let last = figure.lastYear!, stated = figure.change!
                let expected = stated.amount.formatted(yuan: amount.yuan - last.yuan)
                return Discrepancy(
                    path / "change",
                    "\(label)：本年 \(amount) − \(baseWord) \(last) = \(expected)，填报的增减额为 \(stated)",
                    expected: expected, actual: stated.description, related: [path / "amount", path / "last_year"])
            case .negativeBase:
                let stated = figure.change!
                return Discrepancy(
                    path / "change",
                    "\(label)：本年 \(amount) 减增减额 \(stated) 得\(baseWord)数 \(amount.formatted(yuan: judged.baseExact))，为负数",
                    expected: "不超过 \(amount)", actual: stated.description, related: [path / "amount"])
            case .growth:
                let growth = figure.growth!
                let expected = judged.baseExact == 0 ? "无法计算" : Tolerance.formatRate(judged.changeExact / judged.baseExact * 100, like: growth)
                var message = "\(label)：增减额 ÷ \(baseWord)数 = \(expected)，填报的增长率为 \(growth)"
                if let cause = Self.probableCause(growth, change: judged.change, stated: figure.change?.amount.number.value, this: judged.this) {
                    message += "（\(cause)）"
                }
                return Discrepancy(
                    path / "growth", message, expected: expected, actual: growth.description,
                    related: [path / "amount", path / "change", path / "last_year"])
            }
        }
    }

    /// The usual slips behind a wrong growth rate, when the stated rate fits one of them exactly:
    /// divided by this year instead of the base, the change written as the rate, or the ratio
    /// left unmultiplied by 100.
    static func probableCause(_ growth: Percent, change: Interval, stated: Decimal?, this: Interval) -> String? {
        let magnitude = Percent(StatedNumber(abs(growth.number.value), decimals: growth.number.decimals))
        let changeSize = Interval(lower: min(abs(change.lower), abs(change.upper)), upper: max(abs(change.lower), abs(change.upper)))
        if Tolerance.rateHolds(magnitude, numerator: changeSize, denominator: this) {
            return "疑按本年数计算：增减额 ÷ 本年数与填报相符"
        }
        if let ratio = changeSize / this, ratio.overlaps(magnitude.number.interval) {
            return "疑漏乘 100：增减额 ÷ 基数的比值写成了百分数"
        }
        if let stated, stated != 0, abs(growth.number.value) == abs(stated) {
            return "疑将增减额当作增长率"
        }
        return nil
    }
}

/// Judging stated figures against each other by their stated precision (XBRL Calculations 1.1):
/// a relation fails only when no values within the stated intervals satisfy it.
public enum Tolerance {
    /// True when a rate stated as `stated`% can be `numerator / denominator × 100`.
    /// Unknowable rates (a denominator that may be zero) are never reported as wrong.
    public static func rateHolds(_ stated: Percent, numerator: Interval, denominator: Interval) -> Bool {
        let s = stated.number.interval
        // A positive denominator: the bounds compared multiplied out, with no division (a
        // division of decimals costs many multiplications).
        if denominator.lower > 0 {
            let a = numerator, b = denominator
            let lowerFits = a.lower * 100 <= s.upper * (a.lower >= 0 ? b.upper : b.lower)
            let upperFits = a.upper * 100 >= s.lower * (a.upper >= 0 ? b.lower : b.upper)
            return lowerFits && upperFits
        }
        guard let ratio = numerator / denominator else { return true }
        return (ratio * 100).overlaps(s)
    }

    /// The rate at the stated figures, written with `decimals` (more when that would hide the gap).
    public static func formatRate(_ value: Decimal, like stated: Percent) -> String {
        var decimals = stated.number.decimals
        var text = DecimalFormat.fixed(value, decimals: decimals, grouping: false)
        while text == stated.number.description && decimals < stated.number.decimals + 4 {
            decimals += 1
            text = DecimalFormat.fixed(value, decimals: decimals, grouping: false)
        }
        return text + "%"
    }
}
