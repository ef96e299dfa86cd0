/// Test files get Foundation with TestSupport, as every helper here needs it.
@_exported import Foundation
