import Bindings
import Notebook

/// The bindings' host is the notebook's engine side.
extension Host: NotebookHost {}
