import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats

extension Jixiao {
    /// `jixiao check FILE`: the check catalogue on one evaluation file.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "核对自评数据文件：合计、同比、比率、人数、章节、得分等级等。",
            discussion: "退出码：0 无错误；1 有错误；2 文件无法读取。")

        @Argument(help: "自评数据文件（.yaml 或 .json）。")
        var file: String

        @Option(help: "输出格式：text 或 json。")
        var format: OutputFormat = .text

        @Option(help: "决算支出偏离预算多少（%）需要说明原因。")
        var deviationThreshold: Int = 20

        @Option(help: "评分框架（ID 或路径）：同时核对填报的得分、等级与按框架计算的结果；项目表为项目评分规则（见 jixiao frameworks --kind project）。")
        var framework: String?

        @Option(help: "报告模板：内置模板的 ID（见 jixiao templates）或模板文件路径；按其必需章节核对缺少的内容。默认为文件的 template 所写的模板，未写则为湛江/廉江模板。")
        var template: String?

        @Option(help: "项目表（format: jixiao/project@1）所属单位的整体自评数据文件：核对项目的全年执行数与其决算中同名的项目支出。")
        var overall: String?

        func run() throws {
            let document = try loadOrExit { try LoadedDocument.load(path: file) }
            guard case .evaluation(let loaded) = document else {
                if case .project(let project) = document {
                    try ProjectCommands.check(project, file: file, framework: framework, overall: overall, format: format)
                }
                return
            }
            var options = CheckOptions()
            options.template = try reportTemplate(option: template, for: loaded)
            options.deviationThreshold = Decimal(deviationThreshold)
            if let framework { options.framework = try loadOrExit { try FrameworkFile.resolve(framework) } }
            let findings = loaded.check(options: options)
            switch format {
            case .text: print(FindingReport.text(file: file, findings: findings), terminator: "")
            case .json: print(FindingReport.json(file: file, findings: findings), terminator: "")
            }
            if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        }
    }
}

/// Writes a message for the user to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
