import Engine

/// torchvision's `make_grid`: the grid `save_image` writes (the same layout, scaling and padding as `makeGrid`), as a
/// float tensor [3, H, W] before the conversion to bytes; one-channel images give three equal channels, as in
/// torchvision, and a batch of one image is that image without padding.
public func makeGridTensor(_ tensor: Tensor, _ options: GridOptions = GridOptions(), op: String = "make_grid") throws -> Tensor {
    try options.validate(op)
    let batch = try ImageBatch(tensor, op: op)
    let scale = PixelScale(values: batch.values, options: options)
    let layout = batch.layout
    let n = layout.count, h = layout.height, w = layout.width
    let padding = n == 1 ? 0 : options.padding
    let size = try checkedGridSize(layout, options, op: op)
    var grid = [Float](repeating: options.padValue, count: 3 * size.width * size.height)
    let columns = min(options.nrow, n)
    for k in 0..<n {
        let left = (k % columns) * (w + padding) + padding, top = (k / columns) * (h + padding) + padding
        for channel in 0..<3 {
            let base = layout.base(k, layout.channels == 3 ? channel : 0)
            for y in 0..<h {
                let src = base + y * w, dst = (channel * size.height + top + y) * size.width + left
                for x in 0..<w { grid[dst + x] = scale.scaled(batch.values[src + x]) }
            }
        }
    }
    return try Tensor(grid, shape: [3, size.height, size.width])
}
