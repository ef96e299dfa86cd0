import Foundation
import Locking

/// Whether a service's checklist still holds every item of its gate's template, so a sign-off cannot be
/// dodged by deleting, rewording or re-tagging the item that asks for it.
///
/// An item matches a template item when its text (after `SERVICE` is replaced by the service name) and its
/// `auto:` tag are equal; order, nesting, tick marks and extra items are free. Each checklist item stands in
/// for at most one template item, so a template that repeats an item needs it repeated in the checklist too.
package enum ChecklistConformance {
    /// A template item the checklist does not hold as written.
    package struct Deviation: Equatable, Sendable {
        /// The template item (its `line` is the line within the template).
        package let templateItem: ChecklistItem
        /// A checklist item with the same text but another tag (or none), when there is one: a re-tag.
        package let retaggedAs: ChecklistItem?

        /// A sentence naming the template line (`gates/1-planning.yaml:35`) and the fix.
        package func message(checklistPath: String, templateLocation: String) -> String {
            let item = "\"\(Self.shown(templateItem.text, templateItem.autoValidator))\""
            if let found = retaggedAs {
                let now = found.autoValidator.map { "`auto:\($0)`" } ?? "no tag (manual)"
                let was = templateItem.autoValidator.map { "`auto:\($0)`" } ?? "no tag (a manual sign-off)"
                return "\(templateLocation): template item \(item) is re-tagged in \(checklistPath):\(found.line): "
                    + "it has \(now) but the template gives \(was); restore the item as the template writes it"
            }
            return "\(templateLocation): template item \(item) is missing from \(checklistPath) (removed or reworded); "
                + "restore the line as the template writes it"
        }

        static func shown(_ text: String, _ tag: String?) -> String {
            tag.map { "\(text) `auto:\($0)`" } ?? text
        }
    }

    /// The template items `checklist` lacks, in template order; empty when it conforms.
    package static func deviations(of checklist: Checklist, from template: Checklist) -> [Deviation] {
        deviations(of: checklist, fromItems: template.items)
    }

    static func deviations(of checklist: Checklist, fromItems templateItems: [ChecklistItem]) -> [Deviation] {
        struct Key: Hashable {
            let text: String
            let tag: String?
        }
        var available: [Key: [ChecklistItem]] = [:]
        for item in checklist.items {
            available[Key(text: item.text, tag: item.autoValidator), default: []].append(item)
        }
        var missing: [ChecklistItem] = []
        for item in templateItems {
            let key = Key(text: item.text, tag: item.autoValidator)
            if var found = available[key], !found.isEmpty {
                found.removeFirst()
                available[key] = found
            } else {
                missing.append(item)
            }
        }
        // Items left unmatched may be the same text under another tag: report those as re-tagged.
        var leftover = available.values.flatMap { $0 }.sorted { $0.index < $1.index }
        return missing.map { item in
            guard let at = leftover.firstIndex(where: { $0.text == item.text }) else {
                return Deviation(templateItem: item, retaggedAs: nil)
            }
            return Deviation(templateItem: item, retaggedAs: leftover.remove(at: at))
        }
    }

    /// `gates/<n>-<state>.yaml:<line>` of template line `line` (1-based within the template), given where the
    /// template's first line is written; the template line itself when the gate file's layout is not known.
    package static func templateLocation(line: Int, start: SourceLocation?, gateFile: String) -> String {
        guard let start else { return "\(gateFile) (checklist template line \(line))" }
        return "\(start.file):\(start.line + line - 1)"
    }

    /// The deviations of a service's checklist text from the gate template (`SERVICE` not yet substituted).
    package static func deviations(checklist text: String, template: String, service: String, phase: Phase)
        -> [Deviation]
    {
        deviations(of: Checklist(text: text), template: template, service: service, phase: phase)
    }

    /// The same for a checklist already parsed (the board parses each once).
    package static func deviations(of checklist: Checklist, template: String, service: String, phase: Phase)
        -> [Deviation]
    {
        // The board asks this for every service: the template is parsed once per gate, and only the items that
        // name `SERVICE` get the service's name (the same text `ChecklistTemplate.forService` would render).
        let placeholder = ChecklistTemplate.placeholder
        let items = TemplateCache.shared.items(template: template, phase: phase).map { item in
            guard item.text.contains(placeholder) else { return item }
            return ChecklistItem(
                index: item.index, line: item.line, checked: item.checked,
                text: item.text.replacingOccurrences(of: placeholder, with: service),
                autoValidator: item.autoValidator, depth: item.depth, markOffset: item.markOffset,
                tagColumn: item.tagColumn)
        }
        return deviations(of: checklist, fromItems: items)
    }
}

/// Parsed gate templates (with `SERVICE` unsubstituted), shared by every service of a board or audit.
final class TemplateCache: Sendable {
    static let shared = TemplateCache()
    private let parsed = Locked<[String: [ChecklistItem]]>([:])

    func items(template: String, phase: Phase) -> [ChecklistItem] {
        let key = phase.rawValue + "\u{0}" + template
        return parsed.withLock { parsed in
            if let items = parsed[key] { return items }
            let items = Checklist(
                text: ChecklistTemplate.forService(
                    name: ChecklistTemplate.placeholder, phase: phase,
                    template: template)
            ).items
            if parsed.count > 64 { parsed.removeAll() }
            parsed[key] = items
            return items
        }
    }
}
