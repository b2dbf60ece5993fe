import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats

extension Jixiao {
    /// `jixiao score FILE --framework ID|PATH`: the scoring table with the basis of every score.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract: "按评分框架为自评数据文件评分，列出每项指标的得分依据。",
            discussion: "退出码：0 完成；1 填报的得分或等级与计算不符；2 文件或框架无法读取。")

        @Argument(help: "自评数据文件（.yaml 或 .json）。")
        var file: String

        @Option(help: "评分框架：内置框架的 ID（见 jixiao frameworks）或框架文件路径；项目表可省略（用文件所指定的或全国默认的项目评分规则）。")
        var framework: String?

        @Option(help: "评审打分文件（format: jixiao/answers@1），覆盖数据文件中的自评作答。")
        var answers: String?

        @Option(help: "输出格式：text 或 json。")
        var format: OutputFormat = .text

        func run() throws {
            let document = try loadOrExit { try LoadedDocument.load(path: file) }
            guard case .evaluation(let loaded) = document else {
                if case .project(let project) = document {
                    try ProjectCommands.score(project, file: file, framework: framework, format: format)
                }
                return
            }
            let compiled = try loadOrExit { try FrameworkFile.resolve(try requiredFramework(framework)) }
            let reviewer = try answers.map { path in try loadOrExit { try AnswersFile.load(path: path) }.answers } ?? []
            let sheet = compiled.score(loaded.evaluation, answers: reviewer)
            var options = CheckOptions()
            options.framework = compiled
            let findings = loaded.check(options: options).filter { ["score.mismatch", "grade.mismatch"].contains($0.rule) }
            try printScoring(table: ScoreReport.text(sheet), json: { ScoreReport.json(sheet, findings: findings) },
                             findings: findings, file: file, format: format)
        }
    }

    /// `jixiao frameworks`: the built-in indicator frameworks.
    struct Frameworks: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "frameworks", abstract: "列出内置的评分框架。")

        @Option(help: "输出格式：text 或 json。")
        var format: OutputFormat = .text

        @Option(help: "框架种类：overall（部门整体支出）或 project（项目支出绩效自评表）。")
        var kind: FrameworkKind = .overall

        func run() throws {
            if kind == .project {
                let frameworks = try loadOrExit { try BuiltInProjectFrameworks.all() }
                switch format {
                case .text: for f in frameworks { print("\(f.id)\t\(f.name)\t\(f.jurisdiction ?? "")\t\(f.source)") }
                case .json: print(ProjectScoreReport.frameworksJSON(frameworks), terminator: "")
                }
                return
            }
            let frameworks = try loadOrExit { try BuiltInFrameworks.all() }.map(\.framework)
            switch format {
            case .text:
                for f in frameworks {
                    print("\(f.id)\t\(f.name)\t\(f.jurisdiction ?? "")\t\(f.year.map(String.init) ?? "")\t\(f.source)")
                }
            case .json:
                print(ScoreReport.frameworksJSON(frameworks), terminator: "")
            }
        }
    }
}

/// A scoring table, then the findings on the stated scores (in JSON, one document); exit 1 when any is an error.
func printScoring(table: String, json: () -> String, findings: [Finding], file: String, format: OutputFormat) throws {
    switch format {
    case .text:
        print(table, terminator: "")
        if !findings.isEmpty { print(FindingReport.text(file: file, findings: findings), terminator: "") }
    case .json:
        print(json(), terminator: "")
    }
    if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
}

/// The kinds of framework `jixiao frameworks` lists.
enum FrameworkKind: String, ExpressibleByArgument, CaseIterable {
    case overall, project
}

/// `--framework`, which an overall evaluation cannot be scored or rendered without.
func requiredFramework(_ framework: String?) throws -> String {
    guard let framework else { throw ValidationError("部门整体自评需要 --framework：内置框架的 ID（见 jixiao frameworks）或框架文件路径") }
    return framework
}

/// Runs a loader; on located errors prints them and exits with code 2.
func loadOrExit<T>(_ load: () throws -> T) throws -> T {
    do {
        return try load()
    } catch let error as SourceErrors {
        printError(error.description)
        throw ExitCode(2)
    }
}

/// What a workbook or a report was made into, as text no larger than the server stores as a
/// revision (measured before it is written); exits with code 2, naming `source`, when larger.
func draftText(_ evaluation: Evaluation, as format: FileFormat, from source: String) throws -> String {
    do { return try EvaluationFile.render(evaluation, as: format, within: .revision) } catch let errors as SourceErrors {
        printError(errors.errors.map { "\(source): 错误: \($0.message)" }.joined(separator: "\n"))
        throw ExitCode(2)
    }
}

/// The format an output file's extension names; exits with code 2 for any other extension.
func outputFormat(_ path: String) throws -> FileFormat {
    guard let format = FileFormat(path: path) else {
        printError("\(path): 错误: 无法识别的输出文件类型：应为 .yaml、.yml 或 .json")
        throw ExitCode(2)
    }
    return format
}
