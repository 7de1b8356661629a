/*
 * test_authparam.c - the auth-param lexer (src/authparam).
 *
 * The parse vectors of vectors.json (RFC 7235 section 4.1, RFC 7616
 * section 3.9.1 and 3.9.2, constructed edge cases) plus malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "authparam/authparam.h"
#include "authparam/quick.h"
#include "http_vectors.h"

/* One parsed challenge, as the vectors describe it. */
struct got_param {
	char name[64];
	char value[512];
	size_t value_len;
	int quoted;
};

struct got_challenge {
	char scheme[64];
	struct got_param params[16];
	size_t nparams;
	char token68[128];
	int has_token68;
};

static void
lower_copy(char *dst, size_t cap, struct dss_span s)
{
	size_t i;

	assert_true(s.n < cap);
	for (i = 0; i < s.n; i++)
		dst[i] = (char)dss_ascii_lower((unsigned char)s.p[i]);
	dst[s.n] = '\0';
}

/* Lex a field value; returns the number of challenges or -1 on error. */
static int
lex_challenges(const char *v, size_t n, struct got_challenge *out,
	       size_t max, size_t start)
{
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	size_t count = start;
	enum dss_ap_kind k;

	dss_ap_init(&lx, v, n);
	while ((k = dss_ap_next(&lx, &it)) != DSS_AP_END) {
		struct got_challenge *c;

		if (k == DSS_AP_ERROR)
			return -1;
		if (k == DSS_AP_SCHEME) {
			assert_true(count < max);
			c = &out[count++];
			memset(c, 0, sizeof(*c));
			lower_copy(c->scheme, sizeof(c->scheme), it.name);
			continue;
		}
		assert_true(count > 0);
		c = &out[count - 1];
		if (k == DSS_AP_TOKEN68) {
			assert_true(it.value.n < sizeof(c->token68));
			memcpy(c->token68, it.value.p, it.value.n);
			c->has_token68 = 1;
		} else {
			struct got_param *p = &c->params[c->nparams++];

			assert_true(c->nparams <= 16);
			lower_copy(p->name, sizeof(p->name), it.name);
			assert_true(it.value.n < sizeof(p->value));
			p->value_len = dss_ap_unquote(&it, p->value);
			assert_int_equal(p->value_len, dss_ap_unquoted_len(&it));
			assert_true(dss_ap_value_eq(&it, p->value,
						    p->value_len));
			p->quoted = it.quoted;
		}
	}
	return (int)count;
}

static void
check_params(const struct got_param *got, size_t ngot,
	     const struct dss_vec_auth_param *want, size_t nwant)
{
	size_t i;

	assert_int_equal(ngot, nwant);
	for (i = 0; i < nwant; i++) {
		assert_string_equal(got[i].name, want[i].name);
		assert_int_equal(got[i].value_len, want[i].value_len);
		assert_memory_equal(got[i].value, want[i].value,
				    want[i].value_len);
		assert_int_equal(got[i].quoted, want[i].quoted);
	}
}

static void
test_challenge_vectors(void **state)
{
	size_t v, i;

	(void)state;
	for (v = 0; v < DSS_VEC_HTTP_CHALLENGE_PARSE_COUNT; v++) {
		const struct dss_vec_http_challenge_parse *vec =
			&dss_vec_http_challenge_parse[v];
		struct got_challenge got[8];
		int n = 0;

		print_message("vector %s (%s)\n", vec->id, vec->source);
		for (i = 0; i < vec->header_value_count; i++) {
			n = lex_challenges(vec->header_values[i],
					   strlen(vec->header_values[i]), got,
					   8, (size_t)n);
			assert_true(n >= 0);
		}
		assert_int_equal(n, vec->challenge_count);
		for (i = 0; i < vec->challenge_count; i++) {
			const struct dss_vec_challenge *w = &vec->challenges[i];

			assert_string_equal(got[i].scheme, w->scheme);
			check_params(got[i].params, got[i].nparams, w->params,
				     w->param_count);
			if (w->token68 != NULL) {
				assert_true(got[i].has_token68);
				assert_string_equal(got[i].token68, w->token68);
			} else {
				assert_false(got[i].has_token68);
			}
		}
	}
}

static void
test_credentials_vector(void **state)
{
	const struct dss_vec_http_credentials_parse *vec =
		&dss_vec_http_credentials_parse[0];
	struct got_challenge got[2];

	(void)state;
	print_message("vector %s (%s)\n", vec->id, vec->source);
	assert_int_equal(lex_challenges(vec->header_value,
					strlen(vec->header_value), got, 2, 0),
			 1);
	assert_string_equal(got[0].scheme, vec->scheme);
	check_params(got[0].params, got[0].nparams, vec->params,
		     vec->param_count);
}

/* Authentication-Info has no scheme: parameters only. */
static void
test_auth_info_vector(void **state)
{
	const struct dss_vec_http_auth_info_parse *vec =
		&dss_vec_http_auth_info_parse[0];
	struct got_challenge got[1];
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	size_t n = 0;

	(void)state;
	memset(got, 0, sizeof(got));
	dss_ap_init(&lx, vec->header_value, strlen(vec->header_value));
	while (dss_ap_next(&lx, &it) == DSS_AP_PARAM) {
		struct got_param *p = &got[0].params[n++];

		lower_copy(p->name, sizeof(p->name), it.name);
		p->value_len = dss_ap_unquote(&it, p->value);
		p->quoted = it.quoted;
	}
	assert_int_equal(it.kind, DSS_AP_END);
	check_params(got[0].params, n, vec->params, vec->param_count);
}

/* Inputs the lexer must refuse (it then stays in error). */
static void
test_malformed(void **state)
{
	static const struct {
		const char *what;
		const char *in;
		size_t n; /* 0: strlen */
	} bad[] = {
		{ "unterminated quote", "Digest realm=\"abc", 0 },
		{ "backslash at the end", "Digest realm=\"abc\\", 0 },
		{ "escaped CR", "Digest realm=\"a\\\rb\"", 0 },
		{ "raw LF in quotes", "Digest realm=\"a\nb\"", 0 },
		{ "NUL in quotes", "Digest realm=\"a\0b\"", 18 },
		{ "NUL between params", "Digest a=b,\0c=d", 15 },
		{ "junk after quoted value", "Digest realm=\"a\"b", 0 },
		{ "two values", "Digest realm=a b", 0 },
		{ "missing comma", "Digest realm=\"a\" nonce=\"b\"", 0 },
		{ "empty value", "Digest a=b, realm=", 0 },
		{ "equals first", "=abc", 0 },
		{ "value starts with slash", "Digest a=/b", 0 },
		{ "DEL in quotes", "Digest realm=\"a\x7f\"", 0 },
		{ "open quote only", "\"", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dss_ap_lexer lx;
		struct dss_ap_item it;
		size_t n = bad[i].n ? bad[i].n : strlen(bad[i].in);
		enum dss_ap_kind k;
		int guard = 0;

		print_message("malformed: %s\n", bad[i].what);
		dss_ap_init(&lx, bad[i].in, n);
		while ((k = dss_ap_next(&lx, &it)) != DSS_AP_END &&
		       k != DSS_AP_ERROR && ++guard < 100)
			;
		assert_int_equal(k, DSS_AP_ERROR);
		/* sticky */
		assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_ERROR);
	}
}

/* Accepted forms: BWS, empty elements, bare base64-ish values. */
static void
test_tolerated(void **state)
{
	struct got_challenge got[4];
	const char *v;

	(void)state;
	v = "Digest realm = \"r\" ,, nonce\t=\tabc/de+f==,qop=auth";
	assert_int_equal(lex_challenges(v, strlen(v), got, 4, 0), 1);
	assert_int_equal(got[0].nparams, 3);
	assert_string_equal(got[0].params[1].name, "nonce");
	assert_string_equal(got[0].params[1].value, "abc/de+f==");
	assert_int_equal(got[0].params[1].quoted, 0);

	/* a header value that starts with parameters (after "Digest ") */
	{
		struct dss_ap_lexer lx;
		struct dss_ap_item it;

		v = "realm=\"x\", nonce=\"y\"";
		dss_ap_init(&lx, v, strlen(v));
		assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_PARAM);
		assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_PARAM);
		assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_END);
		assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_END);
	}
	/* empty input and commas only */
	assert_int_equal(lex_challenges("", 0, got, 4, 0), 0);
	assert_int_equal(lex_challenges(" , ,", 4, got, 4, 0), 0);
	/* token68 only right after "scheme SP", not after a comma */
	v = "Negotiate abc==";
	assert_int_equal(lex_challenges(v, strlen(v), got, 4, 0), 1);
	assert_true(got[0].has_token68);
	v = "Negotiate, abc==";
	assert_int_equal(lex_challenges(v, strlen(v), got, 4, 0), -1);
}

/* dss_ap_value_eq compares unquoted values exactly. */
static void
test_value_eq(void **state)
{
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	const char *v = "a=\"x\\\"y\", b=plain";

	(void)state;
	dss_ap_init(&lx, v, strlen(v));
	assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_PARAM);
	assert_true(it.escaped);
	assert_true(dss_ap_value_eq(&it, "x\"y", 3));
	assert_false(dss_ap_value_eq(&it, "x\\\"y", 4));
	assert_false(dss_ap_value_eq(&it, "x\"", 2));
	assert_false(dss_ap_value_eq(&it, "x\"yz", 4));
	assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_PARAM);
	assert_true(dss_ap_value_eq(&it, "plain", 5));
	assert_false(dss_ap_value_eq(&it, "Plain", 5));
}

/* A long input: linear, bounded, no crash. */
static void
test_long_input(void **state)
{
	size_t n = 1 << 20, i;
	char *v = malloc(n);
	struct dss_ap_lexer lx;
	struct dss_ap_item it;

	(void)state;
	assert_non_null(v);
	memcpy(v, "Digest realm=\"", 14);
	for (i = 14; i < n - 1; i++)
		v[i] = 'a';
	v[n - 1] = '"';
	dss_ap_init(&lx, v, n);
	assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_SCHEME);
	assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_PARAM);
	assert_int_equal(it.value.n, n - 15);
	assert_int_equal(dss_ap_next(&lx, &it), DSS_AP_END);
	free(v);
}

/* True when the n bytes at s are ASCII letters (the callers' names). */
static bool
all_letters(struct dss_span s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if ((unsigned char)((s.p[i] | 0x20) - 'a') > 'z' - 'a')
			return false;
	return true;
}

/*
 * Walk v with dss_ap_next; at every step where dss_ap_quick says yes
 * with a name of letters (the contract of quick.h), it must give what
 * dss_ap_next gives, and leave the lexer where it does. Returns the
 * number of times quick said yes.
 */
static unsigned
quick_agrees(const char *v, size_t n)
{
	struct dss_ap_lexer lx, lq;
	struct dss_ap_item it, iq;
	const char *next;
	unsigned yes = 0;
	enum dss_ap_kind k;

	dss_ap_init(&lx, v, n);
	for (;;) {
		bool quick;

		lq = lx;
		memset(&iq, 0, sizeof(iq));
		quick = n >= 16 && dss_ap_quick(&lq, &iq, &next) &&
			all_letters(iq.name);
		/* not moved */
		assert_ptr_equal(lq.p, lx.p);
		assert_ptr_equal(lq.end, lx.end);
		assert_int_equal(lq.after_scheme, lx.after_scheme);
		assert_int_equal(lq.failed, lx.failed);
		k = dss_ap_next(&lx, &it);
		if (quick) {
			yes++;
			assert_int_equal(k, DSS_AP_PARAM);
			assert_ptr_equal(iq.name.p, it.name.p);
			assert_int_equal(iq.name.n, it.name.n);
			assert_ptr_equal(iq.value.p, it.value.p);
			assert_int_equal(iq.value.n, it.value.n);
			assert_int_equal(iq.quoted, it.quoted);
			assert_int_equal(iq.escaped, it.escaped);
			dss_ap_commit(&lq, next);
			assert_ptr_equal(lq.p, lx.p);
			assert_int_equal(lq.after_scheme, lx.after_scheme);
		}
		if (k == DSS_AP_END || k == DSS_AP_ERROR)
			break;
	}
	return yes;
}

/*
 * dss_ap_quick (quick.h) against the lexer: real headers, then many
 * pseudo-random mutations of them and random strings over the bytes that
 * matter to the grammar. Each input is a heap block of its exact size,
 * so that a read past the end shows under ASan.
 */
static void
test_quick_agrees(void **state)
{
	static const char *const base[] = {
		"Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
		"uri=\"/dir/index.html\", algorithm=MD5, nonce=\"7ypf/xlj9XXwfDP"
		"jIVrFW3aJ4bAHCR==\", nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHK"
		"aFBk\", qop=auth, response=\"8ca523f5e9506fed4657c9700eebdbec\", "
		"opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
		"realm=\"r\", qop=\"auth,auth-int\", algorithm=SHA-256, "
		"nonce=\"abc\", opaque=\"o\", charset=UTF-8, userhash=true",
		"Basic realm=\"x\", Digest realm=\"y\", nonce=\"z\", stale=TRUE",
		"rspauth=\"0123456789abcdef0123456789abcdef\", qop=auth, "
		"cnonce=\"c\\\"x\", nc=00000002, nextnonce=\"n\"",
		"Digest a=\"\", b=, c = d ,e=\"\t\",f=\"\\\\\",g=x-y-, h=\"16 "
		"bytes exactly!\", i=\"0123456789abcdef\"",
	};
	static const char alpha[] = "aZq9=\",  \t\\-*/.\x01\x7f\x80:";
	uint32_t seed = 12345;
	unsigned yes = 0;
	size_t b, round, i;

	(void)state;
	for (b = 0; b < DSS_ARRAY_LEN(base); b++) {
		size_t n = strlen(base[b]);
		char *v = malloc(n);

		assert_non_null(v);
		for (round = 0; round < 3000; round++) {
			size_t len = n, cut;

			memcpy(v, base[b], n);
			/* a few bytes changed, and maybe cut short */
			for (i = 0; round > 0 && i < 1 + round % 4; i++) {
				seed = seed * 1103515245u + 12345u;
				v[(seed >> 8) % n] =
					alpha[(seed >> 20) % (sizeof(alpha) - 1)];
			}
			seed = seed * 1103515245u + 12345u;
			cut = round % 3 == 0 ? (seed >> 8) % n : 0;
			if (cut > 0) {
				/* the cut copy of its own exact size */
				char *w = malloc(cut);

				assert_non_null(w);
				memcpy(w, v, cut);
				yes += quick_agrees(w, cut);
				free(w);
			} else {
				yes += quick_agrees(v, len);
			}
		}
		free(v);
	}
	for (round = 0; round < 20000; round++) {
		size_t len;
		char *v;

		seed = seed * 1103515245u + 12345u;
		len = 16 + (seed >> 8) % 40;
		v = malloc(len);
		assert_non_null(v);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i] = alpha[(seed >> 20) % (sizeof(alpha) - 1)];
		}
		yes += quick_agrees(v, len);
		free(v);
	}
#ifdef DSS_AP_HAVE_QUICK
	assert_true(yes > 10000); /* it did say yes, often */
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_challenge_vectors),
		cmocka_unit_test(test_credentials_vector),
		cmocka_unit_test(test_auth_info_vector),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_tolerated),
		cmocka_unit_test(test_value_eq),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_quick_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
