import Domain
import Testing

@Suite struct ChecklistTests {
    @Test func findsItemsWithAllBulletsAndDepths() {
        let text = """
            # Title
            - [ ] first `auto:plan-complete`
            * [x] second
              + [X] nested under second
                - plain bullet
                  - [ ] deeper
            1. [ ] ordered
            - [] not a task
            - [ ]
            -[ ] no space
            text - [ ] inside a paragraph
            """
        let items = Checklist(text: text).items
        #expect(items.map(\.text) == ["first", "second", "nested under second", "deeper", "ordered"])
        #expect(items.map(\.line) == [2, 3, 4, 6, 7])
        #expect(items.map(\.checked) == [false, true, true, false, false])
        #expect(items.map(\.depth) == [0, 0, 1, 3, 0])
        #expect(items.map(\.autoValidator) == ["plan-complete", nil, nil, nil, nil])
        #expect(items.map(\.index) == [0, 1, 2, 3, 4])
        #expect(items[0].isManual == false && items[1].isManual)
    }

    @Test func taskLinesInFencesAreNotItems() {
        let text = """
            - [ ] real one
            ````markdown
            - [ ] in a four-backtick fence
            ```
            - [ ] a shorter fence line does not close it
            ````
            - [ ] after the fence
              ~~~
              - [x] in an indented tilde fence
              ```
              - [ ] a backtick line does not close a tilde fence
              ~~~
            - [x] last
            """
        let items = Checklist(text: text).items
        #expect(items.map(\.text) == ["real one", "after the fence", "last"])
        #expect(items.map(\.line) == [1, 7, 13])
    }

    @Test func autoTagOnlyAtTheEnd() {
        let text = "- [ ] `auto:sigterm` in the middle\n- [ ] tagged   `auto:clean-logs`  \n- [ ] bad `auto:Bad`\n"
        let checklist = Checklist(text: text)
        #expect(checklist.items.map(\.autoValidator) == [nil, "clean-logs", nil])
        #expect(checklist.items[1].text == "tagged")
        let problems = checklist.autoTagProblems(knownValidators: ["sigterm"], file: "c.md")
        #expect(problems.count == 3)
        #expect(
            problems.contains(
                .unknownValidator(file: "c.md", line: 2, column: 16, id: "clean-logs", known: ["sigterm"])))
        #expect(problems.first?.localizedDescription.hasPrefix("c.md:1:") == true)
    }

    @Test func tickingRewritesOnlyTheBracketByte() {
        let text =
            "# T  \r\n\r\n- [ ] one `auto:a`  \r\n  - [X] two\r\n\t- [ ] three\r\n```\r\n- [ ] code\r\n```\r\n- [ ] four"
        var checklist = Checklist(text: text)
        #expect(checklist.items.count == 4)
        let ticked = checklist.settingChecked(true, item: 0)
        #expect(ticked == text.replacingFirst("- [ ] one", with: "- [x] one"))
        #expect(checklist.settingChecked(false, item: 1) == text.replacingFirst("[X] two", with: "[ ] two"))
        #expect(checklist.settingChecked(true, item: 1) == text, "an X that is already ticked stays")
        #expect(checklist.settingChecked(true, item: 3).hasSuffix("- [x] four"))
        #expect(checklist.settingChecked(true, item: 99) == text)
        checklist.setChecked(true, at: 2)
        #expect(checklist.items[2].checked)
        #expect(checklist.text == text.replacingFirst("\t- [ ] three", with: "\t- [x] three"))
        #expect(Array(checklist.text.utf8).count == Array(text.utf8).count)
        let bytesBefore = Array(text.utf8), bytesAfter = Array(checklist.text.utf8)
        #expect(zip(bytesBefore, bytesAfter).filter { $0 != $1 }.count == 1)
    }

    @Test func unicodeTextIsKept() {
        let text = "- [ ] Startup time ✅/❌ — naïve `auto:startup-time`\n"
        let checklist = Checklist(text: text)
        #expect(checklist.items.first?.text == "Startup time ✅/❌ — naïve")
        #expect(checklist.settingChecked(true, item: 0) == "- [x] Startup time ✅/❌ — naïve `auto:startup-time`\n")
    }

    @Test func emptyAndItemlessTexts() {
        #expect(Checklist(text: "").items.isEmpty)
        #expect(Checklist(text: "no items\n").items.isEmpty)
        #expect(Checklist(text: "").text == "")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
