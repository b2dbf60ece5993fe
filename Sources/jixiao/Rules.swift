import ArgumentParser
import JixiaoAudit
import JixiaoCore
import JixiaoFormats

extension Jixiao {
    /// `jixiao rules`: the check catalogue, as a table or as the Markdown of docs/checks.md.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rules", abstract: "列出全部审核规则。")

        enum Form: String, ExpressibleByArgument { case text, markdown }

        @Option(help: "输出格式：text 或 markdown（即 docs/checks.md；加 --text 时为 docs/text-rules.md）。")
        var format: Form = .text

        @Flag(help: "列出审核报告纯文本（jixiao audit）的文本规则。")
        var text = false

        func run() {
            if text {
                switch format {
                case .text: for rule in TextRule.catalogue { print("\(rule.id)\t\(rule.severity.label)\t\(rule.kind.label)\t\(rule.title)") }
                case .markdown: print(TextRule.markdown(), terminator: "")
                }
                return
            }
            switch format {
            case .text:
                for rule in CheckCatalogue.rules {
                    print("\(rule.id)\t\(rule.severity.label)\t\(rule.kind.label)\t\(rule.title)")
                }
            case .markdown:
                print(RuleDocs.markdown(), terminator: "")
            }
        }
    }
}
