import Foundation
import JixiaoCore

/// Reading indicator frameworks: files a bureau writes, and the ones built in.
public enum FrameworkFile {
    /// Reads and compiles a framework file; every problem comes back located.
    public static func load(path: String) throws(SourceErrors) -> CompiledFramework {
        let (text, format) = try DocumentFile.read(path: path)
        return try parse(text, format: format, file: path)
    }

    public static func parse(_ text: String, format: FileFormat = .yaml, file: String = "") throws(SourceErrors)
        -> CompiledFramework
    {
        var compiled: CompiledFramework?
        _ = try DocumentFile.decode(Framework.self, from: text, format: format, file: file) { framework in
            do {
                compiled = try CompiledFramework(framework)
                return []
            } catch let error as FrameworkProblems {
                return error.problems
            } catch {
                return [StructuralProblem(path: .root, message: "\(error)")]
            }
        }
        return compiled!
    }

    /// A built-in framework by its `id`, or else a framework file at that path.
    public static func resolve(_ nameOrPath: String) throws(SourceErrors) -> CompiledFramework {
        try BuiltInFrameworks.resolve(nameOrPath, among: BuiltInFrameworks.files, named: ("评分框架", "框架文件")) { path throws(SourceErrors) in
            try load(path: path)
        }
    }
}

/// The frameworks shipped with jixiao: data files under `Sources/JixiaoFormats/Frameworks/`,
/// each citing its source. A file is named by its framework's `id`.
public enum BuiltInFrameworks {
    /// Each built-in framework's ID and data file.
    public static let files = yamlFiles(in: "Frameworks")

    /// The built-in file of ID `nameOrPath` among `builtIns`, else the file at that path, read by `load`;
    /// `named` is what is looked for and its file, for the refusal of a name that is neither.
    static func resolve<T>(_ nameOrPath: String, among builtIns: [(id: String, path: String)], named: (kind: String, file: String),
                           load: (String) throws(SourceErrors) -> T) throws(SourceErrors) -> T
    {
        if let builtIn = builtIns.first(where: { $0.id == nameOrPath }) { return try load(builtIn.path) }
        guard FileFormat(path: nameOrPath) != nil || FileManager.default.fileExists(atPath: nameOrPath) else {
            let ids = builtIns.map(\.id).joined(separator: "、")
            throw SourceErrors([SourceError(location: nil, message: "没有 ID 为「\(nameOrPath)」的内置\(named.kind)（可用：\(ids)），也不是\(named.file)路径")])
        }
        return try load(nameOrPath)
    }

    /// The YAML files of a folder of the module's resources, each with its name without `.yaml` as its ID.
    static func yamlFiles(in folderName: String) -> [(id: String, path: String)] {
        let folder = Bundle.module.bundleURL.appendingPathComponent(folderName)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            (String(name.dropLast(5)), folder.appendingPathComponent(name).path)
        }
    }

    /// Every built-in framework, compiled.
    public static func all() throws(SourceErrors) -> [CompiledFramework] {
        var frameworks: [CompiledFramework] = []
        for file in files { frameworks.append(try FrameworkFile.load(path: file.path)) }
        return frameworks
    }
}

/// Reading a reviewer's answer sheet.
public enum AnswersFile {
    public static func load(path: String) throws(SourceErrors) -> AnswerSheet {
        let (text, format) = try DocumentFile.read(path: path)
        return try parse(text, format: format, file: path)
    }

    /// Reads a sheet of answers from text (a reviewer's answers stored by the server).
    public static func parse(_ text: String, format: FileFormat, file: String = "") throws(SourceErrors) -> AnswerSheet {
        try DocumentFile.decode(AnswerSheet.self, from: text, format: format, file: file) { sheet in
            sheet.format == AnswerSheet.currentFormat ? []
                : [StructuralProblem(path: "format", message: "不支持的格式「\(sheet.format)」：应为 \(AnswerSheet.currentFormat)")]
        }.0
    }
}
