/* Counter names, as Linux prints them in /proc/net/netstat and /proc/net/snmp. */
#include "tfo_host.h"

static const char *const counter_names[TFO_CTR_COUNT] = {
	[TFO_CTR_FASTOPEN_ACTIVE] = "TCPFastOpenActive",
	[TFO_CTR_FASTOPEN_ACTIVE_FAIL] = "TCPFastOpenActiveFail",
	[TFO_CTR_FASTOPEN_PASSIVE] = "TCPFastOpenPassive",
	[TFO_CTR_FASTOPEN_PASSIVE_FAIL] = "TCPFastOpenPassiveFail",
	[TFO_CTR_FASTOPEN_LISTEN_OVERFLOW] = "TCPFastOpenListenOverflow",
	[TFO_CTR_FASTOPEN_COOKIE_REQD] = "TCPFastOpenCookieReqd",
	[TFO_CTR_FASTOPEN_PASSIVE_ALT_KEY] = "TCPFastOpenPassiveAltKey",
	[TFO_CTR_FASTOPEN_BLACKHOLE] = "TCPFastOpenBlackhole",
	[TFO_CTR_ACTIVE_OPENS] = "ActiveOpens",
	[TFO_CTR_PASSIVE_OPENS] = "PassiveOpens",
	[TFO_CTR_ATTEMPT_FAILS] = "AttemptFails",
	[TFO_CTR_ESTAB_RESETS] = "EstabResets",
	[TFO_CTR_IN_SEGS] = "InSegs",
	[TFO_CTR_OUT_SEGS] = "OutSegs",
	[TFO_CTR_RETRANS_SEGS] = "RetransSegs",
	[TFO_CTR_IN_ERRS] = "InErrs",
	[TFO_CTR_OUT_RSTS] = "OutRsts",
	[TFO_CTR_LISTEN_OVERFLOWS] = "ListenOverflows",
	[TFO_CTR_CHALLENGE_ACK] = "TCPChallengeACK",
	[TFO_CTR_ABORT_ON_DATA] = "TCPAbortOnData",
	[TFO_CTR_ABORT_ON_CLOSE] = "TCPAbortOnClose",
	[TFO_CTR_TIMEOUTS] = "TCPTimeouts",
};

TFO_EXPORT const char *tfo_counter_name(int counter)
{
	if (counter < 0 || counter >= TFO_CTR_COUNT)
		return NULL;
	return counter_names[counter];
}

TFO_EXPORT uint64_t tfo_host_counter(const tfo_host *h, int counter)
{
	if (!h || counter < 0 || counter >= TFO_CTR_COUNT)
		return 0;
	return h->ctr[counter];
}
