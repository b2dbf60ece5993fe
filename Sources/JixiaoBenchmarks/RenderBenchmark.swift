import Foundation
import JixiaoCore
import JixiaoRender

/// Rendering the packages units submit, measured in one run against a peer and against a floor.
///
/// - **jixiao**: for each synthetic evaluation, score it, compose the report (as a draft: see
///   `run`), and write the DOCX, the 数据表 XLSX and the 评分表 XLSX (in memory).
/// - **Peer**: `benchmarks/peer_render.py`, python-docx and openpyxl writing the same content
///   from a JSON export of what jixiao composed — the way such packages are usually made.
/// - **Floor**: the very parts jixiao wrote, zipped again into the same containers with no
///   rendering at all: what is left when everything but compression costs nothing.
///
/// All three are timed making the files' bytes in memory; the files are written afterwards.
public enum RenderBenchmark {
    /// Packages made in a measured time.
    public struct Rate: Sendable {
        public var packages: Int
        public var seconds: Double
        public var perSecond: Double { Double(packages) / seconds }
    }

    /// What came of running the peer.
    public enum PeerOutcome: Sendable {
        case measured(Rate)
        /// python-docx or openpyxl is not installed (the module named).
        case missingModules(String)
        /// The peer could not run at all (no python3, no script, a failure): why.
        case failed(String)
    }

    /// Seconds jixiao spent in each stage, over all packages.
    public struct Stages: Sendable {
        public var scoring = 0.0, composing = 0.0, docx = 0.0, dataTable = 0.0, scoreTable = 0.0
    }

    public struct Result: Sendable {
        public var jixiao: Rate
        public var stages: Stages
        public var floor: Rate
        public var peer: PeerOutcome
        /// Gaps (「【待填写：…】」) in the first unit's report: why the reports are drafts.
        public var gapsPerReport: Int
        /// Bytes jixiao wrote for all packages (DOCX and both XLSX).
        public var bytes: Int
        /// Bytes of the floor's containers: the same parts, so about the same.
        public var floorBytes: Int
        /// Where the outputs are, when they are kept.
        public var kept: String?

        /// jixiao's rate over the peer's, when the peer was measured.
        public var peerRatio: Double? {
            if case .measured(let peer) = peer { jixiao.perSecond / peer.perSecond } else { nil }
        }

        /// The floor's rate over jixiao's: how much faster zipping alone is than rendering.
        public var floorRatio: Double { floor.perSecond / jixiao.perSecond }
    }

    /// Runs all three on `units` synthetic evaluations made from `seed` (`peerUnits` for the
    /// peer, the first ones of the same sequence). Outputs go to `keep` when given, else to a
    /// temporary folder removed afterwards.
    ///
    /// Reports are composed with `draft: true`: synthetic evaluations vary the seed's figures but
    /// keep its gaps (about half the tasks get no result; indicator targets, improvements and
    /// others are missing as in the seed), and a formal report is refused while anything is
    /// missing. A draft writes every gap as 「【待填写：…】」, so no content is left out.
    public static func run(seed: Evaluation, framework: CompiledFramework, units: Int, peerUnits: Int,
                           peerScript: String, python: String = "python3", keep: String? = nil) throws -> Result
    {
        let fileManager = FileManager.default
        let root = keep.map { URL(fileURLWithPath: $0) }
            ?? fileManager.temporaryDirectory.appendingPathComponent("jixiao-bench-render-\(UUID().uuidString)")
        defer { if keep == nil { try? fileManager.removeItem(at: root) } }
        let jixiaoFolder = root.appendingPathComponent("jixiao"), peerFolder = root.appendingPathComponent("peer")
        let exportFolder = root.appendingPathComponent("export")
        for folder in [jixiaoFolder, peerFolder, exportFolder] {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        // Made up front so that no timing includes making them; the sequence is the same on every run.
        let evaluations = Array(SyntheticEvaluations(from: seed, count: max(units, peerUnits)))

        // The peer's input, written before anything is timed.
        var gaps = 0
        for (index, evaluation) in evaluations.prefix(peerUnits).enumerated() {
            let scores = framework.score(evaluation)
            let composed = ReportComposer(evaluation: evaluation, scores: scores).compose(draft: true)
            if index == 0 { gaps = composed.missing.count }
            let export = UnitExport(name: unitName(index), report: ReportExport(composed.document),
                                    dataTable: WorkbookExport(DataTableWorkbook.workbook(evaluation)),
                                    scoreTable: WorkbookExport(ScoreTableWorkbook.workbook(scores)))
            try encoder.encode(export).write(to: exportFolder.appendingPathComponent(unitName(index) + ".json"))
        }
        if peerUnits == 0, let first = evaluations.first {
            gaps = ReportComposer(evaluation: first, scores: framework.score(first)).compose(draft: true).missing.count
        }

        // jixiao: everything from the evaluation to the bytes of the three files, as `jixiao render`
        // does (less HTML and Markdown, which the peer does not make either).
        // Each stage is timed too, so that a slow run says where the time went.
        var packages: [[Data]] = []
        packages.reserveCapacity(units)
        var stages = Stages()
        let start = DispatchTime.now()
        for evaluation in evaluations.prefix(units) {
            var clock = DispatchTime.now()
            func lap(_ stage: WritableKeyPath<Stages, Double>) {
                let now = DispatchTime.now()
                stages[keyPath: stage] += Double(now.uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
                clock = now
            }
            let scores = framework.score(evaluation)
            lap(\.scoring)
            let report = ReportComposer(evaluation: evaluation, scores: scores).compose(draft: true).document
            lap(\.composing)
            let docx = try DOCXWriter.write(report)
            lap(\.docx)
            let dataTable = try DataTableWorkbook.make(evaluation)
            lap(\.dataTable)
            let scoreTable = try ScoreTableWorkbook.make(scores)
            lap(\.scoreTable)
            packages.append([docx, dataTable, scoreTable])
        }
        let jixiao = Rate(packages: units, seconds: elapsed(since: start))
        // Written after timing, as the peer does: all three are timed making bytes in memory, so
        // that neither the disk nor the page cache enters a ratio.
        for (index, files) in packages.enumerated() {
            for (file, suffix) in zip(files, fileSuffixes) {
                try file.write(to: jixiaoFolder.appendingPathComponent(unitName(index) + suffix))
            }
        }

        // Floor: unzipped once, untimed; then only the zipping is timed.
        let entries = try packages.map { files in try files.map(containerEntries) }
        // The sizes are summed so that the containers are used, and no optimizer may drop them.
        var floorBytes = 0
        let floorStart = DispatchTime.now()
        for package in entries {
            for file in package { floorBytes += try ZipContainer.make(file).count }
        }
        let floor = Rate(packages: units, seconds: elapsed(since: floorStart))

        let peer = peerUnits == 0
            ? PeerOutcome.failed("按 --peer-units 0 跳过")
            : runPeer(python: python, script: peerScript, input: exportFolder, output: peerFolder)
        return Result(jixiao: jixiao, stages: stages, floor: floor, peer: peer, gapsPerReport: gaps,
                      bytes: packages.joined().reduce(0) { $0 + $1.count }, floorBytes: floorBytes,
                      kept: keep == nil ? nil : root.path)
    }

    /// The file name of unit `index`, the same for jixiao's files, the peer's and the export.
    static func unitName(_ index: Int) -> String { String(format: "unit-%04d", index + 1) }

    /// The three files of a package, after the unit's name; the peer names its files the same way.
    static let fileSuffixes = [".docx", "-数据表.xlsx", "-评分表.xlsx"]

    static func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    // MARK: - Floor

    /// A container's entries in the container's own order, so that the floor zips exactly what
    /// jixiao zipped. `ZipContainer.entries(of:)` gives a dictionary, so the order is read from
    /// the central directory.
    static func containerEntries(_ data: Data) throws -> [ZipContainer.Entry] {
        let contents = try ZipContainer.entries(of: data)
        let order = centralDirectoryNames(data) ?? contents.keys.sorted()
        return order.compactMap { path in contents[path].map { ZipContainer.Entry(path, $0) } }
    }

    /// The entry names in the central directory of a zip file without a comment (as ZipContainer
    /// writes them), or nil if the file is not one.
    static func centralDirectoryNames(_ data: Data) -> [String]? {
        let bytes = [UInt8](data)
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        let end = bytes.count - 22
        guard end >= 0, u32(end) == 0x0605_4B50 else { return nil }
        var position = u32(end + 16)
        var names: [String] = []
        for _ in 0..<u16(end + 10) {
            guard position + 46 <= bytes.count, u32(position) == 0x0201_4B50 else { return nil }
            let nameLength = u16(position + 28), extraLength = u16(position + 30), commentLength = u16(position + 32)
            guard position + 46 + nameLength <= bytes.count else { return nil }
            names.append(String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self))
            position += 46 + nameLength + extraLength + commentLength
        }
        return names
    }

    // MARK: - Peer

    /// Runs the peer script on the exported units; it prints one line of JSON,
    /// `{"packages": N, "seconds": S}`, or `{"missing": "docx"}` (exit 3) without its modules.
    static func runPeer(python: String, script: String, input: URL, output: URL) -> PeerOutcome {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failed("找不到对照组脚本 \(script)（请在仓库根目录运行，或用 --peer-script 指定）")
        }
        let process = Process()
        // Through env, so that `python3` is found on the PATH as a shell would find it.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, input.path, output.path]
        let stdout = Pipe()
        process.standardOutput = stdout
        do {
            try process.run()
        } catch {
            return .failed("无法运行 \(python)：\(error.localizedDescription)")
        }
        // Read before waiting: a full pipe would otherwise block the script forever.
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        // env's status when it cannot find the program.
        if process.terminationStatus == 127 { return .failed("找不到 \(python)") }
        if process.terminationStatus == 3, let module = object?["missing"] as? String {
            return .missingModules(module)
        }
        guard process.terminationStatus == 0, let packages = object?["packages"] as? Int,
              let seconds = object?["seconds"] as? Double
        else {
            return .failed("\(script) 退出码 \(process.terminationStatus)，输出：\(line.isEmpty ? "（无）" : line)")
        }
        return .measured(Rate(packages: packages, seconds: seconds))
    }
}

// MARK: - Export for the peer

/// One unit as the peer reads it: the composed report's blocks and both workbooks' cells.
struct UnitExport: Encodable {
    var name: String
    var report: ReportExport
    var dataTable: WorkbookExport
    var scoreTable: WorkbookExport

    enum CodingKeys: String, CodingKey {
        case name, report
        case dataTable = "data_table"
        case scoreTable = "score_table"
    }
}

/// The report as plain text in blocks: gaps already written as 「【待填写：…】」, as the draft shows them.
struct ReportExport: Encodable {
    struct Cover: Encodable {
        var attachment: String?
        var title: String
        var lines: [[String]]
    }

    struct Column: Encodable {
        var title: String
        var align: String
    }

    /// A heading, paragraph or table; a chart comes as its data table, as the DOCX shows it.
    struct Block: Encodable {
        var type: String
        var level: Int?
        var number: String?
        var text: String?
        var caption: String?
        var columns: [Column]?
        var rows: [[String]]?
    }

    var draft: Bool
    var cover: Cover
    var blocks: [Block]

    init(_ document: ReportDocument) {
        draft = document.isDraft
        cover = Cover(attachment: document.cover.attachment, title: document.cover.title,
                      lines: document.cover.lines.map { [$0.label, $0.value.plainText] })
        blocks = JixiaoRender.Block.withoutPicturedTables(document.blocks).map { block in
            switch block {
            case .heading(let level, let number, let text):
                Block(type: "heading", level: level, number: number, text: text.plainText)
            case .paragraph(let text):
                Block(type: "paragraph", text: text.plainText)
            case .table(let table):
                Self.table(table)
            case .chart(let chart):
                Self.table(chart.table)
            }
        }
    }

    static func table(_ table: Table) -> Block {
        let columns = table.columns.map { column in
            let align = switch column.alignment {
            case .leading: "left"
            case .center: "center"
            case .trailing: "right"
            }
            return Column(title: column.title, align: align)
        }
        return Block(type: "table", caption: table.caption, columns: columns,
                     rows: table.rows.map { $0.map(\.plainText) })
    }
}

/// A workbook's cells: per sheet its name, column widths, header rows and merges, and rows of
/// cells, each with its style's name (`amount`, `totalText`, …). Numbers are exact decimal text.
struct WorkbookExport: Encodable {
    /// One cell: `t` text, `n` number, or `f` formula with `v` its cached value; none when empty.
    struct Cell: Encodable {
        var s: String
        var t: String?
        var n: String?
        var f: String?
        var v: String?
    }

    struct Sheet: Encodable {
        var name: String
        var widths: [Int]
        var headerRows: Int
        var merges: [String]
        var rows: [[Cell]]

        enum CodingKeys: String, CodingKey {
            case name, widths, merges, rows
            case headerRows = "header_rows"
        }
    }

    var title: String
    var sheets: [Sheet]

    init(_ workbook: Workbook) {
        title = workbook.title
        sheets = workbook.sheets.map { sheet in
            Sheet(name: sheet.name, widths: sheet.columnWidths, headerRows: sheet.headerRows, merges: sheet.merges,
                  rows: sheet.rows.map { $0.map(Self.cell) })
        }
    }

    static func cell(_ cell: Worksheet.Cell) -> Cell {
        let style = "\(cell.style)"
        return switch cell.value {
        case .empty: Cell(s: style)
        case .text(let text): Cell(s: style, t: text)
        case .number(let number): Cell(s: style, n: number.description)
        case .formula(let formula, let cached): Cell(s: style, f: formula, v: cached.description)
        }
    }
}
