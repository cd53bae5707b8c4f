/* Error codes: every code has a distinct name and a description. */
#include <string.h>

#include "testutil.h"

static const int codes[] = {
	TFO_ERR_INVALID,      TFO_ERR_NOMEM,      TFO_ERR_NOBUF,      TFO_ERR_NOSPACE,
	TFO_ERR_UNSUPPORTED,  TFO_ERR_CRYPTO,     TFO_ERR_STATE,      TFO_ERR_REENTRANT,
	TFO_ERR_TRUNCATED,    TFO_ERR_BAD_IP,     TFO_ERR_NOT_TCP,    TFO_ERR_BAD_OFFSET,
	TFO_ERR_FRAGMENT,     TFO_ERR_BAD_OPTION, TFO_ERR_BAD_ADDR,   TFO_ERR_BAD_KEY,
	TFO_ERR_BAD_HEX,      TFO_ERR_FAMILY,     TFO_ERR_INPROGRESS, TFO_ERR_AGAIN,
	TFO_ERR_OPNOTSUPP,    TFO_ERR_ALREADY,    TFO_ERR_ISCONN,     TFO_ERR_NOTCONN,
	TFO_ERR_CONNREFUSED,  TFO_ERR_CONNRESET,  TFO_ERR_TIMEDOUT,   TFO_ERR_PIPE,
	TFO_ERR_ADDRINUSE,    TFO_ERR_BADF,       TFO_ERR_MFILE,      TFO_ERR_NOTSOCK,
	TFO_ERR_ADDRNOTAVAIL, TFO_ERR_KCP_CONV,   TFO_ERR_KCP_CMD,
};
#define NCODES (sizeof(codes) / sizeof(codes[0]))

START_TEST(every_code_is_named_once)
{
	for (size_t i = 0; i < NCODES; i++) {
		ck_assert_str_ne(tfo_errname(codes[i]), "UNKNOWN");
		ck_assert_str_ne(tfo_strerror(codes[i]), "unknown error");
		for (size_t j = i + 1; j < NCODES; j++) {
			ck_assert_int_ne(codes[i], codes[j]);
			ck_assert_str_ne(tfo_errname(codes[i]), tfo_errname(codes[j]));
		}
	}
}
END_TEST

START_TEST(socket_errors_use_errno_names)
{
	ck_assert_str_eq(tfo_errname(TFO_ERR_INPROGRESS), "EINPROGRESS");
	ck_assert_str_eq(tfo_errname(TFO_ERR_CONNREFUSED), "ECONNREFUSED");
	ck_assert_str_eq(tfo_strerror(TFO_ERR_TIMEDOUT), "connection timed out");
}
END_TEST

START_TEST(unknown_codes)
{
	ck_assert_str_eq(tfo_errname(-12345), "UNKNOWN");
	ck_assert_str_eq(tfo_strerror(12345), "unknown error");
	ck_assert_str_eq(tfo_strerror(TFO_OK), "success");
}
END_TEST

START_TEST(version_matches_build)
{
	ck_assert_str_eq(tfo_version(), "0.2.0");
}
END_TEST

Suite *error_suite(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_code_is_named_once);
	tcase_add_test(tc, socket_errors_use_errno_names);
	tcase_add_test(tc, unknown_codes);
	tcase_add_test(tc, version_matches_build);
	suite_add_tcase(s, tc);
	return s;
}
