import Foundation

/// memory: podman stats after a settle window (option `settle`, default 10 s as in the seed's script),
/// the largest of option `samples` (default 3, 1 s apart) against targets.memory.
struct MemoryValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        try MemoryMeasurement(defaultSettle: 10, defaultSamples: 3).evaluate(input)
    }
}
