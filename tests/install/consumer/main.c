/* A program built against an installed digestssp. */
#include <stdio.h>
#include <string.h>

#include <digestssp/sspi.h>

int
main(void)
{
	PSecurityFunctionTableA t = InitSecurityInterfaceA();
	PSecPkgInfoA info = NULL;

	if (t == NULL || t->QuerySecurityPackageInfoA((SEC_CHAR *)"WDigest",
						      &info) != SEC_E_OK)
		return 1;
	printf("%s %lu\n", info->Name, (unsigned long)info->cbMaxToken);
	if (strcmp(info->Name, "WDigest") != 0 || info->cbMaxToken != 4096)
		return 1;
	return t->FreeContextBuffer(info) == SEC_E_OK ? 0 : 1;
}
