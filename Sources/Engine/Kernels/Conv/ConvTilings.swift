import Foundation
import Dispatch

// MARK: - Tilings

extension ConvKernels {
    /// Output positions start ..< start+count of `images` consecutive images from `image` (whole images when > 1).
    struct PositionBlock {
        var image: Int, start: Int, count: Int, images = 1
    }

    /// The split of batch × output positions into blocks of whole output rows that fit the column budget.
    struct BlockTiling {
        let batch: Int, positions: Int, blockSize: Int, blocksPerImage: Int, imagesPerBlock: Int, count: Int

        /// Blocks hold at least `minimum` positions even when the budget allows fewer, and are split into at least
        /// `perCore` blocks per core; with `acrossImages`, images smaller than a block are grouped, whole, into one.
        init(_ plan: Plan, batch: Int, rowsPerPosition: Int, minimum: Int = 1, perCore: Int = 4,
             acrossImages: Bool = false) {
            self.batch = batch
            positions = plan.outVolume
            let fit = max(minimum, plan.columnBudget / (4 * max(1, rowsPerPosition)))
            // A few blocks per worker keep both cores busy to the end.
            let balanced = max(1, ceilDiv(positions * batch, perCore * ConvKernels.cores))
            let size = min(fit, balanced, positions)
            blockSize = plan.outW > 0 && size >= plan.outW ? size / plan.outW * plan.outW : max(1, size)
            blocksPerImage = ceilDiv(positions, blockSize)
            let grouped = acrossImages && blocksPerImage == 1 ? min(fit, balanced) / max(1, positions) : 1
            imagesPerBlock = max(1, min(batch, grouped))
            count = blocksPerImage * ceilDiv(batch, imagesPerBlock)
        }

        subscript(i: Int) -> PositionBlock {
            let group = i / blocksPerImage, image = group * imagesPerBlock
            let start = (i - group * blocksPerImage) * blockSize
            return PositionBlock(image: image, start: start, count: min(blockSize, positions - start),
                                 images: min(imagesPerBlock, batch - image))
        }
    }

    /// Rows y0 ..< y1 of output plane z of one image.
    struct RowBlock {
        var image: Int, z: Int, y0: Int, y1: Int
    }

    /// The split of batch × planes into items of row groups, each walked in bands whose scratch fits the budget
    /// (used by the width-columns and shift lowerings).
    struct RowTiling {
        let planes: Int, depth: Int, rowCount: Int, groupsPerPlane: Int, rowsPerGroup: Int, rowsPerBand: Int

        /// `planes` planes of `rows` rows, `depth` planes per image; a band of r rows needs
        /// (r + halo) · floatsPerRow floats. Planes are split into row groups until there are `itemsPerCore` items
        /// per core.
        init(planes: Int, depth: Int, rows: Int, floatsPerRow: Int, halo: Int, budget: Int, itemsPerCore: Int = 4) {
            // Whole planes per item when there are enough of them, else row groups so every core gets work.
            let groups = min(max(1, rows), max(1, ceilDiv(itemsPerCore * ConvKernels.cores, planes)))
            self.planes = planes
            self.depth = max(1, depth)
            rowCount = rows
            rowsPerGroup = max(1, ceilDiv(rows, groups))
            groupsPerPlane = ceilDiv(rows, rowsPerGroup)
            rowsPerBand = max(1, min(rowsPerGroup, budget / (4 * max(1, floatsPerRow)) - halo))
        }

        var count: Int { planes * groupsPerPlane }

        /// The rows of item i.
        func group(_ i: Int) -> RowBlock {
            let plane = i / groupsPerPlane, y0 = (i - plane * groupsPerPlane) * rowsPerGroup
            return RowBlock(image: plane / depth, z: plane % depth, y0: y0, y1: min(rowCount, y0 + rowsPerGroup))
        }

        /// The group split into consecutive bands.
        func bands(of group: RowBlock) -> [RowBlock] {
            stride(from: group.y0, to: group.y1, by: rowsPerBand).map {
                RowBlock(image: group.image, z: group.z, y0: $0, y1: min(group.y1, $0 + rowsPerBand))
            }
        }
    }
}
