/*
 * Names and one-sentence meanings of the SECURITY_STATUS values that
 * digestssp can return (constants.md section 12), for messages and -v output.
 */
#ifndef DSS_CLI_ERRNAMES_H
#define DSS_CLI_ERRNAMES_H

#include <digestssp/sspi.h>

/* "SEC_E_LOGON_DENIED", or NULL for a value not in the table. */
const char *errname(SECURITY_STATUS st);

/* One sentence without a final period, or NULL when unknown. */
const char *errmeaning(SECURITY_STATUS st);

/*
 * The name, or "0x8009xxxx" for an unknown value, written into `buf`
 * when needed. Always returns a printable string.
 */
const char *errname_r(SECURITY_STATUS st, char buf[16]);

#endif
