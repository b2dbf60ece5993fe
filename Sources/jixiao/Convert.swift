import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats

extension Jixiao {
    /// `jixiao convert IN -o OUT`: YAML ⇄ JSON, same model, same stated precision.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",
            abstract: "在 YAML 与 JSON 之间转换自评数据文件或项目自评表（无损）。")

        @Argument(help: "输入文件（.yaml 或 .json）。")
        var input: String

        @Option(name: .shortAndLong, help: "输出文件（扩展名决定格式）。")
        var output: String

        func run() throws {
            let format = try outputFormat(output)
            let text = switch try loadOrExit({ try LoadedDocument.load(path: input) }) {
            case .evaluation(let loaded): try EvaluationFile.render(loaded.evaluation, as: format)
            case .project(let loaded): try ProjectFile.render(loaded.project, as: format)
            }
            try EvaluationFile.write(text, to: output)
        }
    }
}
