import Domain
import Foundation
import Testing
import Yams

@Suite struct UnitTests {
    @Test(arguments: [
        ("500ms", 500.0), ("2s", 2000), ("1.5s", 1500), ("1m", 60_000), ("1h", 3_600_000), ("0.5ms", 0.5),
    ])
    func durations(text: String, ms: Double) throws {
        #expect(try DurationValue(parsing: text).milliseconds == ms)
    }

    @Test func durationsFormatCompactly() throws {
        #expect(DurationValue(milliseconds: 500).formatted == "500ms")
        #expect(DurationValue(milliseconds: 1500).formatted == "1.5s")
        #expect(DurationValue(milliseconds: 90_000).formatted == "90s")
        #expect(DurationValue(milliseconds: 3_600_000).formatted == "1h")
        #expect(DurationValue(milliseconds: 300_000).formatted == "5m")
        for text in ["500ms", "2s", "1.5s", "1m", "1h", "90s"] {
            #expect(try DurationValue(parsing: text).formatted == text)
        }
        #expect(DurationValue.seconds(2).seconds == 2)
    }

    @Test(arguments: ["5", "", "s", "2 days", "-1s", "1..5s", "1.5", "2S"])
    func invalidDurationsNameTheValue(text: String) {
        let error = #expect(throws: UnitError.self) { try DurationValue(parsing: text) }
        #expect(error == .invalid(value: text, kind: .duration, expected: UnitKind.duration.examples))
        #expect(error?.localizedDescription.contains("500ms") == true)
    }

    @Test(
        arguments: [
            ("64MiB", Int64(64 << 20)), ("100MB", 100_000_000), ("512KiB", 512 * 1024), ("1GB", 1_000_000_000),
            ("1GiB", 1 << 30), ("4096B", 4096), ("1.5kB", 1500), ("12.5MiB", 13_107_200),
        ] as [(String, Int64)])
    func byteSizes(text: String, bytes: Int64) throws {
        #expect(try ByteSize(parsing: text).bytes == bytes)
    }

    @Test func byteSizesFormatAndRefuse() throws {
        for text in ["64MiB", "100MB", "512KiB", "1GB", "1GiB", "1500B"] {
            #expect(try ByteSize(parsing: text).formatted == text)
        }
        #expect(throws: UnitError.invalid(value: "100", kind: .byteSize, expected: UnitKind.byteSize.examples)) {
            try ByteSize(parsing: "100")
        }
        #expect(throws: UnitError.self) { try ByteSize(parsing: "100 parsecs") }
        #expect(try ByteSize(parsing: "100MB").megabytes == 100)
    }

    @Test func throughput() throws {
        #expect(try Throughput(parsing: "1000/s").perSecond == 1000)
        #expect(try Throughput(parsing: "60/m").perSecond == 1)
        #expect(try Throughput(parsing: "1/m").formatted == "1/m")
        #expect(try Throughput(parsing: "3600/h").formatted == "1/s")
        #expect(try Throughput(parsing: "1000/s").formatted == "1000/s")
        #expect(throws: UnitError.self) { try Throughput(parsing: "1000") }
        #expect(throws: UnitError.self) { try Throughput(parsing: "fast/s") }
    }

    struct Targets: Codable, Equatable {
        var startup: DurationValue
        var memory: ByteSize
        var throughput: Throughput
    }

    @Test func codableFromYAMLStrings() throws {
        let decoded = try YAMLDecoder().decode(Targets.self, from: "startup: 5s\nmemory: 100MB\nthroughput: 1000/s\n")
        #expect(
            decoded
                == Targets(
                    startup: .seconds(5), memory: ByteSize(bytes: 100_000_000), throughput: Throughput(perSecond: 1000))
        )
        let encoded = try YAMLEncoder().encode(decoded)
        #expect(try YAMLDecoder().decode(Targets.self, from: encoded) == decoded)
        #expect(encoded.contains("memory: 100MB"))
        #expect(throws: DecodingError.self) {
            try YAMLDecoder().decode(Targets.self, from: "startup: 5\nmemory: 1MB\nthroughput: 1/s\n")
        }
    }
}
