extension DefaultGates {
    static let planning = """
        # Gate of phase 1 (seed "Phase 1: Service Planning and Design").
        # Validators run in order; each may set timeout (default 5m), retries (default 0) and `with:` options.
        # `checklist` is copied to services/<name>/checklists/1-planning.md by `podserve-gate new`.
        phase: planning
        title: "Phase 1: Service Planning and Design"
        validators:
          - id: plan-complete           # scope, ports, data, config, health checks, targets, testing strategy
            kind: plan-complete
            timeout: 30s
          - id: dependencies-exist      # every depends_on entry is a service of this workspace
            kind: dependencies-exist
            timeout: 30s
          - id: no-dependency-cycle     # the dependency graph through this service has no cycle
            kind: no-dependency-cycle
            timeout: 30s
        checklist: |
        \(intro(.planning, goal: "define comprehensive service requirements before writing code (services/SERVICE/service.yaml)."))

          ## Planning checklist

          - [ ] **Service scope definition**: what it does, its ports/protocols, the data it persists, the configuration it needs `auto:plan-complete`
          - [ ] **Health check strategy**: liveness and readiness commands, and how long each may take `auto:plan-complete`
          - [ ] **Performance targets**: startup time, memory, response time (and throughput when one is expected) `auto:plan-complete`
          - [ ] **Testing strategy**: isolation (unit) tests, integration points, failure modes, performance benchmarks `auto:plan-complete`
          - [ ] **Dependencies**: every service in depends_on exists `auto:dependencies-exist`
          - [ ] **Dependencies**: the dependencies form no cycle `auto:no-dependency-cycle`

          ## Sign-off

          - [ ] Liveness and readiness really differ as they should for SERVICE (alive vs. able to serve), and the targets are realistic
          - [ ] Dependents reviewed: which services will depend on SERVICE, and what shared volumes, configs and network communication they need

        """
}
