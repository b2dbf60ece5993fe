import Foundation
import JixiaoCore

/// The two text forms of an evaluation file; same model, lossless between them.
public enum FileFormat: String, Sendable, CaseIterable {
    case yaml, json

    /// The format a file name implies (`.yaml`/`.yml` or `.json`).
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "yaml", "yml": self = .yaml
        case "json": self = .json
        default: return nil
        }
    }
}

/// An evaluation read from a file, with where each field sits in it.
public struct LoadedEvaluation: Sendable {
    public var evaluation: Evaluation
    public var sourceMap: SourceMap
    /// The file's path as given (empty for in-memory text).
    public var file: String
}

/// One or more located problems that stop a file from being read.
public struct SourceErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [SourceError]

    public init(_ errors: [SourceError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Reading and writing evaluation files.
public enum EvaluationFile {
    /// Reads and validates a file; every problem comes back located (`file:line:column`).
    public static func load(path: String) throws(SourceErrors) -> LoadedEvaluation {
        let (text, format) = try DocumentFile.read(path: path)
        return try parse(text, format: format, file: path)
    }

    /// Reads and validates text in the given format.
    public static func parse(_ text: String, format: FileFormat, file: String = "") throws(SourceErrors)
        -> LoadedEvaluation
    {
        let (evaluation, map) = try DocumentFile.decode(Evaluation.self, from: text, format: format, file: file) {
            $0.structuralProblems()
        }
        return LoadedEvaluation(evaluation: evaluation, sourceMap: map, file: file)
    }

    /// Decodes an evaluation from a tree built elsewhere (a workbook's cells), with the same
    /// unknown-key, type and structural checks as a file. Errors carry field paths; their
    /// locations are the tree's, whatever those mean to the caller (a row and column).
    public static func decode(_ root: SourceNode, file: String = "") throws(SourceErrors) -> LoadedEvaluation {
        let (evaluation, map) = try DocumentFile.decode(Evaluation.self, from: root, file: file) { $0.structuralProblems() }
        return LoadedEvaluation(evaluation: evaluation, sourceMap: map, file: file)
    }

    /// The document tree of a text as written, before it is decoded: what the server's forms
    /// edit, so that keys they do not show, and figures as typed, are kept. What the tree holds is
    /// counted against `budget` as it is read (`.revision` for what a client sends).
    public static func tree(parsing text: String, format: FileFormat, within budget: SizeBudget = .file) throws(SourceErrors)
        -> SourceNode
    {
        do { return format == .yaml ? try YAMLReader.read(text, within: budget) : try JSONReader.read(text, within: budget) } catch {
            throw SourceErrors([error])
        }
    }

    /// A tree written as text in the given format (block YAML, or JSON).
    public static func text(of tree: SourceNode, as format: FileFormat) throws -> String {
        format == .yaml ? try YAMLWriter.write(tree) : JSONWriter.write(tree)
    }

    /// A tree written as text, once the text is known to fit `budget`: its bytes are counted from
    /// the tree first, and a tree that passes the budget is refused (`SourceErrors`, in Chinese)
    /// before anything is written. A tree can hold one long text many times over — a workbook's
    /// shared string in many cells, a stored row a form copied — which the text would repeat.
    public static func text(of tree: SourceNode, as format: FileFormat, within budget: SizeBudget) throws -> String {
        var budget = budget
        guard tree.fits(&budget) else { throw SourceErrors([SourceError(location: nil, message: budget.refusal)]) }
        return try text(of: tree, as: format)
    }

    /// The evaluation as the tree that YAML and JSON are written from (keys in file order,
    /// figures as stated).
    public static func tree(of evaluation: Evaluation) throws -> SourceNode { try TreeEncoder.encode(evaluation) }

    /// The evaluation as text in the given format.
    public static func render(_ evaluation: Evaluation, as format: FileFormat) throws -> String {
        try text(of: try TreeEncoder.encode(evaluation), as: format)
    }

    /// The evaluation as text, refused before it is written when the text would pass `budget`
    /// (see `text(of:as:within:)`): what a workbook, a report or last year's revision made.
    public static func render(_ evaluation: Evaluation, as format: FileFormat, within budget: SizeBudget) throws -> String {
        try text(of: try TreeEncoder.encode(evaluation), as: format, within: budget)
    }

    /// Writes the text to `path` atomically: the file is either wholly written or untouched.
    public static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// What every file jixiao reads has in common: YAML or JSON text, decoded into a model type
/// with unknown keys refused, then the type's own structural checks, all located.
enum DocumentFile {
    static func read(path: String) throws(SourceErrors) -> (String, FileFormat) {
        func fail(_ message: String) -> SourceErrors {
            var e = SourceError(location: nil, message: message)
            e.file = path
            return SourceErrors([e])
        }
        guard let format = FileFormat(path: path) else { throw fail("无法识别的文件类型：应为 .yaml、.yml 或 .json 文件") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path)
        else {
            throw fail(FileManager.default.fileExists(atPath: path) ? "文件无法读取（是目录或没有读取权限）" : "文件不存在")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("文件不是 UTF-8 编码的文本") }
        return (text, format)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, format: FileFormat, file: String,
                                     problems: (T) -> [StructuralProblem]) throws(SourceErrors) -> (T, SourceMap)
    {
        let root: SourceNode
        do {
            root = format == .yaml ? try YAMLReader.read(text) : try JSONReader.read(text)
        } catch {
            var e = error
            e.file = file
            throw SourceErrors([e])
        }
        return try decode(type, from: root, file: file, problems: problems)
    }

    static func decode<T: Decodable>(_ type: T.Type, from root: SourceNode, file: String,
                                     problems: (T) -> [StructuralProblem]) throws(SourceErrors) -> (T, SourceMap)
    {
        func located(_ errors: [SourceError], _ map: SourceMap?) -> SourceErrors {
            SourceErrors(errors.map { error in
                var e = error
                e.file = file
                if e.location == nil, let path = e.path { e.location = map?.location(of: path) }
                return e
            })
        }
        let map = SourceMap(root)
        if case .null = root.content {
            throw located([SourceError(location: root.location, message: "文件为空")], map)
        }
        let value: T
        do {
            value = try TreeDecoder.decode(T.self, from: root)
        } catch let error as SourceError {
            throw located([error], map)
        } catch {
            throw located([SourceError(location: nil, message: "内容无法按自评文件的格式读取", underlying: "\(error)")], map)
        }
        let found = problems(value)
        if !found.isEmpty {
            throw located(found.map { SourceError(location: nil, path: $0.path, message: $0.message) }, map)
        }
        return (value, map)
    }
}
