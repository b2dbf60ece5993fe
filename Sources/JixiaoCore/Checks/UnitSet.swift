import Foundation

/// A set of UTF-16 units as a bitmap: membership in one load, for tests made on every unit of
/// a text (a `Set`'s hashing costs more than the rest of such a loop).
public struct UnitSet: Sendable {
    @usableFromInline var words = [UInt64](repeating: 0, count: 1024)

    public init(_ characters: String) {
        for u in characters.utf16 { words[Int(u >> 6)] |= 1 << UInt64(u & 63) }
    }

    // Inlinable: called on every unit of a text from other modules too.
    @inlinable public func contains(_ u: UInt16) -> Bool { words[Int(u >> 6)] & (1 << UInt64(u & 63)) != 0 }

    /// True when one of `text`'s UTF-16 units is in the set, read from the text's own UTF-8:
    /// a `String`'s `utf16` view transcodes every character, which cost more than the test.
    public func containsAny(of text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let lead = UInt32(bytes[i])
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                guard i + length <= bytes.count else { return false }
                var scalar = length == 1 ? lead : lead & (0xFF >> (length + 1))
                for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F) }
                if scalar < 0x10000 {
                    if contains(UInt16(scalar)) { return true }
                } else {
                    let offset = scalar - 0x10000
                    if contains(UInt16(0xD800 + (offset >> 10))) || contains(UInt16(0xDC00 + (offset & 0x3FF))) { return true }
                }
                i += length
            }
            return false
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: UnitSet] = [:]

    /// The set of `characters`, made once per process (for sets written at a call site).
    public static func cached(_ characters: String) -> UnitSet {
        lock.lock()
        defer { lock.unlock() }
        if let set = cache[characters] { return set }
        let set = UnitSet(characters)
        cache[characters] = set
        return set
    }
}
