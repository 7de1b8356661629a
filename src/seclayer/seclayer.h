/*
 * seclayer.h - the SASL DIGEST-MD5 security layer (RFC 2831 sections 2.3
 * and 2.4 as Cyrus SASL implements them; protocol.md B.8 - B.10):
 * integrity (qop=auth-int) and confidentiality (qop=auth-conf) of the
 * messages exchanged after authentication.
 *
 * The engine knows neither SecBuffers nor DIGEST-MD5 tokens. It is given
 * H(A1), the role and the cipher, and turns a message into a payload and
 * back. The SASL 4-byte length prefix (RFC 4422 section 3.7) is not part
 * of a payload: framing, maxbuf and splitting are the caller's.
 *
 * Payloads (seq: the sender's sequence number; Ki: the sender's
 * integrity key, Kic for the client, Kis for the server):
 *
 *   MAC      = HMAC-MD5(Ki, BE32(seq) || msg)[0..9]
 *   auth-int   msg || MAC || 00 01 || BE32(seq)
 *   rc4*       RC4(msg || MAC) || 00 01 || BE32(seq)
 *   des, 3des  CBC(msg || pad || MAC) || 00 01 || BE32(seq)
 *              pad = p bytes of value p, p = 8 - ((len + 10) mod 8)
 *
 * RC4 keystreams and CBC chaining blocks carry over from one message to
 * the next, separately in each direction.
 *
 * Sequence numbers: one per direction, from 0, one per frame sent (or
 * accepted). A direction stops after 2^32 frames (sequence numbers
 * 0 .. 2^32 - 1 used once each): sending or receiving more gives
 * SEC_E_OUT_OF_SEQUENCE instead of wrapping to 0, so that a sequence
 * number (and with auth-int a whole frame) can never be replayed.
 *
 * Receiving fails without side effects: on any error the direction's
 * sequence number and cipher state are those from before the call, and
 * whatever was decrypted in the caller's buffer has been wiped (an
 * integrity-only payload is left as it arrived: nothing in it was
 * secret). Padding and MAC are checked together, in constant time, and
 * give the same error, so a bad padding cannot be told from a bad MAC.
 *
 * A struct dss_seclayer is a plain struct without pointers: embed it in
 * a context, copy it, wipe it with dss_sl_clear(). Nothing here
 * allocates, and no message is copied beyond the last partial cipher
 * block.
 */
#ifndef DSS_SECLAYER_SECLAYER_H
#define DSS_SECLAYER_SECLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <digestssp/sspi.h>

#include "crypto/crypto.h"

#define DSS_SL_KEY_LEN 16  /* H(A1) and every derived key */
#define DSS_SL_MAC_LEN 10  /* truncated HMAC-MD5 */
#define DSS_SL_SIG_LEN 16  /* MAC || 00 01 || BE32(seq) */
#define DSS_SL_TRAILER_MAX 24 /* des/3des: 8 bytes of padding at most */

/* After 2^32 frames a direction is exhausted. */
#define DSS_SL_SEQ_END ((uint64_t)1 << 32)

/* The protection: NONE is integrity only (qop=auth-int). */
enum dss_sl_cipher {
	DSS_SL_NONE,
	DSS_SL_RC4_40,
	DSS_SL_RC4_56,
	DSS_SL_RC4,
	DSS_SL_DES,
	DSS_SL_3DES,
};

/* One piece of a message that is signed as the concatenation of all. */
struct dss_iov {
	const void *p;
	size_t n;
};

/* The four keys of protocol.md B.8 / B.9, for tests and diagnostics. */
struct dss_sl_keys {
	uint8_t kic[DSS_SL_KEY_LEN]; /* integrity, client to server */
	uint8_t kis[DSS_SL_KEY_LEN]; /* integrity, server to client */
	uint8_t kcc[DSS_SL_KEY_LEN]; /* sealing, client to server */
	uint8_t kcs[DSS_SL_KEY_LEN]; /* sealing, server to client */
};

/* One direction: what the sender (or the receiver) of it keeps. */
struct dss_sl_dir {
	struct dss_hmac_md5 mac; /* keyed with Kic or Kis */
	union {
		struct dss_rc4 rc4;
		struct dss_des_cbc cbc;
	} c;
	uint64_t seq; /* next sequence number; DSS_SL_SEQ_END: exhausted */
};

struct dss_seclayer {
	enum dss_sl_cipher cipher;
	struct dss_sl_dir send;
	struct dss_sl_dir recv;
};

/*
 * Kic, Kis, Kcc, Kcs from the 16 raw bytes of H(A1). Kcc/Kcs hash the
 * first n bytes of H(A1): 5 for rc4-40, 7 for rc4-56, else 16 (also for
 * NONE, which does not use them). Wipe *k after use.
 */
void dss_sl_derive(struct dss_sl_keys *k, const uint8_t ha1[16],
		   enum dss_sl_cipher c);

/*
 * Set up both directions with sequence numbers 0/0 (after every
 * successful authentication or reauthentication). The client sends with
 * Kic/Kcc and receives with Kis/Kcs; the server the reverse. Cannot fail:
 * DES parity bits are set here and never checked.
 */
void dss_sl_init(struct dss_seclayer *l, const uint8_t ha1[16], bool client,
		 enum dss_sl_cipher c);

/* Wipe every key and state. */
void dss_sl_clear(struct dss_seclayer *l);

/* 8 for des/3des, else 1 (SecPkgContext_Sizes.cbBlockSize). */
size_t dss_sl_block_size(const struct dss_seclayer *l);

/* Largest tail dss_sl_seal() writes: 24 for des/3des, else 16. */
size_t dss_sl_trailer_max(const struct dss_seclayer *l);

/* The tail dss_sl_seal() writes for a len-byte message: 16, or 16 + p. */
size_t dss_sl_tail_len(const struct dss_seclayer *l, size_t len);

/*
 * Smallest payload dss_sl_unseal() accepts: 16, or 22 for des/3des (one
 * 16-byte encrypted part, since pad + MAC take at least 11 bytes, plus
 * the 6 clear bytes).
 */
size_t dss_sl_min_payload(const struct dss_seclayer *l);

/*
 * MakeSignature: the 16-byte signature (MAC || 00 01 || BE32(seq)) of
 * the concatenation of the n pieces, with the next send sequence number
 * (shared with dss_sl_seal). Uses the integrity key only, whatever the
 * cipher. SEC_E_OUT_OF_SEQUENCE when the send direction is exhausted.
 */
SECURITY_STATUS dss_sl_sign(struct dss_seclayer *l,
			    const struct dss_iov *iov, size_t n,
			    uint8_t sig[DSS_SL_SIG_LEN]);

/*
 * VerifySignature: check a 16-byte signature of the concatenation of the
 * n pieces against the next receive sequence number, and advance it.
 * SEC_E_INVALID_TOKEN (tlen is not 16), SEC_E_MESSAGE_ALTERED (message
 * type is not 1, or bad MAC), SEC_E_OUT_OF_SEQUENCE (sequence number is
 * not the expected one, or the direction is exhausted). On failure
 * nothing changes.
 */
SECURITY_STATUS dss_sl_verify(struct dss_seclayer *l,
			      const struct dss_iov *iov, size_t n,
			      const uint8_t *sig, size_t tlen);

/*
 * EncryptMessage: wrap msg[0..len) with the next send sequence number.
 * The first len bytes of the payload replace msg in place (for NONE, msg
 * is left as it is); the rest (rc4: the encrypted MAC; des/3des: the
 * end of the last block, padding and MAC, encrypted), then 00 01 and
 * BE32(seq), go to tail, which must not overlap msg. *tail_len is set to
 * dss_sl_tail_len(). An empty message is wrapped like any other (the
 * SSPI layer decides whether to send one). msg may be NULL when len is 0.
 * SEC_E_BUFFER_TOO_SMALL (cap < dss_sl_tail_len()) and
 * SEC_E_OUT_OF_SEQUENCE (exhausted) change nothing.
 */
SECURITY_STATUS dss_sl_seal(struct dss_seclayer *l, uint8_t *msg, size_t len,
			    uint8_t *tail, size_t cap, size_t *tail_len);

/*
 * DecryptMessage: unwrap the payload buf[0..len) (no SASL length prefix)
 * in place; on SEC_E_OK the message is buf[0..*plain_len) (possibly
 * empty) and the receive sequence number has advanced. Errors, checked
 * in this order, with no effect on the state:
 *   SEC_E_INCOMPLETE_MESSAGE  len < dss_sl_min_payload();
 *   SEC_E_MESSAGE_ALTERED     des/3des: encrypted part not a multiple of
 *                             8; message type not 00 01;
 *   SEC_E_OUT_OF_SEQUENCE     sequence number not the expected one, or
 *                             the direction is exhausted;
 *   SEC_E_MESSAGE_ALTERED     bad padding or bad MAC (buf wiped for the
 *                             ciphers).
 * The caller checks the payload against its own maxbuf first.
 */
SECURITY_STATUS dss_sl_unseal(struct dss_seclayer *l, uint8_t *buf,
			      size_t len, size_t *plain_len);

#endif
