import Support

// Every Domain error is about a file or value the user wrote, so each case is bad input (exit 2); each type
// still lists its cases, so a new case has to be placed on purpose.

extension ChecklistError: CategorizedError {
    /// A checklist the user wrote names an unknown validator or holds a broken tag.
    package var category: ErrorCategory {
        switch self {
        case .unknownValidator, .malformedAutoTag: return .badInput
        }
    }
}

extension GateDefinitionError: CategorizedError {
    /// A gate file that does not read as the SPEC describes.
    package var category: ErrorCategory {
        switch self {
        case .syntax, .invalidValue, .missingKey, .unknownKey, .duplicateKey, .unknownKind, .phaseMismatch,
            .duplicateValidator, .unknownAutoValidator, .limitExceeded:
            return .badInput
        }
    }
}

extension PlanError: CategorizedError {
    /// A `service.yaml` that does not read as the SPEC describes.
    package var category: ErrorCategory {
        switch self {
        case .syntax, .invalidValue, .duplicateKey, .unknownKey, .limitExceeded: return .badInput
        }
    }
}

extension PhaseError: CategorizedError {
    /// A phase name or transition the phase machine refuses.
    package var category: ErrorCategory {
        switch self {
        case .unknown, .alreadyReady, .illegalReopen, .missingReason: return .badInput
        }
    }
}

extension UnitError: CategorizedError {
    /// A duration, size or rate written in a unit podserve-gate does not read.
    package var category: ErrorCategory {
        switch self {
        case .invalid: return .badInput
        }
    }
}

extension CommitTextError: CategorizedError {
    /// Text given for a commit message that could not be written safely.
    package var category: ErrorCategory {
        switch self {
        case .refusedCharacter, .empty, .wouldNotReadBack: return .badInput
        }
    }
}

extension StateFileError: CategorizedError {
    /// A `state.yaml` that does not name a phase.
    package var category: ErrorCategory {
        switch self {
        case .syntax, .missingPhase, .invalidPhase, .invalidValue, .unknownKey, .limitExceeded: return .badInput
        }
    }
}

extension DependencyError: CategorizedError {
    /// Plans whose `depends_on` entries form a loop.
    package var category: ErrorCategory {
        switch self {
        case .cycle: return .badInput
        }
    }
}

extension ServiceNameError: CategorizedError {
    /// A service name that breaks the naming rule.
    package var category: ErrorCategory {
        switch self {
        case .invalid: return .badInput
        }
    }
}

extension YAMLLimitExceeded: CategorizedError {
    /// A document past a size, depth or alias limit is the user's file.
    package var category: ErrorCategory { .badInput }
}

extension YAMLIssue: CategorizedError {
    /// Internal until a concern names it in its own error type; bad input like all of those.
    var category: ErrorCategory {
        switch kind {
        case .syntax, .invalidValue, .duplicateKey, .unknownKey, .limitExceeded: return .badInput
        }
    }
}
