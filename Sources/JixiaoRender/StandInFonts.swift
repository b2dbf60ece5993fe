import Foundation

/// 替代字体 — the simplified-Chinese faces of Debian's Noto CJK collections, each as a font file
/// of its own, for LibreOffice to embed in the PDF.
///
/// The five faces of a Noto CJK collection (JP, KR, SC, TC, HK) share one CFF table, whose font
/// names say `CJKjp`: a PDF printed in the SC face would name a Japanese font in `pdffonts` and
/// in every reader's font list, though its glyphs are the SC ones. Each SC face used is written
/// out once (a cache under the user's cache folder), with its CFF names saying `CJKsc` (the same
/// length, so nothing else in the table moves), and the conversion's fontconfig is given these
/// files instead of the collections.
enum StandInFonts {
    /// The SC faces the stand-ins resolve to (`Typeface.standIn`), with the weights the DOCX uses.
    static let faces = ["NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSerifCJKsc-Black", "NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"]

    /// The folder of the written faces and the collections they replace; nil where the faces
    /// are not in Noto collections (other systems: their own files are used as they are).
    static func prepare(environment: [String: String]) -> (folder: URL, replaced: [String])? {
        guard let list = SearchPath.find("fc-list", environment: environment),
              let output = try? run(list, ["-f", "%{file}|%{index}|%{postscriptname}\n"], environment: environment)
        else { return nil }
        let cache = FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask).first
            ?? FileManager.default.temporaryDirectory
        let folder = cache.appendingPathComponent("jixiao/fonts", isDirectory: true)
        var replaced: Set<String> = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "|").map(String.init)
            guard fields.count == 3, fields[0].hasSuffix(".ttc"), faces.contains(fields[2]), let index = Int(fields[1]) else { continue }
            do {
                try write(face: index, of: fields[0], named: fields[2], into: folder)
                replaced.insert(fields[0])
            } catch {
                continue  // That face is then used from its collection, as before.
            }
        }
        return replaced.isEmpty ? nil : (folder, replaced.sorted())
    }

    /// Writes face `index` of the collection at `path` as `named.otf` in `folder`, unless the
    /// file for this version of the collection is there already.
    private static func write(face index: Int, of path: String, named name: String, into folder: URL) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let stamp = "\((attributes[.size] as? Int) ?? 0)-\(Int((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0))"
        let target = folder.appendingPathComponent("\(name)-\(stamp).otf")
        if FileManager.default.fileExists(atPath: target.path) { return }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let font = try extract(face: index, from: Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped))
        // Written aside and moved into place: a conversion running beside never reads half a file.
        let partial = folder.appendingPathComponent(".\(UUID().uuidString).partial")
        try font.write(to: partial)
        defer { try? FileManager.default.removeItem(at: partial) }
        do { try FileManager.default.moveItem(at: partial, to: target) } catch {
            // Another conversion put it there first; any other failure is one.
            guard FileManager.default.fileExists(atPath: target.path) else { throw error }
        }
        // Older versions of this face, from a collection since updated, go.
        for old in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where old.hasPrefix(name + "-") && old != target.lastPathComponent {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(old))
        }
    }

    enum Malformed: Error { case collection }

    /// One face of a TrueType/OpenType collection as a standalone font: its tables copied, the
    /// CFF table's names renamed from `CJKjp` to `CJKsc`, the checksums made again.
    static func extract(face index: Int, from data: Data) throws -> Data {
        let bytes = [UInt8](data)
        func u16(_ at: Int) throws -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Malformed.collection }
            return Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        func u32(_ at: Int) throws -> Int { try u16(at) << 16 | u16(at + 2) }
        guard bytes.starts(with: Array("ttcf".utf8)), index < (try u32(8)) else { throw Malformed.collection }
        let start = try u32(12 + 4 * index)
        let count = try u16(start + 4)
        var tables: [(tag: [UInt8], data: [UInt8])] = []
        for i in 0..<count {
            let record = start + 12 + 16 * i
            let offset = try u32(record + 8), length = try u32(record + 12)
            guard offset + length <= bytes.count else { throw Malformed.collection }
            let tag = Array(bytes[record..<(record + 4)])
            var table = Array(bytes[offset..<(offset + length)])
            if tag == Array("CFF ".utf8) { try renameCFF(&table) }
            tables.append((tag, table))
        }
        // The sfnt header as the collection's face has it, then the records, then the tables.
        var out = Array(bytes[start..<(start + 12)])
        var offset = 12 + 16 * count
        var headAt: Int?
        for table in tables {
            out += table.tag
            out += be32(checksum(table.data)) + be32(offset) + be32(table.data.count)
            if table.tag == Array("head".utf8) { headAt = offset }
            offset += (table.data.count + 3) & ~3
        }
        for table in tables {
            out += table.data + [UInt8](repeating: 0, count: ((table.data.count + 3) & ~3) - table.data.count)
        }
        // head.checkSumAdjustment: 0xB1B0AFBA less the sum of the whole font with it at zero.
        if let headAt, headAt + 12 <= out.count {
            out.replaceSubrange((headAt + 8)..<(headAt + 12), with: [0, 0, 0, 0])
            out.replaceSubrange((headAt + 8)..<(headAt + 12), with: be32(0xB1B0_AFBA &- checksum(out)))
        }
        return Data(out)
    }

    /// `CJKjp` → `CJKsc` in the CFF's Name INDEX and String INDEX (its font names and the FDArray's),
    /// nowhere else: the glyph programs are not touched.
    private static func renameCFF(_ table: inout [UInt8]) throws {
        func u16(_ at: Int) throws -> Int {
            guard at + 2 <= table.count else { throw Malformed.collection }
            return Int(table[at]) << 8 | Int(table[at + 1])
        }
        /// The data span of the INDEX at `at`, and where the next structure begins.
        func index(at: Int) throws -> (data: Range<Int>, end: Int) {
            let count = try u16(at)
            guard count > 0 else { return (at + 2..<at + 2, at + 2) }
            guard at + 2 < table.count else { throw Malformed.collection }
            let size = Int(table[at + 2])
            guard (1...4).contains(size) else { throw Malformed.collection }
            func offset(_ i: Int) throws -> Int {
                let p = at + 3 + i * size
                guard p + size <= table.count else { throw Malformed.collection }
                return table[p..<(p + size)].reduce(0) { $0 << 8 | Int($1) }
            }
            let base = at + 2 + 1 + (count + 1) * size - 1
            let end = base + (try offset(count))
            guard end <= table.count else { throw Malformed.collection }
            return (base + (try offset(0))..<end, end)
        }
        guard table.count > 4 else { throw Malformed.collection }
        let names = try index(at: Int(table[2]))
        let topDicts = try index(at: names.end)
        let strings = try index(at: topDicts.end)
        let from = Array("CJKjp".utf8), to = Array("CJKsc".utf8)
        for span in [names.data, strings.data] {
            var i = span.lowerBound
            while i + from.count <= span.upperBound {
                if table[i..<(i + from.count)].elementsEqual(from) {
                    table.replaceSubrange(i..<(i + from.count), with: to)
                    i += from.count
                } else {
                    i += 1
                }
            }
        }
    }

    private static func checksum(_ data: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var i = 0
        while i < data.count {
            var word: UInt32 = 0
            for k in 0..<4 { word = word << 8 | UInt32(i + k < data.count ? data[i + k] : 0) }
            sum = sum &+ word
            i += 4
        }
        return sum
    }

    private static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    private static func be32(_ value: Int) -> [UInt8] { be32(UInt32(truncatingIfNeeded: value)) }

    private static func run(_ tool: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
