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
