extension DefaultGates {
    static let integrationPlanning = """
        # Gate of phase 4 (seed "Phase 4: Integration Planning"): the plan's `integration:` section and its dependencies.
        phase: integration-planning
        title: "Phase 4: Integration Planning"
        validators:
          - id: dependency-order        # a start order exists: dependencies before SERVICE
            kind: dependency-order
            timeout: 30s
          - id: dependencies-ready      # every dependency has passed its performance gate
            kind: dependencies-ready
            timeout: 30s
          - id: integration-plan-complete   # communication, shared resources, failure scenarios, test scripts
            kind: integration-plan-complete
            timeout: 30s
        checklist: |
        \(intro(.integrationPlanning, goal: "plan how this service will integrate with the existing services."))

          ## Integration strategy

          - [ ] **Dependency order**: which service starts first is settled (dependencies before SERVICE) `auto:dependency-order`
          - [ ] Every dependency has passed its own performance gate `auto:dependencies-ready`
          - [ ] **Communication patterns**: how the services interact (integration.communication) `auto:integration-plan-complete`
          - [ ] **Shared resources**: which volumes/configs are shared (integration.shared) `auto:integration-plan-complete`
          - [ ] **Failure scenarios**: what happens if a dependency or SERVICE fails (integration.failure) `auto:integration-plan-complete`
          - [ ] Integration test scripts exist for the combinations (integration.tests) `auto:integration-plan-complete`

          ## Sign-off

          - [ ] The test plan of each integration pattern that applies is covered by the integration tests
            - Requires DNS: SERVICE resolves names; DNS failure recovery
            - Requires certificates: available before SERVICE starts, loaded correctly, renewal
            - Provides a web interface: reachable internally, Apache proxy works, end-to-end requests succeed

        """

    static let combination = """
        # Gate of phase 5 (seed "Phase 5: Service Combination and Testing"): pairs, then triplets, then the full set,
        # each as a real pod (podman play kube).
        phase: combination
        title: "Phase 5: Service Combination and Testing"
        validators:
          - id: combinations            # every combination: healthy in dependency order, tests pass, limits, recovery
            kind: combinations
            timeout: 60m
        checklist: |
        \(intro(.combination, goal: "systematically combine services and validate each combination (pairs first, then triplets, then all)."))

          ## Integration test checklist (checked for every combination)

          - [ ] **Startup order**: services start in the correct sequence `auto:combinations`
          - [ ] **Health checks**: all services report healthy `auto:combinations`
          - [ ] **Communication**: the integration tests pass `auto:combinations`
          - [ ] **Failure recovery**: services recover after a dependency restart `auto:combinations`
          - [ ] **Resource usage**: total resource usage within limits `auto:combinations`

          ## Integration success

          - [ ] All service combinations tested `auto:combinations`
          - [ ] No port or resource conflicts `auto:combinations`

          ## Sign-off

          - [ ] **Shared resources**: no volume/config conflicts seen in the combined logs
          - [ ] **Performance**: combined startup time and performance acceptable

        """

    static let production = """
        # Gate of phase 6 (seed "Phase 6: Production Readiness").
        phase: production
        title: "Phase 6: Production Readiness"
        validators:
          - id: docs-complete           # the service's documentation covers purpose, config, health, troubleshooting, performance
            kind: docs-complete
            timeout: 30s
          - id: security-review         # non-root (or a documented root_reason), no secrets in env, no world-writable files
            kind: security-review
            timeout: 5m
          - id: evidence-fresh          # combination evidence matches the current image digests
            kind: evidence-fresh
            timeout: 2m
        checklist: |
        \(intro(.production, goal: "ensure the service is ready for production deployment."))

          ## Production readiness checklist

          - [ ] **Documentation complete**: purpose, configuration options, health checks, troubleshooting, performance characteristics `auto:docs-complete`
          - [ ] **Security review**: minimal privileges, no secrets in environment variables, proper file permissions `auto:security-review`
          - [ ] **Integration testing complete**: combination evidence is fresh for the current images `auto:evidence-fresh`

          ## Sign-off

          - [ ] Network security validated (only the declared ports are reachable)
          - [ ] **Operational readiness**
            - Monitoring/alerting configured
            - Log levels appropriate for production
            - Backup/restore procedures documented
            - Upgrade procedures tested
          - [ ] Failure scenarios and recovery procedures validated under load

        """
}
