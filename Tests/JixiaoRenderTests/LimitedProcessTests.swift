import Foundation
import Testing
@testable import JixiaoRender

/// A program run on untrusted input: the kernel holds its memory and processor limits, the wall
/// clock ends it with every process it started, and pdftotext's ends are said in words.
@Suite("Programs run within limits")
struct LimitedProcessTests {
    static let limits = ProcessLimits(seconds: 30, processorSeconds: 7, memoryBytes: 96 << 20)

    /// The limits where prlimit can set them: Linux (CI, Debian).
    static var linux: Bool { LimitedProcess.limiter != nil && FileManager.default.fileExists(atPath: "/proc/self/limits") }

    @Test("The child's address space and processor time are limited before the program starts")
    func limitsInTheChild() throws {
        guard Self.linux else { return }
        let (ending, output) = try LimitedProcess.run("/bin/cat", ["/proc/self/limits"], limits: Self.limits, outputLimit: 1 << 20)
        #expect(ending == .exited(0))
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        let memory = try #require(lines.first { $0.hasPrefix("Max address space") }).split(separator: " ")
        #expect(memory.dropFirst(3).prefix(2) == ["\(96 << 20)", "\(96 << 20)"])
        let processor = try #require(lines.first { $0.hasPrefix("Max cpu time") }).split(separator: " ")
        #expect(processor.dropFirst(3).prefix(2) == ["7", "7"])
    }

    @Test("A program that computes without end is stopped at its processor limit")
    func processorLimit() throws {
        guard Self.linux else { return }
        let started = Date()
        let (ending, _) = try LimitedProcess.run("/bin/sh", ["-c", "while :; do :; done"],
                                                 limits: ProcessLimits(seconds: 60, processorSeconds: 1, memoryBytes: 96 << 20))
        #expect(ending == .processorTimeExceeded)
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("At the wall-clock limit the program and the processes it started are killed")
    func wallClockEndsTheGroup() throws {
        let (ending, output) = try LimitedProcess.run("/bin/sh", ["-c", "sleep 60 & echo $!; wait"],
                                                      limits: ProcessLimits(seconds: 1, processorSeconds: 10, memoryBytes: 96 << 20),
                                                      outputLimit: 1024)
        #expect(ending == .timedOut)
        let helper = try #require(Int32(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Gone, or a zombie waiting for init to reap it: not running (a killed process takes a moment to end).
        func running() -> Bool {
            let state = (try? String(contentsOfFile: "/proc/\(helper)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
            return state != nil && state != "Z"
        }
        for _ in 0..<100 where running() { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!running(), "sleep \(helper) still runs")
    }

    @Test("A pdftotext that aborts (as an allocation beyond the memory limit makes it) is said to need too much memory")
    func pdftotextOutOfMemory() throws {
        // abort(), as poppler calls it: SIGABRT however the signal mask stands.
        let folder = try fakePDFToText("exec python3 -c 'import os; os.abort()'")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: PDFText.Failure.tooMuchMemory(megabytes: 96)) {
            try PDFText.text(ofFile: "/dev/null", environment: ["PATH": folder.path], limits: Self.limits)
        }
        #expect(PDFText.Failure.tooMuchMemory(megabytes: 96).description == "读取该 PDF 所需的内存超过 96 MB，已停止；请改传报告的纯文本（.txt）")
    }
}

/// A folder holding a `pdftotext` that is the shell script `script`, to put alone on the PATH.
func fakePDFToText(_ script: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-fake-pdftotext-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let tool = folder.appendingPathComponent("pdftotext")
    try Data("#!/bin/sh\n\(script)\n".utf8).write(to: tool)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
    return folder
}
