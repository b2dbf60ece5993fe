import Foundation
import Testing
@testable import JixiaoCore

@Suite("Stated figures")
struct FiguresTests {
    @Test func parsesAmountsAsStated() throws {
        let a = try Amount.parse("285.58万元")
        #expect(a.number.value == Decimal(string: "285.58")!)
        #expect(a.number.decimals == 2)
        #expect(a.unit == .tenThousandYuan)
        #expect(a.yuan == 2_855_800)

        let b = try Amount.parse("11,486,444.31 元")
        #expect(b.yuan == Decimal(string: "11486444.31")!)
        #expect(b.fen == 1_148_644_431)
        #expect(b.description == "11,486,444.31元")

        let c = try Amount.parse("１．２０ 万元")  // full-width digits
        #expect(c.description == "1.20万元")
        #expect(c.number.decimals == 2)
        #expect(try Amount.parse("-2.04万元").yuan == -20_400)
        #expect(try Amount.parse("3亿元").yuan == 300_000_000)
    }

    @Test func rejectsBadAmounts() {
        #expect(throws: FigureError.missingUnit("285.58")) { try Amount.parse("285.58") }
        #expect(throws: FigureError.unknownUnit("5美元", unit: "美元")) { try Amount.parse("5美元") }
        #expect(throws: FigureError.notANumber("abc万元")) { try Amount.parse("abc万元") }
        #expect(throws: FigureError.notANumber("1.2.3万元")) { try Amount.parse("1.2.3万元") }
    }

    @Test func percentsAndQuantities() throws {
        let p = try Percent.parse("22.92 %")
        #expect(p.number.value == Decimal(string: "22.92")!)
        #expect(p.description == "22.92%")
        #expect(throws: FigureError.notAPercent("5.6")) { try Percent.parse("5.6") }
        let q = try Quantity.parse("5 场（次）")
        #expect(q.number.value == 5)
        #expect(q.unit == "场（次）")
    }

    @Test func intervalOfStatedPrecision() {
        let five6 = StatedNumber(Decimal(string: "5.6")!, decimals: 1)
        #expect(five6.interval == Interval(lower: Decimal(string: "5.55")!, upper: Decimal(string: "5.65")!))
        let zero = StatedNumber(0, decimals: 0)
        #expect(zero.interval == Interval(lower: Decimal(string: "-0.5")!, upper: Decimal(string: "0.5")!))
        let amount = Amount(Decimal(string: "1.2")!, decimals: 1, unit: .tenThousandYuan)
        #expect(amount.intervalInYuan == Interval(lower: 11_500, upper: 12_500))
    }

    @Test func formatsWithStatedDecimals() {
        #expect(DecimalFormat.fixed(Decimal(string: "1148.644431")!, decimals: 2, grouping: true) == "1,148.64")
        #expect(DecimalFormat.fixed(Decimal(string: "5.605")!, decimals: 2, grouping: false) == "5.61")
        #expect(DecimalFormat.fixed(Decimal(string: "-0.004")!, decimals: 2, grouping: false) == "0.00")
        #expect(DecimalFormat.fixed(772_036, decimals: 2, grouping: true) == "772,036.00")
    }

    /// The issue's own example: 「增长 5.6%」 for 15.17 on 270.41 holds; 「5.9%」 does not.
    @Test func growthJudgedByStatedPrecision() throws {
        let this = try Amount.parse("285.58万元").intervalInYuan
        let change = try Amount.parse("15.17万元").intervalInYuan
        let last = this - change
        #expect(Tolerance.rateHolds(try Percent.parse("5.6%"), numerator: change, denominator: last))
        #expect(Tolerance.rateHolds(try Percent.parse("5.61%"), numerator: change, denominator: last))
        #expect(!Tolerance.rateHolds(try Percent.parse("5.9%"), numerator: change, denominator: last))
        #expect(!Tolerance.rateHolds(try Percent.parse("5.65%"), numerator: change, denominator: last))
        // 22.92% for 2.04 on 8.90
        let ofThis = try Amount.parse("10.94万元").intervalInYuan
        let ofChange = try Amount.parse("2.04万元").intervalInYuan
        #expect(Tolerance.rateHolds(try Percent.parse("22.92%"), numerator: ofChange, denominator: ofThis - ofChange))
        #expect(!Tolerance.rateHolds(try Percent.parse("23.5%"), numerator: ofChange, denominator: ofThis - ofChange))
    }

    @Test func divisionByAnIntervalContainingZeroIsUnknown() {
        #expect(Interval(exactly: 1) / Interval(lower: -1, upper: 1) == nil)
        #expect(Tolerance.rateHolds(Percent(0, decimals: 0), numerator: .zero, denominator: Interval(lower: 0, upper: 1)))
    }

    @Test func gradeScaleIsTheNationalRule() {
        let scale = GradeScale.national
        #expect(scale.grade(for: 90) == .excellent)
        #expect(scale.grade(for: Decimal(string: "89.99")!) == .good)
        #expect(scale.grade(for: 80) == .good)
        #expect(scale.grade(for: 60) == .fair)
        #expect(scale.grade(for: Decimal(string: "59.5")!) == .poor)
        #expect(Grade(word: "良好") == .good)
        #expect(Grade(word: "优秀") == .excellent)
        #expect(Grade(word: "很好") == nil)
    }

    @Test func classificationCodes() {
        #expect(Classification.functional.problem(with: "201") == nil)
        #expect(Classification.functional.problem(with: "2080501") == nil)
        #expect(Classification.functional.problem(with: "999") != nil)
        #expect(Classification.functional.problem(with: "2010") != nil)
        #expect(Classification.economic.problem(with: "30201") == nil)
        #expect(Classification.economic.problem(with: "304") != nil)
        #expect(Classification.functional.code(named: "住房保障支出") == "221")
        #expect(Classification.economic.className(of: "30201") == "商品和服务支出")
    }

    @Test func templateTextIsFoundButDocumentNumbersAreNot() {
        #expect(TemplateText.placeholders(in: "现将 2021 年度（单位名称）整体绩效自我评价报告如下").map(\.text) == ["（单位名称）"])
        #expect(TemplateText.placeholders(in: "粤工审【2020】9 号；纪要（【2020】1 号）").isEmpty)
        #expect(TemplateText.placeholders(in: "填写自评表格并综合分析").isEmpty)
        #expect(TemplateText.placeholders(in: "项目支出（基本建设类项目）；预算单位（公章）").isEmpty)
        #expect(TemplateText.placeholders(in: "（项目名称）（年度）").count == 2)
        #expect(!TemplateText.placeholders(in: "XX 单位").isEmpty)
        #expect(!TemplateText.placeholders(in: "【待填写：得分】").isEmpty)
        let guidance = TemplateText.guidance(in: "积极组织本级开展自评；如何结合部门职能设置指标；自评效果如何等。")
        #expect(guidance.count == 2)
        #expect(TemplateText.guidance(in: "整体支出绩效自评良好（综合评判单位在预算年度内整体支出绩效目标的完成情况）").count == 1)
        #expect(TemplateText.guidance(in: "按时按质报送材料。").isEmpty)
    }

    @Test func fieldPathSteps() {
        #expect(FieldPath("final_accounts.by_function[2].amount").steps
                == [.key("final_accounts"), .key("by_function"), .index(2), .key("amount")])
        #expect(FieldPath("a[1][0]").steps == [.key("a"), .index(1), .index(0)])
        for bad in ["", "a..b", "a.", ".a", "[0]", "a[-1]", "a[10000]", "a[x]", "a[1", "a.名称", "a b"] {
            #expect(FieldPath(bad).steps == nil, "\(bad)")
        }
    }

    @Test("A set finds a unit in a text's UTF-8 exactly when its UTF-16 holds one, for 5,000 random texts")
    func unitSetReadsUTF8AsItsUTF16() {
        let set = UnitSet("（(X*é【如" + "\u{1F600}")
        let pool = Array("（(X*é【如" + "\u{1F600}" + "）)ab1 是的。，\u{1F601}ñ\u{10FFFF}\u{7FF}\u{800}\u{FFFF}")
        var generator = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...6, using: &generator)).map { _ in pool.randomElement(using: &generator)! })
            let expected = text.utf16.contains(where: set.contains)
            #expect(set.containsAny(of: text) == expected, "\(text)")
            if expected { found += 1 }
        }
        // Both outcomes occur often, so the comparison can fail either way.
        #expect(found > 1_000 && found < 4_000)
    }
}

@Suite("Writing decimals")
struct DecimalFormatTests {
    /// The formatting before its fast path: `Decimal`'s own description, split and padded.
    static func viaDescription(_ value: Decimal, decimals: Int, grouping: Bool) -> String {
        let rounded = DecimalFormat.rounded(value, decimals: max(decimals, 0))
        let negative = rounded < 0
        let text = "\(negative ? -rounded : rounded)"
        var integer = text, fraction = ""
        if let dot = text.firstIndex(of: ".") {
            integer = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        if fraction.count < decimals { fraction += String(repeating: "0", count: decimals - fraction.count) }
        if grouping {
            var groups: [Substring] = []
            var rest = Substring(integer)
            while rest.count > 3 {
                groups.insert(rest.suffix(3), at: 0)
                rest = rest.dropLast(3)
            }
            groups.insert(rest, at: 0)
            integer = groups.joined(separator: ",")
        }
        let written = integer + (decimals > 0 ? "." + fraction : "")
        return negative && rounded != 0 ? "-" + written : written
    }

    @Test("Same text as Decimal's description gives, for 8,000 values of every size and sign, at 0 to 6 places, grouped or not")
    func sameAsDescription() {
        var generator = SystemRandomNumberGenerator()
        var values: [Decimal] = ["0", "-0.00", "0.5", "-0.5", "0.005", "1e20", "-1e20", "999999999999999999", "1000000000000000000",
                                 "123456789012345678901234.5678", "11486444.31", "-2.04", "285.58", "0.0001", "99.995"]
            .map { Decimal(string: $0)! }
        for _ in 0..<4000 {
            let significand = UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator)
            let value = Decimal(sign: Bool.random() ? .minus : .plus, exponent: Int.random(in: -12...12), significand: Decimal(significand))
            values.append(value)
            values.append(value * Decimal(string: "1234567.891")!)
        }
        for value in values {
            for decimals in [0, 1, 2, 4, 6] {
                for grouping in [false, true] {
                    #expect(DecimalFormat.fixed(value, decimals: decimals, grouping: grouping)
                            == Self.viaDescription(value, decimals: decimals, grouping: grouping), "\(value) \(decimals) \(grouping)")
                }
            }
        }
    }

    @Test("Trimmed: at most four places, trailing zeros and a bare point dropped")
    func trimmed() {
        let cases: [(String, String)] = [("402.2", "402.2"), ("4", "4"), ("4.00", "4"), ("0.12345", "0.1235"), ("-2.5000", "-2.5"),
                                         ("100", "100"), ("1e3", "1000"), ("0.00001", "0"), ("99.99996", "100")]
        for (value, shown) in cases {
            #expect(DecimalFormat.trimmed(Decimal(string: value)!, decimals: 4) == shown, "\(value)")
        }
    }

    @Test("Amounts in 万元 and 亿元 move to 元 by their exponent, exactly as multiplying would")
    func unitsByExponent() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let significand = UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator)
            let decimals = Int.random(in: 0...6)
            let value = Decimal(sign: Bool.random() ? .minus : .plus, exponent: -decimals, significand: Decimal(significand))
            for unit in MoneyUnit.allCases {
                let amount = Amount(value, decimals: decimals, unit: unit)
                #expect(amount.yuan == value * unit.yuanFactor, "\(value) \(unit)")
                #expect(amount.formatted(yuan: amount.yuan) == amount.description, "\(value) \(unit)")
            }
        }
    }
}

@Suite("Judging sums by stated precision")
struct SumRelationTests {
    /// A random amount near `yuan` 元, in a random unit and precision (sometimes zero or negative).
    static func amount(near yuan: Decimal, using generator: inout SystemRandomNumberGenerator) -> Amount {
        let unit = MoneyUnit.allCases.randomElement(using: &generator)!
        let decimals = Int.random(in: 0...4, using: &generator)
        let inUnit = yuan / unit.yuanFactor + Decimal(Int.random(in: -3...3, using: &generator)) * Decimal(sign: .plus, exponent: -decimals, significand: 1)
        let made = Amount(DecimalFormat.rounded(inUnit, decimals: decimals), decimals: decimals, unit: unit)
        // Half of them read from their text, as files give them: those carry their significand and
        // are judged in integers (`ScaledFigures`); the others with `Decimal` intervals.
        return Bool.random(using: &generator) ? try! Amount.parse(made.description) : made
    }

    @Test("Holds exactly when the intervals of the parts' sum and of the total meet, for 20,000 random relations")
    func holdsIsIntervalOverlap() {
        var generator = SystemRandomNumberGenerator()
        var held = 0, inIntegers = 0
        for _ in 0..<20_000 {
            let values = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                Decimal(Int.random(in: -2...2_000_000, using: &generator)) / 100
            }
            let parts = values.enumerated().map { i, value in
                StatedAmount(path: FieldPath("p")[i], amount: Self.amount(near: value, using: &generator))
            }
            let total = StatedAmount(path: "t", amount: Self.amount(near: values.reduce(0, +), using: &generator))
            let relation = SumRelation(label: "合计", total: total, parts: parts)
            let overlap = Interval.sum(parts.map(\.interval)).overlaps(total.interval)
            #expect(relation.holds == overlap, "\(total.amount) = \(parts.map(\.amount.description))")
            #expect((relation.discrepancy() == nil) == overlap)
            if overlap { held += 1 }
            if ScaledFigures([total.amount] + parts.map(\.amount)) != nil { inIntegers += 1 }
        }
        // Both outcomes are common, so that each way of judging is tried against the other, and
        // both ways of judging (integers when every figure was read from text) are tried.
        #expect(held > 2_000 && held < 18_000, "\(held) of 20,000 held")
        #expect(inIntegers > 1_000 && inIntegers < 19_000, "\(inIntegers) of 20,000 in integers")
    }

    @Test("Year-on-year figures judged in integers fail as their Decimal intervals do, for 20,000 random statements")
    func yearOnYearInIntegers() throws {
        var generator = SystemRandomNumberGenerator()
        var failing = 0, inIntegers = 0
        for _ in 0..<20_000 {
            let last = Decimal(Int.random(in: 0...2_000_000, using: &generator)) / 100
            let this = last + Decimal(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100
            var figure = YearOnYear(amount: Self.amount(near: max(this, 0), using: &generator))
            if Bool.random(using: &generator) { figure.lastYear = Self.amount(near: last, using: &generator) }
            if Bool.random(using: &generator) { figure.change = AmountChange(Self.amount(near: this - last, using: &generator)) }
            if Bool.random(using: &generator) {
                // The true rate, or a slip of its last place or two, at 0 to 3 places.
                let decimals = Int.random(in: 0...3, using: &generator)
                let rate = last == 0 ? Decimal(100) : (this - last) / last * 100
                let slip = Decimal(Int.random(in: -2...2, using: &generator)) * Decimal(sign: .plus, exponent: -decimals, significand: 1)
                let text = DecimalFormat.fixed(DecimalFormat.rounded(rate, decimals: decimals) + slip, decimals: decimals, grouping: false)
                figure.growth = Bool.random(using: &generator) ? try Percent.parse(text + "%")
                    : Percent(Decimal(string: text)!, decimals: decimals)
            }
            let statement = try #require(YearOnYearStatement(label: "支出", path: "budget.expenditure", figure: figure))
            let reference = statement.judged().failures
            #expect(statement.failures == reference, "\(figure)")
            #expect(statement.discrepancies().count == reference.count, "\(figure)")
            if !reference.isEmpty { failing += 1 }
            let amounts = [figure.amount, figure.lastYear, figure.change?.amount].compactMap { $0 }
            if ScaledFigures(amounts) != nil { inIntegers += 1 }
        }
        #expect(failing > 2_000 && failing < 18_000, "\(failing) of 20,000 failed")
        #expect(inIntegers > 1_000 && inIntegers < 19_000, "\(inIntegers) of 20,000 in integers")
    }
}
