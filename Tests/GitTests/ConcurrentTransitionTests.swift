import Foundation
import Testing
import TestSupport

@testable import Git

@Suite("writeTransition from many threads", .blocking)
struct ConcurrentTransitionTests {
    @Test func tenWritersAllLand() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit(["README.md": "hello\n"], message: "initial")
        let paths = (0..<10).map { "services/svc\($0)/state.yaml" }
        let results = Results()
        let group = DispatchGroup()
        for (index, path) in paths.enumerated() {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let repo = try Repository.discover(startingAt: sandbox.root)
                    let id = try repo.writeTransition(TransitionRequest(
                        files: [path: Data("phase: planning\n".utf8)],
                        message: "gate(svc\(index)): none -> planning\n\nGate-Service: svc\(index)"))
                    results.add(.success(id))
                } catch {
                    results.add(.failure(error))
                }
            }
            thread.start()
        }
        #expect(group.wait(timeout: .now() + 120) == .success)

        let outcomes = results.all
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

/// Outcomes gathered from several threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<OID, Error>] = []

    func add(_ item: Result<OID, Error>) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [Result<OID, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
