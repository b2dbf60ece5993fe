import Foundation
import Testing
@testable import JixiaoCore

/// The typed-number reader on its own: what it reads, what it suggests, where its exactness ends.
/// The table of inputs clerks type, run through the forms and the files, is `TypedInputTable`.
@Suite("Typed numbers")
struct TypedNumberTests {
    private func reading(_ text: String) throws -> (value: Decimal, decimals: Int, unit: String)? {
        let r = try TypedNumber.read(text)
        return r.number.map { ($0.value, $0.decimals, r.unit) }
    }

    @Test func readsSeparatorsOnlyInGroupsOfThree() throws {
        #expect(try reading("11,486,444.31")?.value == Decimal(string: "11486444.31"))
        #expect(try reading("1，234")?.value == 1234)
        #expect(try reading("1 234 567")?.value == 1_234_567)
        #expect(try reading("1\u{00A0}234")?.value == 1234)
        #expect(try reading("999,999")?.value == 999_999)
        #expect(try reading("0.5")?.decimals == 1)
        #expect(try reading("007")?.value == 7)
        for text in ["4,8", "1,23", "12,34,567", "1,234,5", "1.234,56", "0,500", "1,2345.6", "4 8", "1,234 567", "1, 234", "12,", "1,,234", "4,8,"] {
            #expect(throws: FigureError.self, "\(text)") { try TypedNumber.read(text) }
        }
    }

    @Test func suggestsWhatToType() {
        func message(_ text: String) -> String? {
            do { _ = try TypedNumber.read(text); return nil } catch { return error.description }
        }
        #expect(message("4,8%") == "“4,8%” 中的逗号不是千位分隔符；小数请用小数点，如 4.8%")
        #expect(message("285,58万元") == "“285,58万元” 中的逗号不是千位分隔符；小数请用小数点，如 285.58万元")
        #expect(message("-4,8 %") == "“-4,8 %” 中的逗号不是千位分隔符；小数请用小数点，如 -4.8 %")
        #expect(message("1.234,56") == "“1.234,56” 中的逗号不是千位分隔符；小数请用小数点，如 1234.56")
        #expect(message("1,234,5") == "“1,234,5” 中的逗号不是千位分隔符；小数请用小数点，如 1234.5")
        #expect(message("0,500") == "“0,500” 中的逗号不是千位分隔符；小数请用小数点，如 0.500")
        #expect(message("12,34,567") == "“12,34,567” 中的逗号不是千位分隔符：千位分隔符应从个位起每三位一个，如 1,234,567")
        #expect(message("1,2345.6元") == "“1,2345.6元” 中的逗号不是千位分隔符：千位分隔符应从个位起每三位一个，如 12,345.6元")
        #expect(message("1,234 567") == "“1,234 567” 中的逗号不是千位分隔符：千位分隔符应从个位起每三位一个，如 1,234,567")
        #expect(message("1,,234") == "“1,,234” 中的逗号不是千位分隔符：千位分隔符应从个位起每三位一个，如 1,234")
        #expect(message("4, 8") == "“4, 8” 中的逗号不是千位分隔符；小数请用小数点，如 4.8")
        #expect(message("1, 234") == "“1, 234” 中数字之间的空格不是千位分隔符：请删去空格，如 1,234；小数请用小数点")
        #expect(message("4 8") == "“4 8” 中数字之间的空格不是千位分隔符：请删去空格，如 48；小数请用小数点")
        #expect(message("4。8%") == "“4。8%” 中的句号不是小数点：小数请用小数点，如 4.8%")
    }

    /// Never read in part: what follows a number may not go on like one.
    @Test func refusesWhatGoesOnLikeANumber() throws {
        for text in ["8..5", "1.2.3", "--3", "3-", "1e3", "4.8.1", "12.", ".5", "٣", "3٣", "约95%", "≥95%", "", "  ", "+", "- 3", "5%3", "3/5", "1:3", "４．８．１"] {
            #expect(try reading(text) == nil, "\(text)")
        }
        #expect(try reading("95%以上")?.unit == "%以上")
        #expect(try reading("100m²")?.unit == "m²")
    }

    @Test func foldsFullWidthAndBlanks() throws {
        let r = try TypedNumber.read("\u{3000}－１２．５０\u{3000}％\t")
        #expect(r.text == "－１２．５０\u{3000}％")
        #expect(r.number == StatedNumber(Decimal(string: "-12.50")!, decimals: 2))
        #expect(r.unit == "%")
        #expect(try reading("\u{2212}3")?.value == -3)
        #expect(try reading("＋3")?.value == 3)
        #expect(try reading("\u{FEFF}3\u{200B}")?.value == 3)
        #expect(try reading("-0.00")?.value == 0)
    }

    /// Exact up to `Decimal`'s 38 digits, refused beyond (where `Decimal` would round).
    @Test func exactOrRefusedWhenLong() throws {
        let long = "12345678901234567890.123456789012345678"
        #expect(try reading(long)?.value == Decimal(string: long))
        #expect(try reading(long)?.decimals == 18)
        #expect(try reading("1234567890123456789012345678901234567890") == nil)
        #expect(try reading("-123456789012345678901")?.value == Decimal(string: "-123456789012345678901"))
    }

    @Test func counts() throws {
        #expect(try TypedNumber.count("２８") == 28)
        #expect(try TypedNumber.count(" 1,234 ") == 1234)
        #expect(throws: FigureError.notAnInteger("28.0")) { try TypedNumber.count("28.0") }
        #expect(throws: FigureError.notAnInteger("28人")) { try TypedNumber.count("28人") }
        #expect(throws: FigureError.negativeCount("-3")) { try TypedNumber.count("-3") }
        #expect(throws: FigureError.notAnInteger("123456789012345678901")) { try TypedNumber.count("123456789012345678901") }
    }

    /// Each figure's canonical text reads back as the same figure.
    @Test func canonicalTextReadsBack() throws {
        let amount = try Amount.parse("１１４８６４４４．３１ 元")
        #expect(amount.description == "11,486,444.31元")
        #expect(try Amount.parse(amount.description) == amount)
        let quantity = try Quantity.parse("5 场（次）")
        #expect(quantity.description == "5场（次）")
        #expect(try Quantity.parse(quantity.description) == quantity)
        #expect(try Percent.parse("+4.80 %").description == "4.80%")
    }
}
