import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender

extension Jixiao {
    /// `jixiao template --xlsx OUT.xlsx [--from FILE]`: the standard workbook clerks fill in.
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template",
            abstract: "生成标准填报工作簿（XLSX）：空白，或由自评数据文件填好。",
            discussion: """
                工作簿含「说明」「代码表」、各表格工作表和「其他字段」；灰色单元格为公式，已锁定。
                填好后用 jixiao import 读回自评数据文件。退出码：0 完成；2 文件无法读取或无法写出。
                """)

        @Option(help: "输出的工作簿（.xlsx）。")
        var xlsx: String

        @Option(help: "用此自评数据文件（.yaml 或 .json）填写工作簿；省略则生成空白工作簿。")
        var from: String?

        @Option(name: .customLong("project"), help: "本年度的项目支出绩效自评表文件（可重复）：每个项目一个工作表「项目1」「项目2」……")
        var projects: [String] = []

        func run() throws {
            guard (xlsx as NSString).pathExtension.lowercased() == "xlsx" else {
                printError("\(xlsx): 错误: 输出文件应为 .xlsx")
                throw ExitCode(2)
            }
            let evaluation = try from.map { path in try loadOrExit { try EvaluationFile.load(path: path) }.evaluation }
            let forms = try projects.map { path in try loadOrExit { try ProjectFile.load(path: path) }.project }
            let data = try StandardWorkbook.make(evaluation, projects: forms)
            do {
                try data.write(to: URL(fileURLWithPath: xlsx), options: .atomic)
            } catch {
                printError("\(xlsx): 错误: 无法写出：\(error.localizedDescription)")
                throw ExitCode(2)
            }
            print(xlsx)
        }
    }

    /// `jixiao import WORKBOOK.xlsx -o FILE.yaml`: a filled standard workbook back to an evaluation file.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "读回填好的标准工作簿（XLSX），写出自评数据文件（YAML 或 JSON）。",
            discussion: """
                读回时与读取 YAML 文件做同样的检查；有误时指出工作表和单元格（如 功能分类!C4），不写出任何文件。
                工作簿中的「项目1」「项目2」……各写成输出文件旁的一个项目支出绩效自评表文件（如 自评数据-project-1.yaml）。
                退出码：0 完成；2 工作簿有误、无法读取或无法写出。
                """)

        @Argument(help: "填好的标准工作簿（.xlsx）。")
        var workbook: String

        @Option(name: .shortAndLong, help: "输出文件（.yaml、.yml 或 .json，扩展名决定格式）。")
        var output: String

        func run() throws {
            let format = try outputFormat(output)
            let evaluation: Evaluation, projects: [ProjectEvaluation]
            do {
                let document = try WorkbookImport.document(path: workbook)
                evaluation = try WorkbookImport.read(document, file: workbook)
                projects = try WorkbookImport.projects(of: document, file: workbook)
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
            // No larger than the server would store, measured before it is written; atomic: the
            // output is either the whole file or untouched. Every file is made before any is written.
            let base = (output as NSString).deletingPathExtension
            let texts = [(output, try draftText(evaluation, as: format, from: workbook))]
                + (try projects.enumerated().map { i, project in
                    ("\(base)-project-\(i + 1).\((output as NSString).pathExtension)", try ProjectFile.render(project, as: format))
                })
            for (path, text) in texts {
                try EvaluationFile.write(text, to: path)
                if path != output { print(path) }
            }
        }
    }
}
