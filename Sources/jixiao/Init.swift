import ArgumentParser
import Foundation
import JixiaoFormats

extension Jixiao {
    /// `jixiao init --unit NAME --year YYYY [--template ID|PATH]`: a commented blank evaluation
    /// file to fill in, its parts in the template's outline order.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init", abstract: "生成带注释的空白自评数据文件。")

        @Option(help: "单位名称，如 廉江市总工会。")
        var unit: String

        @Option(help: "评价年度，如 2021。")
        var year: Int

        @Option(name: .shortAndLong, help: "输出文件（默认：单位名称-年度.yaml）。")
        var output: String?

        @Option(help: "报告模板：内置模板的 ID（见 jixiao templates）或模板文件路径；空白文件按其提纲的次序和标题排列。默认湛江/廉江模板。")
        var template: String?

        @Flag(help: "覆盖已存在的文件。")
        var force = false

        func validate() throws {
            guard (2000...2100).contains(year) else { throw ValidationError("评价年度「\(year)」无效：应为四位年份，如 2021") }
            guard !unit.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("单位名称不能为空") }
        }

        func run() throws {
            let outline = try template.map { id in try loadOrExit { try TemplateFile.resolve(id) } } ?? .standard
            let path = output ?? "\(unit)-\(year).yaml"
            if !force && FileManager.default.fileExists(atPath: path) {
                printError("\(path): 错误: 文件已存在（如需覆盖请加 --force）")
                throw ExitCode(2)
            }
            try EvaluationFile.write(EvaluationTemplate.yaml(unit: unit, year: year, template: outline), to: path)
            print("已生成 \(path)：按注释填写后运行 jixiao check \(path)")
        }
    }
}
