import Domain
import Foundation

/// State shared by the validators of one gate run: earlier records (the baseline report reads the
/// performance figures), the image judged, and the previous evidence of the same phase from git.
package final class RunScratchpad {
    package private(set) var records: [ValidatorRecord] = []
    /// The image the run judged, recorded in evidence (set by image-aware validators).
    package var image: ImageRecord?
    /// Evidence of the same service and phase at HEAD (the previous baseline), if any.
    package let previous: Evidence?

    package init(previous: Evidence? = nil) { self.previous = previous }

    package func record(_ record: ValidatorRecord) { records.append(record) }

    /// The record of an earlier validator of this run, by id.
    package func record(id: String) -> ValidatorRecord? { records.last { $0.id == id } }
}

/// Where the previous evidence of a phase comes from (HEAD's tree in the real tool).
package protocol EvidenceHistory {
    func previousEvidence(service: ServiceName, phase: Domain.Phase) throws -> Evidence?
}
