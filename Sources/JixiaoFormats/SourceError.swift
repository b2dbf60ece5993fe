import JixiaoCore

/// A problem in a source file, with where it is: the form `file:line:column: 错误: …`.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    /// The file's path as the user gave it (empty for standard input or in-memory text).
    public var file: String = ""
    public var location: SourceLocation?
    /// The field concerned, when the problem is a field's value.
    public var path: FieldPath?
    public var message: String
    /// The library's own words (libyaml's, a decoder's), in English: for logs, never for users.
    public var underlying: String?

    public init(location: SourceLocation?, path: FieldPath? = nil, message: String, underlying: String? = nil) {
        self.location = location
        self.path = path
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        var place = file.isEmpty ? "" : file + ":"
        if let location { place += "\(location.line):\(location.column):" }
        let field = path.map { "（字段 \($0)）" } ?? ""
        return (place.isEmpty ? "" : place + " ") + "错误: " + message + field
    }
}
