import Foundation
import JixiaoCore

/// The files of one package, all from the same evaluation: the report in every form and the
/// two tables, then each project's 项目支出绩效自评表 as a landscape DOCX and an XLSX of its own.
/// File names carry the unit and year, as a bureau files them.
public struct RenderedPackage: Sendable {
    public var files: [(name: String, data: Data)]

    /// `projects`: the year's project forms, each scored under its project framework.
    public static func make(evaluation: Evaluation, report: ReportDocument, scores: ScoreSheet?,
                            projects: [(form: ProjectEvaluation, scores: ProjectScoreSheet)] = []) throws -> RenderedPackage {
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
        // Numbered in the given order, so that two projects of one name never share a file name.
        for (i, project) in projects.enumerated() {
            let name = "\(prefix)项目支出绩效自评表\(i + 1)\(project.form.name.map { "（\(fileSafe($0))）" } ?? "")\(draft)"
            files.append((name + ".docx", try DOCXWriter.write(project.form, scores: project.scores, isDraft: report.isDraft)))
            files.append((name + ".xlsx", try ProjectFormWorkbook.make(project.form, scores: project.scores)))
        }
        return RenderedPackage(files: files)
    }

    /// A project's name as part of a file name: path separators and the characters Windows refuses
    /// become 「_」.
    static func fileSafe(_ name: String) -> String {
        String(name.map { "/\\:*?\"<>|".contains($0) || $0.isNewline ? "_" : $0 })
    }
}

/// Turns a DOCX into PDF with LibreOffice, when it is installed, in free faces of the kinds the
/// document names (its office fonts are commercial and rarely installed), within `limits`.
public struct PDFConverter: Sendable {
    public let executable: String
    public var limits: ProcessLimits

    /// What one conversion may take: the worked example's report takes some 1.5 s and 220 MB, and
    /// LibreOffice does not start within 384 MB of address space.
    public static let standardLimits = ProcessLimits(seconds: 120, processorSeconds: 60, memoryBytes: 2 << 30)

    public init(executable: String, limits: ProcessLimits = standardLimits) {
        self.executable = executable
        self.limits = limits
    }

    /// The Debian packages that give LibreOffice and every stand-in face (`Typeface.standIn`).
    public static let debianPackages = "libreoffice-writer-nogui fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai"

    /// LibreOffice's `soffice` on the PATH, or nil.
    public static func find() -> PDFConverter? {
        (SearchPath.find("soffice") ?? SearchPath.find("libreoffice")).map { PDFConverter(executable: $0) }
    }

    /// Converts `docx` to a PDF beside it and returns its path. A fresh user profile per run
    /// keeps parallel or repeated conversions from colliding; it also holds the font mapping.
    public func convert(_ docx: String) throws -> String {
        let folder = (docx as NSString).deletingLastPathComponent
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let fonts = profile.appendingPathComponent("fonts.conf")
        try Data(Self.fontconfig().utf8).write(to: fonts)
        // LibreOffice on Linux finds faces through fontconfig; elsewhere the variable is unused.
        let (ending, _) = try LimitedProcess.run(
            executable, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", "pdf",
                         "--outdir", folder.isEmpty ? "." : folder, docx],
            environment: ProcessInfo.processInfo.environment.merging(["FONTCONFIG_FILE": fonts.path]) { $1 }, limits: limits)
        let pdf = ((docx as NSString).deletingPathExtension as String) + ".pdf"
        guard ending == .exited(0), FileManager.default.fileExists(atPath: pdf) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "LibreOffice 未能把 \(docx) 转为 PDF（\(ending)）"])
        }
        return pdf
    }

    /// The fontconfig configuration of a conversion: the user's or the system's, plus each name
    /// the document uses (and its alternate name) mapped to its stand-in. Without it fontconfig
    /// gives every unknown name the same default CJK sans face, so that headings, body and title
    /// all look alike.
    public static func fontconfig(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["FONTCONFIG_FILE"] ?? "/etc/fonts/fonts.conf"
        var seen: Set<String> = []
        var aliases: [String] = []
        for face in DOCXWriter.WordML.Typeface.all {
            for name in [face.name, face.altName] where seen.insert(name).inserted {
                aliases.append("  <alias binding=\"same\"><family>\(Markup.escape(name))</family>"
                               + "<prefer><family>\(Markup.escape(face.standIn))</family></prefer></alias>")
            }
        }
        // The SC faces as files of their own, in place of the collections that hold them (StandInFonts).
        var faces: [String] = []
        if let own = StandInFonts.prepare(environment: environment) {
            faces.append("  <dir>\(Markup.escape(own.folder.path))</dir>")
            faces.append("  <cachedir>\(Markup.escape(own.folder.deletingLastPathComponent().appendingPathComponent("fontconfig").path))</cachedir>")
            faces.append("  <selectfont><rejectfont>" + own.replaced.map { "<glob>\(Markup.escape($0))</glob>" }.joined() + "</rejectfont></selectfont>")
        }
        return """
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig>
              <include ignore_missing="yes">\(Markup.escape(base))</include>
            \((faces + aliases).joined(separator: "\n"))
            </fontconfig>

            """
    }
}

/// The programs the package calls (LibreOffice; poppler for the audit of a PDF), found as a shell
/// finds them rather than at one distribution's paths.
public enum SearchPath {
    /// The first executable file called `name` in the PATH's folders, or nil.
    public static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
