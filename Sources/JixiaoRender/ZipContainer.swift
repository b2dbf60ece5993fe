import Foundation
import ZIPFoundation

/// The zip container of DOCX and XLSX files, written byte for byte the same every time:
/// entries in the order given, deflated, each stamped with one fixed date.
public enum ZipContainer {
    /// 2000-01-01 00:00:00 UTC, as the modification time of every entry.
    static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    public struct Entry: Sendable {
        public var path: String
        public var data: Data

        public init(_ path: String, _ data: Data) {
            self.path = path
            self.data = data
        }

        public init(_ path: String, _ text: String) { self.init(path, Data(text.utf8)) }
    }

    public static func make(_ entries: [Entry]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for entry in entries {
            try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(entry.data.count),
                                 modificationDate: fixedDate, compressionMethod: .deflate) { position, size in
                entry.data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// Every entry of a zip container, by path (for reading workbooks back, and for tests),
    /// within `limits`.
    public static func entries(of data: Data, limits: ReadLimits = ReadLimits()) throws -> [String: Data] {
        let reader = try Reader(data, limits: limits)
        var result: [String: Data] = [:]
        for path in reader.paths { result[path] = try reader.read(path) }
        return result
    }

    /// How far a container from outside (an upload, a workbook to import) may inflate. A zip bomb
    /// of a megabyte can stand for gigabytes: these bounds hold while inflating, whatever the
    /// container's headers claim.
    public struct ReadLimits: Sendable {
        /// Entries in the container; the standard workbook has about 15.
        public var entries = 1_000
        /// Bytes of one inflated entry.
        public var entryBytes = 32 << 20
        /// Bytes of everything inflated from one container.
        public var totalBytes = 64 << 20
        /// Inflated bytes per compressed byte, beyond the first megabyte of an entry (XML rarely
        /// exceeds 100; a bomb reaches 1,000).
        public var ratio = 250

        public init() {}
    }

    /// Why a container was refused, in Chinese.
    public struct LimitExceeded: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the entries of a container one at a time, on demand, within one budget.
    public final class Reader {
        private let archive: Archive
        private let limits: ReadLimits
        private var inflated = 0
        /// The file entries' paths, in the container's order.
        public let paths: [String]

        public init(_ data: Data, limits: ReadLimits = ReadLimits()) throws {
            // Through a temporary file, removed at once: ZIPFoundation's in-memory archive keeps its
            // copy of the data for ever when the data is no zip (its memory file is never closed),
            // so every upload of garbage would leak its size (found by the XLSX fuzzer).
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-zip-\(UUID().uuidString)")
            try data.write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            archive = try Archive(url: url, accessMode: .read)
            self.limits = limits
            var paths: [String] = []
            for entry in archive where entry.type == .file {
                paths.append(entry.path)
                if paths.count > limits.entries {
                    throw LimitExceeded(message: "压缩包内的文件过多（超过 \(limits.entries) 个）")
                }
            }
            self.paths = paths
        }

        /// The inflated bytes of the entry at `path`, or nil when there is none.
        public func read(_ path: String) throws -> Data? {
            guard let entry = archive[path], entry.type == .file else { return nil }
            let compressed = max(Int(clamping: entry.compressedSize), 1)
            // What the headers declare is refused before inflating; what they hide, while inflating.
            let declared = Int(clamping: entry.uncompressedSize)
            if declared > limits.entryBytes { throw tooLarge(path) }
            if declared > 1 << 20, declared / compressed > limits.ratio { throw tooDense(path) }
            var content = Data()
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                content.append(chunk)
                inflated += chunk.count
                if content.count > limits.entryBytes { throw tooLarge(path) }
                if inflated > limits.totalBytes {
                    throw LimitExceeded(message: "压缩包解压后过大（超过 \(limits.totalBytes >> 20) MB）")
                }
                if content.count > 1 << 20, content.count / compressed > limits.ratio { throw tooDense(path) }
            }
            return content
        }

        private func tooLarge(_ path: String) -> LimitExceeded {
            LimitExceeded(message: "压缩包内的 \(path) 解压后过大（超过 \(limits.entryBytes >> 20) MB）")
        }

        private func tooDense(_ path: String) -> LimitExceeded {
            LimitExceeded(message: "压缩包内的 \(path) 压缩比异常（超过 \(limits.ratio) 倍），疑为压缩炸弹")
        }
    }
}
