import Foundation
import JixiaoRender

/// The XLSX reader (zip container, SpreadsheetML parts) and the workbook import behind it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    _ = try? WorkbookImport.read(Data(bytes: data, count: size))
    return 0
}
