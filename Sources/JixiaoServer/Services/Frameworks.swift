import JixiaoCore
import JixiaoFormats
import Vapor

/// 评分框架 — the built-in frameworks a bureau can open a year with, compiled once at start.
struct FrameworkRegistry: Sendable {
    let compiled: [String: CompiledFramework]

    /// Compiles every built-in framework; a broken one stops the server at start, not at a save.
    static func builtIn() throws -> FrameworkRegistry {
        var compiled: [String: CompiledFramework] = [:]
        for framework in try BuiltInFrameworks.all() { compiled[framework.framework.id] = framework }
        return FrameworkRegistry(compiled: compiled)
    }

    /// (ID, name) of each framework, sorted by ID, for the forms.
    var choices: [(id: String, name: String)] {
        compiled.keys.sorted().map { ($0, compiled[$0]!.framework.name) }
    }

    func framework(_ id: String) -> CompiledFramework? { compiled[id] }
}

extension Application {
    private struct FrameworkRegistryKey: StorageKey { typealias Value = FrameworkRegistry }

    /// The built-in frameworks, compiled.
    var frameworks: FrameworkRegistry {
        get {
            guard let registry = storage[FrameworkRegistryKey.self] else { fatalError("configure(_:) compiles the frameworks") }
            return registry
        }
        set { storage[FrameworkRegistryKey.self] = newValue }
    }
}
