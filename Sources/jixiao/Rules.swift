import ArgumentParser
import JixiaoCore
import JixiaoFormats

extension Jixiao {
    /// `jixiao rules`: the check catalogue, as a table or as the Markdown of docs/checks.md.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出全部审核规则。")

        enum Form: String, ExpressibleByArgument { case text, markdown }

        @Option(help: "输出格式：text 或 markdown（即 docs/checks.md）。")
        var format: Form = .text

        func run() {
            switch format {
            case .text:
                for rule in CheckCatalogue.rules {
                    print("\(rule.id)\t\(rule.severity.label)\t\(rule.title)")
                }
            case .markdown:
                print(RuleDocs.markdown(), terminator: "")
            }
        }
    }
}
