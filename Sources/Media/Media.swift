/// Pictures for gmm: image grids saved as PNG (`saveImage`), clips saved as animated GIF (`saveVideo`), pictures
/// drawn in the terminal (`show`), line charts (`plot`, `savePlot`) and progress bars (`ProgressBar`).
///
/// Codecs are the maintained C libraries Debian ships: libpng (through its simplified `png_image` API) and giflib.
/// Every file is written to a temporary name beside its destination and renamed, so a failed write leaves nothing.
/// Errors are `EngineError` values naming the operation as the language spells it (`save_image`, `save_video`, ...).
import Engine
