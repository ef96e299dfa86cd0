import Foundation
import Testing

@testable import Domain

/// Issue 10 part 2: every YAML document is bounded in depth, alias expansion, size and keys, and read in linear time.
@Suite struct YAMLLimitsTests {
    static let plan = "services/a/service.yaml"

    static func nested(_ levels: Int) -> String {
        "name: a\nports: " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "\n"
    }

    /// `a: &a [x × 10]`, `b: &b [*a × 10]` … nine levels: 10^9 values once expanded, under a kilobyte written.
    static func aliasBomb(levels: Int = 9) -> String {
        var lines = ["a0: &a0 [" + Array(repeating: "x", count: 10).joined(separator: ",") + "]"]
        for level in 1..<levels {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func limitError(_ text: String) -> PlanError? {
        do {
            _ = try ServicePlan.parse(text, file: plan)
            return nil
        } catch let error as PlanError {
            return error
        } catch {
            return nil
        }
    }

    @Test func deepNestingIsRefusedAtTheFirstLevelPastTheLimit() throws {
        let error = try #require(Self.limitError(Self.nested(5_000)))
        guard case .limitExceeded(let file, let line, let column, let message) = error else {
            Issue.record("expected a limit error, got \(error)")
            return
        }
        #expect(file == Self.plan)
        #expect(line == 2)
        #expect(column == 7 + YAMLLimits.standard.maxDepth)  // the root mapping is level 1: this bracket opens level 65
        #expect(message.contains("nesting depth limit (64 levels)"))
        #expect(error.localizedDescription.hasPrefix("\(Self.plan):2:\(column): a list nested 65 levels deep"))
    }

    @Test func nestingAtTheLimitStillReadsAsAValueError() {
        // 64 levels (the root mapping and 63 lists) pass the pre-scan; the plan reader then refuses the shape.
        let error = Self.limitError(Self.nested(63))
        guard case .invalidValue(_, 2, _, let keyPath, _, _)? = error else {
            Issue.record("expected an invalid value at ports, got \(String(describing: error))")
            return
        }
        #expect(keyPath == "ports[0]")
    }

    @Test func aliasBombIsRefusedQuicklyWithASmallMessage() throws {
        let text = Self.aliasBomb()
        #expect(text.utf8.count < 1_000)
        let clock = ContinuousClock()
        var error: PlanError?
        let elapsed = clock.measure { error = Self.limitError(text) }
        let found = try #require(error)
        guard case .limitExceeded(_, let line, _, let message) = found else {
            Issue.record("expected a limit error, got \(found)")
            return
        }
        #expect(message.contains("alias expansion limit"))
        #expect(line == 5)  // a4 holds 10^5 values, past 100,000 with what came before
        #expect(found.localizedDescription.utf8.count < 400)
        #expect(elapsed < .seconds(1))
    }

    @Test func aliasedDepthCountsTowardTheDepthLimit() {
        // 40 levels anchored, then repeated 41 levels down (the root mapping is one): 81 levels once composed.
        let inner = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let text =
            "a: &deep \(inner)\nb: " + String(repeating: "[", count: 40) + "*deep" + String(repeating: "]", count: 40)
            + "\n"
        let error = Self.limitError(text)
        guard case .limitExceeded(_, 2, _, let message)? = error else {
            Issue.record("expected a depth limit error on line 2, got \(String(describing: error))")
            return
        }
        #expect(message.contains("an alias that repeats a collection nested 81 levels deep"))
    }

    @Test func ordinaryAliasesStillWork() throws {
        let text = """
            name: a
            health:
              liveness: &probe {command: [/bin/check, live], timeout: 2s}
              readiness: *probe
            """
        let plan = try ServicePlan.parse(text, file: Self.plan)
        #expect(plan.health.readiness?.command == ["/bin/check", "live"])
    }

    @Test func tooManyKeysInOneMappingAreRefusedAtTheFirstExtraKey() throws {
        let text = (0...10_000).map { "k\($0): 1" }.joined(separator: "\n") + "\n"
        let error = try #require(Self.limitError(text))
        guard case .limitExceeded(_, let line, 1, let message) = error else {
            Issue.record("expected a key limit error, got \(error)")
            return
        }
        #expect(line == 10_001)
        #expect(message.contains("key count limit (10000 keys in one mapping)"))
    }

    @Test func oversizedDocumentIsRefusedBeforeParsing() throws {
        let text = "name: a\nscope: " + String(repeating: "x", count: YAMLLimits.standard.maxBytes) + "\n"
        let error = try #require(Self.limitError(text))
        guard case .limitExceeded(_, 2, _, let message) = error else {
            Issue.record("expected a size limit error on line 2, got \(error)")
            return
        }
        #expect(message.contains("document size limit (1048576 bytes)"))
    }

    @Test func stateAndGateFilesHaveTheSameLimits() {
        let deep = "phase: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n"
        #expect(
            throws: StateFileError.limitExceeded(
                file: "s.yaml", line: 1, column: 7 + 64,
                message: YAMLLimitExceeded(
                    limit: .nestingDepth, bound: 64, line: 1, column: 71,
                    detail: "a list nested 65 levels deep"
                ).message)
        ) {
            try StateFile.parse(deep, file: "s.yaml")
        }
        let gate =
            "phase: planning\nvalidators: " + String(repeating: "[", count: 5_000)
            + String(repeating: "]", count: 5_000) + "\n"
        let error = #expect(throws: GateDefinitionError.self) {
            try GateDefinition.parse(gate, file: "gates/1-planning.yaml")
        }
        #expect(
            error?.localizedDescription.hasPrefix(
                "gates/1-planning.yaml:2:76: a list nested 65 levels deep, past the nesting depth limit") == true)
    }

    /// The mapping reader is linear: reading 100,000 keys (under raised limits) costs about four times 25,000,
    /// where the old duplicate check and lookups were quadratic (sixteen times; 8.6 s for 100,000 keys).
    @Test func mappingReadsAreLinearInTheKeyCount() throws {
        let limits = YAMLLimits(maxBytes: 4 << 20, maxDepth: 64, maxKeys: 200_000, maxValues: 400_000)
        func secondsToRead(_ count: Int) throws -> Double {
            let text = (0..<count).map { "k\($0): v" }.joined(separator: "\n") + "\n"
            let document = try YAMLField.document(text, limits: limits)
            var best = Double.infinity
            for _ in 0..<2 {
                // This thread's CPU time, not the wall clock: other tests and processes sharing the cores must
                // not make a linear reader look slow.
                let start = Self.threadCPUSeconds()
                let map = try #require(try document.mapping())
                #expect(map.keys.count == count)
                #expect(map["k\(count - 1)"].node != nil)
                best = min(best, Self.threadCPUSeconds() - start)
            }
            return best
        }
        let small = try secondsToRead(25_000)
        let large = try secondsToRead(100_000)
        #expect(large < 1.0, "100,000 keys took \(large) s")
        #expect(large / max(small, 1e-6) < 8, "25,000 keys: \(small) s, 100,000 keys: \(large) s: not linear")
    }

    /// CPU seconds the calling thread has used (CLOCK_THREAD_CPUTIME_ID).
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    @Test func shownValuesAreCut() throws {
        let text = "name: a\nscope: [" + Array(repeating: "toolong", count: 1_000).joined(separator: ", ") + "]\n"
        let error = try #require(Self.limitError(text))
        #expect(error.localizedDescription.utf8.count < 600)
    }
}
