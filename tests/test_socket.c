/*
 * The socket layer: descriptors and Linux's errno behaviour for a
 * non-blocking TCP socket with Fast Open (net/ipv4/af_inet.c
 * __inet_stream_connect(), net/ipv4/tcp.c tcp_sendmsg_locked(),
 * tcp_sendmsg_fastopen(), tcp_recvmsg(), do_tcp_setsockopt()).
 */
#include <string.h>

#include "rig.h"

#define C "IP 192.0.2.1.40000 > 192.168.0.1.80: "

static int client_fd(struct rig *r)
{
	int fd = tfo_sock_open(r->h);
	tfo_sockaddr a = sa(CLI);

	ck_assert_int_ge(fd, 3);
	ck_assert_int_eq(tfo_sock_bind(r->h, fd, &a), 0);
	return fd;
}

static void synack(struct rig *r, tfo_time t, uint32_t ack, const char *cookie)
{
	tfo_segment s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, ack, 65535);

	seg_syn_opts(&s, 7000, 0);
	if (cookie)
		seg_cookie(&s, 0, cookie);
	rig_in(r, t, &s);
}

static void cache_cookie(struct rig *r)
{
	tfo_addr l = ad("192.0.2.1"), s = ad("192.168.0.1");

	ck_assert_int_eq(tfo_host_cookie_set(r->h, &l, &s,
	                                     (const uint8_t *)"\x30\x21\xb9\xd8\x89\x01\x7e\xeb", 8,
	                                     1460),
	                 0);
}

START_TEST(descriptors)
{
	/* POSIX: the lowest free descriptor; a fresh process's first is 3 */
	struct rig r;
	tfo_sockaddr a = sa(CLI), b = sa("0.0.0.0:40000");

	rig_init(&r, NULL);
	ck_assert_int_eq(tfo_sock_open(r.h), 3);
	ck_assert_int_eq(tfo_sock_open(r.h), 4);
	ck_assert_int_eq(tfo_sock_open(r.h), 5);
	ck_assert_int_eq(tfo_sock_close(r.h, 0, 4), 0);
	ck_assert_int_eq(tfo_sock_close(r.h, 0, 4), TFO_ERR_BADF);
	ck_assert_int_eq(tfo_sock_open(r.h), 4);
	ck_assert_int_eq(tfo_sock_bind(r.h, 99, &a), TFO_ERR_BADF);
	ck_assert_int_eq(tfo_sock_bind(r.h, 2, &a), TFO_ERR_BADF);
	ck_assert_int_eq(tfo_sock_bind(r.h, 3, &a), 0);
	ck_assert_int_eq(tfo_sock_bind(r.h, 3, &a), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_bind(r.h, 4, &a), TFO_ERR_ADDRINUSE);
	b.addr.family = TFO_AF_NONE;
	ck_assert_int_eq(tfo_sock_bind(r.h, 4, &b), TFO_ERR_ADDRINUSE);
	for (int i = 0; i < 40; i++)
		ck_assert_int_eq(tfo_sock_open(r.h), 6 + i);
	ck_assert_int_eq(tfo_sock_poll(r.h, 5), TFO_POLLOUT | TFO_POLLHUP);
	rig_free(&r);
}
END_TEST

START_TEST(descriptor_table_nomem)
{
	struct rig r;

	rig_init(&r, NULL);
	r.ta.fail_at = r.ta.calls + 1;
	ck_assert_int_eq(tfo_sock_open(r.h), TFO_ERR_NOMEM);
	r.ta.fail_at = r.ta.calls + 2;
	ck_assert_int_eq(tfo_sock_open(r.h), TFO_ERR_NOMEM);
	ck_assert_int_eq(tfo_sock_open(r.h), 3);
	rig_free(&r);
}
END_TEST

START_TEST(nonblocking_connect)
{
	/* __inet_stream_connect(): EINPROGRESS, EALREADY while in progress, 0 once it
	 * completed, then EISCONN; a writer waits for the handshake (EAGAIN) */
	struct rig r;
	int fd;
	tfo_sockaddr srv = sa(SRV);
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	rig_expect(&r, 0,
	           C "Flags [S], seq 1000, win 65535, options [mss 1460,sackOK,TS val 0 ecr "
	             "0,nop,wscale 7], length 0");
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_ALREADY);
	ck_assert_int_eq(tfo_sock_write(r.h, 0, fd, "x", 1), TFO_ERR_AGAIN);
	ck_assert_int_eq(tfo_sock_read(r.h, 0, fd, r.rbuf, 1), TFO_ERR_AGAIN);
	ck_assert_int_eq(tfo_sock_poll(r.h, fd), 0);
	synack(&r, MS(10), 1001, NULL);
	ck_assert_int_eq(tfo_sock_poll(r.h, fd), TFO_POLLOUT);
	ck_assert_int_eq(tfo_sock_connect(r.h, MS(11), fd, &srv), 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, MS(11), fd, &srv), TFO_ERR_ISCONN);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(12), fd, "hi", 2), 2);
	ck_assert_int_eq(tfo_sock_info(r.h, fd, &in), 0);
	ck_assert_int_eq(in.state, TFO_ESTABLISHED);
	ck_assert_uint_eq(in.delivered, 1); /* the SYN, as Linux's tcpi_delivered */
	ck_assert_int_eq(tfo_sock_fd(tfo_sock_endpoint(r.h, fd)), fd);
	ck_assert_int_eq(tfo_sock_info(r.h, 77, &in), TFO_ERR_BADF);
	rig_free(&r);
}
END_TEST

START_TEST(maxseg_and_syncnt)
{
	/* do_tcp_setsockopt(): TCP_MAXSEG 0 or 88..32767 caps the SYN's MSS option;
	 * TCP_SYNCNT 1..127 bounds the SYN retransmissions of this socket only */
	struct rig r;
	int fd, v = 0;
	tfo_sockaddr srv = sa(SRV);

	rig_init(&r, NULL);
	fd = client_fd(&r);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_MAXSEG, 87), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_MAXSEG, 32768), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_MAXSEG, 1000), 0);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_SYNCNT, 0), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_SYNCNT, 128), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, fd, TFO_SOCKOPT_SYNCNT, &v), 0);
	ck_assert_int_eq(v, 6);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_SYNCNT, 1), 0);
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, fd, TFO_SOCKOPT_SYNCNT, &v), 0);
	ck_assert_int_eq(v, 1);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	rig_expect(&r, 0,
	           C "Flags [S], seq 1000, win 65535, options [mss 1000,sackOK,TS val 0 ecr "
	             "0,nop,wscale 7], length 0");
	rig_advance(&r, SEC(1));
	rig_expect(&r, SEC(1),
	           C "Flags [S], seq 1000, win 65535, options [mss 1000,sackOK,TS val 1000 ecr "
	             "0,nop,wscale 7], length 0");
	rig_advance(&r, SEC(3));
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, fd, TFO_SOCKOPT_ERROR, &v), 0);
	ck_assert_int_eq(v, TFO_ERR_TIMEDOUT);
	rig_free(&r);
}
END_TEST

START_TEST(connect_refused)
{
	/* A RST to the SYN: connect() reports ECONNREFUSED (sk_err), once; SO_ERROR too */
	struct rig r;
	int fd, v = 1;
	tfo_sockaddr srv = sa(SRV);
	tfo_segment s;

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	s = seg(SRV, CLI, TFO_TH_RST | TFO_TH_ACK, 0, 1001, 0);
	rig_in(&r, MS(1), &s);
	ck_assert_int_eq(tfo_sock_poll(r.h, fd) & TFO_POLLERR, TFO_POLLERR);
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, fd, TFO_SOCKOPT_ERROR, &v), 0);
	ck_assert_int_eq(v, TFO_ERR_CONNREFUSED);
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, fd, TFO_SOCKOPT_ERROR, &v), 0);
	ck_assert_int_eq(v, 0);
	rig_free(&r);

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	rig_in(&r, MS(1), &s);
	ck_assert_int_eq(tfo_sock_connect(r.h, MS(2), fd, &srv), TFO_ERR_CONNREFUSED);
	rig_free(&r);
}
END_TEST

START_TEST(fastopen_connect_sockopt)
{
	/* TCP_FASTOPEN_CONNECT: EOPNOTSUPP without the client bit; with a cookie connect()
	 * returns 0 and sends nothing, connect() again gives EISCONN, and the first write
	 * sends the SYN with the data that fits, returning that count */
	struct rig r;
	tfo_settings st = rig_settings(0x2);
	int fd, v = 0;
	tfo_sockaddr srv = sa(SRV);

	rig_init(&r, &st);
	fd = client_fd(&r);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, 1),
	                 TFO_ERR_OPNOTSUPP);
	rig_free(&r);

	rig_init(&r, NULL);
	cache_cookie(&r);
	fd = client_fd(&r);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, 2),
	                 TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, 1), 0);
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, &v), 0);
	ck_assert_int_eq(v, 1);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), 0);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_ISCONN);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, 0),
	                 TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(1), fd, "hello!", 6), 6);
	rig_expect(&r, MS(1),
	           C "Flags [S], seq 1000:1006, win 65535, options [mss 1460,sackOK,TS val 1 ecr "
	             "0,nop,wscale 7,tfo  cookie 3021b9d889017eeb,nop,nop], length 6");
	ck_assert_int_eq(tfo_sock_connect(r.h, MS(2), fd, &srv), TFO_ERR_ALREADY);
	rig_free(&r);
}
END_TEST

START_TEST(fastopen_connect_cookie_gone)
{
	/* A cookie that vanishes between connect() and the first write: the SYN leaves as a
	 * cookie request and the write returns EINPROGRESS (Linux tcp_sendmsg_fastopen()) */
	struct rig r;
	int fd;
	tfo_sockaddr srv = sa(SRV);

	rig_init(&r, NULL);
	cache_cookie(&r);
	fd = client_fd(&r);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, 1), 0);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), 0);
	tfo_host_cookie_clear(r.h);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(1), fd, "hello!", 6), TFO_ERR_INPROGRESS);
	ck_assert_ptr_nonnull(strstr(rig_last(&r)->line, "cookiereq"));
	rig_free(&r);
}
END_TEST

START_TEST(sendto_fastopen)
{
	/* sendto(MSG_FASTOPEN): with a cookie, the bytes in the SYN; EALREADY while
	 * connecting; after the handshake the first one completes the connect (as a
	 * second connect() would) and sends, the next gets EISCONN (Linux
	 * __inet_stream_connect(), tests/scripts/client-dontwait-eisconn.pkt) */
	struct rig r;
	int fd;
	tfo_sockaddr srv = sa(SRV);
	static char big[2001];

	memset(big, 'b', 2000);
	rig_init(&r, NULL);
	cache_cookie(&r);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_sendto(r.h, 0, fd, big, 2000, TFO_MSG_FASTOPEN, &srv), 1420);
	ck_assert_uint_eq(rig_last(&r)->seg.len, 1420);
	ck_assert_int_eq(tfo_sock_sendto(r.h, 0, fd, "x", 1, TFO_MSG_FASTOPEN, &srv),
	                 TFO_ERR_ALREADY);
	synack(&r, MS(10), 1001 + 1420, NULL);
	ck_assert_int_eq(tfo_sock_sendto(r.h, MS(11), fd, "y", 1, TFO_MSG_FASTOPEN, &srv), 1);
	ck_assert_uint_eq(rig_last(&r)->seg.len, 1);
	ck_assert_uint_eq(rig_last(&r)->seg.seq, 1000 + 1 + 1420);
	ck_assert_int_eq(tfo_sock_sendto(r.h, MS(11), fd, "x", 1, TFO_MSG_FASTOPEN, &srv),
	                 TFO_ERR_ISCONN);
	ck_assert_int_eq(tfo_sock_sendto(r.h, MS(11), fd, "x", 1, 0, NULL), 1);
	ck_assert_int_eq(tfo_sock_sendto(r.h, MS(11), fd, "x", 1, 1, NULL), TFO_ERR_INVALID);
	rig_free(&r);
}
END_TEST

START_TEST(sendto_fastopen_no_cookie)
{
	/* sendto(MSG_FASTOPEN) without a cookie: a cookie-request SYN, no data taken,
	 * EINPROGRESS; EOPNOTSUPP without the client bit */
	struct rig r;
	tfo_settings st = rig_settings(0x2);
	int fd;
	tfo_sockaddr srv = sa(SRV);

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_sendto(r.h, 0, fd, "hello!", 6, TFO_MSG_FASTOPEN, &srv),
	                 TFO_ERR_INPROGRESS);
	rig_expect(&r, 0,
	           C "Flags [S], seq 1000, win 65535, options [mss 1460,sackOK,TS val 0 ecr "
	             "0,nop,wscale 7,tfo  cookiereq,nop,nop], length 0");
	synack(&r, MS(10), 1001, COOKIE_A);
	/* nothing was queued: only the handshake ACK */
	rig_expect(&r, MS(10),
	           C
	           "Flags [.], ack 5001, win 511, options [nop,nop,TS val 10 ecr 7000], length 0");
	rig_expect_none(&r);
	rig_free(&r);

	rig_init(&r, &st);
	fd = client_fd(&r);
	ck_assert_int_eq(tfo_sock_sendto(r.h, 0, fd, "hello!", 6, TFO_MSG_FASTOPEN, &srv),
	                 TFO_ERR_OPNOTSUPP);
	rig_free(&r);
}
END_TEST

START_TEST(unbound_and_unconnected)
{
	/* A host has no addresses: connect needs a bound address (EADDRNOTAVAIL); Linux gives
	 * EPIPE for a write and ENOTCONN for a read on a socket never connected */
	struct rig r;
	int fd;
	tfo_sockaddr srv = sa(SRV), any = sa("0.0.0.0:0");

	rig_init(&r, NULL);
	fd = tfo_sock_open(r.h);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_ADDRNOTAVAIL);
	ck_assert_int_eq(tfo_sock_write(r.h, 0, fd, "x", 1), TFO_ERR_PIPE);
	ck_assert_int_eq(tfo_sock_read(r.h, 0, fd, r.rbuf, 1), TFO_ERR_NOTCONN);
	ck_assert_int_eq(tfo_sock_shutdown(r.h, 0, fd, TFO_SHUT_WR), TFO_ERR_NOTCONN);
	ck_assert_int_eq(tfo_sock_listen(r.h, fd, 5), TFO_ERR_INVALID);
	any.addr.family = TFO_AF_NONE;
	ck_assert_int_eq(tfo_sock_bind(r.h, fd, &any), 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_ADDRNOTAVAIL);
	ck_assert_int_eq(tfo_sock_listen(r.h, fd, 5), TFO_ERR_INVALID);
	rig_free(&r);
}
END_TEST

START_TEST(listen_and_accept_fastopen_child)
{
	/* setsockopt(TCP_FASTOPEN, qlen) before or after listen(); accept() returns a Fast
	 * Open child at once, its data readable, its peer's address filled in */
	struct rig r;
	int lfd, cfd, v = 0;
	tfo_sockaddr a = sa(SRV), peer;
	tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);

	rig_init(&r, NULL);
	lfd = tfo_sock_open(r.h);
	ck_assert_int_eq(tfo_sock_bind(r.h, lfd, &a), 0);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, lfd, TFO_SOCKOPT_FASTOPEN, -1), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, lfd, TFO_SOCKOPT_FASTOPEN, 5), 0);
	ck_assert_int_eq(tfo_sock_listen(r.h, lfd, 8), 0);
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, lfd, TFO_SOCKOPT_FASTOPEN, &v), 0);
	ck_assert_int_eq(v, 5);
	ck_assert_int_eq(tfo_sock_setsockopt(r.h, lfd, TFO_SOCKOPT_FASTOPEN, 7), 0);
	ck_assert_int_eq(tfo_sock_getsockopt(r.h, lfd, TFO_SOCKOPT_FASTOPEN, &v), 0);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(tfo_sock_accept(r.h, 0, lfd, &peer), TFO_ERR_AGAIN);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, lfd, &a), TFO_ERR_ISCONN);
	ck_assert_int_eq(tfo_sock_poll(r.h, lfd), 0);
	seg_syn_opts(&s, 100, 0);
	seg_cookie(&s, 0, COOKIE_A);
	seg_data(&s, "hello!");
	RIG_RAND(&r, 5000, 0);
	rig_in(&r, MS(1), &s);
	ck_assert_int_eq(tfo_sock_poll(r.h, lfd), TFO_POLLIN);
	cfd = tfo_sock_accept(r.h, MS(2), lfd, &peer);
	ck_assert_int_eq(cfd, 4);
	ck_assert_uint_eq(peer.port, 40000);
	ck_assert_int_eq(tfo_sock_poll(r.h, cfd) & TFO_POLLIN, TFO_POLLIN);
	ck_assert_int_eq(tfo_sock_read(r.h, MS(2), cfd, r.rbuf, sizeof(r.rbuf)), 6);
	ck_assert_mem_eq(r.rbuf, "hello!", 6);
	/* a Fast Open child may write before its handshake completes */
	ck_assert_int_eq(tfo_sock_write(r.h, MS(3), cfd, "world!", 6), 6);
	ck_assert_int_eq(tfo_sock_accept(r.h, MS(3), cfd, &peer), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_listen(r.h, lfd, 2), 0);
	ck_assert_int_eq(tfo_sock_close(r.h, MS(4), lfd), 0);
	rig_free(&r);
}
END_TEST

START_TEST(read_after_reset_and_shutdown)
{
	/* tcp_recvmsg(): the error once (ECONNRESET), then 0; shutdown(SHUT_WR) then write ->
	 * EPIPE; SHUT_RD makes reads return 0 */
	struct rig r;
	int fd;
	tfo_sockaddr srv = sa(SRV);
	tfo_segment s;

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	synack(&r, MS(10), 1001, NULL);
	ck_assert_int_eq(tfo_sock_shutdown(r.h, MS(11), fd, 3), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_sock_shutdown(r.h, MS(11), fd, TFO_SHUT_WR), 0);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(11), fd, "x", 1), TFO_ERR_PIPE);
	s = rig_peer(TFO_TH_RST, 5001, 0);
	rig_in(&r, MS(12), &s);
	ck_assert_int_eq(tfo_sock_poll(r.h, fd), TFO_POLLERR | TFO_POLLHUP | TFO_POLLIN);
	ck_assert_int_eq(tfo_sock_read(r.h, MS(13), fd, r.rbuf, 1), TFO_ERR_CONNRESET);
	ck_assert_int_eq(tfo_sock_read(r.h, MS(13), fd, r.rbuf, 1), 0);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(13), fd, "x", 1), TFO_ERR_PIPE);
	ck_assert_int_eq(tfo_sock_close(r.h, MS(14), fd), 0);
	rig_free(&r);

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	synack(&r, MS(10), 1001, NULL);
	ck_assert_int_eq(tfo_sock_shutdown(r.h, MS(11), fd, TFO_SHUT_RD), 0);
	ck_assert_int_eq(tfo_sock_read(r.h, MS(11), fd, r.rbuf, 1), 0);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(11), fd, "x", 1), 1);
	rig_free(&r);
}
END_TEST

START_TEST(write_error_once)
{
	/* tcp_sendmsg_locked(): a pending error (ECONNRESET) is returned once, then EPIPE */
	struct rig r;
	int fd;
	tfo_sockaddr srv = sa(SRV);
	tfo_segment s;

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	synack(&r, MS(10), 1001, NULL);
	s = rig_peer(TFO_TH_RST, 5001, 0);
	rig_in(&r, MS(12), &s);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(13), fd, "x", 1), TFO_ERR_CONNRESET);
	ck_assert_int_eq(tfo_sock_write(r.h, MS(13), fd, "x", 1), TFO_ERR_PIPE);
	rig_free(&r);
}
END_TEST

START_TEST(connect_timed_out)
{
	/* No answer to the SYNs: connect() reports ETIMEDOUT at the first timeout after
	 * 127 s (tcp_syn_retries 6): 131 s, as the SYNs go at 0, 1, 2, 3, 4, 5, 7, 11,
	 * 19, 35 and 67 s (Linux 6.18's linear start) */
	struct rig r;
	int fd;
	tfo_sockaddr srv = sa(SRV);

	rig_init(&r, NULL);
	fd = client_fd(&r);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(tfo_sock_connect(r.h, 0, fd, &srv), TFO_ERR_INPROGRESS);
	rig_advance(&r, SEC(131) - 1);
	ck_assert_int_eq(tfo_sock_connect(r.h, SEC(131) - 1, fd, &srv), TFO_ERR_ALREADY);
	rig_advance(&r, SEC(131));
	ck_assert_int_eq(tfo_sock_connect(r.h, SEC(131), fd, &srv), TFO_ERR_TIMEDOUT);
	ck_assert_int_eq(tfo_sock_read(r.h, SEC(131), fd, r.rbuf, 1), 0);
	rig_free(&r);
}
END_TEST

Suite *socket_suite(void)
{
	Suite *s = suite_create("socket");
	TCase *tc = tcase_create("socket");

	tcase_add_test(tc, descriptors);
	tcase_add_test(tc, descriptor_table_nomem);
	tcase_add_test(tc, nonblocking_connect);
	tcase_add_test(tc, connect_refused);
	tcase_add_test(tc, fastopen_connect_sockopt);
	tcase_add_test(tc, fastopen_connect_cookie_gone);
	tcase_add_test(tc, sendto_fastopen);
	tcase_add_test(tc, sendto_fastopen_no_cookie);
	tcase_add_test(tc, unbound_and_unconnected);
	tcase_add_test(tc, listen_and_accept_fastopen_child);
	tcase_add_test(tc, read_after_reset_and_shutdown);
	tcase_add_test(tc, write_error_once);
	tcase_add_test(tc, connect_timed_out);
	tcase_add_test(tc, maxseg_and_syncnt);
	suite_add_tcase(s, tc);
	return s;
}
