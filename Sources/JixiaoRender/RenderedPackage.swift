import Foundation
import JixiaoCore

/// The files of one package, all from the same evaluation: the report in every form and the
/// two tables. File names carry the unit and year, as a bureau files them.
public struct RenderedPackage: Sendable {
    public var files: [(name: String, data: Data)]

    public static func make(evaluation: Evaluation, report: ReportDocument, scores: ScoreSheet?) throws -> RenderedPackage {
        let unit = evaluation.unit?.name ?? evaluation.cover?.unitName ?? "单位"
        let prefix = "\(unit)\(evaluation.year.map { "\($0)年度" } ?? "")"
        let draft = report.isDraft ? "（草稿）" : ""
        var files: [(String, Data)] = [
            ("\(prefix)自评报告\(draft).docx", try DOCXWriter.write(report)),
            ("\(prefix)自评报告\(draft).html", Data(HTMLRenderer.render(report).utf8)),
            ("\(prefix)自评报告\(draft).md", Data(MarkdownRenderer.render(report).utf8)),
            ("\(prefix)数据表\(draft).xlsx", try DataTableWorkbook.make(evaluation)),
        ]
        if let scores { files.append(("\(prefix)评分表\(draft).xlsx", try ScoreTableWorkbook.make(scores))) }
        return RenderedPackage(files: files)
    }
}

/// Turns a DOCX into PDF with LibreOffice, when it is installed.
public struct PDFConverter: Sendable {
    public let executable: String

    /// LibreOffice's `soffice` on the PATH, or nil.
    public static func find() -> PDFConverter? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in ["soffice", "libreoffice"] {
            for dir in paths {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return PDFConverter(executable: candidate) }
            }
        }
        return nil
    }

    /// Converts `docx` to a PDF beside it and returns its path. A fresh user profile per run
    /// keeps parallel or repeated conversions from colliding.
    public func convert(_ docx: String) throws -> String {
        let folder = (docx as NSString).deletingLastPathComponent
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", "pdf",
                             "--outdir", folder.isEmpty ? "." : folder, docx]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let pdf = ((docx as NSString).deletingPathExtension as String) + ".pdf"
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "LibreOffice 未能把 \(docx) 转为 PDF"])
        }
        return pdf
    }
}
