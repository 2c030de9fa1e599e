import Foundation
import XCTest
import NN

/// Tests for the safetensors reader and writer: round trips, a file written by Python, and every malformed-input case.
final class SafetensorsTests: XCTestCase {

    // MARK: Fixtures

    /// A 292-byte file written by Python's safetensors 0.8.0 (`safetensors.numpy.save`) from
    /// `{"weight": float32 [[1.5, -2, 0.25], [3, 1e-3, -0]], "index": int64 [-1, 0, 2^53 + 1],
    /// "loss": float32 scalar 0.5}` with metadata `{"note": "tiny \"fixture\" ✓"}`.
    static let pythonFileBase64 =
        "6AAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJub3RlIjoidGlueSBcImZpeHR1cmVcIiDinJMifSwiaW5kZXgiOnsiZHR5cGUiOiJJNjQiLCJzaGFwZSI6"
        + "WzNdLCJkYXRhX29mZnNldHMiOlswLDI0XX0sImxvc3MiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6W10sImRhdGFfb2Zmc2V0cyI6WzI0LDI4XX0sIndl"
        + "aWdodCI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMiwzXSwiZGF0YV9vZmZzZXRzIjpbMjgsNTJdfX0gICAgICAg//////////8AAAAAAAAAAAEAAAAA"
        + "ACAAAAAAPwAAwD8AAADAAACAPgAAQEBvEoM6AAAAgA=="

    static var pythonFileBytes: [UInt8] {
        [UInt8](Data(base64Encoded: pythonFileBase64) ?? Data())
    }

    /// The file that `pythonFileBytes` holds, built in Swift.
    static var pythonFileContents: SafetensorsFile {
        SafetensorsFile(
            entries: [
                "weight": SafetensorsEntry(floats: [1.5, -2, 0.25, 3, 1e-3, -0.0], shape: [2, 3]),
                "index": SafetensorsEntry(int64s: [-1, 0, 9_007_199_254_740_993], shape: [3]),
                "loss": SafetensorsEntry(floats: [0.5], shape: []),
            ],
            metadata: ["note": "tiny \"fixture\" \u{2713}"])
    }

    /// A file with one entry of every supported dtype, odd sizes included so alignment matters.
    static var everyDtype: SafetensorsFile {
        SafetensorsFile(
            entries: [
                "f32": SafetensorsEntry(floats: [1, -2.5, .infinity], shape: [3]),
                "f64": SafetensorsEntry(dtype: "F64", shape: [2], data: bytes(of: [0.5, -1e300] as [Double])),
                "f16": SafetensorsEntry(dtype: "F16", shape: [4], data: bytes(of: [0x3C00, 0xC000, 0x0001, 0x7C00] as [UInt16])),
                "bf16": SafetensorsEntry(dtype: "BF16", shape: [2], data: bytes(of: [0x3F80, 0xC0A0] as [UInt16])),
                "i64": SafetensorsEntry(int64s: [Int64.min, 7], shape: [2, 1]),
                "i32": SafetensorsEntry(dtype: "I32", shape: [1], data: bytes(of: [-70_000] as [Int32])),
                "i16": SafetensorsEntry(dtype: "I16", shape: [3], data: bytes(of: [-3, 0, 300] as [Int16])),
                "i8": SafetensorsEntry(dtype: "I8", shape: [3], data: [0xFF, 0x7F, 0x80]),
                "u8": SafetensorsEntry(dtype: "U8", shape: [1, 1, 1], data: [200]),
                "bool": SafetensorsEntry(dtype: "BOOL", shape: [2], data: [1, 0]),
                "empty": SafetensorsEntry(floats: [], shape: [0, 4]),
            ],
            metadata: ["format": "np", "line\nbreak": "tab\there \\ \u{1}"])
    }

    static func bytes<T>(of values: [T]) -> [UInt8] {
        values.withUnsafeBytes { [UInt8]($0) }
    }

    /// A file whose header is `header` verbatim (length prefix computed) followed by `data`.
    static func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let json = Array(header.utf8)
        return bytes(of: [UInt64(json.count).littleEndian]) + json + data
    }

    /// A file with one tensor "w" described by the JSON text `entry`.
    static func file(entry: String, data: [UInt8]) -> [UInt8] {
        file(header: "{\"w\":\(entry)}", data: data)
    }

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "safetensors-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    // MARK: Helpers

    /// Asserts that `body` throws a `SafetensorsError` whose message contains every fragment.
    func assertSafetensorsError(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                                _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("expected a SafetensorsError containing \(fragments)", file: file, line: line)
        } catch let error as SafetensorsError {
            for fragment in fragments where !error.message.contains(fragment) {
                XCTFail("message \"\(error.message)\" lacks \"\(fragment)\"", file: file, line: line)
            }
            XCTAssertEqual(error.description, error.message, file: file, line: line)
        } catch {
            XCTFail("expected a SafetensorsError, got \(error)", file: file, line: line)
        }
    }

    /// Asserts that parsing `bytes` fails with a message naming the source and containing `fragments`.
    func assertParseError(_ bytes: [UInt8], _ fragments: String..., file: StaticString = #filePath, line: UInt = #line) {
        assertSafetensorsError(["safetensors: bad.safetensors: "] + fragments, file: file, line: line) {
            _ = try SafetensorsFile.parse(bytes, source: "bad.safetensors")
        }
    }

    /// Asserts two files hold the same entries and metadata.
    func assertSameContents(_ actual: SafetensorsFile, _ expected: SafetensorsFile,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.names, expected.names, file: file, line: line)
        XCTAssertEqual(actual.entries, expected.entries, file: file, line: line)
        XCTAssertEqual(actual.metadata, expected.metadata, file: file, line: line)
    }

    // MARK: Round trips and Python compatibility

    func testRoundTripInMemoryKeepsEveryDtype() throws {
        let original = Self.everyDtype
        let parsed = try SafetensorsFile.parse(original.serialized())
        assertSameContents(parsed, original)
    }

    func testRoundTripThroughDisk() throws {
        let path = try temporaryDirectory() + "/model.safetensors"
        try Self.everyDtype.write(path: path)
        assertSameContents(try SafetensorsFile.read(path: path), Self.everyDtype)
    }

    func testReadsFileWrittenByPython() throws {
        let parsed = try SafetensorsFile.parse(Self.pythonFileBytes, source: "python.safetensors")
        XCTAssertEqual(parsed.names, ["index", "loss", "weight"])
        XCTAssertEqual(parsed.metadata, ["note": "tiny \"fixture\" \u{2713}"])
        XCTAssertEqual(parsed.entries["weight"]?.dtype, "F32")
        XCTAssertEqual(parsed.entries["weight"]?.shape, [2, 3])
        XCTAssertEqual(parsed.entries["weight"]?.floats(), [1.5, -2, 0.25, 3, 1e-3, -0.0])
        XCTAssertEqual(parsed.entries["index"]?.dtype, "I64")
        XCTAssertEqual(parsed.entries["index"]?.int64s(), [-1, 0, 9_007_199_254_740_993])
        XCTAssertEqual(parsed.entries["loss"]?.shape, [])
        XCTAssertEqual(parsed.entries["loss"]?.elementCount, 1)
        XCTAssertEqual(parsed.entries["loss"]?.floats(), [0.5])
    }

    func testSerializesByteForByteLikePython() throws {
        XCTAssertEqual(try Self.pythonFileContents.serialized(), Self.pythonFileBytes)
    }

    func testWriterPadsHeaderAndAlignsEveryTensor() throws {
        let bytes = try Self.everyDtype.serialized()
        let headerLength = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        XCTAssertEqual(headerLength % 8, 0)
        let header = Array(bytes[8..<(8 + headerLength)])
        let padding = header.reversed().prefix { $0 != UInt8(ascii: "}") }
        XCTAssertTrue(padding.count < 8 && padding.allSatisfy { $0 == UInt8(ascii: " ") }, "padding is spaces, as Python writes")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(header)) as? [String: Any])
        for (name, entry) in Self.everyDtype.entries {
            let offsets = try XCTUnwrap((json[name] as? [String: Any])?["data_offsets"] as? [Int])
            let size = max(1, entry.data.count / max(1, entry.elementCount))
            XCTAssertEqual(offsets[0] % size, 0, "\(name) is not aligned to its element size")
        }
    }

    func testWriterOrdersByDescendingAlignmentThenName() throws {
        let file = SafetensorsFile(entries: [
            "a": SafetensorsEntry(dtype: "U8", shape: [1], data: [1]),
            "c": SafetensorsEntry(floats: [2], shape: [1]),
            "b": SafetensorsEntry(floats: [3], shape: [1]),
            "z": SafetensorsEntry(int64s: [4], shape: [1]),
        ])
        let text = String(decoding: try file.serialized(), as: UTF8.self)
        let positions = ["\"z\"", "\"b\"", "\"c\"", "\"a\""].compactMap { text.range(of: $0)?.lowerBound }
        XCTAssertEqual(positions.count, 4)
        XCTAssertEqual(positions, positions.sorted())
    }

    func testWriteReplacesExistingFile() throws {
        let path = try temporaryDirectory() + "/model.safetensors"
        try Self.everyDtype.write(path: path)
        try Self.pythonFileContents.write(path: path)
        assertSameContents(try SafetensorsFile.read(path: path), Self.pythonFileContents)
    }

    func testEmptyFileRoundTrips() throws {
        let bytes = try SafetensorsFile().serialized()
        XCTAssertEqual(bytes, [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        assertSameContents(try SafetensorsFile.parse(bytes), SafetensorsFile())
    }

    func testAcceptsWhatPythonAccepts() throws {
        // Entries out of offset order, zero-size tensors sharing an offset, unknown entry keys, null metadata, unpadded header.
        let header = #"{"__metadata__":null,"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8],"extra":1},"#
            + #""a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"e":{"dtype":"I64","shape":[0],"data_offsets":[8,8]},"#
            + #""f":{"dtype":"U8","shape":[2,0],"data_offsets":[8,8]}}"#
        let parsed = try SafetensorsFile.parse(Self.file(header: header, data: Self.bytes(of: [Float(1), 2])))
        XCTAssertEqual(parsed.names, ["a", "b", "e", "f"])
        XCTAssertEqual(parsed.entries["b"]?.floats(), [2])
        XCTAssertEqual(parsed.entries["e"]?.int64s(), [])
        XCTAssertEqual(parsed.metadata, [:])
    }

    func testParsesJSONEscapesInNames() throws {
        let header = #"{"\u00e9\ud83d\ude00\n\"":{"dtype":"U8","shape":[],"data_offsets":[0,1]}}"#
        let parsed = try SafetensorsFile.parse(Self.file(header: header, data: [9]))
        XCTAssertEqual(parsed.names, ["\u{e9}\u{1F600}\n\""])
    }

    // MARK: Conversions

    func testFloatsConvertEveryDtype() {
        let entries = Self.everyDtype.entries
        XCTAssertEqual(entries["f32"]?.floats(), [1, -2.5, .infinity])
        XCTAssertEqual(entries["f64"]?.floats(), [0.5, -.infinity])
        XCTAssertEqual(entries["f16"]?.floats(), [1, -2, 0x1p-24, .infinity])
        XCTAssertEqual(entries["bf16"]?.floats(), [1, -5])
        XCTAssertEqual(entries["i64"]?.floats(), [-0x1p63, 7])
        XCTAssertEqual(entries["i32"]?.floats(), [-70_000])
        XCTAssertEqual(entries["i16"]?.floats(), [-3, 0, 300])
        XCTAssertEqual(entries["i8"]?.floats(), [-1, 127, -128])
        XCTAssertEqual(entries["u8"]?.floats(), [200])
        XCTAssertEqual(entries["bool"]?.floats(), [1, 0])
        XCTAssertEqual(entries["empty"]?.floats(), [])
    }

    func testInt64sConvertAndTruncateTowardZero() {
        XCTAssertEqual(SafetensorsEntry(floats: [2.9, -2.9, -0.5, .nan, .infinity, -.infinity, 1e30], shape: [7]).int64s(),
                       [2, -2, 0, 0, .max, .min, .max])
        let entries = Self.everyDtype.entries
        XCTAssertEqual(entries["i64"]?.int64s(), [.min, 7])
        XCTAssertEqual(entries["i8"]?.int64s(), [-1, 127, -128])
        XCTAssertEqual(entries["u8"]?.int64s(), [200])
        XCTAssertEqual(entries["bool"]?.int64s(), [1, 0])
        XCTAssertEqual(entries["f16"]?.int64s(), [1, -2, 0, .max])
        XCTAssertEqual(entries["bf16"]?.int64s(), [1, -5])
    }

    func testMismatchedOrUnknownEntriesConvertWithoutTrapping() {
        XCTAssertEqual(SafetensorsEntry(dtype: "F32", shape: [4], data: [0, 0, 0x80, 0x3F, 1]).floats(), [1])
        XCTAssertEqual(SafetensorsEntry(dtype: "Q4", shape: [1], data: [1]).floats(), [])
        XCTAssertEqual(SafetensorsEntry(dtype: "F32", shape: [Int.max, 4], data: []).elementCount, Int.max)
    }

    // MARK: Malformed input, one test per fault

    func testFileShorterThan8Bytes() {
        assertParseError([1, 2, 3], "3 bytes long", "shorter than the 8-byte")
        assertParseError([], "0 bytes long")
    }

    func testHeaderLengthLargerThanFile() {
        assertParseError(Self.bytes(of: [UInt64(100)]) + Array("{}".utf8), "header length 100", "larger than the 2 bytes")
    }

    func testHeaderLengthAbsurd() {
        assertParseError(Self.bytes(of: [UInt64.max]) + Array("{}".utf8), "header length 18446744073709551615", "100000000-byte limit")
        assertParseError(Self.bytes(of: [UInt64(100_000_001)]), "header length 100000001", "limit")
    }

    func testHeaderNotUTF8() {
        assertParseError(Self.bytes(of: [UInt64(4)]) + [0x7B, 0xFF, 0xFE, 0x7D], "header is not valid UTF-8")
    }

    func testHeaderNotJSON() {
        assertParseError(Self.file(header: "{\"w\":"), "header is not valid JSON", "end of header")
        assertParseError(Self.file(header: "{} x"), "header is not valid JSON", "'x' after the top-level value")
        assertParseError(Self.file(header: "{}\0\0"), "header is not valid JSON", "byte 0x0")
    }

    func testHeaderNotObject() {
        assertParseError(Self.file(header: "[1, 2]"), "header is [1, 2], expected a JSON object")
    }

    func testDeeplyNestedHeaderIsRejectedNotOverflowed() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        assertParseError(Self.file(header: "{\"w\":\(deep)}"), "nested deeper than 64 levels")
    }

    func testDuplicateKeys() {
        let entry = #"{"dtype":"U8","shape":[1],"data_offsets":[0,1]}"#
        assertParseError(Self.file(header: "{\"w\":\(entry),\"w\":\(entry)}", data: [0]), "duplicate key \"w\"")
    }

    func testEntryNotObject() {
        assertParseError(Self.file(entry: "[0, 4]", data: [0, 0, 0, 0]), "tensor \"w\": entry is [0, 4], expected an object")
    }

    func testEntryLacksDtype() {
        assertParseError(Self.file(entry: #"{"shape":[1],"data_offsets":[0,1]}"#, data: [0]), "tensor \"w\": missing \"dtype\"")
    }

    func testEntryLacksShape() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","data_offsets":[0,1]}"#, data: [0]), "tensor \"w\": missing \"shape\"")
    }

    func testEntryLacksDataOffsets() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","shape":[1]}"#, data: [0]), "tensor \"w\": missing \"data_offsets\"")
    }

    func testDtypeNotString() {
        assertParseError(Self.file(entry: #"{"dtype":4,"shape":[1],"data_offsets":[0,1]}"#, data: [0]),
                         "tensor \"w\": \"dtype\" is 4, expected a string")
    }

    func testUnknownDtype() {
        assertParseError(Self.file(entry: #"{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}"#, data: [0]),
                         "tensor \"w\": unknown dtype \"F8_E4M3\"", "supported: BOOL")
    }

    func testShapeNotArray() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","shape":1,"data_offsets":[0,1]}"#, data: [0]),
                         "tensor \"w\": \"shape\" is 1, expected an array")
    }

    func testNegativeShapeDim() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","shape":[1,-2],"data_offsets":[0,1]}"#, data: [0]),
                         "tensor \"w\": shape dimension 1 is -2, expected a non-negative integer")
    }

    func testNonIntegerShapeDims() {
        for dim in ["1.0", "1e0", "true", "\"1\"", "null", "99999999999999999999"] {
            assertParseError(Self.file(entry: "{\"dtype\":\"U8\",\"shape\":[\(dim)],\"data_offsets\":[0,1]}", data: [0]),
                             "tensor \"w\": shape dimension 0 is ", "expected a non-negative integer")
        }
    }

    func testOffsetsNotTwoIntegers() {
        for offsets in ["[0]", "[0,1,1]", "\"0-1\"", "{}"] {
            assertParseError(Self.file(entry: "{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":\(offsets)}", data: [0]),
                             "tensor \"w\": \"data_offsets\" is ", "expected two non-negative integers")
        }
    }

    func testOffsetsNegative() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","shape":[1],"data_offsets":[-1,0]}"#, data: [0]),
                         "tensor \"w\": \"data_offsets\" is [-1, 0], expected two non-negative integers")
    }

    func testOffsetsNonInteger() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","shape":[1],"data_offsets":[0,1.0]}"#, data: [0]),
                         "tensor \"w\": \"data_offsets\" is [0, 1.0], expected two non-negative integers")
    }

    func testOffsetsBeginAfterEnd() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","shape":[1],"data_offsets":[2,1]}"#, data: [0, 0]),
                         "tensor \"w\": data_offsets [2, 1] begin after they end")
    }

    func testOffsetsOutsideDataArea() {
        assertParseError(Self.file(entry: #"{"dtype":"F32","shape":[2],"data_offsets":[4,12]}"#, data: [0, 0, 0, 0, 0, 0, 0, 0]),
                         "tensor \"w\": data_offsets [4, 12] extend past the 8-byte data area")
    }

    func testByteCountDisagreesWithShape() {
        assertParseError(Self.file(entry: #"{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}"#, data: Array(repeating: 0, count: 20)),
                         "tensor \"w\": shape [2, 3] of F32 needs 24 bytes but data_offsets give 20")
    }

    func testShapeTooLargeToAddress() {
        let entry = #"{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}"#
        assertParseError(Self.file(entry: entry, data: Array(repeating: 0, count: 8)), "more bytes than can be addressed")
    }

    func testOverlappingEntries() {
        // Python's safetensors rejects these too ("invalid offset").
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        assertParseError(Self.file(header: header, data: [0, 0, 0, 0]), "tensors \"a\" (bytes 0..<4) and \"b\" (bytes 0..<4) overlap")
    }

    func testGapBetweenEntries() {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        assertParseError(Self.file(header: header, data: Array(repeating: 0, count: 12)), "bytes 4..<8 of the data area belong to no tensor")
    }

    func testTrailingBytesAfterLastEntry() {
        assertParseError(Self.file(entry: #"{"dtype":"U8","shape":[1],"data_offsets":[0,1]}"#, data: [0, 0, 0]),
                         "2 trailing bytes after the last tensor")
    }

    func testMetadataValueNotString() {
        assertParseError(Self.file(header: #"{"__metadata__":{"epoch":3}}"#),
                         "\"__metadata__\" value for key \"epoch\" is 3, expected a string")
    }

    func testMetadataNotObject() {
        assertParseError(Self.file(header: #"{"__metadata__":"v1"}"#), "\"__metadata__\" is the string \"v1\", expected an object")
    }

    func testEveryTruncationOfAValidFileThrows() {
        let bytes = Self.pythonFileBytes
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try SafetensorsFile.parse(Array(bytes[0..<length]))) { error in
                XCTAssertTrue(error is SafetensorsError)
            }
        }
    }

    func testCorruptedHeaderBytesNeverTrap() {
        // Deterministic generator so failures reproduce.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let original = Self.pythonFileBytes
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[Int(state >> 33) % 240] = UInt8(truncatingIfNeeded: state >> 17)
            }
            do { _ = try SafetensorsFile.parse(bytes) } catch { XCTAssertTrue(error is SafetensorsError) }
        }
    }

    // MARK: Reading and writing paths

    func testReadMissingFileNamesPath() {
        assertSafetensorsError(["cannot read \"/nonexistent/x.safetensors\"", "No such file"]) {
            _ = try SafetensorsFile.read(path: "/nonexistent/x.safetensors")
        }
    }

    func testReadDirectoryIsError() throws {
        let directory = try temporaryDirectory()
        assertSafetensorsError(["cannot read \"\(directory)\"", "not a regular file"]) {
            _ = try SafetensorsFile.read(path: directory)
        }
    }

    func testReadReportsFilePathInParseErrors() throws {
        let path = try temporaryDirectory() + "/short.safetensors"
        try Data([1, 2]).write(to: URL(fileURLWithPath: path))
        assertSafetensorsError(["safetensors: \(path): file is 2 bytes long"]) { _ = try SafetensorsFile.read(path: path) }
    }

    func testWriteRejectsEmptyName() throws {
        let path = try temporaryDirectory() + "/out.safetensors"
        let file = SafetensorsFile(entries: ["": SafetensorsEntry(floats: [1], shape: [1])])
        assertSafetensorsError(["cannot write \"\(path)\"", "a tensor name is empty"]) { try file.write(path: path) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testWriteRejectsMetadataKeyAsTensorName() {
        let file = SafetensorsFile(entries: ["__metadata__": SafetensorsEntry(floats: [1], shape: [1])])
        assertSafetensorsError(["cannot serialize", "reserved for metadata"]) { _ = try file.serialized() }
    }

    func testWriteRejectsDataCountMismatch() throws {
        let directory = try temporaryDirectory()
        let file = SafetensorsFile(entries: ["w": SafetensorsEntry(floats: [1, 2, 3, 4, 5], shape: [2, 3])])
        assertSafetensorsError(["tensor \"w\": shape [2, 3] of F32 needs 24 bytes but data has 20"]) {
            try file.write(path: directory + "/out.safetensors")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    func testWriteRejectsUnknownDtypeAndNegativeDims() {
        let unknown = SafetensorsFile(entries: ["w": SafetensorsEntry(dtype: "F8", shape: [1], data: [0])])
        assertSafetensorsError(["tensor \"w\": unknown dtype \"F8\""]) { _ = try unknown.serialized() }
        let negative = SafetensorsFile(entries: ["w": SafetensorsEntry(dtype: "U8", shape: [-1], data: [])])
        assertSafetensorsError(["tensor \"w\": shape [-1] has a negative dimension"]) { _ = try negative.serialized() }
    }

    func testWriteIntoMissingDirectoryNamesPath() {
        let path = "/nonexistent-\(UUID().uuidString)/out.safetensors"
        assertSafetensorsError(["cannot write \"\(path)\"", "No such file or directory"]) { try Self.everyDtype.write(path: path) }
    }

    func testWriteBelowARegularFileNamesPath() throws {
        // Permission bits do not stop root, so an unwritable directory is made by using a file as the parent.
        let directory = try temporaryDirectory()
        let parent = directory + "/plain-file"
        try Data([0]).write(to: URL(fileURLWithPath: parent))
        let path = parent + "/out.safetensors"
        assertSafetensorsError(["cannot write \"\(path)\"", "Not a directory"]) { try Self.everyDtype.write(path: path) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["plain-file"])
    }

    func testSavingThroughASymlinkKeepsTheLink() throws {
        let directory = try temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: directory + "/latest.safetensors",
                                                   withDestinationPath: "run-1.safetensors")
        try Self.everyDtype.write(path: directory + "/latest.safetensors")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/latest.safetensors"),
                       "run-1.safetensors")
        assertSameContents(try SafetensorsFile.read(path: directory + "/run-1.safetensors"), Self.everyDtype)
    }

    func testLoadingAFIFOIsAnErrorNotAHang() throws {
        let fifo = try temporaryDirectory() + "/pipe.safetensors"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        assertSafetensorsError(["cannot read \"\(fifo)\"", "not a regular file (it is a FIFO)"]) {
            _ = try SafetensorsFile.read(path: fifo)
        }
        assertSafetensorsError(["cannot write \"\(fifo)\"", "not a regular file (it is a FIFO)"]) {
            try Self.everyDtype.write(path: fifo)
        }
    }

    func testADirectoryIsNotReplacedAndNothingIsLeftBehind() throws {
        let directory = try temporaryDirectory()
        let target = directory + "/occupied"
        try FileManager.default.createDirectory(atPath: target + "/child", withIntermediateDirectories: true)
        assertSafetensorsError(["cannot write \"\(target)\"", "not a regular file (it is a directory)"]) {
            try Self.everyDtype.write(path: target)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["occupied"])
    }
}
