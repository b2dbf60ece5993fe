/// 输入问题 — one located reason why an input could not be read: where (line:column in a text,
/// sheet!cell in a workbook), which field, and why, in Chinese.
public struct InputProblem: Codable, Sendable, Equatable {
    public var location: String?
    public var path: String?
    public var message: String

    public init(location: String? = nil, path: String? = nil, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    /// `3:7 final_accounts.income.total: 金额无效`, as the forms list it.
    public var display: String { [location, path].compactMap { $0 }.joined(separator: " ") + (location == nil && path == nil ? "" : "：") + message }
}

/// Input that could not be read; nothing is stored.
public struct InputRejected: Error, Sendable {
    public var problems: [InputProblem]
    /// The libraries' own words behind the problems, for the server log only.
    public var underlying: [String] = []

    public init(problems: [InputProblem], underlying: [String] = []) {
        self.problems = problems
        self.underlying = underlying
    }
}
