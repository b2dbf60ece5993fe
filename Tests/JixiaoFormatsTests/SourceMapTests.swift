import Foundation
import Testing
import JixiaoCore
@testable import JixiaoFormats

/// `SourceMap` walks the tree when asked; the map of every node's path it replaced is kept here
/// as the reference it must agree with.
@Suite("Source locations of field paths")
struct SourceMapTests {
    static func everyPath(_ root: SourceNode) -> [FieldPath: JixiaoCore.SourceLocation] {
        var locations: [FieldPath: JixiaoCore.SourceLocation] = [:]
        func record(_ node: SourceNode, _ path: FieldPath, _ keyLocation: JixiaoCore.SourceLocation?) {
            switch node.content {
            case .mapping(let entries):
                locations[path] = keyLocation ?? node.location
                for entry in entries { record(entry.value, path / entry.key, entry.keyLocation) }
            case .sequence(let items):
                locations[path] = keyLocation ?? node.location
                for (i, item) in items.enumerated() { record(item, path[i], nil) }
            case .scalar, .null:
                locations[path] = node.location ?? keyLocation
            }
        }
        record(root, .root, nil)
        return locations
    }

    @Test("Every path of the example at the place the full map had it, and a path the file lacks at its nearest ancestor")
    func example() throws {
        let text = try String(contentsOfFile: examplePath, encoding: .utf8)
        let root = try EvaluationFile.tree(parsing: text, format: .yaml)
        let map = SourceMap(root), reference = Self.everyPath(root)
        #expect(reference.count > 400)
        for (path, location) in reference {
            #expect(map.location(of: path) == location, "\(path)")
            #expect(map.contains(path) && !map.contains(path / "no_such_field"), "\(path)")
            #expect(map.location(of: path / "no_such_field") == location, "\(path) / no_such_field")
            #expect(map.location(of: path[999]) == location, "\(path)[999]")
        }
        #expect(map.location(of: "no_such_section.total") == root.location)
    }

    @Test("A key with a point or a bracket in it is found whole")
    func keysWithSeparators() throws {
        let root = try EvaluationFile.tree(parsing: "a:\n  b.c:\n    d: 1\n  b:\n    x: 2\n  \"e[0]\": 3\n", format: .yaml)
        let map = SourceMap(root), reference = Self.everyPath(root)
        for path in ["a.b.c.d", "a.b.x", "a.e[0]"] as [FieldPath] { #expect(map.location(of: path) == reference[path], "\(path)") }
    }
}
