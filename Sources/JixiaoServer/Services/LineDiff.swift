/// 修订差异 — a line diff between two texts (two revisions' YAML): the longest common
/// subsequence of lines, shown as kept, removed and added lines with their line numbers.
enum LineDiff {
    enum Kind: String, Codable, Sendable { case same, removed, added }

    struct Line: Codable, Sendable, Equatable {
        var kind: Kind
        /// Line number in the old text (removed, same) or nil.
        var old: Int?
        /// Line number in the new text (added, same) or nil.
        var new: Int?
        var text: String
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The diff of `old` into `new`. Common head and tail lines are matched first, so that the
    /// quadratic table covers only the changed middle (a form edit changes a few lines).
    static func diff(_ old: String, _ new: String) -> [Line] {
        let a = lines(old), b = lines(new)
        var head = 0
        while head < a.count && head < b.count && a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head && tail < b.count - head && a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let am = Array(a[head..<(a.count - tail)]), bm = Array(b[head..<(b.count - tail)])
        // lcs[i][j]: length of the longest common subsequence of am[i...] and bm[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: bm.count + 1), count: am.count + 1)
        if !am.isEmpty && !bm.isEmpty {
            for i in stride(from: am.count - 1, through: 0, by: -1) {
                for j in stride(from: bm.count - 1, through: 0, by: -1) {
                    lcs[i][j] = am[i] == bm[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        var result: [Line] = (0..<head).map { Line(kind: .same, old: $0 + 1, new: $0 + 1, text: a[$0]) }
        var i = 0, j = 0
        while i < am.count || j < bm.count {
            if i < am.count && j < bm.count && am[i] == bm[j] {
                result.append(Line(kind: .same, old: head + i + 1, new: head + j + 1, text: am[i]))
                i += 1
                j += 1
            } else if i < am.count && (j == bm.count || lcs[i + 1][j] >= lcs[i][j + 1]) {
                // Removed lines before added ones, as diff tools show a change.
                result.append(Line(kind: .removed, old: head + i + 1, new: nil, text: am[i]))
                i += 1
            } else {
                result.append(Line(kind: .added, old: nil, new: head + j + 1, text: bm[j]))
                j += 1
            }
        }
        for k in 0..<tail {
            result.append(Line(kind: .same, old: a.count - tail + k + 1, new: b.count - tail + k + 1, text: a[a.count - tail + k]))
        }
        return result
    }

    /// Only the changed lines with `context` unchanged lines around each change.
    static func hunks(_ lines: [Line], context: Int = 3) -> [Line] {
        let changed = lines.indices.filter { lines[$0].kind != .same }
        var keep = Set<Int>()
        for index in changed { for k in max(0, index - context)...min(lines.count - 1, index + context) { keep.insert(k) } }
        return lines.indices.filter(keep.contains).map { lines[$0] }
    }
}
