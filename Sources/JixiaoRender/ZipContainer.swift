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

    /// Every entry of a zip container, by path (for reading workbooks back, and for tests).
    public static func entries(of data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            var content = Data()
            _ = try archive.extract(entry, skipCRC32: false) { content.append($0) }
            result[entry.path] = content
        }
        return result
    }
}
