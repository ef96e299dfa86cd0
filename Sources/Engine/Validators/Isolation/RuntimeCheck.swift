import Domain
import Foundation
import Support

/// Typed reads of a validator's `options:`; a value of the wrong shape is reported, not guessed.
package struct RuntimeOptions: Sendable {
    package var values: [String: OptionValue]
    package init(_ values: [String: OptionValue] = [:]) { self.values = values }

    package func int(_ key: String) throws -> Int? {
        guard let value = values[key] else { return nil }
        switch value {
        case .number(let d) where d == d.rounded(): return Int(d)
        case .string(let s) where Int(s) != nil: return Int(s)
        default: throw RuntimeOptionError(key: key, value: value, expected: "a whole number, e.g. `\(key): 5`")
        }
    }

    package func number(_ key: String) throws -> Double? {
        guard let value = values[key] else { return nil }
        switch value {
        case .number(let d): return d
        case .string(let s) where Double(s.replacingOccurrences(of: "%", with: "")) != nil:
            return Double(s.replacingOccurrences(of: "%", with: ""))
        default: throw RuntimeOptionError(key: key, value: value, expected: "a number, e.g. `\(key): 20`")
        }
    }

    /// A duration: `500ms`, `2s`, `1m`, `1h`, or a bare number of seconds.
    package func seconds(_ key: String) throws -> Double? {
        guard let value = values[key] else { return nil }
        switch value {
        case .number(let d): return d
        case .string(let s):
            // Domain's duration grammar, the one the plan uses; a bare number is seconds here.
            if let duration = try? DurationValue(parsing: s, bareNumber: .baseUnit) { return duration.seconds }
        default: break
        }
        throw RuntimeOptionError(key: key, value: value, expected: "a duration such as `500ms`, `2s`, `5m` or `1h`")
    }

    /// A size: `10MB`, `64MiB`, `512kB` (a bare number is bytes).
    package func bytes(_ key: String) throws -> UInt64? {
        guard let value = values[key] else { return nil }
        switch value {
        case .number(let d) where d >= 0: return UInt64(d)
        case .string(let s):
            // Domain's size grammar, the one the plan uses; a bare number is bytes here.
            if let size = try? ByteSize(parsing: s.replacingOccurrences(of: "/h", with: ""), bareNumber: .baseUnit) {
                return UInt64(size.bytes)
            }
        default: break
        }
        throw RuntimeOptionError(key: key, value: value, expected: "a size such as `10MB` or `64MiB`")
    }

    package func strings(_ key: String) throws -> [String]? {
        guard let value = values[key] else { return nil }
        switch value {
        case .list(let l): return l
        case .string(let s): return [s]
        default:
            throw RuntimeOptionError(key: key, value: value, expected: "a list of strings, e.g. `\(key): [\"ERROR\"]`")
        }
    }

    package func text(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        if case .string(let s) = value { return s }
        throw RuntimeOptionError(key: key, value: value, expected: "a word, e.g. `\(key): median`")
    }
}

/// An option with a value of the wrong shape; names the key, what was found and what is expected.
package struct RuntimeOptionError: Error, LocalizedError, Equatable {
    package let key: String
    package let value: OptionValue
    package let expected: String
    package var errorDescription: String? { "option `\(key)` is '\(value)', expected \(expected)" }
}

/// Everything a runtime validator reads: the service's profile, the gate's options and the engine.
/// Built from a `ValidatorContext` by the gate runner, or by hand in tests.
package struct RuntimeInput {
    package var id: String
    package var profile: RuntimeProfile
    package var options: RuntimeOptions
    package var engine: ContainerEngine
    package var runner: ProcessRunner
    package var progress: Progress
    package var scratchpad: RunScratchpad
    /// The validator's own `timeout:` from the gate file, if any.
    package var timeout: Double?
    /// Workspace root: where a `load:` command runs.
    package var workingDirectory: String?
    /// Labels an image built during the run gets (the build-context tree ids, see `BuildProvenance`).
    package var buildLabels: [String: String] = [:]

    package init(
        id: String, profile: RuntimeProfile, options: RuntimeOptions = RuntimeOptions(), engine: ContainerEngine,
        runner: ProcessRunner = SystemProcessRunner(), progress: Progress = .silent,
        scratchpad: RunScratchpad = RunScratchpad(), timeout: Double? = nil, workingDirectory: String? = nil
    ) {
        self.id = id
        self.profile = profile
        self.options = options
        self.engine = engine
        self.runner = runner
        self.progress = progress
        self.scratchpad = scratchpad
        self.timeout = timeout
        self.workingDirectory = workingDirectory
    }

    /// Says whether the tool was interrupted (SIGINT/SIGTERM), so long waits stop early; replaceable in tests.
    package var interrupted: () -> Bool = { ChildRegistry.shared.isCancelled }
    package var isCancelled: Bool { interrupted() }
    /// What a long validator throws when it notices the interrupt.
    package var cancellation: ProcessError { .cancelled(command: "validator \(id)") }

    package var launcher: ServiceLauncher { ServiceLauncher(engine: engine, profile: profile) }
    package var waiter: HealthWaiter { HealthWaiter(engine: engine, profile: profile) }

    /// `start_timeout` option, else twice targets.startup (30 s without a target).
    package func startTimeout() throws -> Double {
        try options.seconds("start_timeout") ?? profile.defaultStartTimeout
    }

    /// The image must exist before anything is started; records it in the run's evidence once.
    /// Returns a failing outcome to hand back when it does not exist.
    package func requireImage() throws -> ValidatorOutcome? {
        if let image = scratchpad.image, image.ref == profile.image, image.id != nil { return nil }
        guard let info = try engine.imageInfo(profile.image) else {
            return .fail(
                "image \(profile.image) does not exist: build it first (`podserve-gate build \(profile.service)` or the image-present validator)"
            )
        }
        scratchpad.image = ImageRecord(ref: profile.image, info: info)
        return nil
    }
}

/// A validator whose logic reads a `RuntimeInput`; its `Validator` conformance builds that input from the
/// gate runner's context (see RuntimeInput+Context.swift).
package protocol RuntimeCheck: Sendable {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome
}
