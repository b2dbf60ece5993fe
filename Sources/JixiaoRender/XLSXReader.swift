import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

// A small XLSX reader: just enough SpreadsheetML to read the standard workbook back.
//
// Every cell comes back as text exactly as stored: a number's `<v>` digits are kept as written
// (never read through `Double`, which would turn `0.1` into `0.1000000000000000055…` or lose
// trailing digits), shared strings and inline strings are resolved, and a formula cell gives
// its cached value and is flagged so that the importer can ignore totals.

/// 读取的工作簿 — the sheets of an XLSX file, in tab order, with their cells as text.
public struct XLSXDocument: Sendable {
    /// One cell as read.
    public struct Cell: Sendable, Equatable {
        /// The text shown (a number's stored digits, a boolean as `TRUE`/`FALSE`).
        public var text: String
        /// The formula (without `=`) when the cell is computed; `text` is then its cached value.
        public var formula: String?

        public init(text: String, formula: String? = nil) {
            self.text = text
            self.formula = formula
        }
    }

    /// One sheet: cells by 1-based row, then by 1-based column.
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [Int: [Int: Cell]]

        public init(name: String, rows: [Int: [Int: Cell]]) {
            self.name = name
            self.rows = rows
        }

        /// The cell at a 1-based row and column, if the sheet stores one.
        public func cell(row: Int, column: Int) -> Cell? { rows[row]?[column] }

        /// The text at a 1-based row and column, empty when absent.
        public func text(row: Int, column: Int) -> String { rows[row]?[column]?.text ?? "" }

        /// The last row that has a cell.
        public var lastRow: Int { rows.keys.max() ?? 0 }

        /// The rows that have a cell, in order: what a reader walks, never every row number up to
        /// `lastRow` (a single cell at row 1,048,576 would cost a million empty rows).
        public var rowNumbers: [Int] { rows.keys.sorted() }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The sheet with this tab name.
    public func sheet(named name: String) -> Sheet? { sheets.first { $0.name == name } }
}

/// Why an XLSX file cannot be read.
public struct XLSXReadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Reads XLSX files into `XLSXDocument`s.
public enum XLSXReader {
    /// Cells of all sheets together; the standard workbook filled in has a few thousand.
    public static let maximumCells = 200_000

    /// Reads the parts a workbook needs — the sheet list, its relationships, the shared strings
    /// and the listed sheets — and nothing else, within `ZipContainer.ReadLimits`.
    public static func read(_ data: Data, limits: ZipContainer.ReadLimits = ZipContainer.ReadLimits()) throws(XLSXReadError)
        -> XLSXDocument
    {
        let container: ZipContainer.Reader
        do { container = try ZipContainer.Reader(data, limits: limits) } catch {
            throw refusal(error)
        }
        func part(_ path: String) throws(XLSXReadError) -> Data? {
            do { return try container.read(path) } catch { throw refusal(error) }
        }
        guard let workbook = try part("xl/workbook.xml") else {
            throw XLSXReadError(message: "不是有效的 XLSX 文件（缺少 xl/workbook.xml）")
        }
        let sheetList = try parse(workbook, part: "xl/workbook.xml", into: SheetListParser())
        var targets: [String: String] = [:]
        if let rels = try part("xl/_rels/workbook.xml.rels") {
            targets = try parse(rels, part: "xl/_rels/workbook.xml.rels", into: RelationshipParser()).targets
        }
        var strings: [String] = []
        if let shared = try part("xl/sharedStrings.xml") {
            strings = try parse(shared, part: "xl/sharedStrings.xml", into: SharedStringParser()).strings
        }
        var sheets: [XLSXDocument.Sheet] = []
        var cells = 0
        for (name, relationship) in sheetList.sheets {
            guard let target = targets[relationship] else { continue }
            // Targets are relative to xl/ unless absolute (`/xl/worksheets/sheet1.xml`).
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            // A sheet listed but absent from the package is treated as missing, so the importer
            // reports it by name rather than failing on the whole file.
            guard let data = try part(path) else { continue }
            let parser = try parse(data, part: path, into: WorksheetParser(strings: strings, budget: maximumCells - cells))
            if parser.overBudget {
                throw XLSXReadError(message: "工作簿的单元格过多（超过 \(maximumCells) 个）")
            }
            cells += parser.cells
            sheets.append(XLSXDocument.Sheet(name: name, rows: parser.rows))
        }
        return XLSXDocument(sheets: sheets)
    }

    private static func refusal(_ error: any Error) -> XLSXReadError {
        if let exceeded = error as? ZipContainer.LimitExceeded { return XLSXReadError(message: exceeded.message) }
        return XLSXReadError(message: "不是有效的 XLSX 文件（无法解压）")
    }

    /// 1-based column number of column letters: `A` → 1, `AA` → 27.
    static func columnNumber(_ letters: Substring) -> Int {
        letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }

    /// Row and column of a reference such as `C4`, within a sheet's bounds (columns `A`–`XFD`,
    /// rows 1–1,048,576).
    static func position(of reference: String) -> (row: Int, column: Int)? {
        let letters = reference.prefix { $0.isASCII && $0.isLetter }
        guard (1...3).contains(letters.count), let row = Int(reference.dropFirst(letters.count)), (1...maximumRow).contains(row)
        else { return nil }
        return (row, columnNumber(Substring(letters.uppercased())))
    }

    static let maximumRow = 1_048_576

    private static func parse<P: PartParser>(_ data: Data, part: String, into delegate: P) throws(XLSXReadError) -> P {
        // The toolchain's XMLParser traps on an element name that is no UTF-8 (found by the XLSX
        // fuzzer: `<m\u{BA}\u{8B}<`), so a part must be UTF-8, as every workbook writes them.
        guard String(validating: data, as: UTF8.self) != nil else {
            throw XLSXReadError(message: "XLSX 部件 \(part) 不是 UTF-8 编码的 XML")
        }
        // OOXML parts never declare a DTD; one that does could define entities that expand without end.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw XLSXReadError(message: "XLSX 部件 \(part) 含有文档类型定义，不予读取")
        }
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        // A worksheet over its cell budget stops the parser itself; the caller reports that.
        guard parser.parse() || (delegate as? WorksheetParser)?.overBudget == true else {
            throw XLSXReadError(message: "XLSX 部件 \(part) 不是格式正确的 XML")
        }
        return delegate
    }
}

/// Each parser conforms to `XMLParserDelegate` itself rather than through a shared base class:
/// on Linux the protocol is a plain Swift protocol, and methods a subclass adds would not be
/// its witnesses (the base class's default, empty implementations would be called instead).
private typealias PartParser = NSObject & XMLParserDelegate

/// `xl/workbook.xml`: sheet names and their relationship ids, in tab order.
private final class SheetListParser: NSObject, XMLParserDelegate {
    var sheets: [(name: String, id: String)] = []

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:])
    {
        guard local(element) == "sheet", let name = attributes["name"] else { return }
        // The relationship attribute is `r:id` whatever prefix the file binds to it.
        let id = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value ?? ""
        sheets.append((name, id))
    }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → target part.
private final class RelationshipParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:])
    {
        guard local(element) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, rich-text runs joined, phonetic runs left out.
private final class SharedStringParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current: String?
    private var inText = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:])
    {
        switch local(element) {
        case "si": current = ""
        case "rPh": inPhonetic = true
        case "t": inText = !inPhonetic
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current? += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(element) {
        case "si":
            strings.append(current ?? "")
            current = nil
        case "rPh": inPhonetic = false
        case "t": inText = false
        default: break
        }
    }
}

/// A worksheet's `<sheetData>`: cell texts by row and column.
private final class WorksheetParser: NSObject, XMLParserDelegate {
    let strings: [String]
    var rows: [Int: [Int: XLSXDocument.Cell]] = [:]
    /// Cells stored so far, and how many may be.
    private(set) var cells = 0
    private let budget: Int
    private(set) var overBudget = false

    private var row = 0
    private var column = 0
    private var type = "n"
    private var value: String?
    private var formula: String?
    private var inline: String?
    private var capturing: String?  // "v", "f" or "t" while inside one
    private var buffer = ""
    private var inPhonetic = false

    init(strings: [String], budget: Int) {
        self.strings = strings
        self.budget = budget
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:])
    {
        switch local(element) {
        case "row":
            // `r` is optional: without it a row follows the previous one.
            row = attributes["r"].flatMap(Int.init).flatMap { (1...XLSXReader.maximumRow).contains($0) ? $0 : nil } ?? row + 1
            column = 0
        case "c":
            // Likewise a cell without `r` follows the previous cell.
            column = attributes["r"].flatMap(XLSXReader.position(of:))?.column ?? column + 1
            type = attributes["t"] ?? "n"
            value = nil
            formula = nil
            inline = nil
        case "is": inline = ""
        case "rPh": inPhonetic = true
        case "v", "f":
            capturing = local(element)
            buffer = ""
        case "t" where inline != nil && !inPhonetic:
            capturing = "t"
            buffer = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing != nil { buffer += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(element) {
        case "v" where capturing == "v":
            value = buffer
            capturing = nil
        case "f" where capturing == "f":
            formula = buffer
            capturing = nil
        case "t" where capturing == "t":
            inline? += buffer
            capturing = nil
        case "rPh": inPhonetic = false
        case "c":
            let text: String
            switch type {
            case "s": text = value.flatMap { Int($0) }.flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
            case "inlineStr": text = inline ?? ""
            case "b": text = value == "1" ? "TRUE" : value == "0" ? "FALSE" : (value ?? "")
            default: text = value ?? ""  // n, str (a formula's text), e (an error such as #VALUE!)
            }
            if !text.isEmpty || formula != nil {
                cells += 1
                if cells > budget {
                    overBudget = true
                    parser.abortParsing()
                    return
                }
                rows[row, default: [:]][column] = XLSXDocument.Cell(text: text, formula: formula)
            }
        default: break
        }
    }
}

/// The local name of an element, whatever its prefix (`x:sheet` → `sheet`).
private func local(_ name: String) -> String {
    name.lastIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
}
