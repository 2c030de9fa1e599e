// OpenBLAS's C interface (Debian: libopenblas-dev installs cblas.h through alternatives).
#include <cblas.h>
