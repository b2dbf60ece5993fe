import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

/// Issue 22's probe findings 3 and 9, in the reader both the server and `jixiao import` use: a
/// workbook is bounded by what it makes, and read over the cells it has.
@Suite("Workbook import: bounded by what it makes")
struct WorkbookBoundsTests {
    /// The worked example whose 单位职责 are `count` times one long text: in the workbook, one
    /// shared string referenced from `count` cells of 其他字段.
    static func repeating(_ text: String, count: Int) throws -> Data {
        var evaluation = try WorkbookRoundTripTests.example()
        evaluation.unit?.duties = Array(repeating: text, count: count)
        return try StandardWorkbook.make(evaluation)
    }

    /// Finding 3: a 200 KB text in 40 cells would make an 8 MB file. The import stops at the
    /// cell where what it took passed the revision's size, and says where.
    @Test func aSharedStringInManyCellsIsRefusedAtTheCellThatPassesTheLimit() throws {
        let text = String(repeating: "职责", count: 33_333)  // 199,998 bytes of UTF-8
        let data = try Self.repeating(text, count: 40)
        #expect(data.count < 200_000, "the workbook holds the text once: \(data.count) bytes")
        let error: WorkbookImportErrors
        do {
            let made = try WorkbookImport.read(data, file: "例.xlsx")
            Issue.record("imported: a file of \(try EvaluationFile.render(made, as: .yaml).utf8.count) bytes")
            return
        } catch let refused as WorkbookImportErrors {
            error = refused
        }
        let problem = try #require(error.problems.first)
        #expect(error.problems.count == 1)
        #expect(problem.location?.sheet == "其他字段")
        #expect(problem.message.contains("内容过长") && problem.message.contains("2048 KB"), "\(problem.message)")
        // The 11th text passes 2 MB: the row of the 11th duty (the 40 follow each other in 其他字段).
        let document = try XLSXReader.read(data)
        let other = try #require(document.sheet(named: "其他字段"))
        let rows = other.rows.keys.sorted().filter { other.text(row: $0, column: 1).hasPrefix("unit.duties[") }
        #expect(rows.count == 40)
        #expect(problem.location?.cell == "C\(rows[10])", "\(problem.description)")
        #expect(error.description.hasPrefix("例.xlsx: 其他字段!C\(rows[10]): 错误: "))
    }

    /// The same workbook within the limit is read whole, each text kept.
    @Test func aSharedStringInFewCellsIsRead() throws {
        let text = String(repeating: "职责", count: 10_000)
        let evaluation = try WorkbookImport.read(try Self.repeating(text, count: 5))
        #expect(evaluation.unit?.duties == Array(repeating: text, count: 5))
    }

    /// Finding 9: one cell at row 1,048,576 of every sheet once made the readers walk a million
    /// empty rows a sheet. Read over the rows that have cells, it costs what the workbook costs
    /// without it (measured against that, in the same run, not against the clock).
    @Test func aCellAtTheLastRowCostsNoMoreThanTheWorkbook() throws {
        let document = try XLSXReader.read(try StandardWorkbook.make(try WorkbookRoundTripTests.example()))
        var far = document
        for i in far.sheets.indices { far.sheets[i].rows[1_048_576] = [1: .init(text: " ")] }
        func time(_ document: XLSXDocument) throws -> Duration {
            let start = ContinuousClock.now
            _ = try WorkbookImport.read(document)
            return ContinuousClock.now - start
        }
        _ = try time(document)
        let near = try (0..<3).map { _ in try time(document) }.min()!
        let bound = near * 4 + .milliseconds(100)
        // The least of three runs, unless one is far beyond what noise could make.
        var measured = Duration.seconds(3600)
        for _ in 0..<3 {
            measured = min(measured, try time(far))
            if measured < bound || measured > bound * 10 { break }
        }
        #expect(measured < bound, "the workbook: \(near); with a cell at row 1,048,576 of each sheet: \(measured)")
        #expect(try WorkbookImport.read(far) == WorkbookImport.read(document))
    }

    /// A field path of 100,000 steps in 「其他字段」 once built as many nested nodes and overflowed the
    /// stack of whatever walked them (the whole server with it): refused as no field, at its cell.
    @Test func aPathDeeperThanAnyFileIsRefusedAtItsCell() throws {
        var document = try XLSXReader.read(try StandardWorkbook.make(nil))
        let other = try #require(document.sheets.firstIndex { $0.name == "其他字段" })
        let path = Array(repeating: "a", count: 100_000).joined(separator: ".")
        document.sheets[other].rows[5_000] = [1: .init(text: path), 3: .init(text: "x")]
        #expect(throws: WorkbookImportErrors.self) { try WorkbookImport.read(document) }
        do { _ = try WorkbookImport.read(document) } catch {
            #expect(error.problems.map(\.location) == [WorkbookLocation(sheet: "其他字段", cell: "A5000")])
            #expect(error.problems.first?.message.contains("无效") == true)
        }
    }

    /// The CLI writes nothing for such a workbook, and says where (exit 2).
    @Test(.enabled(if: WorkbookRoundTripTests.binary() != nil))
    func importWritesNothingForAWorkbookThatMakesTooMuch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let workbook = directory.appendingPathComponent("大.xlsx")
        try Self.repeating(String(repeating: "职责", count: 33_333), count: 40).write(to: workbook)
        let output = directory.appendingPathComponent("out.yaml")
        let (status, stderr) = try WorkbookRoundTripTests.run(["import", workbook.path, "-o", output.path])
        #expect(status == 2)
        #expect(stderr.contains("其他字段!C") && stderr.contains("内容过长"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
