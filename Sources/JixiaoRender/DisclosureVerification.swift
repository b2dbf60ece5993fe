import Foundation

/// 公开核验 — checks that the files of a downloaded package are the files published: each file's
/// SHA-256 against the listing, and the package's SHA-256 (of the manifest) against the one shown.
public enum DisclosureVerification {
    /// One discrepancy, with its rule: `disclosure.mismatch` (a file or the package differs),
    /// `disclosure.missing` (a listed file is not in the folder), `disclosure.extra` (a file in
    /// the folder is not listed; a warning).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var rule: String
        public var isError: Bool
        public var file: String
        public var message: String

        public var description: String { "\(file): \(isError ? "错误" : "警告") [\(rule)] \(message)" }
    }

    /// What was checked, and what disagreed.
    public struct Report: Sendable {
        public var checkedFiles: Int
        public var packageSHA256: String
        public var problems: [Problem]
        public var passed: Bool { !problems.contains(where: \.isError) }
    }

    private struct Listing: Decodable {
        struct Publication: Decodable { var packageSHA256: String }
        struct File: Decodable { var name: String; var sha256: String }
        var publication: Publication
        var files: [File]
    }

    /// Verifies the folder `directory` against a listing: the JSON of `GET /api/v1/published/{id}`.
    public static func verify(directory: String, listing: Data) throws -> Report {
        let decoded: Listing
        do { decoded = try JSONDecoder().decode(Listing.self, from: listing) } catch {
            throw VerificationError(message: "公开清单无法读取（应为 /api/v1/published/{id} 的 JSON）：\(error)")
        }
        var problems: [Problem] = []
        let listed = decoded.files.map { ($0.name, $0.sha256) }
        // The listing must agree with itself: the package hash is that of its files' manifest.
        let listedPackage = PackageDigest.package(listed)
        if listedPackage != decoded.publication.packageSHA256 {
            problems.append(Problem(rule: "disclosure.mismatch", isError: true, file: "（清单）",
                                    message: "公开的包 SHA-256 \(decoded.publication.packageSHA256) 与所列文件的清单不符（应为 \(listedPackage)）"))
        }
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        var local: [(name: String, sha256: String)] = []
        for file in decoded.files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            guard present.contains(file.name), let data = FileManager.default.contents(atPath: path) else {
                problems.append(Problem(rule: "disclosure.missing", isError: true, file: file.name, message: "公开的文件不在目录中"))
                continue
            }
            let digest = PackageDigest.hex(data)
            local.append((file.name, digest))
            if digest != file.sha256 {
                problems.append(Problem(rule: "disclosure.mismatch", isError: true, file: file.name,
                                        message: "文件与公开的不同（SHA-256 应为 \(file.sha256)，实为 \(digest)）"))
            }
        }
        for name in present.subtracting(decoded.files.map(\.name)).sorted() where !name.hasPrefix(".") {
            problems.append(Problem(rule: "disclosure.extra", isError: false, file: name, message: "目录中的文件不在公开清单中"))
        }
        let localPackage = PackageDigest.package(local)
        if local.count == decoded.files.count && localPackage != decoded.publication.packageSHA256 && problems.allSatisfy({ !$0.isError }) {
            problems.append(Problem(rule: "disclosure.mismatch", isError: true, file: "（包）",
                                    message: "包 SHA-256 应为 \(decoded.publication.packageSHA256)，实为 \(localPackage)"))
        }
        return Report(checkedFiles: decoded.files.count, packageSHA256: localPackage, problems: problems)
    }

    /// The listing's address for a public page's address: `…/published/{id}` → `…/api/v1/published/{id}`.
    public static func listingURL(for page: URL) -> URL {
        guard let range = page.absoluteString.range(of: "/published/"), !page.absoluteString.contains("/api/v1/") else { return page }
        var text = page.absoluteString
        text.replaceSubrange(range, with: "/api/v1/published/")
        return URL(string: text) ?? page
    }
}

/// A listing that cannot be read or fetched.
public struct VerificationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
