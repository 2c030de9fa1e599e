import Foundation
import XCTest
@testable import Data

/// The crafted IDX corpus in Fixtures/hostile-idx (made by Tests/NNTests/Fixtures/make_hostile.py): every file
/// lies about its size, is cut short or inflates to far more than it claims, and every one is a clean `DataError`.
final class HostileIDXTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hostile-idx").path

    func testEveryCraftedFileIsRejected() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 12)
        for name in names {
            let path = Self.directory + "/" + name
            do {
                if name.hasPrefix("labels") {
                    _ = try IDX.readLabels(path)
                } else {
                    _ = try IDX.readImages(path)
                }
                XCTFail("\(name) was accepted")
            } catch let error as DataError {
                XCTAssertTrue("\(error)".contains(path), "\(name): \(error)")
            } catch {
                XCTFail("\(name): not a DataError: \(error)")
            }
        }
    }

    func testGzipBombStopsAtTheHeadersPromise() {
        // 20 MB of zeros behind a header promising one 28x28 image (800 bytes).
        let path = Self.directory + "/images_gzip_bomb.gz"
        assertThrows("decompresses to more than the 800 bytes its header promises") { try IDX.readImages(path) }
        assertThrows("decompresses to more than the 800 bytes") { try IDX.readImages(Self.directory + "/images_gzip_second_member_bomb.gz") }
    }

    func testHeaderClaimsAreLimitedBeforeInflating() {
        assertThrows("more than the", "-byte limit for an IDX file") {
            try IDX.readLabels(Self.directory + "/labels_header_claims_4gb.gz")
        }
        assertThrows("header dimensions [0, 2147483648, 2147483648] are too large to be real") {
            try IDX.readImages(Self.directory + "/images_zero_count_huge_images")
        }
    }

    func testDecompressWithALimitStillReadsHonestFiles() throws {
        let dir = try temporaryDirectory(self)
        let bytes = idxImages(tinyPixels(count: 3), count: 3, rows: 28, cols: 28)
        write(bytes, to: dir + "/ok.gz", gzip: true)
        XCTAssertEqual(try IDX.readImages(dir + "/ok.gz").pixels, tinyPixels(count: 3))
    }
}
