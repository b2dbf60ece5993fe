import Crypto
import Foundation

/// The SHA-256 of a published package, so that anyone can check that the files they downloaded
/// are the files published: each file's SHA-256, and the package's, which is the SHA-256 of the
/// manifest — one line per file, `HEX  NAME\n`, sorted by name (the output of `sha256sum *`).
public enum PackageDigest {
    public static func hex(_ data: Data) -> String {
        // Written digit by digit: `String(format:)` per byte cost more than the hashing of a 30 KB text.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(SHA256.byteCount * 2)
        for byte in SHA256.hash(data: data) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }

    /// `HEX  NAME` lines sorted by name, each ending in a newline.
    public static func manifest(_ files: [(name: String, sha256: String)]) -> String {
        files.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            .map { "\($0.sha256)  \($0.name)\n" }.joined()
    }

    /// The package's SHA-256: of its manifest.
    public static func package(_ files: [(name: String, sha256: String)]) -> String { hex(manifest(files)) }
}
