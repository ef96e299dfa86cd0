import Domain
import Engine
import Foundation
import Testing

/// Phase 4 logic and the combination planner over several graphs: pure, no podman.
@Suite("Integration planning")
struct IntegrationPlanningTests {
    func planner(_ edges: [ServiceName: [ServiceName]], _ phases: [ServiceName: Phase] = [:]) -> CombinationPlanner {
        var all = phases
        for name in edges.keys where all[name] == nil { all[name] = .integrationPlanning }
        return CombinationPlanner(graph: IntegrationGraph(DependencyGraph(edges)), phases: all)
    }

    func labels(_ plan: CombinationPlan) -> [String] { plan.combinations.map(\.label) }

    @Test func podServeTriangle() throws {
        let p = planner(["dns": [], "mail": ["dns"], "apache": ["dns"]])
        let mail = try p.plan(for: "mail")
        #expect(mail.startOrder == ["dns", "mail"])
        #expect(labels(mail) == ["pair dns+mail", "triplet dns+apache+mail"])
        #expect(labels(try p.plan(for: "dns")) == ["pair dns+apache", "pair dns+mail", "triplet dns+apache+mail"])
    }

    @Test func dependentsNotPastPerformanceWait() throws {
        let p = planner(["dns": [], "mail": ["dns"], "apache": ["dns"]], ["apache": .performance])
        #expect(labels(try p.plan(for: "mail")) == ["pair dns+mail"])
        let dns = try p.plan(for: "dns")
        #expect(labels(dns) == ["pair dns+mail"])
        #expect(dns.waiting == ["apache": "performance"])
        #expect(dns.blockingDependencies.isEmpty)
    }

    @Test func chainPairsAreClosedOverDependencies() throws {
        let p = planner(["dns": [], "mail": ["dns"], "webmail": ["mail"], "apache": ["dns"]])
        let plan = try p.plan(for: "webmail")
        #expect(plan.startOrder == ["dns", "mail", "webmail"])
        #expect(labels(plan) == ["pair dns+mail+webmail", "full dns+apache+mail+webmail"])
        #expect(plan.combinations[0].focus == ["mail", "webmail"])
    }

    @Test func starGivesPairsTripletsAndFull() throws {
        let p = planner(["hub": [], "a": ["hub"], "b": ["hub"], "c": ["hub"]])
        #expect(
            labels(try p.plan(for: "hub")) == [
                "pair hub+a", "pair hub+b", "pair hub+c",
                "triplet hub+a+b", "triplet hub+a+c", "triplet hub+b+c",
                "full hub+a+b+c",
            ])
        // A leaf: its pair, triplets through the hub, then everything.
        #expect(labels(try p.plan(for: "a")) == ["pair hub+a", "triplet hub+a+b", "triplet hub+a+c", "full hub+a+b+c"])
    }

    @Test func unrelatedServicesJoinOnlyTheFullSet() throws {
        let p = planner(["dns": [], "mail": ["dns"], "cache": []])
        #expect(labels(try p.plan(for: "mail")) == ["pair dns+mail", "full cache+dns+mail"])
    }

    @Test func aSolitaryServiceHasNothingToCombine() throws {
        #expect(try planner(["dns": []]).plan(for: "dns").combinations.isEmpty)
    }

    @Test func aDependencyNotPastPerformanceBlocks() throws {
        let plan = try planner(["dns": [], "mail": ["dns"]], ["dns": .performance]).plan(for: "mail")
        #expect(plan.blockingDependencies == ["dns"])
        #expect(plan.waiting["dns"] == "performance")
    }

    @Test func aCycleIsNamed() throws {
        #expect(throws: DependencyError.cycle(["a", "b", "a"])) {
            try planner(["a": ["b"], "b": ["a"]]).plan(for: "a")
        }
    }

    @Test func testsRunWhereEveryNamedServiceIsPresent() throws {
        let graph = IntegrationGraph(DependencyGraph(["dns": [], "mail": ["dns"], "apache": ["dns"]]))
        let tests: [ServiceName: [String]] = [
            "mail": ["tests/integration/test-mail-dns.sh", "tests/integration/test-mail-dns-apache.sh"],
            "apache": ["tests/integration/test-apache-dns.sh"],
        ]
        let pair = Combination(kind: .pair, focus: ["dns", "mail"], services: ["dns", "mail"])
        #expect(
            IntegrationTestScript.select(for: pair, tests: tests, graph: graph).map(\.path) == [
                "tests/integration/test-mail-dns.sh"
            ])
        let all = Combination(kind: .triplet, focus: ["dns", "apache", "mail"], services: ["dns", "apache", "mail"])
        #expect(
            IntegrationTestScript.select(for: all, tests: tests, graph: graph).map(\.path) == [
                "tests/integration/test-apache-dns.sh", "tests/integration/test-mail-dns.sh",
                "tests/integration/test-mail-dns-apache.sh",
            ])
        #expect(CombinationRunner.containerVariable("web-mail") == "CONTAINER_WEB_MAIL")
    }

    @Test func podYAMLHasContainersInStartOrderWithEnvPortsVolumesAndLabels() throws {
        let dns = PodMember(
            service: "dns", image: "localhost/podserve-dns:latest", env: ["DOMAIN": "podserve.local"],
            ports: [.init(53, "udp"), .init(53, "tcp")])
        let mail = PodMember(
            service: "mail", image: "localhost/podserve-mail:latest", args: ["postfix", "start-fg"],
            env: ["NOTE": "a \"quoted\": value"], ports: [.init(25)], data: ["/var/spool/postfix"])
        let pod = PodSpec(
            name: "pg-mail-c1-run", labels: ["podserve-gate": "1", "podserve-gate.run": "run"],
            members: [dns, mail], withoutPath: ["mail"])
        let yaml = pod.yaml()
        #expect(pod.containerName("mail") == "pg-mail-c1-run-mail")
        let dnsAt = try #require(yaml.range(of: "- name: \"dns\""))
        let mailAt = try #require(yaml.range(of: "- name: \"mail\""))
        #expect(dnsAt.lowerBound < mailAt.lowerBound)
        for expected in [
            "\"podserve-gate.run\": \"run\"", "\"podserve-gate.pod\": \"pg-mail-c1-run\"", "restartPolicy: Never",
            "args: [\"postfix\", \"start-fg\"]", "{name: \"NOTE\", value: \"a \\\"quoted\\\": value\"}",
            "{name: \"PATH\", value: \"\(PodSpec.defaultPath)\"}",
            "# ports (pod-internal on 127.0.0.1, not published): 53/udp, 53/tcp",
            "{name: \"mail-data-0\", mountPath: \"/var/spool/postfix\"}", "emptyDir: {}",
            "nameservers: [\"127.0.0.1\"]",
            "searches: [\"podserve.local\"]",
        ] {
            #expect(yaml.contains(expected), "missing \(expected) in\n\(yaml)")
        }
        #expect(!yaml.contains("securityContext"))
        #expect(!yaml.contains("containerPort"), "kube play would publish it on the host")
        #expect(PodPrivileges.findings(pods: ["pod": yaml], service: "mail", declared: []).isEmpty)
    }

    @Test func podYAMLCarriesHealthProbesAndMemoryRequestsFromThePlan() throws {
        var plan = ServicePlan(
            image: "img",
            health: .init(
                liveness: .init(command: ["check", "live"], timeout: .seconds(1.5)),
                readiness: .init(command: ["check", "ready"])),
            targets: .init(startup: .seconds(4.2), memory: ByteSize(bytes: 100_000_000)))
        let yaml = PodSpec.of(services: ["web"], plans: ["web": plan], name: "p", labels: [:]).yaml()
        for expected in [
            "livenessProbe:\n      exec: {command: [\"check\", \"live\"]}\n      timeoutSeconds: 2\n      initialDelaySeconds: 5",
            "readinessProbe:\n      exec: {command: [\"check\", \"ready\"]}\n      timeoutSeconds: 2\n      periodSeconds: 5",
            "resources:\n      requests: {memory: \"100000000\"}",
        ] {
            #expect(yaml.contains(expected), "missing \(expected) in\n\(yaml)")
        }
        #expect(!yaml.contains("limits"), "a limit would OOM-kill where phase 5 judges the combined memory")
        plan.health = .init()
        plan.targets = .init()
        let bare = PodSpec.of(services: ["web"], plans: ["web": plan], name: "p", labels: [:]).yaml()
        #expect(!bare.contains("Probe") && !bare.contains("resources"), "\(bare)")
    }

    @Test func podCapabilitiesNeedADeclaredReason() throws {
        let member = PodMember(service: "dns", image: "img", capabilities: ["NET_BIND_SERVICE"])
        let yaml = PodSpec(name: "p", labels: [:], members: [member]).yaml()
        #expect(
            PodPrivileges.findings(
                pods: ["p": yaml], service: "dns",
                declared: [.init(name: "NET_BIND_SERVICE", reason: "binds port 53")]
            ).isEmpty)
        let unexplained = PodPrivileges.findings(
            pods: ["p": yaml], service: "dns", declared: [.init(name: "NET_BIND_SERVICE")])
        #expect(unexplained.contains { $0.contains("without a reason") })
        #expect(unexplained.contains { $0.contains("adds capability NET_BIND_SERVICE") })
        let privileged = "spec:\n  containers:\n  - name: dns\n    securityContext: {privileged: true}\n"
        #expect(
            PodPrivileges.findings(pods: ["q": privileged], service: "dns", declared: []) == ["q: dns runs privileged"])
    }

    @Test func readmeSectionsMissingOrEmptyAreNamed() {
        let complete = """
            # dns
            ## Purpose
            Resolves pod names.
            ## Configuration
            | var | meaning |
            ## Health checks
            `health-check.sh ready` asks for the SOA.
            ## Troubleshooting
            ### No answers
            Check the logs.
            ## Performance
            Starts in 0.3 s.
            """
        #expect(ReadmeSections.problems(in: complete).isEmpty)
        let gaps = """
            # dns
            ## Purpose
            TODO
            ## Configuration
            ```
            ## Troubleshooting
            ```
            ## Health checks
            <!-- later -->
            ## Performance
            fast
            """
        #expect(
            ReadmeSections.problems(in: gaps) == [
                "Purpose (empty)", "Health checks (empty)", "Troubleshooting (missing)",
            ])
    }

    @Test func secretLookingEnvIsNamedNeverShown() {
        let findings = SecretScan.findings(
            [
                "DB_PASSWORD": "x", "api-key": "y", "DOMAIN": "podserve.local",
                "SESSION": "q8Zr2LmV9xPw4Tn7Ks1BdYh3", "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
                "MAIL_ALIASES": "postmaster:alice root:alice",
                "BUILD_SHA256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ], source: "config.env")
        #expect(
            findings == [
                "config.env DB_PASSWORD (name looks like a secret)",
                "config.env SESSION (value looks like a high-entropy token)",
                "config.env api-key (name looks like a secret)",
            ])
        #expect(!findings.joined().contains("q8Zr2"))
    }

    @Test func rootUsersAndRootParents() {
        #expect(
            UserCheck.isRoot("") && UserCheck.isRoot("root") && UserCheck.isRoot("0:0") && !UserCheck.isRoot("www-data")
        )
        #expect(UserCheck.rootParentProblem(processUsers: ["root", "postfix", "postfix"]) == nil)
        #expect(UserCheck.rootParentProblem(processUsers: ["root", "root"])?.contains("all 2") == true)
        #expect(
            UserCheck.rootParentProblem(processUsers: ["root", "0", "nobody"])?.contains("2 processes run as root")
                == true)
    }
}
