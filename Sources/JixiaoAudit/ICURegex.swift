import Foundation
import JixiaoCore
#if canImport(_FoundationICU)
import _FoundationICU
#endif

// Regular expressions of the reader, in two implementations with one interface (`named`,
// `firstMatch`, `allMatches`): ICU's C API called directly where the toolchain's Foundation
// ships its ICU as a module (Linux), and `NSRegularExpression` everywhere else. Both are ICU
// underneath, given the same flags and region bounds (anchoring, transparent), so they give the
// same matches; the tests compare them on Linux over every pattern the audit compiles.
//
// Why not always `NSRegularExpression`: on Linux, Foundation hands ICU the text through a
// character-copying callback on every call, which made each of the ~300 searches of a report
// cost a microsecond or more before matching began (measured: a search of a 100-character span
// 1.4 µs through `NSRegularExpression`, 0.09 µs direct; a whole-report scan 49 µs against 8 µs).
// The direct path sets the text once per report and each search only moves a region.

/// Compiled patterns by their text, each compiled once per process.
final class PatternCache<Pattern: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [Key: Pattern] = [:]
    private let compile: (String) -> Pattern

    init(_ compile: @escaping (String) -> Pattern) { self.compile = compile }

    func pattern(_ text: String) -> Pattern {
        let key = Key(text: text)
        lock.lock()
        defer { lock.unlock() }
        if let pattern = compiled[key] { return pattern }
        let pattern = compile(text)
        compiled[key] = pattern
        return pattern
    }

    /// The texts of every pattern compiled so far.
    var texts: [String] {
        lock.lock()
        defer { lock.unlock() }
        return compiled.keys.map(\.text)
    }

    /// A pattern's text compared and hashed by its bytes: `String`'s own hashing normalises
    /// Unicode first, which made the look-up cost more than many of the searches it serves.
    private struct Key: Hashable {
        var text: String
        static func == (a: Key, b: Key) -> Bool {
            var a = a.text, b = b.text
            return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
        }
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}

/// A compiled regular expression through Foundation's public API, shared by every report read
/// in the process.
final class FoundationPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented safe to use from several threads.
    fileprivate let expression: NSRegularExpression

    init(_ pattern: String) {
        // Patterns are written in this module: one that does not compile is a programming error.
        do { expression = try NSRegularExpression(pattern: pattern) } catch {
            fatalError("pattern \(pattern) does not compile: \(error)")
        }
    }

    private static let cache = PatternCache(FoundationPattern.init)

    /// The compiled pattern for `pattern`, compiled once per process.
    static func named(_ pattern: String) -> FoundationPattern { cache.pattern(pattern) }
}

/// One text prepared for matching through `NSRegularExpression`: offsets are UTF-16 units, as
/// `NSString` counts them (the units come from a `String`, so decoding them changes none).
/// Not shared between threads (each report has its own).
final class FoundationText {
    private let units: [UInt16]
    private let string: String

    init(_ units: [UInt16]) {
        self.units = units
        string = String(decoding: units, as: UTF16.self)
    }

    /// The text up to `end`: a look-ahead must not see past a span's end, as in `ICUText`, while
    /// transparent bounds let a look-behind see before its start. The last one made is kept.
    private var cut: (end: Int, string: String)?
    private func text(upTo end: Int) -> String {
        if end == units.count { return string }
        if let cut, cut.end == end { return cut.string }
        let made = String(decoding: units[0..<end], as: UTF16.self)
        cut = (end, made)
        return made
    }

    private static func groups(_ result: NSTextCheckingResult) -> [Range<Int>?] {
        (0..<result.numberOfRanges).map { i in
            let range = result.range(at: i)
            return range.location == NSNotFound ? nil : range.location..<(range.location + range.length)
        }
    }

    /// The first match inside `span` (or, `anchored`, the match beginning exactly at its start),
    /// with the bounds `ICUText` has: anchoring (「^」 matches at the span's start), a look-behind
    /// seeing the text before the span and a look-ahead nothing after it.
    func firstMatch(_ pattern: FoundationPattern, in span: Range<Int>, anchored: Bool = false) -> [Range<Int>?]? {
        let range = NSRange(location: span.lowerBound, length: span.count)
        return pattern.expression.firstMatch(in: text(upTo: span.upperBound), options: anchored ? [.anchored, .withTransparentBounds] : .withTransparentBounds,
                                             range: range).map(Self.groups)
    }

    /// Every non-overlapping match inside `span`, in order, of a pattern whose every match
    /// begins with one of `anchors`: tried only where one stands.
    func allMatches(_ pattern: FoundationPattern, in span: Range<Int>, anchoredAt anchors: UnitSet) -> [[Range<Int>?]] {
        matchesAtAnchors(in: span, anchors: anchors, unit: { units[$0] }) { firstMatch(pattern, in: $0, anchored: true) }
    }

    /// Every non-overlapping match inside `span`, in order.
    func allMatches(_ pattern: FoundationPattern, in span: Range<Int>) -> [[Range<Int>?]] {
        pattern.expression.matches(in: text(upTo: span.upperBound), options: .withTransparentBounds,
                                   range: NSRange(location: span.lowerBound, length: span.count)).map(Self.groups)
    }
}

#if canImport(_FoundationICU)
/// A compiled ICU regular expression (ICU's C API, from the ICU inside the toolchain's
/// Foundation), shared by every report read in the process.
final class ICUPattern: @unchecked Sendable {
    // Immutable after init; ICU allows cloning a pattern from several threads.
    fileprivate let handle: OpaquePointer

    init(_ pattern: String) {
        let units = Array(pattern.utf16)
        var status = U_ZERO_ERROR
        var parseError = UParseError()
        let handle = swift_uregex_open(units, Int32(units.count), 0, &parseError, &status)
        // Patterns are written in this module: one that does not compile is a programming error.
        guard let handle, status.rawValue <= U_ZERO_ERROR.rawValue else {
            fatalError("ICU pattern \(pattern) does not compile (status \(status.rawValue), offset \(parseError.offset))")
        }
        self.handle = handle
    }

    deinit { swift_uregex_close(handle) }

    static let cache = PatternCache(ICUPattern.init)

    /// The compiled pattern for `pattern`, compiled once per process.
    static func named(_ pattern: String) -> ICUPattern { cache.pattern(pattern) }
}

/// One text prepared for matching by ICU directly: its UTF-16 units in a buffer ICU reads in
/// place, and a matcher per pattern bound to it. Not shared between threads (each report has its own).
final class ICUText {
    private let buffer: UnsafeMutableBufferPointer<UInt16>
    private var matchers: [ObjectIdentifier: OpaquePointer] = [:]

    init(_ units: [UInt16]) {
        buffer = .allocate(capacity: max(units.count, 1))
        _ = buffer.initialize(from: units)
    }

    deinit {
        for matcher in matchers.values { swift_uregex_close(matcher) }
        buffer.deallocate()
    }

    private var count: Int32 { Int32(buffer.count) }

    private func matcher(_ pattern: ICUPattern) -> OpaquePointer {
        if let m = matchers[ObjectIdentifier(pattern)] { return m }
        var status = U_ZERO_ERROR
        guard let m = swift_uregex_clone(pattern.handle, &status) else { fatalError("ICU clone failed (\(status.rawValue))") }
        swift_uregex_setText(m, buffer.baseAddress, count, &status)
        matchers[ObjectIdentifier(pattern)] = m
        return m
    }

    /// The groups of the current match (index 0 the whole match), nil where a group took no part.
    private func groups(_ m: OpaquePointer) -> [Range<Int>?] {
        var status = U_ZERO_ERROR
        let n = Int(swift_uregex_groupCount(m, &status))
        return (0...n).map { i in
            let start = swift_uregex_start(m, Int32(i), &status), end = swift_uregex_end(m, Int32(i), &status)
            return start < 0 ? nil : Int(start)..<Int(end)
        }
    }

    /// The first match inside `span` (or, `anchored`, the match beginning exactly at its start).
    /// Bounds are anchoring: 「^」 matches at the span's start. A look-behind sees the text before
    /// the span, so 「(?<![0-9])」 does not match inside a number that the span cuts (as the tests
    /// found, comparing this with `NSRegularExpression`).
    func firstMatch(_ pattern: ICUPattern, in span: Range<Int>, anchored: Bool = false) -> [Range<Int>?]? {
        let m = matcher(pattern)
        var status = U_ZERO_ERROR
        swift_uregex_setRegion(m, Int32(span.lowerBound), Int32(span.upperBound), &status)
        let found = anchored ? swift_uregex_lookingAt(m, -1, &status) : swift_uregex_findNext(m, &status)
        return found != 0 && status.rawValue <= U_ZERO_ERROR.rawValue ? groups(m) : nil
    }

    /// Every non-overlapping match inside `span`, in order, of a pattern whose every match
    /// begins with one of `anchors`: tried only where one stands, which for rare anchors is far
    /// cheaper than ICU's scan of every character.
    func allMatches(_ pattern: ICUPattern, in span: Range<Int>, anchoredAt anchors: UnitSet) -> [[Range<Int>?]] {
        matchesAtAnchors(in: span, anchors: anchors, unit: { buffer[$0] }) { firstMatch(pattern, in: $0, anchored: true) }
    }

    /// Every non-overlapping match inside `span`, in order.
    func allMatches(_ pattern: ICUPattern, in span: Range<Int>) -> [[Range<Int>?]] {
        let m = matcher(pattern)
        var status = U_ZERO_ERROR
        swift_uregex_setRegion(m, Int32(span.lowerBound), Int32(span.upperBound), &status)
        var out: [[Range<Int>?]] = []
        while swift_uregex_findNext(m, &status) != 0, status.rawValue <= U_ZERO_ERROR.rawValue {
            out.append(groups(m))
        }
        return out
    }
}
#else
typealias ICUPattern = FoundationPattern
typealias ICUText = FoundationText
#endif

/// Every non-overlapping match inside `span` of a pattern whose every match begins with one of
/// `anchors`, tried (`anchoredMatch` over the rest of the span) only where one stands: for rare
/// anchors far cheaper than a scan of every character. Shared by both implementations.
@inline(__always)
func matchesAtAnchors(in span: Range<Int>, anchors: UnitSet, unit: (Int) -> UInt16,
                      _ anchoredMatch: (Range<Int>) -> [Range<Int>?]?) -> [[Range<Int>?]] {
    var out: [[Range<Int>?]] = []
    var i = span.lowerBound
    while i < span.upperBound {
        if anchors.contains(unit(i)), let groups = anchoredMatch(i..<span.upperBound), let whole = groups[0], !whole.isEmpty {
            out.append(groups)
            i = whole.upperBound
        } else {
            i += 1
        }
    }
    return out
}
