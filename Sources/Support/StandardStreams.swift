import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to stdout and stderr with plain `write(2)`, ignoring a reader that went away.
///
/// With SIGPIPE ignored (the CLI does so first thing), `podserve-gate advance dns | head -1` must not end a run
/// that is committing a transition: a closed pipe only means nobody reads the rest of the output. Foundation's
/// `FileHandle.write` traps on EPIPE, so every output of the tool goes through here.
package enum StandardStreams {
    package static func out(_ text: String) { write(Data(text.utf8), to: STDOUT_FILENO) }
    package static func err(_ text: String) { write(Data(text.utf8), to: STDERR_FILENO) }
    package static func out(_ data: Data) { write(data, to: STDOUT_FILENO) }

    /// Ignores SIGPIPE for the whole process, so a closed pipe is an EPIPE this type swallows.
    package static func ignoreBrokenPipes() { signal(SIGPIPE, SIG_IGN) }

    private static func write(_ data: Data, to fd: Int32) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }  // EPIPE or another error: the reader is gone
                offset += written
            }
        }
    }
}
