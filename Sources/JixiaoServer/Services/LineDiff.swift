/// 修订差异 — a line diff between two texts (two revisions' YAML): the shortest edit script of
/// lines, shown as kept, removed and added lines with their line numbers.
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

    /// A comparison: every line, or, where the changed middle is longer than `maximumChanged`
    /// lines, the unchanged head and tail and a summary of the middle instead of its lines.
    struct Comparison: Sendable {
        var lines: [Line]
        /// Lines removed plus lines added.
        var changed: Int
        /// Set when the middle was too long to compare line by line.
        var summary: String?
    }

    /// Changed lines (old plus new, after the common head and tail) compared line by line at most.
    /// Myers's algorithm needs memory of the order of the square of the differences, so this bound
    /// (a form edit changes a few lines, a new upload of the example some 900) holds it to a few MB.
    static let maximumChanged = 3_000

    /// The diff of `old` into `new`. Common head and tail lines are matched first, so that only
    /// the changed middle goes through Myers's algorithm (the standard library's `difference(from:)`).
    static func compare(_ old: String, _ new: String) -> Comparison {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        var head = 0
        while head < a.count && head < b.count && a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head && tail < b.count - head && a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let am = a[head..<(a.count - tail)], bm = b[head..<(b.count - tail)]
        var result: [Line] = (0..<head).map { Line(kind: .same, old: $0 + 1, new: $0 + 1, text: String(a[$0])) }
        var summary: String?
        if am.count + bm.count > maximumChanged {
            summary = "改动过多（旧版第 \(head + 1)–\(head + am.count) 行共 \(am.count) 行换为新版第 \(head + 1)–\(head + bm.count) 行共 \(bm.count) 行，"
                + "超过逐行比较的上限 \(maximumChanged) 行），只列出未改动的首尾"
        } else {
            let am = Array(am), bm = Array(bm)
            let difference = bm.difference(from: am)
            var removed = Set<Int>(), added = Set<Int>()
            for change in difference {
                switch change {
                case .remove(let offset, _, _): removed.insert(offset)
                case .insert(let offset, _, _): added.insert(offset)
                }
            }
            var i = 0, j = 0
            while i < am.count || j < bm.count {
                // Removed lines before added ones, as diff tools show a change.
                if i < am.count && removed.contains(i) {
                    result.append(Line(kind: .removed, old: head + i + 1, new: nil, text: String(am[i])))
                    i += 1
                } else if j < bm.count && added.contains(j) {
                    result.append(Line(kind: .added, old: nil, new: head + j + 1, text: String(bm[j])))
                    j += 1
                } else {
                    result.append(Line(kind: .same, old: head + i + 1, new: head + j + 1, text: String(am[i])))
                    i += 1
                    j += 1
                }
            }
        }
        for k in 0..<tail {
            result.append(Line(kind: .same, old: a.count - tail + k + 1, new: b.count - tail + k + 1, text: String(a[a.count - tail + k])))
        }
        return Comparison(lines: result, changed: summary == nil ? result.count { $0.kind != .same } : am.count + bm.count, summary: summary)
    }

    /// Every line of the diff of `old` into `new` (see `compare`).
    static func diff(_ old: String, _ new: String) -> [Line] { compare(old, new).lines }

    /// Only the changed lines with `context` unchanged lines around each change.
    static func hunks(_ lines: [Line], context: Int = 3) -> [Line] {
        let changed = lines.indices.filter { lines[$0].kind != .same }
        var keep = Set<Int>()
        for index in changed { for k in max(0, index - context)...min(lines.count - 1, index + context) { keep.insert(k) } }
        return lines.indices.filter(keep.contains).map { lines[$0] }
    }
}
