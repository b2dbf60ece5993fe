import Foundation
import Testing
@testable import JixiaoRender

@Suite("The SC faces written out of their collections")
struct StandInFontsTests {
    static let collection = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"

    @Test("A file that is no collection, or a face it does not have, is refused, never half-read")
    func malformed() {
        #expect(throws: StandInFonts.Malformed.self) { try StandInFonts.extract(face: 0, from: Data("not a font".utf8)) }
        var truncated = Data("ttcf".utf8) + Data([0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16])
        #expect(throws: StandInFonts.Malformed.self) { try StandInFonts.extract(face: 0, from: truncated) }
        truncated.append(contentsOf: [0x4F, 0x54, 0x54, 0x4F, 0, 1])
        #expect(throws: StandInFonts.Malformed.self) { try StandInFonts.extract(face: 3, from: truncated) }
    }

    /// Debian's Noto collection, where installed (CI installs it and sets JIXIAO_REQUIRE_PDF=1).
    @Test("The SC face of Debian's Noto Serif collection: its CFF names say CJKsc, every table's checksum holds")
    func scFace() throws {
        guard FileManager.default.fileExists(atPath: Self.collection) || ProcessInfo.processInfo.environment["JIXIAO_REQUIRE_PDF"] == "1" else { return }
        let font = [UInt8](try StandInFonts.extract(face: 2, from: Data(contentsOf: URL(fileURLWithPath: Self.collection))))
        func u32(_ at: Int) -> UInt32 { font[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
        let tables = Int(font[4]) << 8 | Int(font[5])
        var cff: Range<Int>?
        for i in 0..<tables {
            let record = 12 + 16 * i
            let tag = String(decoding: font[record..<(record + 4)], as: UTF8.self)
            let offset = Int(u32(record + 8)), length = Int(u32(record + 12))
            var sum: UInt32 = 0
            for word in stride(from: offset, to: offset + length, by: 4) {
                sum = sum &+ (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(word + $1 < offset + length ? font[word + $1] : 0) }
            }
            if tag != "head" { #expect(sum == u32(record + 4), "checksum of \(tag)") }
            if tag == "CFF " { cff = offset..<(offset + length) }
        }
        let names = String(decoding: font[try #require(cff)].prefix(200_000), as: UTF8.self)
        #expect(names.contains("NotoSerifCJKsc-Regular"))
        #expect(!names.contains("CJKjp"))
    }
}

@Suite("A published PDF's text")
struct PDFTextTests {
    /// A `pdftotext` that never ends, first on the PATH.
    @Test("A pdftotext that does not finish is stopped at the time limit, and says so")
    func tooSlow() throws {
        let folder = try fakePDFToText("exec sleep 60")
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = Date()
        #expect(throws: PDFText.Failure.tooSlow(seconds: 1)) {
            try PDFText.text(ofFile: "/dev/null", environment: ["PATH": folder.path],
                             limits: ProcessLimits(seconds: 1, processorSeconds: 10, memoryBytes: 256 << 20))
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("No pdftotext on the PATH: said, not a crash")
    func missing() {
        #expect(throws: PDFText.Failure.toolMissing) { try PDFText.text(ofFile: "/dev/null", environment: ["PATH": "/nonexistent"]) }
    }
}
