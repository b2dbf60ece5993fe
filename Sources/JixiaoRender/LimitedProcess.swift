import Foundation

/// 外部程序的限额 — what a program run on untrusted input (pdftotext on an uploaded PDF,
/// LibreOffice on a report) may take before it is stopped.
public struct ProcessLimits: Sendable, Equatable {
    /// Wall-clock seconds; then the program and every process it started are killed.
    public var seconds: Int
    /// Processor seconds (`RLIMIT_CPU`): a program that computes without end on a loaded machine
    /// is stopped by this before the wall clock.
    public var processorSeconds: Int
    /// Address space in bytes (`RLIMIT_AS`): an allocation beyond it fails in the program,
    /// which ends, instead of growing the machine's memory.
    public var memoryBytes: Int

    public init(seconds: Int, processorSeconds: Int, memoryBytes: Int) {
        self.seconds = seconds
        self.processorSeconds = processorSeconds
        self.memoryBytes = memoryBytes
    }
}

/// Runs a program within `ProcessLimits`. The processor and memory limits are set in the child
/// before the program starts, by util-linux's `prlimit` (`setrlimit`, then `exec`; Foundation's
/// `Process` cannot set limits itself), which every Debian has; where it is missing (not Linux)
/// only the wall-clock limit holds. The child runs in a process group of its own (as `Process`
/// starts it), so that the wall-clock limit ends LibreOffice's helper processes too.
public enum LimitedProcess {
    /// How a run ended.
    public enum Ending: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        /// Killed at the wall-clock limit.
        case timedOut
        /// Killed at the processor-time limit.
        case processorTimeExceeded
        /// Killed after giving more output than asked for.
        case outputTooLong
        /// Ended by another signal. `SIGABRT` is how pdftotext (and many C++ programs) end when an
        /// allocation fails under the memory limit.
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "退出码 \(status)"
            case .timedOut: "超过时间限额，已停止"
            case .processorTimeExceeded: "超过处理器时间限额，已停止"
            case .outputTooLong: "输出过长，已停止"
            case .signalled(let signal): "因信号 \(signal) 终止"
            }
        }
    }

    /// `prlimit`, where installed.
    public static let limiter: String? = SearchPath.find("prlimit")

    /// Runs `executable` with `arguments` within `limits`; with `outputLimit`, reads its standard
    /// output up to that many bytes (else discards it). Its standard error is discarded.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           limits: ProcessLimits, outputLimit: Int? = nil) throws -> (ending: Ending, output: Data) {
        let process = Process()
        if let limiter {
            // The soft processor limit's SIGXCPU would reach no program started from a thread that
            // blocks it (as libdispatch's do; the mask is inherited): the hard limit's SIGKILL at the
            // same second does.
            process.executableURL = URL(fileURLWithPath: limiter)
            process.arguments = ["--as=\(limits.memoryBytes)", "--cpu=\(limits.processorSeconds)", "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        if let environment { process.environment = environment }
        let out = Pipe()
        process.standardOutput = outputLimit == nil ? FileHandle.nullDevice : out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let stopped = Stopped()
        // SIGKILL, not `terminate()`'s SIGTERM: a child inherits the blocked signals of the thread
        // that starts it, and a SIGTERM blocked in jixiao's threads never reaches it.
        let watchdog = DispatchWorkItem { stopped.stop(pid, as: .timedOut) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(limits.seconds), execute: watchdog)
        var output = Data()
        if let outputLimit {
            while true {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                output.append(chunk)
                if output.count > outputLimit {
                    stopped.stop(pid, as: .outputTooLong)
                    break
                }
            }
        }
        process.waitUntilExit()
        watchdog.cancel()
        if let reason = stopped.reason { return (reason, output) }
        switch process.terminationReason {
        case .exit: return (.exited(process.terminationStatus), output)
        // Not killed from here: by the processor limit (the kernel's out-of-memory killer spares a
        // process whose address space is limited to a fraction of the machine's).
        case .uncaughtSignal where [SIGKILL, SIGXCPU].contains(process.terminationStatus): return (.processorTimeExceeded, output)
        case .uncaughtSignal: return (.signalled(process.terminationStatus), output)
        @unknown default: return (.signalled(process.terminationStatus), output)
        }
    }

    /// Why the run was stopped from here, if it was: set once, from the watchdog's thread or the reader's.
    private final class Stopped: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Ending?

        func stop(_ pid: pid_t, as reason: Ending) {
            lock.withLock {
                guard value == nil else { return }
                value = reason
                // The group first (the program's helpers), then the child itself should it have left it.
                _ = kill(-pid, SIGKILL)
                _ = kill(pid, SIGKILL)
            }
        }

        var reason: Ending? { lock.withLock { value } }
    }
}
