import Vapor

extension Request {
    /// A whole-number query parameter within `range`: `fallback` when absent, 400 with the
    /// reason when it is no number or outside the range, so arithmetic on it cannot overflow.
    func integerQuery(_ name: String, in range: ClosedRange<Int>, default fallback: Int, label: String) throws -> Int {
        guard let text: String = query[name] else { return fallback }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw Abort(.badRequest, reason: "\(label)「\(text.prefix(40))」无效，应为 \(range.lowerBound) 至 \(range.upperBound) 的整数")
        }
        return value
    }
}
