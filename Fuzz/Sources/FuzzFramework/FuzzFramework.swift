import JixiaoFormats

/// The framework reader and compiler (indicator tree, rules, formulas).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? FrameworkFile.parse(text, format: .yaml)
    return 0
}
