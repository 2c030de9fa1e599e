import Engine
import Foundation
import XCTest
@testable import NN

/// The crafted safetensors corpus in Fixtures/hostile-safetensors (made by Fixtures/make_hostile.py): overflowing
/// and zero-hidden shapes, lying headers, truncated data. Every file is a clean error before any tensor exists.
final class HostileSafetensorsTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hostile-safetensors").path

    /// What `load(path)` does: parse, then make every tensor.
    private func load(_ path: String) throws -> [Tensor] {
        let file = try SafetensorsFile.read(path: path)
        return try file.names.compactMap { name in try file.entries[name].map(Tensor.from) }
    }

    func testEveryCraftedFileIsRejected() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".safetensors") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 16)
        for name in names {
            let path = Self.directory + "/" + name
            do {
                let tensors = try load(path)
                XCTFail("\(name) was accepted: \(tensors.map(\.shape))")
            } catch let error as SafetensorsError {
                XCTAssertTrue(error.message.contains(path), "\(name): \(error)")
            } catch {
                XCTFail("\(name): not a SafetensorsError: \(error)")
            }
        }
    }

    func testZeroDimensionDoesNotHideAnOverflowingShape() {
        // Python's safetensors loads this (no bytes); here it is refused, since .sum(0) on it would need 2^64 elements.
        XCTAssertThrowsError(try load(Self.directory + "/zero_dim_with_huge_others.safetensors")) { error in
            XCTAssertTrue("\(error)".contains("shape [0, 4611686018427387904, 4] has too many elements"), "\(error)")
        }
    }

    func testAModelLoadOfACraftedFileLeavesTheModelAlone() throws {
        let model = try Linear(4, 1)
        let before = model.weight.toFloats()
        XCTAssertThrowsError(try model.load(from: Self.directory + "/overflowing_shape.safetensors"))
        XCTAssertEqual(model.weight.toFloats(), before)
    }
}
