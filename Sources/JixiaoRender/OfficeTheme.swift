/// 主题 — the DrawingML theme part (`theme1.xml`) that Word and Excel write in every file they
/// save and that validators require of a document or workbook. Nothing in jixiao's files refers to
/// theme colours or fonts (every run and cell names its own), so this is the plain Office palette
/// with the minimum of fills, lines and effects the schema asks for.
enum OfficeTheme {
    static let contentType = "application/vnd.openxmlformats-officedocument.theme+xml"
    static let relationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"

    static let xml: String = {
        let colours = [("dk1", #"<a:sysClr val="windowText" lastClr="000000"/>"#), ("lt1", #"<a:sysClr val="window" lastClr="FFFFFF"/>"#),
                       ("dk2", "44546A"), ("lt2", "E7E6E6"), ("accent1", "4472C4"), ("accent2", "ED7D31"), ("accent3", "A5A5A5"),
                       ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"), ("hlink", "0563C1"), ("folHlink", "954F72")]
            .map { name, colour in "<a:\(name)>" + (colour.hasPrefix("<") ? colour : #"<a:srgbClr val="\#(colour)"/>"#) + "</a:\(name)>" }
            .joined()
        let font = { (latin: String) in #"<a:latin typeface="\#(latin)"/><a:ea typeface=""/><a:cs typeface=""/>"# }
        let fill = #"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#
        let line = #"<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#
        let three = { (s: String) in String(repeating: s, count: 3) }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements>"#
            + #"<a:clrScheme name="Office">\#(colours)</a:clrScheme>"#
            + #"<a:fontScheme name="Office"><a:majorFont>\#(font("Calibri Light"))</a:majorFont><a:minorFont>\#(font("Calibri"))</a:minorFont></a:fontScheme>"#
            + #"<a:fmtScheme name="Office"><a:fillStyleLst>\#(three(fill))</a:fillStyleLst><a:lnStyleLst>\#(three(line))</a:lnStyleLst>"#
            + #"<a:effectStyleLst>\#(three("<a:effectStyle><a:effectLst/></a:effectStyle>"))</a:effectStyleLst>"#
            + #"<a:bgFillStyleLst>\#(three(fill))</a:bgFillStyleLst></a:fmtScheme>"#
            + "</a:themeElements></a:theme>"
    }()
}
