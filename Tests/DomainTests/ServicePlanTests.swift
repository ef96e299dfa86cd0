import Domain
import Testing

@Suite struct ServicePlanTests {
    static let mail = """
        name: mail                          # equals the folder name
        scope: Postfix SMTP server for pod-internal mail delivery
        image: localhost/podserve-mail:latest
        build: .
        command: [postfix, start-fg]
        ports: [25/tcp]
        data: [/var/spool/postfix]
        config:
          env: {DOMAIN: podserve.local, RELAY: 0}
          render: [/usr/local/bin/render-config, --check]
        health:
          liveness:  {command: [/usr/local/bin/health-check.sh, live],  timeout: 2s}
          readiness: {command: [/usr/local/bin/health-check.sh, ready], timeout: 2s}
        targets: {startup: 5s, memory: 100MB, response: 100ms, throughput: 1000/s, soak: 1h}
        testing: {unit: "…", integration: "…", performance: "…", failure: ["forwarder unavailable", "config errors"]}
        depends_on: [dns]
        integration:
          communication: ["resolves MX records through dns"]
          shared: []
          failure: ["dns restarted: mail retries and recovers"]
          tests: [tests/integration/test-mail-dns.sh]
        security:
          root_reason: binds port 25
          capabilities: [{name: CAP_NET_BIND_SERVICE, reason: port 25}]
        load: {command: [tests/performance/load-mail.sh]}
        clean_logs: {patterns: [ERROR, FATAL]}
        """

    @Test func parsesEverySpecKey() throws {
        let plan = try ServicePlan.parse(Self.mail, file: "services/mail/service.yaml")
        #expect(plan.name == "mail")
        #expect(plan.build == ".")
        #expect(plan.command == ["postfix", "start-fg"])
        #expect(plan.ports == ["25/tcp"])
        #expect(plan.data == ["/var/spool/postfix"])
        #expect(plan.config?.env == ["DOMAIN": "podserve.local", "RELAY": "0"])
        #expect(plan.config?.render == ["/usr/local/bin/render-config", "--check"])
        #expect(
            plan.health.liveness == .init(command: ["/usr/local/bin/health-check.sh", "live"], timeout: .seconds(2)))
        #expect(plan.health.readiness?.command?.last == "ready")
        #expect(plan.targets.startup == .seconds(5))
        #expect(plan.targets.memory == ByteSize(bytes: 100_000_000))
        #expect(plan.targets.response == DurationValue(milliseconds: 100))
        #expect(plan.targets.throughput == Throughput(perSecond: 1000))
        #expect(plan.targets.soakWindow == .seconds(3600))
        #expect(plan.testing.failure == ["forwarder unavailable", "config errors"])
        #expect(plan.dependsOn == ["dns"])
        #expect(plan.integration.shared == [])
        #expect(plan.integration.tests == ["tests/integration/test-mail-dns.sh"])
        #expect(
            plan.security
                == .init(
                    rootReason: "binds port 25", capabilities: [.init(name: "CAP_NET_BIND_SERVICE", reason: "port 25")])
        )
        #expect(plan.load?.command == ["tests/performance/load-mail.sh"])
        #expect(plan.cleanLogs?.patterns == ["ERROR", "FATAL"])
        #expect(
            plan.locations["targets.memory"] == SourceLocation(file: "services/mail/service.yaml", line: 14, column: 32)
        )
        #expect(plan.planningProblems(folder: "mail").isEmpty)
        #expect(plan.integrationPlanningProblems().isEmpty)
    }

    @Test func malformedYAMLGivesLineAndColumn() {
        let text = "name: mail\nports: [25/tcp\nscope: x\n"
        let error = #expect(throws: PlanError.self) { try ServicePlan.parse(text, file: "services/mail/service.yaml") }
        guard case .syntax(let file, let line, let column, let message)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(file == "services/mail/service.yaml")
        #expect(line == 3)
        #expect(column >= 1)
        #expect(!message.isEmpty)
        #expect(error?.localizedDescription.hasPrefix("services/mail/service.yaml:3:") == true)
    }

    @Test func badIndentationIsASyntaxError() {
        let text = "health:\n  liveness:\n    command: [a]\n   timeout: 2s\n"
        #expect(throws: PlanError.self) { try ServicePlan.parse(text, file: "p.yaml") }
    }

    @Test func wrongUnitNamesKeyPathAndValue() {
        let text = "name: mail\ntargets:\n  startup: 5s\n  memory: 100\n"
        let error = #expect(throws: PlanError.self) { try ServicePlan.parse(text, file: "services/mail/service.yaml") }
        guard case .invalidValue(_, let line, let column, let keyPath, let value, let expected)? = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect((line, column) == (4, 11))
        #expect(keyPath == "targets.memory")
        #expect(value == "100")
        #expect(expected.contains("100MB"))
        let message = error?.localizedDescription ?? ""
        #expect(message.contains("services/mail/service.yaml:4:11"))
        #expect(message.contains("targets.memory is '100'"))
    }

    @Test func wrongShapesAreRefusedWithKeyPaths() {
        let cases: [(String, String)] = [
            ("command: postfix start-fg\n", "command"),
            ("health:\n  liveness: {command: check, timeout: 2s}\n", "health.liveness.command"),
            ("health:\n  readiness: {command: [a], timeout: fast}\n", "health.readiness.timeout"),
            ("ports: [25/tcp, 70000/tcp]\n", "ports[1]"),
            ("ports: [25/http]\n", "ports[0]"),
            ("depends_on: [dns, ../etc]\n", "depends_on[1]"),
            ("depends_on: dns\n", "depends_on"),
            ("targets: [5s]\n", "targets"),
            ("config:\n  env: [A=1]\n", "config.env"),
            ("targets:\n  throughput: 1000\n", "targets.throughput"),
            ("- a\n- b\n", ""),
        ]
        for (text, path) in cases {
            let error = #expect(throws: PlanError.self, "\(text)") { try ServicePlan.parse(text, file: "s.yaml") }
            guard case .invalidValue(_, _, _, let keyPath, _, _)? = error else {
                Issue.record("expected invalidValue for \(text), got \(String(describing: error))")
                continue
            }
            #expect(keyPath == path)
        }
    }

    @Test func duplicateKeysAreRefused() {
        let error = #expect(throws: PlanError.self) {
            try ServicePlan.parse("name: a\nscope: x\nname: b\n", file: "s.yaml")
        }
        #expect(error == .duplicateKey(file: "s.yaml", line: 3, column: 1, keyPath: "name"))
    }

    @Test func emptyValuesParseAsMissing() throws {
        let plan = try ServicePlan.parse("name: mail\nscope:\nports: []\ntargets: {startup: ~}\n", file: "s.yaml")
        #expect(plan.scope == nil)
        #expect(plan.ports == [])
        #expect(plan.targets.startup == nil)
        #expect(try ServicePlan.parse("", file: "s.yaml") == ServicePlan())
        #expect(try ServicePlan.parse("# only a comment\n", file: "s.yaml").dependsOn == [])
    }
}
