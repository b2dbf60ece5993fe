/// Escaping text for the markup every writer here produces: WordprocessingML, SpreadsheetML,
/// HTML and SVG. One function, so that a character one format mishandles is fixed for all.
public enum Markup {
    /// `text` escaped for element content and attribute values in XML and HTML alike. Characters
    /// XML 1.0 forbids (C0 controls other than tab, newline and carriage return, U+FFFE/FFFF) are
    /// dropped: one stray control character would otherwise make Word or Excel refuse the file.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
