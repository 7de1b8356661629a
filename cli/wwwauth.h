/*
 * Splitting the challenge token of AcceptSecurityContext into
 * WWW-Authenticate header values.
 *
 * With several algorithms the package returns one token holding one
 * challenge per algorithm: "realm=..., nonce=..., algorithm=SHA-256,
 * Digest realm=..., algorithm=MD5". The first challenge has no scheme
 * word (as on Windows, the application writes "Digest "); the others
 * start with "Digest". Many clients (curl, Python) read one challenge per
 * header field, so a server sends each one as its own header.
 */
#ifndef DSS_CLI_WWWAUTH_H
#define DSS_CLI_WWWAUTH_H

/*
 * Calls fn once per challenge of `token` (NUL-terminated), in order,
 * with a NUL-terminated value that starts with "Digest ". The token is
 * cut at each comma outside quoted strings that is followed by the
 * scheme word "Digest" and white space. Stops at the first non-zero
 * result of fn and returns it; returns 0 after the last challenge.
 */
int wwwauth_split(const char *token, int (*fn)(const char *value, void *arg),
                  void *arg);

#endif
