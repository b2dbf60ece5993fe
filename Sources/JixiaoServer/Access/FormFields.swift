import Foundation
import JixiaoForms
import Vapor

/// The parts of a `multipart/form-data` body (上传表单), read byte for byte. Browsers put a file's name
/// in the part header as raw UTF-8 (「填报.xlsx」), which not every parser accepts; this one only splits
/// at the boundary and reads `name` and `filename` from the header.
struct MultipartFields: Sendable {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var data: Data
    }

    /// Parts a body may have. The upload forms send three (token, base revision, file); the largest form
    /// of all, 年度工作与重点任务, some 650 fields in the example, is posted URL-encoded.
    static let partLimit = 1_000

    /// A body of more than `partLimit` parts.
    struct TooManyParts: Error {}

    var parts: [Part]

    /// Splits `body` at `boundary`, each boundary searched for from where the last one ended, in time
    /// linear in the body (`Data.range(of:in:)` from each part to the end was quadratic).
    init(body: Data, boundary: String) throws {
        let delimiter = BytePattern("--\(boundary)")
        parts = try body.withUnsafeBytes { bytes in
            func endsLine(at index: Int) -> Bool { bytes[index] == UInt8(ascii: "\r") && bytes[index + 1] == UInt8(ascii: "\n") }
            var parts: [Part] = [], count = 0
            var from = delimiter.firstOffset(in: bytes, from: 0, to: bytes.count).map { $0 + delimiter.count }
            while let start = from, let next = delimiter.firstOffset(in: bytes, from: start, to: bytes.count) {
                count += 1
                guard count <= Self.partLimit else { throw TooManyParts() }
                var (lower, upper) = (start, next)
                if upper - lower >= 2, endsLine(at: lower) { lower += 2 }
                if upper - lower >= 2, endsLine(at: upper - 2) { upper -= 2 }
                if let split = Self.headerEnd.firstOffset(in: bytes, from: lower, to: upper) {
                    let header = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lower..<split]), as: UTF8.self)
                    if let name = Self.attribute("name", in: header) {
                        parts.append(Part(name: name, filename: Self.attribute("filename", in: header),
                                          data: Data(bytes[(split + Self.headerEnd.count)..<upper])))
                    }
                }
                from = next + delimiter.count
            }
            return parts
        }
    }

    private static let headerEnd = BytePattern("\r\n\r\n")

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

/// A byte string to find in bytes: Knuth–Morris–Pratt, so that the time is linear in the bytes searched
/// whatever they and the pattern hold (a client picks the boundary).
private struct BytePattern {
    private let bytes: [UInt8]
    /// For each prefix of the pattern, the length of its longest proper prefix that is also its suffix.
    private let fallback: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var fallback = [Int](repeating: 0, count: bytes.count), matched = 0
        for i in bytes.indices.dropFirst() {
            while matched > 0 && bytes[i] != bytes[matched] { matched = fallback[matched - 1] }
            if bytes[i] == bytes[matched] { matched += 1 }
            fallback[i] = matched
        }
        self.fallback = fallback
    }

    var count: Int { bytes.count }

    /// Where the pattern first begins in `haystack[from..<end]`.
    func firstOffset(in haystack: UnsafeRawBufferPointer, from: Int, to end: Int) -> Int? {
        guard let base = haystack.baseAddress, !bytes.isEmpty else { return nil }
        var matched = 0, i = from
        while i < end {
            if matched == 0 {
                // Nothing matched yet: on to the next byte that can begin a match.
                guard let next = memchr(base + i, Int32(bytes[0]), end - i) else { return nil }
                i = base.distance(to: UnsafeRawPointer(next))
            }
            let byte = haystack[i]
            while matched > 0 && byte != bytes[matched] { matched = fallback[matched - 1] }
            if byte == bytes[matched] { matched += 1 }
            i += 1
            if matched == bytes.count { return i - matched }
        }
        return nil
    }
}

extension Request {
    private struct MultipartFieldsKey: StorageKey { typealias Value = MultipartFields }
    private struct PostedFormKey: StorageKey { typealias Value = PostedForm }

    /// The parts of the request's `multipart/form-data` body, or nil for another body. Read once per
    /// request: the CSRF check and the handler share them. More than `MultipartFields.partLimit`: 413.
    func multipartFields() throws -> MultipartFields? {
        if let read = storage[MultipartFieldsKey.self] { return read }
        guard let type = headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"],
            let body = body.data
        else { return nil }
        let fields: MultipartFields
        do { fields = try MultipartFields(body: Data(buffer: body), boundary: boundary) } catch is MultipartFields.TooManyParts {
            throw Abort(.payloadTooLarge, reason: "上传的表单项过多（至多 \(MultipartFields.partLimit) 项）")
        }
        storage[MultipartFieldsKey.self] = fields
        return fields
    }

    /// The fields of the request's `application/x-www-form-urlencoded` body, or nil for another body.
    /// Read once per request: the CSRF check and the handler share them.
    func postedForm() -> PostedForm? {
        if let read = storage[PostedFormKey.self] { return read }
        guard headers.contentType == .urlEncodedForm, let body = body.data else { return nil }
        let form = PostedForm(String(decoding: body.readableBytesView, as: UTF8.self))
        storage[PostedFormKey.self] = form
        return form
    }
}
