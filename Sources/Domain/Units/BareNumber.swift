/// What a number written without a unit means to a unit parser: the one rule for every duration and size the
/// tool reads. Plans, gate targets and waivers refuse it (`100` could mean bytes or megabytes), while
/// podman's own output (`12`, `438.3kB`) and a validator's free-form `with:` options read it in the base unit,
/// the way they always have, through the same parser.
package enum BareNumber: Sendable, Equatable {
    /// A bare number is an error that names the units to write.
    case refused
    /// A bare number is in the base unit: seconds for a duration, bytes for a size.
    case baseUnit
}
