import Foundation

/// The path of a field in an evaluation file, written as its keys and list indices:
/// `final_accounts.expenditure.by_function[2].amount`. Findings and file errors name fields
/// by these paths; the file loader maps them to a line and column.
public struct FieldPath: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public private(set) var text: String

    public init(_ text: String) { self.text = text }
    public init(stringLiteral text: String) { self.text = text }

    public static let root = FieldPath("")

    public var description: String { text.isEmpty ? "（文件）" : text }

    /// The path of a key below this one.
    public static func / (path: FieldPath, key: String) -> FieldPath {
        FieldPath(path.text.isEmpty ? key : path.text + "." + key)
    }

    /// The path of a list element below this one.
    public subscript(index: Int) -> FieldPath { FieldPath(text + "[\(index)]") }

    /// This path and each of its ancestors, longest first (`a.b[1].c`, `a.b[1]`, `a.b`, `a`, root).
    public var prefixes: [FieldPath] {
        var result = [self]
        var rest = text
        while let cut = rest.lastIndex(where: { $0 == "." || $0 == "[" }) {
            rest = String(rest[..<cut])
            result.append(FieldPath(rest))
        }
        if !text.isEmpty { result.append(.root) }
        return result
    }

    public static func < (a: FieldPath, b: FieldPath) -> Bool { a.text < b.text }

    /// One step of a field path: a key or a list index.
    public enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The largest list index a path may name: paths come from forms, workbooks and files, and
    /// no list of an evaluation comes near it.
    public static let maximumIndex = 9_999

    /// The most levels a file nests, and so the most steps a path has: far more than any
    /// evaluation needs, and few enough that what walks a tree by recursion never runs out of stack.
    public static let maximumDepth = 64

    /// The steps of the path, `a.b[2].c` → key a, key b, index 2, key c; nil when the text names
    /// no field: empty, a key of other than ASCII letters, digits and `_`, an index that is not
    /// a whole number from 0 to `maximumIndex`, or more than `maximumDepth` steps.
    public var steps: [Step]? {
        var steps: [Step] = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard steps.count < Self.maximumDepth else { return nil }
            var rest = Substring(segment)
            let open = rest.firstIndex(of: "[") ?? rest.endIndex
            let key = rest[..<open]
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
            steps.append(.key(String(key)))
            rest = rest[open...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let i = Int(rest[rest.index(after: rest.startIndex)..<close]), (0...Self.maximumIndex).contains(i)
                else { return nil }
                steps.append(.index(i))
                rest = rest[rest.index(after: close)...]
            }
        }
        return steps.count <= Self.maximumDepth ? steps : nil
    }
}

/// A place in a source file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// An enumeration whose file values are a fixed list of words, so that a reader can say
/// which words are valid when it meets another.
public protocol FixedChoice {
    static var choices: [String] { get }
}

extension FixedChoice where Self: CaseIterable & RawRepresentable, RawValue == String {
    public static var choices: [String] { allCases.map(\.rawValue) }
}

extension UnitType: FixedChoice {}
extension BudgetLevel: FixedChoice {}
extension PersonStatus: FixedChoice {}
extension TargetKind: FixedChoice {}
extension IncomeSource: FixedChoice {}
extension MoneyUnit: FixedChoice {}
