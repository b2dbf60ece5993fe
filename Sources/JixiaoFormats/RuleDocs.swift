import JixiaoCore

/// The Markdown of `docs/checks.md`, generated from the catalogue so the two never drift.
public enum RuleDocs {
    public static func markdown() -> String {
        var out = """
        # 审核规则 / Check catalogue

        `jixiao check` 对自评数据文件运行的全部规则。每条规则有稳定的 ID、严重程度、说明，以及一个会触发和一个不会触发的示例；
        这些示例同时是测试（`swift test` 逐条运行）。本文件由 `swift run jixiao rules --format markdown > docs/checks.md` 生成。

        Every rule `jixiao check` runs: stable ID, severity (error 错误 / warning 警告 / info 提示), what it catches,
        and a failing and a passing example. The examples are run as tests; this file is generated from the catalogue.

        Figures are judged by their stated precision (XBRL Calculations 1.1): a figure stated with *d* decimals in unit
        *u* stands for ±0.5·10⁻ᵈ *u*, and a relation fails only when no values inside the intervals satisfy it.

        | ID | 严重程度 | 类别 | 名称 |
        | --- | --- | --- | --- |

        """
        for rule in CheckCatalogue.rules {
            out += "| [`\(rule.id)`](#\(anchor(rule.id))) | \(rule.severity.rawValue) \(rule.severity.label) | \(rule.kind.label) | \(rule.title) |\n"
        }
        for rule in CheckCatalogue.rules {
            out += "\n## \(rule.id)\n\n**\(rule.title)** — \(rule.severity.rawValue)（\(rule.severity.label)），\(rule.kind.label)\n\n\(rule.summary)\n"
            for (heading, examples) in [("触发", rule.triggering), ("不触发", rule.nonTriggering)] {
                for example in examples {
                    out += "\n\(heading)：\(example.title)\n\n```yaml\n\(example.document)\n```\n"
                    if let framework = example.framework {
                        out += "\n评分框架：\n\n```yaml\n\(framework)\n```\n"
                    }
                }
            }
        }
        return out
    }

    private static func anchor(_ id: String) -> String { id.replacingOccurrences(of: ".", with: "") }
}
