import Foundation
import JixiaoRender
import Testing

@Suite("Zip container")
struct ZipContainerTests {
    @Test("Entries come back as written, and the container is byte-for-byte reproducible")
    func roundTripAndReproducible() throws {
        let entries = [ZipContainer.Entry("[Content_Types].xml", "<Types/>"), ZipContainer.Entry("word/document.xml", "<w:document>正文</w:document>")]
        let first = try ZipContainer.make(entries)
        let second = try ZipContainer.make(entries)
        #expect(first == second)
        let back = try ZipContainer.entries(of: first)
        #expect(back["word/document.xml"] == Data("<w:document>正文</w:document>".utf8))
        #expect(back.count == 2)
    }
}
