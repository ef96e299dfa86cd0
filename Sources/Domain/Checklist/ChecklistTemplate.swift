import Foundation

/// Renders a service's checklist file from its phase's gate template.
package enum ChecklistTemplate {
    /// The placeholder gate templates use for the service name.
    package static let placeholder = "SERVICE"

    /// `template` (the gate's `checklist:`; the default gate's when nil) with `SERVICE` replaced by `name`,
    /// ending in exactly one newline (an empty template stays empty).
    package static func forService(name: String, phase: Phase, template: String? = nil) -> String {
        let source = template ?? DefaultGates.definition(for: phase)?.checklist ?? ""
        guard !source.isEmpty else { return "" }
        var text = source.replacingOccurrences(of: placeholder, with: name)
        while text.hasSuffix("\n\n") { text.removeLast() }
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}
