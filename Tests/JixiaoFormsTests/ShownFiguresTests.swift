import Foundation
import JixiaoCore
import JixiaoForms
import JixiaoFormats
import Testing

/// A random figure of a place: what the form shows for it, its reading, and its parts to type it by.
struct RandomFigure {
    var negative: Bool
    var integer: String
    var fraction: String
    var unit: String
    var shown: String
    var reading: Reading

    init(_ place: Place, using rng: inout SystemRandomNumberGenerator) {
        let units: [String] = switch place {
        case .amount, .change: MoneyUnit.allCases.map(\.rawValue)
        case .percent: ["%"]
        case .quantity: ["", "%", "家", "人", "场（次）", "万人次", "平方米", "m²", "个百分点", "天"]
        default: [""]
        }
        let whole = place == .count || place == .year || place == .problemNumber
        let decimals = whole ? 0 : Int.random(in: 0...6, using: &rng)
        let integerDigits = Int.random(in: 1...(whole ? 9 : 12), using: &rng)
        var digits = (0..<(integerDigits + decimals)).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }
        // Many figures are small: leading zeros go, down to one digit before the point.
        while digits.count > decimals + 1, digits.first == "0" { digits.removeFirst() }
        integer = String(digits.prefix(digits.count - decimals))
        fraction = String(digits.suffix(decimals))
        // A zero has no sign: 「-0.00」 is shown as 0.00.
        negative = (place == .change || place == .percent || place == .quantity || place == .number)
            && digits.contains { $0 != "0" } && Bool.random(using: &rng)
        unit = units.randomElement(using: &rng)!
        let number = StatedNumber(Decimal(string: (negative ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction))!,
                                  decimals: decimals)
        reading = Reading(number, unit: unit)
        shown = switch place {
        case .amount, .change: Amount(number, unit: MoneyUnit(rawValue: unit)!).description
        case .percent: Percent(number).description
        case .quantity: Quantity(number, unit: unit).description
        case .number: number.description
        default: String(Int(integer)!)
        }
    }

    /// The figure as a clerk may type it: full-width digits, signs and point here and there,
    /// thousands separators in groups of three, blanks around it and before its unit.
    func typed(using rng: inout SystemRandomNumberGenerator) -> String {
        func width(_ c: Character) -> String {
            guard Bool.random(using: &rng) else { return String(c) }
            switch c {
            case "0"..."9": return String(UnicodeScalar(0xFF10 + c.unicodeScalars.first!.value - 0x30)!)
            case ".": return "．"
            case ",": return "，"
            case "%": return "％"
            default: return String(c)
            }
        }
        let blanks = [" ", "\u{3000}", "\u{00A0}", "\t"]
        var integerText = integer
        if integer.count > 3, Bool.random(using: &rng) {
            let separator = [",", "，", " ", "\u{00A0}"].randomElement(using: &rng)!
            integerText = ""
            for (i, digit) in integer.enumerated() {
                if i > 0, (integer.count - i) % 3 == 0 { integerText += separator }
                integerText.append(digit)
            }
        }
        var text = negative ? ["-", "－", "\u{2212}"].randomElement(using: &rng)! : (Bool.random(using: &rng) ? "+" : "")
        text += integerText.map(width).joined()
        if !fraction.isEmpty { text += width(".") + fraction.map(width).joined() }
        if !unit.isEmpty, Bool.random(using: &rng) { text += blanks.randomElement(using: &rng)! }
        text += unit.map { $0 == "%" ? width($0) : String($0) }.joined()
        if Bool.random(using: &rng) { text = blanks.randomElement(using: &rng)! + text + blanks.randomElement(using: &rng)! }
        return text
    }
}

@Suite("Every figure a form shows reads back as itself")
struct ShownFiguresTests {
    /// Random amounts, changes, percents, quantities, counts and numbers with random decimals and
    /// units: the text the form shows reads back as the same value, decimals and unit, in the form
    /// and in a file; the same figure typed any accepted way is stored and shown as that text.
    @Test(arguments: [Place.amount, .change, .percent, .quantity, .count, .number])
    func readsBackAsItself(_ place: Place) throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let figure = RandomFigure(place, using: &rng)
            let shown = place.kind.read(figure.shown)
            #expect(shown.problem == nil, "\(figure.shown)")
            #expect(shown.node.scalarText == figure.shown)
            let file = try EvaluationFile.parse(try place.file(figure.shown, format: .yaml), format: .yaml).evaluation
            #expect(place.figure(in: file) == figure.reading, "\(figure.shown)")

            let typed = figure.typed(using: &rng)
            let read = place.kind.read(typed.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(read.problem == nil, "\(typed.debugDescription)")
            #expect(read.node.scalarText == figure.shown, "\(typed.debugDescription)")
            let typedFile = try EvaluationFile.parse(try place.file(typed, format: .json), format: .json).evaluation
            #expect(place.figure(in: typedFile) == figure.reading, "\(typed.debugDescription)")
        }
    }
}
