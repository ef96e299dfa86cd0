extension DefaultGates {
    static let isolation = """
        # Gate of phase 2 (seed "Phase 2: Isolated Service Development"): the service alone, in real podman runs.
        phase: isolation
        title: "Phase 2: Isolated Service Development"
        validators:
          - id: image-present           # the image exists, or builds from the plan's `build:` context
            kind: image-present
            timeout: 15m
          - id: starts-consistently     # N fresh containers all reach readiness
            kind: starts-consistently
            timeout: 10m
            with: {attempts: 5}
          - id: health-checks           # liveness and readiness pass within their timeouts
            kind: health-checks
            timeout: 5m
          - id: config-renders          # the plan's config.render command succeeds in the container
            kind: config-renders
            timeout: 2m
          - id: sigterm                 # podman stop: exits on SIGTERM within the grace period, not killed
            kind: sigterm
            timeout: 2m
            with: {grace: 10s}
          - id: clean-logs              # no error lines in the startup logs
            kind: clean-logs
            timeout: 2m
          - id: memory-in-target        # memory after settling is within targets.memory
            kind: memory-in-target
            timeout: 3m
            with: {settle: 10s}
          - id: ports-listening         # every declared port, tcp and udp, is bound inside the container
            kind: ports-listening
            timeout: 2m
        checklist: |
        \(intro(.isolation, goal: "build and validate the service in complete isolation."))

          ## Success criteria for phase 2

          - [ ] Image localhost/podserve-SERVICE exists or builds `auto:image-present`
          - [ ] Service starts consistently (5/5 attempts) `auto:starts-consistently`
          - [ ] Health checks pass reliably (liveness and readiness) `auto:health-checks`
          - [ ] Configuration templates render correctly `auto:config-renders`
          - [ ] Service handles SIGTERM gracefully (exits within 10 seconds) `auto:sigterm`
          - [ ] Logs show a clean startup sequence, no error messages `auto:clean-logs`
          - [ ] Resource usage within targets (memory) `auto:memory-in-target`
          - [ ] Every declared port (tcp and udp) is listening in the container `auto:ports-listening`

          ## Development checklist (sign-off)

          - [ ] **Container implementation**
            - Containerfile follows the base image patterns
            - Service runs as an appropriate (non-root) user
            - Configuration through environment variables
          - [ ] **Service implementation**: its configure and start steps report success or failure explicitly (never silently), with DEBUG-level logging available
            - Python services: inherits BaseService; configure() and start_processes() return True/False, never None
          - [ ] **Health check and configuration implementation**
            - Simple, fast health check commands with clear success/failure criteria and error reporting
            - Required environment variables handled, defaults for development, configuration validated

        """
}
