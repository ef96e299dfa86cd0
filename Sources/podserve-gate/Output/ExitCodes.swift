import ArgumentParser
import Domain
import Engine
import Foundation
import Git
import Support

/// SPEC §5 exit codes, decided here and only here.
enum ExitCodes {
    static let gateFailed: Int32 = 1
    static let badInput: Int32 = 2
    static let environment: Int32 = 3
    static let usage: Int32 = 64
    static let interrupted: Int32 = 130

    /// The more serious of two codes: interrupted, then usage, environment, bad input, gate failed, success.
    static func worst(_ a: Int32, _ b: Int32) -> Int32 {
        let rank: [Int32] = [0, gateFailed, badInput, environment, usage, interrupted]
        return (rank.firstIndex(of: a) ?? 0) >= (rank.firstIndex(of: b) ?? 0) ? a : b
    }

    /// The exit code of a category; exhaustive, so a new category cannot go unmapped.
    static func code(for category: ErrorCategory) -> Int32 {
        switch category {
        case .gateFailed: return gateFailed
        case .badInput: return badInput
        case .environment: return environment
        case .usage: return usage
        case .interrupted: return interrupted
        }
    }

    static func code(for error: Error) -> Int32 {
        code(for: category(of: error))
    }

    /// Every podserve-gate error states its own category (`CategorizedError`); only errors from other libraries
    /// are placed here, each explicitly.
    static func category(of error: Error) -> ErrorCategory {
        if let categorized = error as? CategorizedError { return categorized.category }
        switch error {
        case is ValidationError:
            // ArgumentParser's own complaint about the command line.
            return .usage
        case is CancellationError:
            // Swift's "the work was cancelled": only a run being stopped cancels work.
            return .interrupted
        case is CocoaError, is DecodingError, is EncodingError:
            // Foundation reading or decoding a file the user named (the tool's own writes are wrapped in
            // categorized errors): bad input, as before categories existed.
            return .badInput
        default:
            // An error type from a library podserve-gate does not know: bad input, what it has always been;
            // every error type of our own is categorized above.
            return .badInput
        }
    }
}

/// Runs a command body, turning every thrown error into a clear message and its SPEC exit code.
func runReporting(_ body: () throws -> Int32) throws {
    let code: Int32
    do {
        code = try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        code = ExitCodes.code(for: error)
        if code == ExitCodes.interrupted {
            Interrupts.cleanUp()
        }
        let message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        // Messages quote repository text (a gate file's value, a path): escaped like every other line.
        StandardStreams.err(terminalSafe("podserve-gate: error: \(message)\n"))
    }
    // An interrupt wins over whatever the interrupted step concluded: clean up, then 130.
    if ChildRegistry.shared.wasInterrupted {
        Interrupts.cleanUp()
        throw ExitCode(ExitCodes.interrupted)
    }
    if code != 0 { throw ExitCode(code) }
}

func printOut(_ text: String) {
    StandardStreams.out(terminalSafe(text.hasSuffix("\n") ? text : text + "\n"))
}

func printErr(_ text: String) {
    StandardStreams.err(terminalSafe(text.hasSuffix("\n") ? text : text + "\n"))
}

/// Control and bidi-override characters from repository text as `\uXXXX` (`TerminalText`, shared with progress).
func terminalSafe(_ text: String) -> String { TerminalText.safe(text) }
