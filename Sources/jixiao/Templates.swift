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
