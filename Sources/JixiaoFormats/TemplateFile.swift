import Foundation
import JixiaoCore

/// Reading report templates: files a bureau writes (YAML or JSON), and the ones built in.
public enum TemplateFile {
    /// Reads a template file; every problem comes back located (file:line, field).
    public static func load(path: String) throws(SourceErrors) -> ReportTemplate {
        let (text, format) = try DocumentFile.read(path: path)
        return try parse(text, format: format, file: path)
    }

    public static func parse(_ text: String, format: FileFormat = .yaml, file: String = "") throws(SourceErrors) -> ReportTemplate {
        try DocumentFile.decode(ReportTemplate.self, from: text, format: format, file: file) { $0.structuralProblems() }.0
    }

    /// A built-in template by its `id`, or else a template file at that path.
    public static func resolve(_ idOrPath: String) throws(SourceErrors) -> ReportTemplate {
        if let builtIn = BuiltInTemplates.template(idOrPath) { return builtIn }
        guard FileFormat(path: idOrPath) != nil || FileManager.default.fileExists(atPath: idOrPath) else {
            let ids = BuiltInTemplates.all.map(\.id).joined(separator: "、")
            throw SourceErrors([SourceError(location: nil, message: "没有 ID 为「\(idOrPath)」的内置报告模板（可用：\(ids)），也不是模板文件路径")])
        }
        return try load(path: idOrPath)
    }
}

extension TemplateFile {
    /// `jixiao templates --format json`: each template's ID, name, place, source and numbered outline.
    public static func listJSON(_ templates: [ReportTemplate]) -> String {
        let items = templates.map { t in
            SourceNode.object([
                ("id", .text(t.id)), ("name", .text(t.name)), ("jurisdiction", .text(t.jurisdiction)), ("source", .text(t.source)),
                ("outline", .array(t.outline.map { h in
                    .object([("level", .number(h.level)), ("heading", .text(h.number + h.heading.title)), ("required", .bool(h.isRequired)),
                             ("parts", .array((h.heading.parts ?? []).map { .text($0.rawValue) }))])
                })),
            ])
        }
        return JSONWriter.write(.object([("templates", .array(items))]))
    }
}
