import Foundation
import JixiaoRender
import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// 耗时工作 — what takes seconds and memory on what a user sent: a PDF's text (pdftotext), the
/// report's PDF (LibreOffice) with the package it is part of, a workbook's import, the analysis of
/// a large file. It runs on threads of its own at a lower priority: never on the event loops, nor
/// on the application's thread pool, which SQLite and the static files need. At most `jobs` run at
/// once and `waiting` more wait; beyond that a request is refused at once (429, `Busy`) rather than
/// queued without end. After each job the memory it freed goes back to the system.
final class SlowWork: Sendable {
    /// How much slow work the server takes at once.
    struct Capacity: Sendable {
        /// Jobs that run at once: each may hold a processor (and a pdftotext or LibreOffice
        /// process with it) for its limits' seconds.
        var jobs: Int
        /// Jobs that may wait for one of those.
        var waiting: Int

        static let standard = Capacity(jobs: 2, waiting: 4)
    }

    /// 服务器繁忙 — every place for slow work is taken: 429 with Retry-After.
    struct Busy: AbortError {
        var status: HTTPResponseStatus { .tooManyRequests }
        var reason: String { "服务器正忙于处理其他用户的文件（读取 PDF、导入工作簿、核对大文件或生成材料包），请 \(Self.retryAfter) 秒后重试" }
        var headers: HTTPHeaders { ["Retry-After": "\(Self.retryAfter)"] }
        /// Seconds: about what a slow job takes.
        static let retryAfter = 10
    }

    /// Evaluation text from this size (UTF-8 bytes) is analysed here: the worked example has 34 KB
    /// (some 20 ms to read, check and score), 256 KB take some 100 ms in a debug build, the largest
    /// text accepted (2 MB) most of a second.
    static let largeText = 256 << 10

    let capacity: Capacity
    private let pool: NIOThreadPool
    /// Jobs running or waiting.
    private let admitted = NIOLockedValueBox(0)

    init(capacity: Capacity = .standard) {
        self.capacity = capacity
        pool = NIOThreadPool(numberOfThreads: capacity.jobs)
        pool.start()
    }

    /// `work`'s result, computed on the slow-work threads; throws `Busy` at once when every place is taken.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let entered = admitted.withLockedValue { count in
            guard count < capacity.jobs + capacity.waiting else { return false }
            count += 1
            return true
        }
        guard entered else { throw Busy() }
        defer { admitted.withLockedValue { $0 -= 1 } }
        return try await pool.runIfActive {
            Self.yieldToPages()
            defer { Self.returnFreedMemory() }
            return try work()
        }
    }

    /// `work`'s result: on the slow-work threads when `slow` (as `run`), else at once on the caller's.
    func run<T: Sendable>(if slow: Bool, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        slow ? try await run(work) : try work()
    }

    func shutdown() async throws { try await pool.shutdownGracefully() }

    /// Runs the calling thread at nice 10, so that the processors serve pages first; pdftotext and
    /// LibreOffice, started from it, inherit it. On Linux the nice value is the thread's (`who` 0).
    private static func yieldToPages() {
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// Gives the pages that a large job freed back to the system (`malloc_trim(0)`, which Swift's
    /// Glibc module does not declare): glibc keeps them in its per-thread arenas otherwise, and a
    /// server that once read a large file stays at its peak.
    private static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }

    #if canImport(Glibc)
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim")
        .map { unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self) }
    #endif
}

/// Stops the slow-work threads with the application.
struct SlowWorkShutdown: LifecycleHandler {
    let slowWork: SlowWork
    func shutdownAsync(_ application: Application) async { try? await slowWork.shutdown() }
}

extension Application {
    private struct SlowWorkKey: StorageKey { typealias Value = SlowWork }
    private struct PDFTextLimitsKey: StorageKey { typealias Value = ProcessLimits }

    /// The pool of slow work (`SlowWork`), made with the application.
    var slowWork: SlowWork {
        get {
            guard let slowWork = storage[SlowWorkKey.self] else { fatalError("configure(_:) makes the slow-work pool") }
            return slowWork
        }
        set { storage[SlowWorkKey.self] = newValue }
    }

    /// What pdftotext may take for one uploaded PDF (`ServerConfiguration.pdfTextLimits`).
    var pdfTextLimits: ProcessLimits {
        get { storage[PDFTextLimitsKey.self] ?? PDFText.standardLimits }
        set { storage[PDFTextLimitsKey.self] = newValue }
    }
}
