extension DefaultGates {
    static let performance = """
        # Gate of phase 3 (seed "Phase 3: Performance Baseline and Validation"): measured against service.yaml targets.
        phase: performance
        title: "Phase 3: Performance Baseline and Validation"
        validators:
          - id: startup-time            # repeated start-to-ready times (min/median/p95/max) vs targets.startup
            kind: startup-time
            timeout: 15m
            with: {runs: 5}
          - id: memory                  # memory after settling vs targets.memory
            kind: memory
            timeout: 3m
            with: {settle: 10s}
          - id: response-time           # response time under the plan's load command vs targets.response
            kind: response-time
            timeout: 10m
          - id: throughput              # requests per second vs targets.throughput (skipped when no target)
            kind: throughput
            timeout: 10m
          - id: restart-recovery        # time back to ready after a restart
            kind: restart-recovery
            timeout: 5m
          - id: soak                    # no memory growth over targets.soak (default 1h)
            kind: soak
            timeout: 2h
          - id: baseline-report         # evidence/3-performance.md vs targets and the previous baseline
            kind: baseline-report
            timeout: 1m
        checklist: |
        \(intro(.performance, goal: "establish performance baselines and validate them against the targets in service.yaml."))

          ## Performance success

          - [ ] Startup time < target over repeated starts `auto:startup-time`
          - [ ] Memory usage < target baseline `auto:memory`
          - [ ] Service response time < target `auto:response-time`
          - [ ] Throughput > target (when one is set) `auto:throughput`
          - [ ] Restart recovery time acceptable `auto:restart-recovery`
          - [ ] No memory leaks during an extended run (targets.soak, default 1 hour) `auto:soak`
          - [ ] Baseline report written (evidence/3-performance.md) and compared with the previous baseline `auto:baseline-report`

          ## Sign-off

          - [ ] All performance targets met, or the variance is documented in the baseline report
          - [ ] Resource usage predictable and stable; CPU usage acceptable under normal load; graceful degradation under stress

          The baseline report follows the seed's template:

          ```markdown
          ## SERVICE Performance Baseline

          **Test Date**: YYYY-MM-DD
          **Image**: localhost/podserve-SERVICE:latest

          ### Results:
          - **Memory Usage**: XXX MB (target: < XXX MB) ✅/❌
          - **Startup Time**: X.X seconds (target: < X seconds) ✅/❌
          - **Service Response**: XXX ms (target: < XXX ms) ✅/❌
          - **Throughput**: XXX requests/sec (target: > XXX) ✅/❌

          ### Next Steps:
          - [ ] Performance optimization needed
          - [ ] Ready for integration testing
          ```

        """
}
