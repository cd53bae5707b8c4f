/*
 * TCP_INFO as asserts see it: Linux's struct tcp_info field names over
 * libtfo's endpoint info of the connection under test, for the fields
 * the model fills honestly, and the TCPI_ and TCP_ constants.
 */
#include <string.h>

#include "script_names.h"
#include "script_run.h"

static int64_t options(const tfo_endpoint_info *in)
{
	int64_t o = 0;

	if (in->ts_ok)
		o |= 1; /* TCPI_OPT_TIMESTAMPS */
	if (in->sack_ok)
		o |= 2; /* TCPI_OPT_SACK */
	if (in->snd_wscale != 0xff)
		o |= 4; /* TCPI_OPT_WSCALE */
	/* TCPI_OPT_SYN_DATA is Linux's tp->syn_data_acked: a client's SYN data all acked
	 * (tcp_rcv_fastopen_synack()), a server child's SYN data accepted. */
	if (in->active ? in->syn_data && in->syn_data_acked == in->syn_data
	               : in->syn_data_acked > 0)
		o |= 32;
	return o;
}

int sys_info_lookup(void *user, const char *name, int64_t *value)
{
	struct runner *r = user;
	tfo_endpoint_info in;

	if (!sn_info_constant(name, value))
		return 0;
	if (!r->cur.ep) {
		if (!strcmp(name, "tcpi_state") && r->cur.valid) {
			*value = 7; /* TCP_CLOSE: the connection is gone */
			return 0;
		}
		return -1;
	}
	tfo_endpoint_get_info(r->cur.ep, &in);
	if (!strcmp(name, "tcpi_state"))
		*value = sn_linux_state(in.state);
	else if (!strcmp(name, "tcpi_options"))
		*value = options(&in);
	else if (!strcmp(name, "tcpi_snd_wscale"))
		*value = in.snd_wscale == 0xff ? 0 : in.snd_wscale;
	else if (!strcmp(name, "tcpi_rcv_wscale"))
		*value = in.snd_wscale == 0xff ? 0 : in.rcv_wscale;
	else if (!strcmp(name, "tcpi_rto"))
		*value = (int64_t)(in.rto / TFO_NS_PER_US);
	else if (!strcmp(name, "tcpi_rtt"))
		*value = (int64_t)(in.srtt / TFO_NS_PER_US);
	else if (!strcmp(name, "tcpi_snd_mss"))
		*value = in.mss;
	else if (!strcmp(name, "tcpi_delivered"))
		*value = in.delivered;
	else if (!strcmp(name, "tcpi_total_retrans"))
		*value = in.retransmits;
	else if (!strcmp(name, "tcpi_bytes_acked"))
		*value = (int64_t)in.bytes_sent;
	else if (!strcmp(name, "tcpi_bytes_received"))
		*value = (int64_t)in.bytes_received;
	else if (!strcmp(name, "tcpi_fastopen_client_fail"))
		*value = in.client_fail;
	else
		return -1;
	return 0;
}
