import Foundation
import JixiaoCore

/// A project form read from a file, with where each field sits in it.
public struct LoadedProject: Sendable {
    public var project: ProjectEvaluation
    public var sourceMap: SourceMap
    /// The file's path as given (empty for in-memory text).
    public var file: String

    /// The project framework the form names, or the national default.
    public func framework() throws(SourceErrors) -> ProjectFramework {
        try ProjectFrameworkFile.resolve(project.framework ?? ProjectFramework.defaultID)
    }

    /// The project checks under `framework`, and against the unit's overall evaluation when given,
    /// each finding placed at its line and column in this file.
    public func check(under framework: ProjectFramework, overall: Evaluation? = nil) -> [Finding] {
        let findings = ProjectChecks.check(project, under: framework) + (overall.map { ProjectChecks.check(project, against: $0) } ?? [])
        return findings.map { finding in
            var located = finding
            located.location = sourceMap.location(of: finding.path)
            return located
        }
        .sorted { ($0.severity, $0.location ?? .init(line: 0, column: 0)) < ($1.severity, $1.location ?? .init(line: 0, column: 0)) }
    }
}

/// An evaluation file or a project form, told apart by its `format`.
public enum LoadedDocument: Sendable {
    case evaluation(LoadedEvaluation)
    case project(LoadedProject)

    /// Reads a file once and decodes it as what its `format` names: a project form
    /// (`jixiao/project@…`), else an evaluation file (whose reader names any other format).
    public static func load(path: String) throws(SourceErrors) -> LoadedDocument {
        let (text, format) = try DocumentFile.read(path: path)
        let root: SourceNode
        do { root = format == .yaml ? try YAMLReader.read(text) : try JSONReader.read(text) } catch {
            var e = error
            e.file = path
            throw SourceErrors([e])
        }
        // Any version of the project format is read as a project form, whose reader names the one it reads.
        if case .scalar(let value, _)? = root.node(at: [.key("format")])?.content, value.hasPrefix("jixiao/project@") {
            return .project(try ProjectFile.decode(root, file: path))
        }
        return .evaluation(try EvaluationFile.decode(root, file: path))
    }
}

/// Reading and writing project forms (`format: jixiao/project@1`, one file per project), with the
/// same located Chinese errors and size bounds as evaluation files.
public enum ProjectFile {
    public static func load(path: String) throws(SourceErrors) -> LoadedProject {
        let (text, format) = try DocumentFile.read(path: path)
        return try parse(text, format: format, file: path)
    }

    public static func parse(_ text: String, format: FileFormat, file: String = "") throws(SourceErrors) -> LoadedProject {
        let (project, map) = try DocumentFile.decode(ProjectEvaluation.self, from: text, format: format, file: file) {
            $0.structuralProblems()
        }
        return LoadedProject(project: project, sourceMap: map, file: file)
    }

    /// Decodes a form from a tree built elsewhere (a form post, a workbook's cells).
    public static func decode(_ root: SourceNode, file: String = "") throws(SourceErrors) -> LoadedProject {
        let (project, map) = try DocumentFile.decode(ProjectEvaluation.self, from: root, file: file) { $0.structuralProblems() }
        return LoadedProject(project: project, sourceMap: map, file: file)
    }

    /// The form as a tree (keys in file order, figures as stated), as the standard workbook writes it.
    public static func tree(of project: ProjectEvaluation) throws -> SourceNode { try TreeEncoder.encode(project) }

    /// The form as text in the given format (keys in file order, figures as stated).
    public static func render(_ project: ProjectEvaluation, as format: FileFormat) throws -> String {
        try EvaluationFile.text(of: try TreeEncoder.encode(project), as: format)
    }
}

/// Reading project frameworks: a bureau's files, and the ones built in.
public enum ProjectFrameworkFile {
    public static func load(path: String) throws(SourceErrors) -> ProjectFramework {
        let (text, format) = try DocumentFile.read(path: path)
        return try parse(text, format: format, file: path)
    }

    public static func parse(_ text: String, format: FileFormat = .yaml, file: String = "") throws(SourceErrors) -> ProjectFramework {
        try DocumentFile.decode(ProjectFramework.self, from: text, format: format, file: file) { $0.structuralProblems() }.0
    }

    /// A built-in project framework by its `id`, or else a project framework file at that path.
    public static func resolve(_ nameOrPath: String) throws(SourceErrors) -> ProjectFramework {
        try BuiltInFrameworks.resolve(nameOrPath, among: BuiltInProjectFrameworks.files, named: ("项目评分规则", "规则文件")) { path throws(SourceErrors) in
            try load(path: path)
        }
    }
}

/// The project frameworks shipped with jixiao: data files under `Sources/JixiaoFormats/ProjectFrameworks/`,
/// each citing its source, named by its `id`.
public enum BuiltInProjectFrameworks {
    public static let files = BuiltInFrameworks.yamlFiles(in: "ProjectFrameworks")

    public static func all() throws(SourceErrors) -> [ProjectFramework] {
        var frameworks: [ProjectFramework] = []
        for file in files { frameworks.append(try ProjectFrameworkFile.load(path: file.path)) }
        return frameworks
    }
}
