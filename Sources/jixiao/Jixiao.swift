import ArgumentParser

/// 绩效 — departmental overall-expenditure performance self-evaluation, done properly.
///
/// Every command states its `commandName`: left out, ArgumentParser derives each name from the
/// type's name through reflection at every start, which was 8% of a `jixiao check`.
@main
struct Jixiao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao",
        abstract: "部门整体支出绩效自评：编写、核对、评分、生成报告。",
        version: "0.1.0",
        subcommands: [Check.self, Score.self, Audit.self, Extract.self, Render.self, Frameworks.self, Templates.self, Init.self, Convert.self, Rules.self, Template.self, Import.self, Serve.self, Verify.self]
    )
}

/// Output form of commands that report to people or to programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
