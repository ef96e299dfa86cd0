import Foundation
import Locking
import TestSupport
import Testing

@testable import Git

@Suite("writeTransition from many threads", .blocking)
struct ConcurrentTransitionTests {
    @Test func tenWritersAllLand() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit(["README.md": "hello\n"], message: "initial")
        let paths = (0..<10).map { "services/svc\($0)/state.yaml" }
        let results = Locked<[Result<OID, Error>]>([])
        let group = DispatchGroup()
        for (index, path) in paths.enumerated() {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let repo = try Repository.discover(startingAt: sandbox.root)
                    let id = try repo.writeTransition(
                        TransitionRequest(
                            files: [path: Data("phase: planning\n".utf8)],
                            message: "gate(svc\(index)): none -> planning\n\nGate-Service: svc\(index)"))
                    results.withLock { $0.append(.success(id)) }
                } catch {
                    results.withLock { $0.append(.failure(error)) }
                }
            }
            thread.start()
        }
        #expect(group.wait(timeout: .now() + 120) == .success)

        let outcomes = results.value
        #expect(outcomes.count == 10)
        let ids = outcomes.compactMap { try? $0.get() }
        for case .failure(let error) in outcomes { Issue.record(error) }
        #expect(Set(ids).count == 10)

        #expect(try sandbox.git("rev-list", "--count", "HEAD") == "11")
        #expect(try sandbox.porcelain().isEmpty)
        let tree = try sandbox.git("ls-tree", "-r", "--name-only", "HEAD").split(separator: "\n").map(String.init)
        let index = try sandbox.git("ls-files").split(separator: "\n").map(String.init)
        for path in paths {
            #expect(tree.contains(path))
            #expect(index.contains(path))
        }
        try sandbox.git("fsck", "--strict", "--no-progress")
    }
}
