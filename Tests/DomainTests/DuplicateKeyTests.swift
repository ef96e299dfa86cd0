import Foundation
import Testing

@testable import Domain

/// Yams 6 refuses repeated keys while composing, at the first copy and without a key path; readers still report
/// them as with Yams 5: at the second copy, with its key path, the shallowest first, and behind any error that
/// stopped the composer (issue 15 part 1).
@Suite struct DuplicateKeyTests {
    static func issue(_ text: String) -> YAMLIssue? {
        do {
            let document = try YAMLField.document(text)
            try read(document)
            return nil
        } catch let issue as YAMLIssue {
            return issue
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Reads every mapping in the tree, keys before values, the way the file readers walk a document.
    static func read(_ field: YAMLField) throws {
        if let map = try? field.sequence("a list") {
            for element in map { try read(element) }
            return
        }
        guard case .mapping? = field.node, let map = try field.mapping() else { return }
        for key in map.keys { try read(map[key]) }
    }

    @Test func aNestedRepeatIsNamedAtItsSecondCopyWithItsKeyPath() {
        let text = "name: a\ntargets:\n  startup: 1s\n  memory: 2MiB\n  startup: 2s\n"
        #expect(
            Self.issue(text)
                == YAMLIssue(line: 5, column: 3, keyPath: "targets.startup", kind: .duplicateKey("startup")))
    }

    @Test func aRepeatInsideAListNamesTheElement() {
        let text = "checks:\n  - {id: a}\n  - {id: b, kind: x, id: c}\n"
        #expect(Self.issue(text) == YAMLIssue(line: 3, column: 22, keyPath: "checks[1].id", kind: .duplicateKey("id")))
    }

    @Test func theShallowestRepeatComesFirst() {
        let text = "targets:\n  startup: 1s\n  startup: 2s\nscope: x\nscope: y\n"
        #expect(Self.issue(text) == YAMLIssue(line: 5, column: 1, keyPath: "scope", kind: .duplicateKey("scope")))
    }

    @Test func anAliasedKeyRepeatsAtItsAnchorsPosition() {
        let text = "name: &n name\n*n : b\n"
        #expect(Self.issue(text) == YAMLIssue(line: 1, column: 7, keyPath: "name", kind: .duplicateKey("name")))
    }

    @Test func keysThatDifferOnlyInQuotingAreStillRepeats() {
        let text = "a: 1\n'a': 2\n"
        #expect(Self.issue(text) == YAMLIssue(line: 2, column: 1, keyPath: "a", kind: .duplicateKey("a")))
    }

    /// Yams itself is the reference: the same document with the repeat renamed (same length) gets the error
    /// Yams 5 gave the original, since its composer stopped there before any reader saw the repeat.
    @Test(arguments: [
        "name: a\nname: b\nscope: [x\n",
        "name: a\nname: b\nscope: *nowhere\n",
        "name: a\nname: b\n---\nscope: x\n",
    ])
    func anErrorThatStoppedTheComposerStillWins(text: String) throws {
        let renamed = text.replacingOccurrences(of: "name: b", with: "nama: b")
        let reference = try #require(Self.issue(renamed))
        guard case .syntax = reference.kind else {
            Issue.record("the renamed document should be a syntax error, got \(reference)")
            return
        }
        #expect(Self.issue(text) == reference)
    }

    @Test func documentsWithoutRepeatsStillRead() throws {
        let text = "name: &n a\nother: *n\nlist: [{a: 1}, {a: 2}]\n"
        #expect(Self.issue(text) == nil)
    }
}
