/* bench_sizes.h - sizeof of private structures (bench_sizes.c). */
#ifndef DSS_BENCH_SIZES_H
#define DSS_BENCH_SIZES_H

#include <stddef.h>

size_t bench_session_size(void);
size_t bench_nc_window_size(void);

#endif
