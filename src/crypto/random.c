/*
 * random.c - see crypto.h.
 */
#include <errno.h>
#include <sys/random.h>

#include "crypto/crypto.h"

bool
dss_random(void *out, size_t n)
{
	unsigned char *p = out;

	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += r;
		n -= (size_t)r;
	}
	return true;
}
