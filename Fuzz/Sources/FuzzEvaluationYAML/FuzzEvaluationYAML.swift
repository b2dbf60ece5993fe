import JixiaoFormats

/// The YAML evaluation reader, then the check catalogue on whatever it reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let loaded = try? EvaluationFile.parse(text, format: .yaml) { _ = loaded.check() }
    return 0
}
