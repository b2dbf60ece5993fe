import Foundation
import JixiaoCore

/// 报告文本 — a published report as plain text (from `pdftotext` or copy-paste), cleaned of
/// the artifacts extraction leaves and joined into one stream, with every character's place in
/// the original kept so that findings name their line and column.
///
/// Artifacts handled: page numbers alone on a line (「12」, 「— 12 —」, 「- 12 -」), blank lines
/// between every printed line, a leading space where a page began, line breaks inside sentences
/// and labels, full-width digits and punctuation in numbers, spaces inside numbers and before 「%」.
///
/// Offsets into the stream count UTF-16 code units, the unit `NSRegularExpression` matches in;
/// every Chinese character and every ASCII character is one unit. The reader makes one pass over
/// the UTF-8 bytes and keeps, per stream unit, two bytes of text and nothing else: places are
/// recorded once per run of characters that stood side by side in the original.
public struct ReportText: Sendable {
    /// The cleaned text: printed lines joined with nothing between them, whitespace dropped.
    /// Made on each use: the reader itself works on `units`.
    public var text: String { string(0..<units.count) }
    /// `text` as UTF-16 code units; offsets everywhere in the audit index this.
    public let units: [UInt16]
    /// Offsets in `units` at which a printed (non-blank, non-page-number) line began, ascending.
    public let lineStarts: [Int]
    /// The width (in units, spaces dropped) of a full printed line: nine lines in ten are no
    /// wider. A line this wide that ends mid-sentence was wrapped; a paragraph's last is shorter.
    public let fullLineWidth: Int
    /// Places of the stream's runs: a run is a stretch of units that were adjacent in one line.
    private let runs: [Run]

    private struct Run: Sendable {
        var offset: Int
        var line: Int32
        var column: Int32
    }

    public init(_ raw: String) {
        let decoded = Self.utf16(raw)
        var units: [UInt16] = []
        var starts: [Int] = []
        var runs: [Run] = []
        units.reserveCapacity(decoded.count)
        var lineNumber = 0
        var lineStart = 0
        // One printed line at a time, kept or dropped whole (no closure: captured arrays are
        // boxed and checked for exclusive access on every append).
        while lineStart <= decoded.count {
            let lineEnd = decoded[lineStart...].firstIndex(of: 0x0A) ?? decoded.count
            lineNumber += 1
            if !Self.isNotContent(decoded[lineStart..<lineEnd]) {
                starts.append(units.count)
                var previousKept = -2
                for index in lineStart..<lineEnd {
                    let u = decoded[index]
                    if Self.isWhitespace(u) { continue }
                    let column = index - lineStart + 1
                    if column != previousKept + 1 {
                        runs.append(Run(offset: units.count, line: Int32(lineNumber), column: Int32(column)))
                    }
                    units.append(Self.halfWidth(u))
                    previousKept = column
                }
            }
            lineStart = lineEnd + 1
        }
        self.units = units
        self.lineStarts = starts
        self.runs = runs
        let widths = starts.indices.map { k in (k + 1 < starts.count ? starts[k + 1] : units.count) - starts[k] }.sorted()
        fullLineWidth = widths.isEmpty ? 0 : widths[widths.count * 9 / 10]
    }

    /// The width of printed line `k` (an index into `lineStarts`), in units.
    public func width(ofLine k: Int) -> Int {
        (k + 1 < lineStarts.count ? lineStarts[k + 1] : units.count) - lineStarts[k]
    }

    /// The UTF-16 units of `raw`, decoded from its UTF-8 by hand (a `String` is valid UTF-8):
    /// iterating `utf16` transcodes through a slower generic path.
    private static func utf16(_ raw: String) -> [UInt16] {
        var raw = raw
        return raw.withUTF8 { bytes in
            var out: [UInt16] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let b = UInt32(bytes[i])
                var scalar: UInt32
                switch b {
                case ..<0x80:
                    scalar = b
                    i += 1
                case ..<0xE0:
                    scalar = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    i += 2
                case ..<0xF0:
                    scalar = (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                    i += 3
                default:
                    scalar = (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                        | UInt32(bytes[i + 3] & 0x3F)
                    i += 4
                }
                if scalar < 0x10000 {
                    out.append(UInt16(scalar))
                } else {
                    scalar -= 0x10000
                    out.append(UInt16(0xD800 + (scalar >> 10)))
                    out.append(UInt16(0xDC00 + (scalar & 0x3FF)))
                }
            }
            return out
        }
    }

    /// Where the unit at `offset` of `units` was in the original (1-based line and column).
    public func location(at offset: Int) -> SourceLocation {
        guard !runs.isEmpty else { return SourceLocation(line: 1, column: 1) }
        let offset = min(max(offset, 0), units.count - 1)
        // The last run starting at or before `offset`.
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if runs[mid].offset <= offset { lo = mid } else { hi = mid - 1 }
        }
        let run = runs[lo]
        return SourceLocation(line: Int(run.line), column: Int(run.column) + offset - run.offset)
    }

    /// Whether the stream (or a span of it) contains `word`.
    public func contains(_ word: String, in span: Range<Int>? = nil) -> Bool {
        let span = (span ?? 0..<units.count).clamped(to: 0..<units.count)
        return word.isEmpty || offset(of: word, from: span.lowerBound, to: span.upperBound) != nil
    }

    /// Where `word` first stands in the stream at or after `from` (and ending by `to`).
    public func offset(of word: String, from: Int = 0, to: Int? = nil) -> Int? {
        let end = min(to ?? units.count, units.count)
        let w = Array(word.utf16)
        guard let first = w.first, w.count <= end - from else { return nil }
        var i = max(from, 0)
        while i <= end - w.count {
            if units[i] == first, units[i..<(i + w.count)].elementsEqual(w) { return i }
            i += 1
        }
        return nil
    }

    /// The places inside `span` where the original had a break (a space, a line break or a page
    /// break) just before the unit at `offset`, and whether it was a line break.
    public func breaks(in span: Range<Int>) -> [(offset: Int, newLine: Bool)] {
        guard span.count > 1, !runs.isEmpty else { return [] }
        // The first run starting after span.lowerBound.
        var lo = 0, hi = runs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if runs[mid].offset <= span.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var out: [(Int, Bool)] = []
        var k = lo
        while k < runs.count, runs[k].offset < span.upperBound {
            out.append((runs[k].offset, k == 0 || runs[k].line != runs[k - 1].line))
            k += 1
        }
        return out
    }

    /// The text of a span of the stream.
    public func string(_ span: Range<Int>) -> String { Self.string(units, span.clamped(to: 0..<units.count)) }

    static func string(_ units: [UInt16], _ span: Range<Int>) -> String {
        // Transcoded by hand: `String(decoding:as: UTF16.self)` takes a slow path per unit, and
        // the reader makes a string of every figure and label it reads.
        return String(unsafeUninitializedCapacity: span.count * 3) { out in
            var n = 0
            var i = span.lowerBound
            while i < span.upperBound {
                var scalar = UInt32(units[i])
                i += 1
                if scalar >= 0xD800 && scalar < 0xDC00, i < span.upperBound, units[i] >= 0xDC00 && units[i] < 0xE000 {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[i]) - 0xDC00)
                    i += 1
                } else if scalar >= 0xD800 && scalar < 0xE000 {
                    scalar = 0xFFFD  // half of a surrogate pair, cut by the span
                }
                n += Self.encodeUTF8(scalar, into: out, at: n)
            }
            return n
        }
    }

    private static func encodeUTF8(_ s: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at n: Int) -> Int {
        switch s {
        case ..<0x80:
            out[n] = UInt8(s)
            return 1
        case ..<0x800:
            out[n] = UInt8(0xC0 | (s >> 6)); out[n + 1] = UInt8(0x80 | (s & 0x3F))
            return 2
        case ..<0x10000:
            out[n] = UInt8(0xE0 | (s >> 12)); out[n + 1] = UInt8(0x80 | ((s >> 6) & 0x3F)); out[n + 2] = UInt8(0x80 | (s & 0x3F))
            return 3
        default:
            // Four bytes for two units: within the capacity of three bytes per unit.
            out[n] = UInt8(0xF0 | (s >> 18)); out[n + 1] = UInt8(0x80 | ((s >> 12) & 0x3F))
            out[n + 2] = UInt8(0x80 | ((s >> 6) & 0x3F)); out[n + 3] = UInt8(0x80 | (s & 0x3F))
            return 4
        }
    }

    /// A blank line, or a page number alone on its line: 「12」, 「— 12 —」, 「- 12 -」.
    static func isNotContent(_ line: ArraySlice<UInt16>) -> Bool {
        var digits = 0
        for u in line {
            if isWhitespace(u) { continue }
            switch u {
            case 0x30...0x39, 0xFF10...0xFF19: digits += 1
            case 0x2D, 0x2014, 0x2013, 0xFF0D: continue  // - — – －
            default: return false
            }
        }
        return digits > 0 || line.allSatisfy(isWhitespace)
    }

    /// Whitespace as `Character.isWhitespace` has it, plus the zero-width space and the BOM that
    /// PDF extraction leaves.
    static func isWhitespace(_ u: UInt16) -> Bool {
        switch u {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Full-width digits and the full-width point and percent sign as ASCII, one for one.
    static func halfWidth(_ u: UInt16) -> UInt16 {
        switch u {
        case 0xFF10...0xFF19: return u - 0xFF10 + 0x30
        case 0xFF0E: return 0x2E
        case 0xFF05: return 0x25
        default: return u
        }
    }
}
