#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 资源占用 — what a process has used, measured the same way on every platform: the one place
/// where the C library's platform differences are handled (public API only).
public enum ProcessUsage {
    /// This process's resource use so far.
    public static func current() -> rusage {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)  // Glibc imports RUSAGE_SELF as an enum case
        #elseif canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }

    /// The peak resident memory that `usage` records, in bytes: Linux counts `ru_maxrss` in KiB,
    /// Darwin in bytes.
    public static func peakResidentBytes(_ usage: rusage) -> Int {
        #if canImport(Glibc)
        Int(usage.ru_maxrss) * 1024
        #elseif canImport(Darwin)
        Int(usage.ru_maxrss)
        #endif
    }

    /// CPU time used by the calling thread, in seconds.
    public static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
