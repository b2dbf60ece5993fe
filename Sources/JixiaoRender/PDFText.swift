import Foundation

/// 报告文字 — the text of a published PDF as `pdftotext -layout` (poppler) prints it: what
/// `jixiao audit --pdf` reads, and what a unit's draft starts from when it uploads last year's
/// published report. A PDF is untrusted input: the tool runs within time, processor and memory
/// limits (`LimitedProcess`), and its output is read up to a size limit.
public enum PDFText {
    /// Why no text came out, in words for the person who gave the file.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case toolMissing
        case unreadable
        case tooSlow(seconds: Int)
        case tooLong(megabytes: Int)
        case tooMuchMemory(megabytes: Int)
        case noText

        public var description: String {
            switch self {
            case .toolMissing: "未安装 pdftotext，无法读取 PDF（Debian：apt-get install poppler-utils）"
            case .unreadable: "pdftotext 无法读取该 PDF：文件可能已损坏、加密，或不是 PDF"
            case let .tooSlow(seconds): "该 PDF 在 \(seconds) 秒内未能读完，已停止；请改传报告的纯文本（.txt）"
            case let .tooLong(megabytes): "该 PDF 的文字超过 \(megabytes) MB，已停止读取；请只传自评报告本身"
            case let .tooMuchMemory(megabytes): "读取该 PDF 所需的内存超过 \(megabytes) MB，已停止；请改传报告的纯文本（.txt）"
            case .noText: "该 PDF 中没有可读出的文字：可能是扫描件（图片），请先做文字识别，或改传纯文本（.txt）"
            }
        }
    }

    /// What one PDF may take: a published report of a hundred pages takes well under a second and
    /// some 10 MB; a PDF built to be slow (form XObjects nested to draw 10⁹ glyphs) grows by some
    /// 40 MB a second until stopped.
    public static let standardLimits = ProcessLimits(seconds: 30, processorSeconds: 10, memoryBytes: 256 << 20)
    /// Bytes of text one PDF may give: a long report is about 200 KB.
    public static let outputLimit = 8 << 20

    /// Whether `data` is a PDF: it begins with 「%PDF-」.
    public static func isPDF(_ data: Data) -> Bool { data.starts(with: Array("%PDF-".utf8)) }

    /// The text of the PDF in `data`.
    public static func text(of data: Data, limits: ProcessLimits = standardLimits) throws(Failure) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-pdf-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        do { try data.write(to: file) } catch { throw .unreadable }
        return try text(ofFile: file.path, limits: limits)
    }

    /// The text of the PDF at `path`; `environment`'s PATH says where pdftotext is.
    public static func text(ofFile path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            limits: ProcessLimits = standardLimits) throws(Failure) -> String {
        guard let tool = SearchPath.find("pdftotext", environment: environment) else { throw .toolMissing }
        let run: (ending: LimitedProcess.Ending, output: Data)
        do { run = try LimitedProcess.run(tool, ["-layout", "-enc", "UTF-8", path, "-"], limits: limits, outputLimit: outputLimit) } catch {
            throw .unreadable
        }
        switch run.ending {
        case .exited(0): break
        case .timedOut: throw .tooSlow(seconds: limits.seconds)
        case .processorTimeExceeded: throw .tooSlow(seconds: limits.processorSeconds)
        case .outputTooLong: throw .tooLong(megabytes: outputLimit >> 20)
        // Poppler aborts when an allocation fails, as under the memory limit.
        case .signalled(SIGABRT): throw .tooMuchMemory(megabytes: limits.memoryBytes >> 20)
        case .exited, .signalled: throw .unreadable
        }
        let string = String(decoding: run.output, as: UTF8.self)
        // Page breaks (form feeds) and spaces are all a scanned PDF gives.
        guard string.contains(where: { !$0.isWhitespace }) else { throw .noText }
        return string
    }
}
