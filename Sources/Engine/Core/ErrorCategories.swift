import Support

// Engine errors and their categories, case by case (see `ErrorCategory`): the CLI turns them into exit codes.

extension EngineError: CategorizedError {
    /// A busy service lock or a branch with nothing committed is the repository not ready; the rest is what
    /// the user named or wrote.
    package var category: ErrorCategory {
        switch self {
        case .busy, .nothingCommitted:
            return .environment
        case .unknownService, .serviceExists, .planExists, .missingFile, .dirtyFile, .gateMissing, .alreadyReady,
            .invalidEvidence, .unsealedInputs, .symlinkInput, .invalidImageReference, .fileTooLarge:
            return .badInput
        }
    }
}

extension BuildError: CategorizedError {
    /// A missing base image is the machine not ready (exit 3: build or pull it, the plan is fine); a stale image,
    /// a missing context or Containerfile and broken recipes are the user's to fix in the repository (exit 2).
    package var category: ErrorCategory {
        switch self {
        case .baseImageMissing:
            return .environment
        case .staleImage, .contextNotCommitted, .noBuildContext, .missingContainerfile, .invalidRecipes:
            return .badInput
        }
    }
}

extension ContainerError: CategorizedError {
    /// Podman failing to answer or to do what it was asked is the machine's problem.
    package var category: ErrorCategory {
        switch self {
        case .commandFailed, .unexpectedOutput, .engineUnreachable: return .environment
        }
    }
}

extension WaiverError: CategorizedError {
    /// Every refusal of `waive`, `unwaive` or `approve --waiver` names a value the user gave.
    package var category: ErrorCategory {
        switch self {
        case .invalidReason, .invalidExpiry, .invalidOwner, .unknownValidator, .ambiguousValidator, .refused,
            .nothingToRevoke, .noApprovalsRequired, .notAnApprover:
            return .badInput
        }
    }
}

extension AuditError: CategorizedError {
    /// An audit command given a range, role, approver or signers file it cannot use.
    package var category: ErrorCategory {
        switch self {
        case .allowedSignersUnreadable, .invalidRange, .noApprovalsRequired, .wrongRole, .notAnApprover,
            .alreadyApproved, .alreadyApprovedWaiver, .nothingToApprove:
            return .badInput
        }
    }
}

extension ExportError: CategorizedError {
    /// `export kube` asked for services (or dependencies) that do not exist.
    package var category: ErrorCategory {
        switch self {
        case .noServices, .unknownService, .missingDependency: return .badInput
        }
    }
}

extension RuntimeOptionError: CategorizedError {
    /// A gate option of the wrong shape is the gate file's problem.
    package var category: ErrorCategory { .badInput }
}

extension RequestProbe.ProbeFailure: CategorizedError {
    /// A request the service did not answer is the service failing its gate.
    package var category: ErrorCategory { .gateFailed }
}

extension LoadFailure: CategorizedError {
    /// Carries a validator's failed outcome: the gate failed.
    var category: ErrorCategory { .gateFailed }
}

extension CombinationRunner.StepFailure: CategorizedError {
    /// A combination step (kube play, health, integration test) that failed: the gate failed.
    var category: ErrorCategory { .gateFailed }
}
