import Foundation
import JixiaoCore
import JixiaoForms
import JixiaoFormats

/// The part forms' decoder: a posted body (the first byte picks the part) decoded as the server
/// decodes it, applied to the worked example's tree, a row action tried, and the file made from
/// it. What `FormEngine.file` writes must read back: it promises a file the server can store.
private let example = try! String(contentsOfFile: "examples/lianjiang-zonggonghui-2021.yaml", encoding: .utf8)
private let stored = try! EvaluationFile.tree(parsing: example, format: .yaml)
private let framework = try! FrameworkFile.resolve("national-2013").framework

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size > 0, let data else { return 0 }
    let part = ReportParts.all[Int(data[0]) % ReportParts.all.count]
    let body = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let posted = PostedForm(body)
    // A form that would make more than its budget is refused whole.
    guard let built = try? FormEngine.build(part, posted: posted.values, stored: stored, framework: framework) else { return 0 }
    var tree = built.tree
    let typed = built.problems
    if let action = posted.values["_action"], action != "save" {
        _ = FormEngine.apply(action: action, to: &tree)
        return 0
    }
    guard let text = try? FormEngine.file(from: tree, stored: stored, storedText: example, typed: typed) else { return 0 }
    do { _ = try EvaluationFile.parse(text, format: .yaml) } catch {
        fatalError("the form made a file that does not read back: \(error.errors.map(\.message))\n\(text)")
    }
    return 0
}
