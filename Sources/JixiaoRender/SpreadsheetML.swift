import Foundation

// A small SpreadsheetML (XLSX) writer: just what the 数据表 and 评分表 need.
//
// Every figure is written from `Decimal`'s own text, never through `Double`, so that
// `3258876.35` in the model is `3258876.35` in the file. Every text goes through the shared
// string table (one mechanism, so a reader never has to handle inline strings as well). A
// formula carries the value it evaluates to, computed here from the same Decimals, so that
// viewers that never recalculate (previewers, `xlsx` readers, diff tools) show correct totals.
// Parts, styles and shared strings come out in a fixed order and the zip container stamps one
// fixed date, so the same workbook gives the same bytes every time.

/// 工作簿 — named sheets, written as one XLSX file by `XLSXWriter`.
public struct Workbook: Sendable, Equatable {
    /// The document title (docProps/core.xml), e.g. 「廉江市总工会2021年度部门整体支出绩效自评数据表」.
    public var title: String
    public var sheets: [Worksheet]

    public init(title: String, sheets: [Worksheet]) {
        self.title = title
        self.sheets = sheets
    }
}

/// 工作表 — rows of cells from row 1, with the layout a printed table needs: column widths,
/// header rows frozen on screen and repeated on every printed page, A4 landscape fitted to width.
public struct Worksheet: Sendable, Equatable {
    /// What a cell holds.
    public enum Value: Sendable, Equatable {
        case empty
        /// Text, written through the shared string table.
        case text(String)
        /// A number, written as `Decimal`'s text.
        case number(Decimal)
        /// A formula without its leading `=`, e.g. `SUM(C3:C9)`, and the value it evaluates to.
        case formula(String, cached: Decimal)
    }

    /// The cell formats the writer knows. The case order is the `cellXfs` index in styles.xml.
    public enum Style: Int, CaseIterable, Sendable {
        /// No border, general format.
        case plain
        /// A sheet's title line: bold, larger.
        case title
        /// Column headers: bold, filled, bordered, centred, wrapped.
        case header
        /// Body text: bordered, wrapped.
        case text
        /// Codes kept as text (「201」), with the text format so that editing keeps the digits.
        case code
        /// Counts and other plain numbers.
        case number
        /// Points and scores, shown with two decimals.
        case decimal
        /// Money in 元, `#,##0.00`.
        case amount
        /// The same four for total rows: bold on a light fill.
        case totalText
        case totalNumber
        case totalDecimal
        case totalAmount
        /// Input cells of a protected sheet (the standard workbook): like `text`, `code` and
        /// `number`, but unlocked, so that clerks can fill them while totals stay locked.
        case input
        case inputCode
        case inputNumber
        /// A ratio shown as a percentage with two decimals (「86.20%」): the project form's 执行率.
        case percent
    }

    /// A list data validation: the cells of `range` (e.g. `A3:A200`) accept only the values
    /// listed in `source` (e.g. `'代码表'!$A$2:$A$60`).
    public struct ListValidation: Sendable, Equatable {
        public var range: String
        public var source: String
        /// When false, a value outside the list draws a warning the user may accept (for codes
        /// that may go deeper than the listed class level); when true, it is refused.
        public var strict: Bool

        public init(range: String, source: String, strict: Bool = true) {
            self.range = range
            self.source = source
            self.strict = strict
        }
    }

    /// One cell: its value and its format.
    public struct Cell: Sendable, Equatable {
        public var value: Value
        public var style: Style

        public init(_ value: Value, style: Style) {
            self.value = value
            self.style = style
        }

        public static func text(_ text: String, _ style: Style = .text) -> Cell { Cell(.text(text), style: style) }
        public static func number(_ number: Decimal, _ style: Style = .number) -> Cell { Cell(.number(number), style: style) }
        public static func formula(_ formula: String, cached: Decimal, _ style: Style) -> Cell {
            Cell(.formula(formula, cached: cached), style: style)
        }
        /// An empty cell that keeps its format (its border, in a bordered table).
        public static func blank(_ style: Style = .text) -> Cell { Cell(.empty, style: style) }
    }

    /// The tab name; at most 31 characters, none of `[ ] : * ? / \`.
    public var name: String
    /// Column widths in characters, column A first (a Chinese character is about two).
    public var columnWidths: [Int]
    /// Rows from row 1; a row may be shorter than others.
    public var rows: [[Cell]]
    /// The first rows (title and column headers): frozen on screen, repeated on every printed page.
    public var headerRows: Int
    /// Merged ranges, e.g. `A1:F1` for a title across the table.
    public var merges: [String]
    /// Drop-down lists on input columns (`<dataValidations>`).
    public var validations: [ListValidation] = []
    /// Sheet protection without a password: locked cells (all but the `input` styles) cannot be
    /// edited, so a clerk cannot overwrite a total by accident; rows may still be inserted.
    public var isProtected = false

    public init(name: String, columnWidths: [Int] = [], headerRows: Int = 0) {
        self.name = name
        self.columnWidths = columnWidths
        self.rows = []
        self.headerRows = headerRows
        self.merges = []
    }

    /// Appends a row and returns its number (1-based), for formulas that refer to it.
    @discardableResult
    public mutating func append(_ cells: [Cell]) -> Int {
        rows.append(cells)
        return rows.count
    }

    /// The number the next appended row will have.
    public var nextRow: Int { rows.count + 1 }
}

/// Why a workbook cannot be written.
public enum XLSXError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSheets
    case invalidSheetName(String)
    case duplicateSheetName(String)
    case notANumber(sheet: String, cell: String)

    public var description: String {
        switch self {
        case .noSheets: "工作簿没有工作表"
        case .invalidSheetName(let name): "工作表名「\(name)」无效：须为 1–31 个字符，不含 [ ] : * ? / \\，不以 ' 开头或结尾"
        case .duplicateSheetName(let name): "工作表名「\(name)」重复"
        case .notANumber(let sheet, let cell): "工作表「\(sheet)」单元格 \(cell) 的数值不是数字（NaN）"
        }
    }
}

/// Writes a `Workbook` as an XLSX file (SpreadsheetML in a reproducible zip container).
public enum XLSXWriter {
    /// The workbook as XLSX bytes; the same workbook always gives the same bytes.
    public static func write(_ workbook: Workbook) throws -> Data {
        try ZipContainer.make(parts(workbook))
    }

    /// The package parts in the order they are zipped: `[Content_Types].xml` first, as readers expect.
    public static func parts(_ workbook: Workbook) throws -> [ZipContainer.Entry] {
        try validate(workbook)
        var strings = SharedStrings()
        var sheetParts: [ZipContainer.Entry] = []
        for (i, sheet) in workbook.sheets.enumerated() {
            sheetParts.append(ZipContainer.Entry("xl/worksheets/sheet\(i + 1).xml",
                                                 try worksheetXML(sheet, selected: i == 0, strings: &strings)))
        }
        return [
            ZipContainer.Entry("[Content_Types].xml", contentTypesXML(sheetCount: workbook.sheets.count)),
            ZipContainer.Entry("_rels/.rels", rootRelsXML),
            ZipContainer.Entry("docProps/core.xml", coreXML(title: workbook.title)),
            ZipContainer.Entry("docProps/app.xml", appXML),
            ZipContainer.Entry("xl/workbook.xml", workbookXML(workbook)),
            ZipContainer.Entry("xl/_rels/workbook.xml.rels", workbookRelsXML(sheetCount: workbook.sheets.count)),
        ] + sheetParts + [
            ZipContainer.Entry("xl/styles.xml", stylesXML),
            ZipContainer.Entry("xl/sharedStrings.xml", strings.xml),
            ZipContainer.Entry("xl/theme/theme1.xml", OfficeTheme.xml),
        ]
    }

    /// The column letters of a 1-based column number: 1 → A, 27 → AA.
    public static func columnName(_ column: Int) -> String {
        var n = column, name = ""
        while n > 0 {
            let digit = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A cell reference: row 3, column 3 → `C3`.
    public static func reference(row: Int, column: Int) -> String { columnName(column) + String(row) }

    /// The custom number format of amounts. Custom formats take ids from 164 up: 0–163 are built in.
    static let amountFormatID = 164
    static let amountFormatCode = "#,##0.00"

    // MARK: - Checks

    static func validate(_ workbook: Workbook) throws(XLSXError) {
        guard !workbook.sheets.isEmpty else { throw .noSheets }
        var seen: Set<String> = []
        for sheet in workbook.sheets {
            let name = sheet.name
            // Excel refuses these names; better to fail here than to write a file it will "repair".
            guard (1...31).contains(name.count), !name.contains(where: { "[]:*?/\\".contains($0) }),
                  !name.hasPrefix("'"), !name.hasSuffix("'")
            else { throw .invalidSheetName(name) }
            // Sheet names are unique regardless of case.
            guard seen.insert(name.lowercased()).inserted else { throw .duplicateSheetName(name) }
        }
    }

    // MARK: - XML text

    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func escape(_ text: String) -> String { Markup.escape(text) }

    /// The text of a number: `Decimal`'s own digits, never through binary floating point.
    static func numberText(_ value: Decimal, sheet: String, cell: String) throws(XLSXError) -> String {
        guard !value.isNaN else { throw .notANumber(sheet: sheet, cell: cell) }
        return value.description
    }

    // MARK: - Worksheets

    static func worksheetXML(_ sheet: Worksheet, selected: Bool, strings: inout SharedStrings) throws -> String {
        let lastColumn = max(sheet.rows.map(\.count).max() ?? 0, 1)
        let lastRow = max(sheet.rows.count, 1)
        var xml = declaration + #"<worksheet xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#
        // fitToPage makes the pageSetup's fitToWidth/fitToHeight take effect.
        xml += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        xml += #"<dimension ref="A1:\#(reference(row: lastRow, column: lastColumn))"/>"#
        xml += "<sheetViews><sheetView" + (selected ? #" tabSelected="1""# : "") + #" workbookViewId="0">"#
        if sheet.headerRows > 0 {
            let topLeft = reference(row: sheet.headerRows + 1, column: 1)
            xml += #"<pane ySplit="\#(sheet.headerRows)" topLeftCell="\#(topLeft)" activePane="bottomLeft" state="frozen"/>"#
            xml += #"<selection pane="bottomLeft" activeCell="\#(topLeft)" sqref="\#(topLeft)"/>"#
        }
        xml += "</sheetView></sheetViews>"
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>"
            for (i, width) in sheet.columnWidths.enumerated() {
                xml += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() where !row.isEmpty {
            let lines = lineCount(row, widths: sheet.columnWidths)
            xml += lines > 1
                ? #"<row r="\#(r + 1)" ht="\#(Decimal(lines) * lineHeight)" customHeight="1">"#
                : #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                xml += try cellXML(cell, at: reference(row: r + 1, column: c + 1), sheet: sheet.name, strings: &strings)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if sheet.isProtected {
            // The schema puts sheetProtection right after sheetData. "0" means *not* protected:
            // clerks may resize, insert and delete rows, but not edit locked cells.
            xml += #"<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" insertRows="0" deleteRows="0"/>"#
        }
        if !sheet.merges.isEmpty {
            xml += #"<mergeCells count="\#(sheet.merges.count)">"#
            for range in sheet.merges { xml += #"<mergeCell ref="\#(escape(range))"/>"# }
            xml += "</mergeCells>"
        }
        if !sheet.validations.isEmpty {
            // After mergeCells and before pageMargins, as the schema orders them.
            xml += #"<dataValidations count="\#(sheet.validations.count)">"#
            for v in sheet.validations {
                let errorStyle = v.strict ? "" : #" errorStyle="warning""#
                xml += #"<dataValidation type="list"\#(errorStyle) allowBlank="1" showErrorMessage="1" sqref="\#(escape(v.range))">"#
                xml += "<formula1>" + escape(v.source) + "</formula1></dataValidation>"
            }
            xml += "</dataValidations>"
        }
        xml += #"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        // paperSize 9 is A4. fitToHeight 0 means "as many pages as needed": fit the width only.
        xml += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        xml += "<headerFooter><oddFooter>" + escape("&C第 &P 页，共 &N 页") + "</oddFooter></headerFooter>"
        return xml + "</worksheet>"
    }

    /// The height of one line of 11 pt text, in points: a little above Excel's 14.25 for 宋体, because
    /// a viewer without 宋体 falls back to a CJK face with taller lines, and a clipped line is worse
    /// than a loose one.
    static let lineHeight = Decimal(string: "15.75")!

    /// How many lines the row's wrapped text takes, estimated from the column widths.
    ///
    /// Spreadsheet programs do not all fit rows to wrapped text when they open a file
    /// (LibreOffice does not), and a row left at one line hides the rest of a long 评分依据;
    /// so the writer sets the height itself. A Chinese character is counted two widths, others one.
    static func lineCount(_ row: [Worksheet.Cell], widths: [Int]) -> Int {
        var lines = 1
        for (c, cell) in row.enumerated() where cell.style.wraps {
            guard case .text(let text) = cell.value else { continue }
            // A tenth of the width kept as margin, as fonts differ; 9 is about the default column width.
            let width = max((c < widths.count ? widths[c] : 9) * 9 / 10, 1)
            let needed = text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { sum, line in
                let units = line.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2000 ? 2 : 1) }
                return sum + max((units + width - 1) / width, 1)
            }
            lines = max(lines, needed)
        }
        return lines
    }

    static func cellXML(_ cell: Worksheet.Cell, at ref: String, sheet: String, strings: inout SharedStrings) throws
        -> String
    {
        let style = cell.style.rawValue == 0 ? "" : #" s="\#(cell.style.rawValue)""#
        switch cell.value {
        case .empty:
            return #"<c r="\#(ref)"\#(style)/>"#
        case .text(let text):
            return #"<c r="\#(ref)"\#(style) t="s"><v>\#(strings.index(of: text))</v></c>"#
        case .number(let value):
            return #"<c r="\#(ref)"\#(style)><v>\#(try numberText(value, sheet: sheet, cell: ref))</v></c>"#
        case .formula(let formula, let cached):
            let value = try numberText(cached, sheet: sheet, cell: ref)
            return #"<c r="\#(ref)"\#(style)><f>\#(escape(formula))</f><v>\#(value)</v></c>"#
        }
    }

    /// The shared string table, in order of first use so that the output is reproducible.
    struct SharedStrings {
        /// Keyed by the UTF-8 bytes: `String` equality would merge canonically equivalent texts.
        private var indices: [Data: Int] = [:]
        private var list: [String] = []
        private var uses = 0

        mutating func index(of text: String) -> Int {
            uses += 1
            let key = Data(text.utf8)
            if let index = indices[key] { return index }
            indices[key] = list.count
            list.append(text)
            return list.count - 1
        }

        var xml: String {
            var xml = XLSXWriter.declaration
                + #"<sst xmlns="\#(XLSXWriter.mainNS)" count="\#(uses)" uniqueCount="\#(list.count)">"#
            for text in list {
                // Without xml:space="preserve", readers trim leading and trailing spaces and line breaks.
                let preserve = text.first.map(\.isWhitespace) == true || text.last.map(\.isWhitespace) == true
                xml += (preserve ? #"<si><t xml:space="preserve">"# : "<si><t>") + XLSXWriter.escape(text) + "</t></si>"
            }
            return xml + "</sst>"
        }
    }

    // MARK: - Workbook and package parts

    static func workbookXML(_ workbook: Workbook) -> String {
        var xml = declaration + #"<workbook xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (i, sheet) in workbook.sheets.enumerated() {
            xml += #"<sheet name="\#(escape(sheet.name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
        }
        xml += "</sheets>"
        // Print titles: the header rows are repeated at the top of every printed page.
        let titled = workbook.sheets.enumerated().filter { $0.element.headerRows > 0 }
        if !titled.isEmpty {
            xml += "<definedNames>"
            for (i, sheet) in titled {
                // Quoted, with quotes doubled, so that any sheet name is a valid reference.
                let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
                let range = "\(quoted)!$1:$\(sheet.headerRows)"
                xml += #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(i)">\#(escape(range))</definedName>"#
            }
            xml += "</definedNames>"
        }
        return xml + "</workbook>"
    }

    static func workbookRelsXML(sheetCount: Int) -> String {
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var xml = declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in 1...sheetCount {
            xml += #"<Relationship Id="rId\#(i)" Type="\#(type)worksheet" Target="worksheets/sheet\#(i).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(type)styles" Target="styles.xml"/>"#
        xml += #"<Relationship Id="rId\#(sheetCount + 2)" Type="\#(type)sharedStrings" Target="sharedStrings.xml"/>"#
        xml += #"<Relationship Id="rId\#(sheetCount + 3)" Type="\#(OfficeTheme.relationshipType)" Target="theme/theme1.xml"/>"#
        return xml + "</Relationships>"
    }

    static func contentTypesXML(sheetCount: Int) -> String {
        let ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var xml = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="\#(ml).sheet.main+xml"/>"#
        for i in 1...sheetCount {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(i).xml" ContentType="\#(ml).worksheet+xml"/>"#
        }
        xml += #"<Override PartName="/xl/styles.xml" ContentType="\#(ml).styles+xml"/>"#
        xml += #"<Override PartName="/xl/sharedStrings.xml" ContentType="\#(ml).sharedStrings+xml"/>"#
        xml += #"<Override PartName="/xl/theme/theme1.xml" ContentType="\#(OfficeTheme.contentType)"/>"#
        xml += #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
        xml += #"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
        return xml + "</Types>"
    }

    static let rootRelsXML = declaration
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relNS)/officeDocument" Target="xl/workbook.xml"/>"#
        + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
        + #"<Relationship Id="rId3" Type="\#(relNS)/extended-properties" Target="docProps/app.xml"/>"#
        + "</Relationships>"

    /// Title and creator only: no creation or modification dates, which would change every run.
    static func coreXML(title: String) -> String {
        declaration
            + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + "<dc:title>\(escape(title))</dc:title><dc:creator>jixiao</dc:creator></cp:coreProperties>"
    }

    static let appXML = declaration
        + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#
        + "<Application>jixiao</Application></Properties>"

    // MARK: - Styles

    /// styles.xml, generated from `Worksheet.Style` so that a style's index can never drift from its format.
    static let stylesXML: String = {
        // 宋体 with the GB2312 charset: the face Chinese government spreadsheets use.
        func font(bold: Bool, size: Int) -> String {
            "<font>" + (bold ? "<b/>" : "") + #"<sz val="\#(size)"/><name val="宋体"/><family val="3"/><charset val="134"/></font>"#
        }
        func solid(_ rgb: String) -> String {
            #"<fill><patternFill patternType="solid"><fgColor rgb="\#(rgb)"/><bgColor indexed="64"/></patternFill></fill>"#
        }
        let thin = ["left", "right", "top", "bottom"].map { #"<\#($0) style="thin"><color indexed="64"/></\#($0)>"# }.joined()
        var xml = declaration + #"<styleSheet xmlns="\#(mainNS)">"#
        xml += #"<numFmts count="1"><numFmt numFmtId="\#(amountFormatID)" formatCode="\#(escape(amountFormatCode))"/></numFmts>"#
        xml += #"<fonts count="3">"# + font(bold: false, size: 11) + font(bold: true, size: 11) + font(bold: true, size: 14) + "</fonts>"
        // Fills 0 and 1 are reserved by the format (none, gray125); ours start at 2.
        xml += #"<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
        xml += solid("FFD9E1F2") + solid("FFF2F2F2") + "</fills>"
        xml += #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>\#(thin)<diagonal/></border></borders>"#
        xml += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        xml += #"<cellXfs count="\#(Worksheet.Style.allCases.count)">"#
        for style in Worksheet.Style.allCases { xml += style.xf }
        xml += "</cellXfs>"
        xml += #"<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>"#
        return xml + "</styleSheet>"
    }()
}

extension Worksheet.Style {
    /// Whether text wraps within the column (and so may need a taller row).
    fileprivate var wraps: Bool { [.header, .text, .code, .totalText, .input, .inputCode].contains(self) }

    /// Whether the cell stays editable when its sheet is protected.
    fileprivate var unlocked: Bool { [.input, .inputCode, .inputNumber].contains(self) }

    /// The `<xf>` of this style: font, fill, border, number format and alignment.
    fileprivate var xf: String {
        let isTotal = [.totalText, .totalNumber, .totalDecimal, .totalAmount].contains(self)
        let font = self == .title ? 2 : (self == .header || isTotal) ? 1 : 0
        let fill = self == .header ? 2 : isTotal ? 3 : 0
        let border = [.plain, .title].contains(self) ? 0 : 1
        // 2 is the built-in 「0.00」, 10 「0.00%」, 49 the built-in text format 「@」.
        let format = switch self {
        case .amount, .totalAmount: XLSXWriter.amountFormatID
        case .decimal, .totalDecimal: 2
        case .percent: 10
        case .code, .inputCode: 49
        default: 0
        }
        let alignment = switch self {
        case .plain: ""
        case .title: #"<alignment vertical="center"/>"#
        case .header: #"<alignment horizontal="center" vertical="center" wrapText="1"/>"#
        case _ where wraps: #"<alignment vertical="center" wrapText="1"/>"#
        default: #"<alignment vertical="center"/>"#
        }
        var xf = #"<xf numFmtId="\#(format)" fontId="\#(font)" fillId="\#(fill)" borderId="\#(border)" xfId="0""#
        if format != 0 { xf += #" applyNumberFormat="1""# }
        if font != 0 { xf += #" applyFont="1""# }
        if fill != 0 { xf += #" applyFill="1""# }
        if border != 0 { xf += #" applyBorder="1""# }
        if unlocked {
            return xf + #" applyAlignment="1" applyProtection="1">"# + alignment + #"<protection locked="0"/></xf>"#
        }
        return alignment.isEmpty ? xf + "/>" : xf + #" applyAlignment="1">"# + alignment + "</xf>"
    }
}
