import Foundation
import JixiaoForms
import Vapor

/// The parts of a `multipart/form-data` body, read byte for byte. Browsers put a file's name in
/// the part header as raw UTF-8 (「填报.xlsx」), which not every parser accepts; this one only
/// splits at the boundary and reads `name` and `filename` from the header.
struct MultipartFields {
    struct Part {
        var name: String
        var filename: String?
        var data: Data
    }

    var parts: [Part]

    init?(_ request: Request) {
        guard let type = request.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"],
            let body = request.body.data
        else { return nil }
        self.init(body: Data(buffer: body), boundary: boundary)
    }

    init(body: Data, boundary: String) {
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        var start = body.range(of: delimiter)?.upperBound
        while let from = start, let next = body.range(of: delimiter, in: from..<body.endIndex) {
            var chunk = body[from..<next.lowerBound]
            if chunk.starts(with: Data("\r\n".utf8)) { chunk = chunk.dropFirst(2) }
            if chunk.count >= 2, chunk.suffix(2) == Data("\r\n".utf8) { chunk = chunk.dropLast(2) }
            if let split = chunk.range(of: headerEnd) {
                let header = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
                if let name = Self.attribute("name", in: header) {
                    parts.append(Part(name: name, filename: Self.attribute("filename", in: header), data: Data(chunk[split.upperBound...])))
                }
            }
            start = next.upperBound
        }
        self.parts = parts
    }

    func text(_ name: String) -> String? {
        parts.first { $0.name == name }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.filename != nil } }

    private static func attribute(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "; \(key)=\"") ?? header.range(of: ";\(key)=\"") else { return nil }
        let rest = header[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

extension PostedForm {
    /// The fields of a request's `application/x-www-form-urlencoded` body, or nil for another body.
    init?(_ request: Request) {
        guard request.headers.contentType == .urlEncodedForm, let body = request.body.data else { return nil }
        self.init(String(decoding: Data(buffer: body), as: UTF8.self))
    }
}
