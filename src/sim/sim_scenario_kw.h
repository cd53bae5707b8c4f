/* The scenario parser's keyword handlers, one per line kind. */
#ifndef SIM_SCENARIO_KW_H
#define SIM_SCENARIO_KW_H

#include "sim_parse.h"

/* Each reads the rest of the current line. Returns 0 or TFO_ERR_INVALID. */
int kw_title(struct parser *p);
int kw_seed(struct parser *p);
int kw_stop(struct parser *p);
int kw_host(struct parser *p);
int kw_link(struct parser *p);
int kw_loss(struct parser *p);
int kw_middlebox(struct parser *p);
int kw_listen(struct parser *p);
int kw_connect(struct parser *p);
int kw_rotate_key(struct parser *p);
int kw_set_key(struct parser *p);
int kw_kcp(struct parser *p);

/* The word lists behind sc_pkind_name() and sc_mbox_name(), NULL-terminated. */
const char *const *sc_pkind_names(void);
const char *const *sc_mbox_names(void);

/* p_host_port: HOST:PORT, a declared host and a port 1..65535. */
int p_host_port(struct parser *p, unsigned *host, uint16_t *port);

/*
 * p_family: the address family of client and server: fam (TFO_AF_INET or
 * _INET6, given at column fam_col) when both have it, else IPv4 when both
 * have it, else IPv6. The error points at fam_col or srv_col.
 */
int p_family(struct parser *p, unsigned client, unsigned server, uint8_t *fam, int fam_col,
             uint32_t srv_col);

/* p_at_endpoints: "at TIME CLIENT SERVER:PORT"; *srv_col is SERVER's column. */
int p_at_endpoints(struct parser *p, tfo_time *at, unsigned *client, unsigned *server,
                   uint16_t *port, uint32_t *srv_col);

/*
 * p_check_repeat_pair: 'every' and 'count' go together (count_given: a
 * count was written), two different hosts that share a link.
 */
int p_check_repeat_pair(struct parser *p, tfo_time every, uint64_t count, int count_given,
                        unsigned client, unsigned server, uint32_t srv_col);

/* kw_end: the line must have no words left. */
int kw_end(struct parser *p);

#endif /* SIM_SCENARIO_KW_H */
