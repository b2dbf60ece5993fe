import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats

extension Jixiao {
    /// `jixiao templates`: the built-in report templates (outlines).
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "templates",
            abstract: "列出内置的报告模板（提纲）：render、check、audit 用 --template 选用，或给财政局自己的模板文件路径。")

        @Option(help: "输出格式：text 或 json。")
        var format: OutputFormat = .text

        func run() throws {
            switch format {
            case .text:
                for t in BuiltInTemplates.all {
                    let parts = t.headings.enumerated().map { i, h in h.numbering.label(i + 1) + h.title }.joined(separator: " ")
                    print("\(t.id)\t\(t.name)\t\(t.jurisdiction ?? "")\t\(parts)\t\(t.source)")
                }
            case .json:
                print(TemplateFile.listJSON(BuiltInTemplates.all), terminator: "")
            }
        }
    }
}

/// The template a command follows: `--template`, else the one the evaluation file names (a path
/// relative to the file), else 湛江/廉江's. Exits with code 2 when it does not read, the file's
/// own choice named at its line.
func reportTemplate(option: String?, for loaded: LoadedEvaluation) throws -> ReportTemplate {
    if let option { return try loadOrExit { try TemplateFile.resolve(option) } }
    guard let recorded = loaded.evaluation.template else { return .standard }
    let path = BuiltInTemplates.template(recorded) != nil || recorded.hasPrefix("/") ? recorded
        : URL(fileURLWithPath: loaded.file).deletingLastPathComponent().appendingPathComponent(recorded).path
    do {
        return try TemplateFile.resolve(path)
    } catch {
        var located = SourceError(location: loaded.sourceMap.location(of: FieldPath("template")), path: FieldPath("template"),
                                  message: "报告模板「\(recorded)」无法读取：" + error.errors.map(\.message).joined(separator: "；"))
        located.file = loaded.file
        printError(located.description)
        for inner in error.errors where inner.location != nil { printError(inner.description) }
        throw ExitCode(2)
    }
}
