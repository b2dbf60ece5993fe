import Foundation

/// 报告文字 — the text of a published PDF as `pdftotext -layout` (poppler) prints it: what
/// `jixiao audit --pdf` reads, and what a unit's draft starts from when it uploads last year's
/// published report. A PDF is untrusted input: the tool runs with a time limit and its output
/// is read up to a size limit.
public enum PDFText {
    /// Why no text came out, in words for the person who gave the file.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case toolMissing
        case unreadable
        case tooSlow(seconds: Int)
        case tooLong(megabytes: Int)
        case noText

        public var description: String {
            switch self {
            case .toolMissing: "未安装 pdftotext，无法读取 PDF（Debian：apt-get install poppler-utils）"
            case .unreadable: "pdftotext 无法读取该 PDF：文件可能已损坏、加密，或不是 PDF"
            case let .tooSlow(seconds): "该 PDF 在 \(seconds) 秒内未能读完，已停止；请改传报告的纯文本（.txt）"
            case let .tooLong(megabytes): "该 PDF 的文字超过 \(megabytes) MB，已停止读取；请只传自评报告本身"
            case .noText: "该 PDF 中没有可读出的文字：可能是扫描件（图片），请先做文字识别，或改传纯文本（.txt）"
            }
        }
    }

    /// Seconds one PDF may take: a published report of a hundred pages takes well under one.
    public static let timeLimit = 30
    /// Bytes of text one PDF may give: a long report is about 200 KB.
    public static let outputLimit = 8 << 20

    /// Whether `data` is a PDF: it begins with 「%PDF-」.
    public static func isPDF(_ data: Data) -> Bool { data.starts(with: Array("%PDF-".utf8)) }

    /// The text of the PDF in `data`.
    public static func text(of data: Data) throws(Failure) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-pdf-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        do { try data.write(to: file) } catch { throw .unreadable }
        return try text(ofFile: file.path)
    }

    /// The text of the PDF at `path`.
    public static func text(ofFile path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            seconds: Int = timeLimit) throws(Failure) -> String {
        guard let tool = SearchPath.find("pdftotext", environment: environment) else { throw .toolMissing }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-layout", "-enc", "UTF-8", path, "-"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw .unreadable }
        // SIGKILL, not `terminate()`'s SIGTERM: a child inherits the blocked signals of the thread
        // that starts it, and a SIGTERM blocked in jixiao's threads never reaches pdftotext.
        let pid = process.processIdentifier
        let timedOut = Flag()
        let watchdog = DispatchWorkItem {
            timedOut.set()
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds), execute: watchdog)
        var text = Data()
        var overLimit = false
        while true {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text.append(chunk)
            if text.count > outputLimit {
                overLimit = true
                kill(pid, SIGKILL)
                break
            }
        }
        process.waitUntilExit()
        watchdog.cancel()
        if timedOut.isSet { throw .tooSlow(seconds: seconds) }
        if overLimit { throw .tooLong(megabytes: outputLimit >> 20) }
        guard process.terminationStatus == 0 else { throw .unreadable }
        let string = String(decoding: text, as: UTF8.self)
        // Page breaks (form feeds) and spaces are all a scanned PDF gives.
        guard string.contains(where: { !$0.isWhitespace }) else { throw .noText }
        return string
    }

    /// Set once, from the watchdog's thread, and read after the process has ended.
    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
