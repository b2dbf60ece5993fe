import Crypto
import Foundation

/// The SHA-256 of a published package, so that anyone can check that the files they downloaded
/// are the files published: each file's SHA-256, and the package's, which is the SHA-256 of the
/// manifest — one line per file, `HEX  NAME\n`, sorted by name (the output of `sha256sum *`).
public enum PackageDigest {
    public static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
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
