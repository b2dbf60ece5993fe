import Foundation

/// 计分公式 — a small, safe expression language over evaluation-file fields.
///
/// `final_accounts.expenditure.total / budget.expenditure.amount * 100`,
/// `sum(final_accounts.expenditure.by_function[*].amount)`, `count(problems[*])`,
/// `min(a, b)`, `max(a, b)`, `abs(x)`, `if(cond, a, b)`, comparisons (`<`, `<=`, `>`, `>=`,
/// `==`, `!=`, giving 1 or 0), and `value(indicator-id)` for another indicator's value.
/// No other names exist: nothing can be called but these functions. Money is read in 元,
/// percentages in percentage points; arithmetic is exact (`Decimal`).
public indirect enum Expression: Sendable, Equatable {
    case number(Decimal)
    case field([PathComponent])
    case unary(String, Expression)
    case binary(String, Expression, Expression)
    case call(String, [Expression])

    /// Every field path the expression reads, as written.
    public var fieldPaths: [[PathComponent]] {
        switch self {
        case .number: []
        case .field(let path): [path]
        case .unary(_, let e): e.fieldPaths
        case .binary(_, let a, let b): a.fieldPaths + b.fieldPaths
        case .call(_, let args): args.flatMap(\.fieldPaths)
        }
    }

    /// Every indicator whose value the expression reads through `value(id)`.
    public var indicatorReferences: [String] {
        switch self {
        case .number, .field: []
        case .unary(_, let e): e.indicatorReferences
        case .binary(_, let a, let b): a.indicatorReferences + b.indicatorReferences
        case .call("value", let args):
            args.compactMap { if case .field(let p) = $0, p.count == 1, case .key(let id) = p[0] { return id } else { return nil } }
        case .call(_, let args): args.flatMap(\.indicatorReferences)
        }
    }

    public static func text(of path: [PathComponent]) -> String {
        path.enumerated().map { i, c in
            if case .key(let k) = c { return i == 0 ? k : "." + k }
            return c.description
        }.joined()
    }
}

/// A formula that does not parse: where (1-based character column) and why.
public struct FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var description: String { "公式第 \(column) 个字符处：\(message)" }
}

/// Functions of the language and the number of arguments each takes (nil: one or more).
let formulaFunctions: [String: Int?] = ["min": nil, "max": nil, "sum": 1, "count": 1, "abs": 1, "if": 3, "value": 1]

extension Expression {
    /// Parses a formula; the error names the column and what was expected.
    public static func parse(_ text: String) throws(FormulaError) -> Expression {
        var parser = FormulaParser(Array(text.unicodeScalars))
        let expression = try parser.comparison()
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.fail("多余的内容「\(parser.rest)」") }
        return expression
    }
}

private struct FormulaParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }
    var rest: String { String(String.UnicodeScalarView(scalars[index...])) }

    func fail(_ message: String) -> FormulaError { FormulaError(column: index + 1, message: message) }

    mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" || c == "\n" { index += 1 }
    }

    mutating func take(_ options: [String]) -> String? {
        skipSpaces()
        for option in options {
            let chars = Array(option.unicodeScalars)
            if index + chars.count <= scalars.count && Array(scalars[index..<index + chars.count]) == chars {
                index += chars.count
                return option
            }
        }
        return nil
    }

    mutating func comparison() throws(FormulaError) -> Expression {
        let left = try additive()
        if let op = take(["<=", ">=", "==", "!=", "<", ">", "≤", "≥"]) {
            let normalized = op == "≤" ? "<=" : op == "≥" ? ">=" : op
            return .binary(normalized, left, try additive())
        }
        return left
    }

    mutating func additive() throws(FormulaError) -> Expression {
        var left = try term()
        while let op = take(["+", "-", "−"]) { left = .binary(op == "+" ? "+" : "-", left, try term()) }
        return left
    }

    mutating func term() throws(FormulaError) -> Expression {
        var left = try unary()
        while let op = take(["*", "/", "×", "÷"]) { left = .binary(op == "*" || op == "×" ? "*" : "/", left, try unary()) }
        return left
    }

    mutating func unary() throws(FormulaError) -> Expression {
        if take(["-", "−"]) != nil { return .unary("-", try unary()) }
        return try primary()
    }

    mutating func primary() throws(FormulaError) -> Expression {
        skipSpaces()
        guard let c = peek else { throw fail("公式意外结束：此处应为数字、字段或函数") }
        if c == "(" {
            index += 1
            let inner = try comparison()
            guard take([")"]) != nil else { throw fail("缺少「)」") }
            return inner
        }
        if ("0"..."9").contains(c) { return try number() }
        if c.properties.isAlphabetic || c == "_" { return try nameOrPath() }
        throw fail("无法识别的字符「\(c)」")
    }

    mutating func number() throws(FormulaError) -> Expression {
        let start = index
        while let c = peek, ("0"..."9").contains(c) || c == "." { index += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), text.filter({ $0 == "." }).count <= 1
        else { throw FormulaError(column: start + 1, message: "「\(text)」不是数字") }
        return .number(value)
    }

    mutating func identifier() -> String {
        let start = index
        while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" { index += 1 }
        return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    mutating func nameOrPath() throws(FormulaError) -> Expression {
        let start = index
        let name = identifier()
        skipSpaces()
        if peek == "(" {
            guard let arity = formulaFunctions[name] else {
                throw FormulaError(column: start + 1, message: "未知函数「\(name)」：可用 \(formulaFunctions.keys.sorted().joined(separator: "、"))")
            }
            index += 1
            var args: [Expression] = []
            if take([")"]) == nil {
                repeat { args.append(try comparison()) } while take([","]) != nil
                guard take([")"]) != nil else { throw fail("缺少「)」或「,」") }
            }
            if let arity, args.count != arity {
                throw FormulaError(column: start + 1, message: "函数 \(name) 需要 \(arity) 个参数，实际 \(args.count) 个")
            }
            if args.isEmpty { throw FormulaError(column: start + 1, message: "函数 \(name) 至少需要 1 个参数") }
            return .call(name, args)
        }
        var path: [PathComponent] = [.key(name)]
        while true {
            if peek == "." {
                index += 1
                let key = identifier()
                guard !key.isEmpty else { throw fail("「.」后应为字段名") }
                path.append(.key(key))
            } else if peek == "[" {
                index += 1
                if peek == "*" {
                    index += 1
                    path.append(.every)
                } else {
                    let digitsStart = index
                    while let c = peek, ("0"..."9").contains(c) { index += 1 }
                    guard let i = Int(String(String.UnicodeScalarView(scalars[digitsStart..<index]))) else {
                        throw fail("「[」后应为序号或 *")
                    }
                    path.append(.index(i))
                }
                guard peek == "]" else { throw fail("缺少「]」") }
                index += 1
            } else {
                return .field(path)
            }
        }
    }
}
