/*
 * bench_sizes.c - sizes of private structures the memory report names.
 * The only bench file that looks inside src/ (read-only, sizeof only).
 */
#include <stddef.h>

#include "bench_sizes.h"
#include "sspi/sspi_int.h"

size_t
bench_session_size(void)
{
	return sizeof(struct dss_session);
}

size_t
bench_nc_window_size(void)
{
	return sizeof(struct dss_nc_window);
}
