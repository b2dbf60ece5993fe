import Foundation
import JixiaoCore
import Testing
@testable import JixiaoFormats

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let examplePath = repositoryRoot.appendingPathComponent("examples/lianjiang-zonggonghui-2021.yaml").path

func loadExample() throws -> LoadedEvaluation { try EvaluationFile.load(path: examplePath) }

func exampleText() throws -> String { try String(contentsOfFile: examplePath, encoding: .utf8) }

/// The real report's text, kept as a test fixture.
func corpusText() throws -> String {
    let url = try #require(Bundle.module.url(
        forResource: "lianjiang-zonggonghui-2021-zhengti-zipingbaogao", withExtension: "txt", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}

/// Parses YAML text, returning the errors (empty when it loads).
func loadErrors(_ text: String, format: FileFormat = .yaml) -> [SourceError] {
    do {
        _ = try EvaluationFile.parse(text, format: format, file: "t.\(format.rawValue)")
        return []
    } catch {
        return error.errors
    }
}

extension Array where Element == Finding {
    var ruleIDs: Set<String> { Set(map(\.rule)) }
}
