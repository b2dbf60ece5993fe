import Foundation
import JixiaoRender
import Vapor

/// 报告的 PDF — the report's DOCX turned into PDF by LibreOffice for a downloaded package, or the
/// reason there is none, which the package (说明.txt) and the pages that offer it say.
enum PackagePDF {
    static let noteName = "说明.txt"

    /// Why a package has no PDF.
    struct Missing: Error {
        var reason: String

        /// 说明.txt: why, and what the clerk can do instead.
        var note: String {
            """
            本材料包中没有自评报告的 PDF：\(reason)。
            其余文件完整。需要 PDF 时，请用 Word 或 WPS 打开本包中的自评报告（.docx），另存为 PDF；
            或请财政局在服务器上安装 LibreOffice 及其字体（Debian：apt-get install \(PDFConverter.debianPackages)）后重新下载。

            """
        }
    }

    /// What the pages say beside the link that downloads the package.
    static func availability(_ app: Application) -> String {
        app.pdfConverter == nil
            ? "服务器未安装 LibreOffice，材料中没有 PDF（包内的说明.txt 写明原因）；可用 Word 或 WPS 打开其中的 DOCX 另存为 PDF。"
            : "材料含 PDF（由 LibreOffice 从 DOCX 转换，下载需稍等数秒）。"
    }

    /// The files of the package that `render` makes, with the report's PDF among them when the
    /// server has LibreOffice (named as the DOCX, with `.pdf`), else why there is none. Rendering
    /// and converting are slow work (`SlowWork`): refused as busy when its places are taken.
    static func files(_ app: Application, render: @escaping @Sendable () throws -> RenderedPackage) async throws
        -> (files: [(name: String, data: Data)], missing: Missing?)
    {
        let converter = app.pdfConverter, logger = app.logger
        return try await app.slowWork.run {
            var files = try render().files
            guard let docx = files.first(where: { $0.name.hasSuffix(".docx") }) else { return (files, nil) }
            guard let converter else { return (files, Missing(reason: "服务器未安装 LibreOffice")) }
            do {
                files.append(try convert(docx.data, named: docx.name, with: converter))
                return (files, nil)
            } catch {
                logger.warning("PDF 转换失败：\(error)")
                return (files, Missing(reason: "LibreOffice 未能把报告转为 PDF"))
            }
        }
    }

    /// The PDF of `docx`, converted in a folder of its own.
    private static func convert(_ docx: Data, named name: String, with converter: PDFConverter) throws -> (name: String, data: Data) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try docx.write(to: URL(fileURLWithPath: path))
        let pdf = try converter.convert(path)
        return ((name as NSString).deletingPathExtension + ".pdf", try Data(contentsOf: URL(fileURLWithPath: pdf)))
    }
}

extension Application {
    private struct PDFConverterKey: StorageKey { typealias Value = PDFConverter }

    /// LibreOffice, when the server has it (`ServerConfiguration.pdfConverter`).
    var pdfConverter: PDFConverter? {
        get { storage[PDFConverterKey.self] }
        set { storage[PDFConverterKey.self] = newValue }
    }
}
