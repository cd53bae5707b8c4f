/*
 * The counterfactual (the run with Fast Open off on every host) derived
 * from one simulated connection per connect line instead of simulating
 * every connection, where that is exact.
 *
 * Why it is exact: with Fast Open off, on a network where nothing is
 * random and connections cannot disturb one another (no random loss,
 * jitter, duplication, reordering or rate on any link; no loss rule,
 * middlebox or KCP line; no stop time; every connection closed by its
 * client, with no RST), each connection meets the same delays and the
 * same host settings as any other of its line. The only state they share
 * is the client's ephemeral ports, which cannot run out while fewer
 * connections can hold one at once than the range has ports: a port is
 * held at most from the connection's start to the end of its TIME-WAIT,
 * which the one simulated connection measures. tests/test_sim_cf.c holds
 * the derived report equal to the simulated one.
 */
#ifndef SIM_CF_H
#define SIM_CF_H

#include "sim_run.h"

/* cf_derive's answer when the run has to be simulated. */
#define CF_SIMULATE 1

/*
 * cf_static_ok: 1 when nothing in sc itself rules the derivation out (the
 * conditions above that do not depend on the run), 0 otherwise.
 */
int cf_static_ok(const struct sim_scenario *sc);

/*
 * cf_derive: fills *off (freed with report_free) as the TFO-off run of sc
 * with options o (seed, --connections) would: its rows for the indices of
 * on's rows (on is the run as written, whose rows say each connection's
 * line), its sums over every connection. Returns 0, CF_SIMULATE (nothing
 * filled: the derivation would not be exact), TFO_ERR_NOMEM, or the error
 * of a one-connection run (err, SC_ERR_MAX bytes, says why).
 */
int cf_derive(const struct sim_scenario *sc, const struct sim_options *o, const struct report *on,
              struct report *off, const tfo_allocator *mem, char *err);

#endif /* SIM_CF_H */
