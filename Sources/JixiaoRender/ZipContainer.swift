import CJixiaoZlib
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
    ///
    /// Its own reading of the zip structure (the central directory, then each entry's bytes, inflated
    /// by zlib over exactly its compressed size), not ZIPFoundation's: on Linux, ZIPFoundation inflates
    /// until the deflate stream ends, reading past the entry, and at the end of the file it loops for
    /// ever when the stream never ends (found by the XLSX fuzzer: a 38 KB upload held a thread).
    public final class Reader {
        private struct Item {
            var method: UInt16
            var compressedSize: Int
            var uncompressedSize: Int
            var crc32: UInt32
            var localHeader: Int
        }

        private let data: [UInt8]
        private let limits: ReadLimits
        private var items: [String: Item] = [:]
        private var inflated = 0
        /// The file entries' paths, in the container's order.
        public let paths: [String]

        public init(_ data: Data, limits: ReadLimits = ReadLimits()) throws {
            self.data = [UInt8](data)
            self.limits = limits
            let bytes = self.data
            func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
            func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
            // The end of central directory record: within the last 64 KB + 22 bytes (its comment).
            let notZip = LimitExceeded(message: "不是有效的 XLSX（zip）文件")
            guard bytes.count >= 22,
                let end = stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 0xFFFF), by: -1)
                    .first(where: { u32($0) == 0x0605_4B50 })
            else { throw notZip }
            let count = u16(end + 10), directorySize = u32(end + 12), directory = u32(end + 16)
            if count > limits.entries { throw LimitExceeded(message: "压缩包内的文件过多（超过 \(limits.entries) 个）") }
            guard directory <= end, directorySize <= end - directory else { throw notZip }
            var paths: [String] = []
            var at = directory
            for _ in 0..<count {
                guard at + 46 <= end, u32(at) == 0x0201_4B50 else { throw notZip }
                let nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
                guard at + 46 + nameLength <= end else { throw notZip }
                let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
                let item = Item(method: UInt16(u16(at + 10)), compressedSize: u32(at + 20), uncompressedSize: u32(at + 24),
                                crc32: UInt32(u32(at + 16)), localHeader: u32(at + 42))
                // ZIP64 (sizes of 4 GB and more) has no place in a workbook.
                if item.compressedSize == 0xFFFF_FFFF || item.uncompressedSize == 0xFFFF_FFFF || item.localHeader == 0xFFFF_FFFF {
                    throw LimitExceeded(message: "压缩包内的 \(name) 解压后过大（超过 \(limits.entryBytes >> 20) MB）")
                }
                if !name.hasSuffix("/") {
                    paths.append(name)
                    items[name] = item
                }
                at += 46 + nameLength + extraLength + commentLength
            }
            self.paths = paths
        }

        /// The inflated bytes of the entry at `path`, or nil when there is none.
        public func read(_ path: String) throws -> Data? {
            guard let item = items[path] else { return nil }
            // What the headers declare is refused before inflating; what they hide, while inflating.
            if item.uncompressedSize > limits.entryBytes { throw tooLarge(path) }
            let compressed = max(item.compressedSize, 1)
            if item.uncompressedSize > 1 << 20, item.uncompressedSize / compressed > limits.ratio { throw tooDense(path) }
            let broken = LimitExceeded(message: "压缩包内的 \(path) 已损坏，无法读取")
            let header = item.localHeader
            guard header + 30 <= data.count, data[header] == 0x50, data[header + 1] == 0x4B, data[header + 2] == 0x03, data[header + 3] == 0x04
            else { throw broken }
            let start = header + 30 + (Int(data[header + 26]) | Int(data[header + 27]) << 8) + (Int(data[header + 28]) | Int(data[header + 29]) << 8)
            guard start <= data.count, item.compressedSize <= data.count - start else { throw broken }
            let content: [UInt8]
            switch item.method {
            case 0:
                content = Array(data[start..<(start + item.compressedSize)])
                try count(content.count, path)
            case 8:
                content = try inflate(start..<(start + item.compressedSize), path: path, broken: broken)
            default:
                throw LimitExceeded(message: "压缩包内的 \(path) 用了不支持的压缩方式")
            }
            guard content.count == item.uncompressedSize,
                content.withUnsafeBufferPointer({ UInt32(CJixiaoZlib.crc32(0, $0.baseAddress, uInt($0.count))) }) == item.crc32
            else { throw broken }
            return Data(content)
        }

        /// Raw deflate over exactly the entry's bytes: the stream must end within them.
        private func inflate(_ range: Range<Int>, path: String, broken: LimitExceeded) throws -> [UInt8] {
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw broken }
            defer { inflateEnd(&stream) }
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            return try data.withUnsafeBufferPointer { (input) throws -> [UInt8] in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + range.lowerBound)
                stream.avail_in = uInt(range.count)
                while true {
                    let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        let status = CJixiaoZlib.inflate(&stream, Z_NO_FLUSH)
                        return (status, out.count - Int(stream.avail_out))
                    }
                    output += chunk[..<produced]
                    try count(produced, path)
                    if output.count > 1 << 20, output.count / max(range.count, 1) > limits.ratio { throw tooDense(path) }
                    switch status {
                    case Z_STREAM_END: return output
                    case Z_OK where produced > 0 || stream.avail_in > 0: continue
                    default: throw broken  // a data error, or input used up before the stream's end
                    }
                }
            }
        }

        private func count(_ bytes: Int, _ path: String) throws {
            inflated += bytes
            if inflated > limits.totalBytes { throw LimitExceeded(message: "压缩包解压后过大（超过 \(limits.totalBytes >> 20) MB）") }
        }

        private func tooLarge(_ path: String) -> LimitExceeded {
            LimitExceeded(message: "压缩包内的 \(path) 解压后过大（超过 \(limits.entryBytes >> 20) MB）")
        }

        private func tooDense(_ path: String) -> LimitExceeded {
            LimitExceeded(message: "压缩包内的 \(path) 压缩比异常（超过 \(limits.ratio) 倍），疑为压缩炸弹")
        }
    }
}
