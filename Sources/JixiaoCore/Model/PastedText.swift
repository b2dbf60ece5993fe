import Foundation

/// 粘贴文本 — text as a clerk pastes it from Word or from last year's PDF, and the tidy step that
/// makes it the paragraphs it was written as. Pure: the forms apply it to every text field before
/// storing it, the report composer to every text it quotes, and the `text.pasted` rule names
/// what it would change.
///
/// - A line break inside a sentence (the PDF's line width, a manual break in Word) is joined: with
///   no space between Chinese characters, one space between Latin words or digits. A line break
///   after a sentence (「。」「！」「？」「：」…), before a numbered item (「1.」「（一）」「①」…), after a
///   heading (a numbered line with no punctuation), after a line shorter than twelve Chinese
///   characters or much shorter than the text's widest (a heading, an item of a list), and a
///   blank line, end a paragraph: where unsure, lines stay apart.
/// - Tabs and runs of spaces are removed between Chinese characters and next to full-width
///   punctuation, and collapsed to one space elsewhere (「2021 年」 keeps its space); leading
///   indentation (「　　」) and trailing spaces go.
/// - Doubled sentence punctuation (「。。」「，，」「；；」「。，」) is reduced to its strongest mark;
///   「！！」 and 「？！」 are left as emphasis.
///
/// Figures (`11,486,444.31元`), URLs and English text have no space or mark this changes.
public enum PastedText {
    /// The paragraphs of `text`, tidied, none empty: what a field that holds a list of paragraphs
    /// stores.
    public static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var current: [Unicode.Scalar] = []
        func flush() {
            if !current.isEmpty { paragraphs.append(string(Punctuation.reduced(current))) }
            current = []
        }
        for line in Layout(text).lines {
            if line.scalars.isEmpty {
                flush()
            } else if line.continuesSentence, let last = current.last, let first = line.scalars.first {
                if Glyph.spaceJoins(last, first) { current.append(" ") }
                current += line.scalars
            } else {
                flush()
                current = line.scalars
            }
        }
        flush()
        return paragraphs
    }

    /// `text` tidied for a field that holds one paragraph or a few: its paragraphs on lines of their
    /// own, separated by a blank line where neither what the text says nor a short line ends the
    /// paragraph (so that tidying it again changes nothing).
    public static func tidied(_ text: String) -> String {
        let paragraphs = Self.paragraphs(text).map { Array($0.unicodeScalars) }
        var out = ""
        for (i, paragraph) in paragraphs.enumerated() {
            if i > 0 {
                let previous = paragraphs[i - 1]
                let short = !Layout.endsClause(previous) && Layout.width(previous) < Layout.narrowest
                out += Layout.breakIsEvident(previous, paragraph) || short ? "\n" : "\n\n"
            }
            out += string(paragraph)
        }
        return out
    }

    /// `text` tidied into one line, for a field of one line: its paragraphs run on, as a wrapped
    /// line does (a title pasted in two lines is one title), with a 「；」 before a numbered item
    /// that follows no punctuation.
    public static func line(_ text: String) -> String {
        var out: [Unicode.Scalar] = []
        for paragraph in paragraphs(text).map({ Array($0.unicodeScalars) }) {
            if let last = out.last, let first = paragraph.first {
                if !Punctuation.ends(last) && ListMarker.length(paragraph) > 0 {
                    out.append("；")
                } else if Glyph.spaceJoins(last, first) {
                    out.append(" ")
                }
            }
            out += paragraph
        }
        return string(Punctuation.reduced(out))
    }

    /// 粘贴痕迹 — one kind of mark that pasting leaves and `tidied` removes.
    public enum ArtefactKind: Int, Sendable, CaseIterable, Comparable {
        /// 句中换行: a line break that `tidied` joins.
        case lineBreak
        /// 制表符.
        case tab
        /// 连续空格: two spaces or more (「　　」 indentation too).
        case spaces
        /// 重复标点: 「。。」「，，」「。，」….
        case doubledPunctuation

        /// The Chinese name shown to users.
        public var label: String {
            switch self {
            case .lineBreak: "句中换行"
            case .tab: "制表符"
            case .spaces: "连续空格"
            case .doubledPunctuation: "重复标点"
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    /// One artefact in a text, with the words around it so that a reader can find it.
    public struct Artefact: Sendable, Equatable {
        public var kind: ArtefactKind
        /// 「开展了」与「绩效自评」之间, or the doubled marks themselves.
        public var excerpt: String
    }

    /// Every artefact in `text`, in order. None in anything `tidied`, `paragraphs` or `line` return.
    public static func artefacts(in text: String) -> [Artefact] {
        // Most texts hold no line break, tab, second space or second mark in a row: one pass tells.
        guard Layout.mayHoldArtefacts(text) else { return [] }
        var found: [Artefact] = []
        let layout = Layout(text)
        for (i, line) in layout.lines.enumerated() {
            if i > 0, line.continuesSentence {
                let before = String(string(layout.lines[i - 1].scalars).suffix(6)), after = String(string(line.scalars).prefix(6))
                found.append(Artefact(kind: .lineBreak, excerpt: "「\(before)」与「\(after)」之间"))
            }
            found += spacing(line.raw) + Punctuation.doubled(line.raw).map { Artefact(kind: .doubledPunctuation, excerpt: "「\($0)」") }
        }
        return found
    }

    /// Tabs and runs of spaces in one raw line, a run at its end left aside (nothing shows it).
    private static func spacing(_ raw: ArraySlice<Unicode.Scalar>) -> [Artefact] {
        var found: [Artefact] = []
        var i = raw.startIndex
        while i < raw.endIndex {
            guard Glyph.isSpace(raw[i]) else { i += 1; continue }
            var j = i
            while j < raw.endIndex, Glyph.isSpace(raw[j]) { j += 1 }
            if j < raw.endIndex {
                let run = raw[i..<j]
                let before = string(raw[max(raw.startIndex, i - 6)..<i]), after = string(raw[j..<min(raw.endIndex, j + 6)])
                let excerpt = before.isEmpty ? "「\(after)」之前" : "「\(before)」与「\(after)」之间"
                if run.contains("\t") {
                    found.append(Artefact(kind: .tab, excerpt: excerpt))
                } else if run.count > 1 {
                    found.append(Artefact(kind: .spaces, excerpt: excerpt))
                }
            }
            i = j
        }
        return found
    }

    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }
}

/// A text's lines as the tidy step reads them: each cleaned of its spacing, and whether it carries
/// on the sentence of the line before.
struct Layout {
    struct Line {
        /// The line as typed.
        var raw: ArraySlice<Unicode.Scalar>
        /// Spacing tidied; empty for a blank line.
        var scalars: [Unicode.Scalar]
        /// The break before it is inside a sentence: `tidied` joins the two lines.
        var continuesSentence = false
    }

    var lines: [Line] = []

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var start = 0, i = 0
        while i <= scalars.count {
            if i == scalars.count || Glyph.isLineBreak(scalars[i]) {
                lines.append(Line(raw: scalars[start..<i], scalars: Self.cleaned(scalars[start..<i])))
                // \r\n is one break.
                if i + 1 < scalars.count, scalars[i] == "\r", scalars[i + 1] == "\n" { i += 1 }
                start = i + 1
            }
            i += 1
        }
        let widest = lines.map { Self.width($0.scalars) }.max() ?? 0
        for i in lines.indices.dropFirst() where !lines[i - 1].scalars.isEmpty && !lines[i].scalars.isEmpty {
            let previous = lines[i - 1].scalars
            // A wrapped line runs to the full width, of a page at least twelve characters wide: a
            // line much shorter than the text's widest, or short in itself, ends its paragraph (a
            // heading; an item of a list without numbers, 「办公室」「财务部」), unless it ends
            // with a mark inside a sentence (「，」「、」「；」).
            let short = !Self.endsClause(previous) && Self.width(previous) < max(Self.narrowest, widest * 6 / 10)
            lines[i].continuesSentence = !short && !Self.breakIsEvident(previous, lines[i].scalars)
        }
    }

    /// Whether the break between two lines is a paragraph's end by what they say: the first ends a
    /// sentence or is a heading, or the second is a numbered item.
    static func breakIsEvident(_ previous: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        endsSentence(previous) || ListMarker.length(next) > 0
            || (ListMarker.length(previous) > 0 && !previous.contains(where: Punctuation.isClauseMark))
    }

    /// Ends with 「。」「！」「？」「：」「…」 (or their ASCII kin), a closing quote or bracket aside.
    static func endsSentence(_ line: [Unicode.Scalar]) -> Bool {
        guard let i = line.lastIndex(where: { !Punctuation.isCloser($0) }) else { return false }
        switch line[i] {
        case "。", "！", "？", "：", "…", "!", "?", ":": return true
        // A full stop after a letter, not a figure's point.
        case ".": return i > 0 && !("0"..."9").contains(line[i - 1])
        default: return false
        }
    }

    /// Ends with 「，」「、」「；」: the sentence goes on.
    static func endsClause(_ line: [Unicode.Scalar]) -> Bool {
        guard let last = line.last else { return false }
        return last == "，" || last == "、" || last == "；" || last == "," || last == ";"
    }

    /// A line with its spacing tidied and its doubled marks as they are (reduced with the paragraph).
    static func cleaned(_ line: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var spaced = false
        for s in line {
            if Glyph.isSpace(s) { spaced = true; continue }
            if Glyph.isInvisible(s) { continue }
            if spaced, let last = out.last, Glyph.spaceKept(last, s) { out.append(" ") }
            spaced = false
            out.append(s)
        }
        return out
    }

    /// The width of the narrowest line a text is wrapped at: twelve Chinese characters.
    static let narrowest = 24

    /// Display width: a Chinese character as two Latin ones.
    static func width(_ line: [Unicode.Scalar]) -> Int { line.reduce(0) { $0 + (Glyph.isWide($1) ? 2 : 1) } }

    /// False only when `text` has no line break, tab, two spaces or two marks in a row.
    static func mayHoldArtefacts(_ text: String) -> Bool {
        var previous: Unicode.Scalar = "a"
        for s in text.unicodeScalars {
            if Glyph.isLineBreak(s) || s == "\t" { return true }
            if Glyph.isSpace(s) && Glyph.isSpace(previous) { return true }
            if Punctuation.isMark(s) && Punctuation.isMark(previous) { return true }
            previous = s
        }
        return false
    }
}

/// What a character is to spacing.
enum Glyph {
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0xA0, 0x3000, 0x2000...0x200A, 0x202F, 0x205F: true
        default: false
        }
    }

    /// Zero-width marks Word leaves in pasted text: dropped.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool { s.value == 0x200B || s.value == 0xFEFF || s.value == 0x200C || s.value == 0x200D }

    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }

    /// 全角标点: 「，」「。」「（」「《」「【」….
    static func isWidePunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3001...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65, 0xFE10...0xFE1F, 0xFE30...0xFE4F: true
        default: false
        }
    }

    /// A character set in a square: Chinese characters, full-width punctuation, digits and letters, kana.
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        isHan(s) || isWidePunctuation(s) || (0xFF10...0xFF5A).contains(s.value) || (0x3040...0x30FF).contains(s.value)
    }

    /// 「“」「”」「…」「—」「·」: wide beside Chinese, narrow beside Latin.
    static func isAmbiguous(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014, 0x2015, 0xB7: true
        default: false
        }
    }

    /// Whether spacing between `left` and `right` stays (as one space): not next to full-width
    /// punctuation, nor between Chinese characters.
    static func spaceKept(_ left: Unicode.Scalar, _ right: Unicode.Scalar) -> Bool {
        if isWidePunctuation(left) || isWidePunctuation(right) { return false }
        if isWide(left) { return !(isWide(right) || isAmbiguous(right)) }
        if isWide(right) { return !isAmbiguous(left) }
        return true
    }

    /// Whether two lines joined at a wrap need a space between them: between Latin words or
    /// digits, not after a hyphen.
    static func spaceJoins(_ left: Unicode.Scalar, _ right: Unicode.Scalar) -> Bool {
        !isWide(left) && !isWide(right) && !isAmbiguous(left) && !isAmbiguous(right) && left != "-"
    }
}
