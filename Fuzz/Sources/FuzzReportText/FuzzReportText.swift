import JixiaoAudit

/// The report-text reader: outline, figures and text rules of the audit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = Auditor.audit(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
