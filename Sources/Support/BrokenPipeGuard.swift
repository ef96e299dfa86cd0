import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps a write to a child's stdin from killing this process when the child exited without reading it.
///
/// The CLI ignores SIGPIPE process-wide (`StandardStreams.ignoreBrokenPipes()`), but the runner is also a
/// library (`Engine`, the test binary) where SIGPIPE may still have its default action, which ends the
/// process. A write to a pipe without readers raises SIGPIPE on the writing thread only, so blocking it on
/// that thread for the duration, then discarding the one that became pending, turns it into the EPIPE the
/// write returns, without touching the process-wide disposition other code relies on.
enum BrokenPipeGuard {
    static func run<T>(_ body: () -> T) -> T {
        var block = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        var pendingBefore = sigset_t()
        sigpending(&pendingBefore)
        let result = body()
        // Discard only a SIGPIPE that our writes raised: one pending before was someone else's.
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1, sigismember(&pendingBefore, SIGPIPE) == 0 {
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            while sigtimedwait(&block, nil, &zero) < 0 && errno == EINTR {}
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        return result
    }
}
