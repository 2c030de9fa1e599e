/// Pictures: PNG grids, GIFs, terminal images, charts, progress bars (filled in by issue 5).
import Engine
