import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child just started, with the parent's ends of its pipes (all close-on-exec).
struct SpawnedChild {
    let pid: pid_t
    let stdout: Int32
    let stderr: Int32
    /// Non-blocking write end of the child's stdin; nil when the spec has no input (stdin is /dev/null).
    let stdin: Int32?
}

/// Starts a child with posix_spawn in its own process group, its stdin, stdout and stderr wired to fresh
/// close-on-exec pipes; on every failure path each descriptor created here is closed before the throw.
enum ChildSpawn {
    static func start(_ spec: ProcessSpec, registry: ChildRegistry) throws -> SpawnedChild {
        let command = spec.displayCommand
        var pipes: [CloseOnExecPipe] = []
        do {
            pipes.append(try CloseOnExecPipe(for: command))
            pipes.append(try CloseOnExecPipe(for: command))
            if let input = spec.standardInput, !input.isEmpty { pipes.append(try CloseOnExecPipe(for: command)) }
        } catch {
            for pipe in pipes { pipe.closeBoth() }
            throw error
        }
        let (out, err) = (pipes[0], pipes[1])
        let input = pipes.count > 2 ? pipes[2] : nil
        let pid: pid_t
        do {
            pid = try spawn(
                spec, stdin: input?.readEnd, stdout: out.writeEnd, stderr: err.writeEnd,
                registry: registry)
        } catch {
            for pipe in pipes { pipe.closeBoth() }
            throw error
        }
        // The child holds its own copies now; ours would keep its pipes from ever reaching EOF.
        close(out.writeEnd)
        close(err.writeEnd)
        if let input {
            close(input.readEnd)
            // Non-blocking, so a child that stops reading never stalls the loop that drains its output.
            _ = fcntl(input.writeEnd, F_SETFL, fcntl(input.writeEnd, F_GETFL) | O_NONBLOCK)
        }
        return SpawnedChild(pid: pid, stdout: out.readEnd, stderr: err.readEnd, stdin: input?.writeEnd)
    }

    /// posix_spawnp with only the three intended descriptors dup2'd into the child; returns its pid.
    private static func spawn(
        _ spec: ProcessSpec, stdin: Int32?, stdout: Int32, stderr: Int32,
        registry: ChildRegistry
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        if let dir = spec.workingDirectory {
            let rc = CCalls.addChdir(&actions, dir)
            guard rc == 0 else { throw ProcessError.spawnFailed(command: spec.displayCommand, errno: rc) }
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // The child starts with default handlers (this process ignores SIGPIPE and handles SIGINT) and no
        // blocked signals (the runner blocks SIGPIPE on its own thread while it writes stdin).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setsigmask(&attr, &mask)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = [spec.executable] + spec.arguments
        let env = (spec.environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let rc: Int32 = try registry.spawning(command: spec.displayCommand) {
            withCStrings(argv) { argvp in
                withCStrings(env) { envp in
                    posix_spawnp(&pid, spec.executable, &actions, &attr, argvp, envp)
                }
            }
        } register: {
            pid
        }
        guard rc != 0 else { return pid }
        if let dir = spec.workingDirectory, let problem = unusableDirectory(dir) {
            throw ProcessError.workingDirectoryUnusable(directory: dir, command: spec.displayCommand, errno: problem)
        }
        if rc == ENOENT { throw ProcessError.notFound(executable: spec.executable) }
        throw ProcessError.spawnFailed(command: spec.displayCommand, errno: rc)
    }

    /// Why `dir` cannot be a child's working directory (ENOENT, ENOTDIR, EACCES), or nil when it can: the
    /// spawn reports a failed chdir as a bare errno that would otherwise read as "program not found".
    private static func unusableDirectory(_ dir: String) -> Int32? {
        var info = stat()
        guard stat(dir, &info) == 0 else { return errno }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return ENOTDIR }
        guard access(dir, X_OK) == 0 else { return errno }
        return nil
    }
}

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
