/*
 * fuzz_authparam.c - the auth-param lexer and the Digest token parsers
 * (HTTP challenge, Authorization, Authentication-Info; SASL
 * digest-challenge and digest-response) over the input.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "authparam/authparam.h"
#include "http/http.h"
#include "sasl/sasl.h"

static void
lex_all(const char *p, size_t n)
{
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	enum dss_ap_kind k;
	size_t guard = 0;

	dss_ap_init(&lx, p, n);
	while ((k = dss_ap_next(&lx, &it)) != DSS_AP_END &&
	       k != DSS_AP_ERROR) {
		FZ_CHECK(++guard <= n + 1);
		if (k == DSS_AP_PARAM || k == DSS_AP_TOKEN68) {
			char *out = malloc(it.value.n > 0 ? it.value.n : 1);
			size_t len;

			FZ_CHECK(out != NULL);
			len = dss_ap_unquote(&it, out);
			FZ_CHECK(len <= it.value.n);
			FZ_CHECK(len == dss_ap_unquoted_len(&it));
			FZ_CHECK(dss_ap_value_eq(&it, out, len));
			free(out);
		}
	}
	/* the lexer stays in error */
	if (k == DSS_AP_ERROR)
		FZ_CHECK(dss_ap_next(&lx, &it) == DSS_AP_ERROR);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *tok = fz_dup(data, size);
	char *scratch = malloc(size > 0 ? size : 1);
	struct dss_http_challenge ch;
	struct dss_http_response r;
	struct dss_http_auth_info ai;
	struct dss_sasl_challenge sc;
	struct dss_sasl_response sr;

	FZ_CHECK(scratch != NULL);
	lex_all(tok, size);
	(void)dss_http_pick_challenge(tok, size, ~0u, &ch);
	(void)dss_http_pick_challenge(tok, size, 1u, &ch);
	(void)dss_http_token_is_challenge(tok, size);
	(void)dss_http_parse_response(tok, size, scratch, &r);
	(void)dss_http_parse_auth_info(tok, size, &ai);
	(void)dss_sasl_parse_challenge(tok, size, scratch, &sc);
	(void)dss_sasl_parse_response(tok, size, scratch, &sr);
	free(scratch);
	free(tok);
	return 0;
}
