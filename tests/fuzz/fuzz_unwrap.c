/*
 * fuzz_unwrap.c - the SASL security layer: one context pair per layer
 * (rc4-40, rc4-56, rc4, des, 3des auth-conf; auth-int), established once.
 * The first input byte picks the pair (bits 0-2) and the direction (bit
 * 3); the rest goes through DecryptMessage, then VerifySignature (a TOKEN
 * of its first up to 16 bytes, then DATA). Afterwards the receiver must
 * still take a genuine frame from its peer.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define NPAIRS 6

static const char *const ciphers[NPAIRS] = { "rc4-40", "rc4-56", "rc4",
					      "des",	"3des",	  NULL };

struct pair {
	int up;
	CredHandle cc, sc;
	CtxtHandle c, s;
};

static struct pair pairs[NPAIRS];

static void
free_pairs(void)
{
	size_t i;

	for (i = 0; i < NPAIRS; i++) {
		if (!pairs[i].up)
			continue;
		DeleteSecurityContext(&pairs[i].c);
		DeleteSecurityContext(&pairs[i].s);
		FreeCredentialsHandle(&pairs[i].cc);
		FreeCredentialsHandle(&pairs[i].sc);
		pairs[i].up = 0;
	}
}

static struct pair *
get_pair(unsigned k)
{
	static int registered;
	struct pair *p = &pairs[k % NPAIRS];

	if (!p->up) {
		if (!registered) {
			atexit(free_pairs);
			registered = 1;
		}
		fz_sasl_pair(ciphers[k % NPAIRS], &p->cc, &p->sc, &p->c,
			     &p->s);
		dss_test_set_server_nonce(NULL, NULL);
		p->up = 1;
	}
	return p;
}

/*
 * The sender wraps a genuine message (to keep both sides in step after
 * the receiver accepted a fuzzed frame, or to check the receiver).
 */
static SECURITY_STATUS
genuine(CtxtHandle *from, CtxtHandle *to)
{
	static const uint8_t msg[] = "a genuine frame after the fuzz input";
	uint8_t buf[sizeof(msg) + 64];
	size_t n = fz_wrap(from, msg, sizeof(msg), buf, sizeof(buf));
	SecBuffer b = { (ULONG)n, SECBUFFER_DATA, buf };
	SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
	ULONG qop;
	SECURITY_STATUS st = DecryptMessage(to, &d, 0, &qop);

	if (st == SEC_E_OK) {
		FZ_CHECK(b.cbBuffer == sizeof(msg));
		FZ_CHECK(memcmp(b.pvBuffer, msg, sizeof(msg)) == 0);
	}
	return st;
}

/*
 * The receiver took a fuzzed frame (a replayed genuine one): the sender
 * wraps one frame that is never delivered, so the counters agree again.
 */
static void
skip(CtxtHandle *from)
{
	static const uint8_t msg[] = "x";
	uint8_t buf[sizeof(msg) + 64];

	(void)fz_wrap(from, msg, sizeof(msg), buf, sizeof(buf));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pair *p;
	CtxtHandle *from, *to;
	char *m;
	size_t n, k;
	SECURITY_STATUS st;
	ULONG qop;

	if (size < 1)
		return 0;
	p = get_pair(data[0] & 7);
	from = data[0] & 8 ? &p->s : &p->c;
	to = data[0] & 8 ? &p->c : &p->s;
	data++;
	size--;

	/* DecryptMessage on one DATA buffer */
	m = fz_dup(data, size);
	{
		SecBuffer b = { (ULONG)size, SECBUFFER_DATA, m };
		SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };

		st = DecryptMessage(to, &d, 0, &qop);
		if (st == SEC_E_OK) {
			FZ_CHECK(b.cbBuffer <= size);
			skip(from);
		}
	}
	free(m);

	/* VerifySignature: TOKEN (up to 16 bytes) then DATA */
	m = fz_dup(data, size);
	k = size < 16 ? size : 16;
	n = size - k;
	{
		SecBuffer b[2] = { { (ULONG)k, SECBUFFER_TOKEN, m },
				   { (ULONG)n, SECBUFFER_DATA, m + k } };
		SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

		st = VerifySignature(to, &d, 0, &qop);
		if (st == SEC_E_OK)
			skip(from);
	}
	free(m);
	FZ_CHECK(genuine(from, to) == SEC_E_OK);
	return 0;
}
