/* Chunked byte buffers: contents against a flat model, chunk sizes, pool reuse, failures. */
#include <string.h>

#include "seggen.h"
#include "testutil.h"
#include "tfo_buf.h"

START_TEST(matches_flat_model)
{
	/* Random appends, peeks and consumes compared with a plain array */
	struct test_alloc ta;
	struct buf_pool p;
	struct sbuf b = { 0 };
	static uint8_t model[200000], tmp[20000];
	size_t head = 0, tail = 0;
	struct xorshift x;
	uint8_t next = 0;

	test_alloc_init(&ta, 0);
	buf_pool_init(&p, &ta.a);
	xs_seed(&x, 42);
	for (int i = 0; i < 3000; i++) {
		uint32_t op = xs_below(&x, 3), n = xs_below(&x, 9000);

		if (op == 0 && tail + n < sizeof(model)) {
			for (uint32_t k = 0; k < n; k++)
				tmp[k] = model[tail + k] = next++;
			ck_assert_int_eq(buf_append(&b, &p, tmp, n), 0);
			tail += n;
		} else if (op == 1) {
			n = n > tail - head ? (uint32_t)(tail - head) : n;
			buf_consume(&b, &p, n);
			head += n;
		} else if (tail > head) {
			uint32_t off = xs_below(&x, (uint32_t)(tail - head));

			n = n > tail - head - off ? (uint32_t)(tail - head - off) : n;
			const uint8_t *span = buf_span(&b, off, n);

			buf_peek(&b, off, tmp, n);
			ck_assert_mem_eq(tmp, model + head + off, n);
			if (span)
				ck_assert_mem_eq(span, model + head + off, n);
		}
		ck_assert_uint_eq(b.len, tail - head);
		if (tail > sizeof(model) / 2 && head == tail)
			head = tail = 0;
	}
	buf_release(&b, &p);
	buf_pool_free(&p);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(small_first_chunk)
{
	/* A few bytes cost a 256-byte chunk; more take 4 KiB chunks */
	struct test_alloc ta;
	struct buf_pool p;
	struct sbuf b = { 0 };
	uint8_t data[300] = { 0 };

	test_alloc_init(&ta, 0);
	buf_pool_init(&p, &ta.a);
	ck_assert_int_eq(buf_append(&b, &p, data, 6), 0);
	ck_assert_uint_eq(b.head->large, 0);
	ck_assert_int_eq(buf_append(&b, &p, data, 300), 0);
	ck_assert_uint_eq(b.head->next->large, 1);
	buf_release(&b, &p);
	ck_assert_int_eq(buf_append(&b, &p, data, 300), 0);
	ck_assert_uint_eq(b.head->large, 1);
	buf_release(&b, &p);
	buf_pool_free(&p);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(span_in_the_first_chunk)
{
	/* buf_span: bytes in place when the first chunk holds them all, else NULL */
	struct test_alloc ta;
	struct buf_pool p;
	struct sbuf b = { 0 };
	uint8_t data[306];
	size_t cap;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	test_alloc_init(&ta, 0);
	buf_pool_init(&p, &ta.a);
	ck_assert_ptr_null(buf_span(&b, 0, 1));
	ck_assert_int_eq(buf_append(&b, &p, data, 6), 0);
	ck_assert_ptr_eq(buf_span(&b, 0, 6), b.head->data);
	ck_assert_ptr_eq(buf_span(&b, 2, 4), b.head->data + 2);
	ck_assert_int_eq(buf_append(&b, &p, data + 6, 300), 0);
	/* cap bytes in the small chunk, the rest in the next */
	cap = b.head->cap;
	ck_assert_uint_lt(cap, 300);
	ck_assert_ptr_eq(buf_span(&b, 0, cap), b.head->data);
	ck_assert_ptr_null(buf_span(&b, 0, cap + 1));
	ck_assert_ptr_null(buf_span(&b, cap, 6));
	buf_consume(&b, &p, cap + 10);
	ck_assert_ptr_nonnull(buf_span(&b, 0, 306 - cap - 10));
	ck_assert_mem_eq(buf_span(&b, 0, 306 - cap - 10), data + cap + 10, 306 - cap - 10);
	ck_assert_ptr_null(buf_span(&b, 0, (size_t)-1));
	buf_release(&b, &p);
	buf_pool_free(&p);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(pool_recycles)
{
	/* Steady state: chunks come back from the pool, the allocator is not called */
	struct test_alloc ta;
	struct buf_pool p;
	struct sbuf b = { 0 };
	uint8_t data[5000] = { 0 };
	unsigned long calls;

	test_alloc_init(&ta, 0);
	buf_pool_init(&p, &ta.a);
	ck_assert_int_eq(buf_append(&b, &p, data, sizeof(data)), 0);
	buf_consume(&b, &p, sizeof(data));
	calls = ta.calls;
	for (int i = 0; i < 100; i++) {
		ck_assert_int_eq(buf_append(&b, &p, data, sizeof(data)), 0);
		buf_consume(&b, &p, sizeof(data));
	}
	ck_assert_uint_eq(ta.calls, calls);
	buf_pool_free(&p);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(failure_is_all_or_nothing)
{
	/* A failed append leaves the contents as they were; a reservation makes the next
	 * append infallible; spares go back when the buffer is trimmed */
	struct test_alloc ta;
	struct buf_pool p;
	struct sbuf b = { 0 };
	uint8_t data[9000] = { 1 }, out[10];

	test_alloc_init(&ta, 0);
	buf_pool_init(&p, &ta.a);
	ck_assert_int_eq(buf_append(&b, &p, (const uint8_t *)"abc", 3), 0);
	ta.fail_at = ta.calls + 2;
	ck_assert_int_eq(buf_append(&b, &p, data, sizeof(data)), TFO_ERR_NOMEM);
	ck_assert_uint_eq(b.len, 3);
	buf_peek(&b, 0, out, 3);
	ck_assert_mem_eq(out, "abc", 3);
	ta.fail_at = 0;
	ck_assert_int_eq(buf_reserve(&b, &p, 5000), 0);
	ta.fail_at = ta.calls + 1;
	ck_assert_int_eq(buf_append(&b, &p, data, 5000), 0);
	ck_assert_uint_eq(b.len, 5003);
	buf_consume(&b, &p, 5003);
	ck_assert_ptr_null(b.head);
	ck_assert_int_eq(buf_reserve(&b, &p, 10), 0);
	buf_trim(&b, &p);
	ck_assert_ptr_null(b.head);
	buf_pool_free(&p);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(pool_keeps_a_bounded_number)
{
	/* At most BUF_POOL_KEEP free chunks per size stay pooled */
	struct test_alloc ta;
	struct buf_pool p;
	static struct sbuf b[BUF_POOL_KEEP + 10];

	test_alloc_init(&ta, 0);
	buf_pool_init(&p, &ta.a);
	for (size_t i = 0; i < BUF_POOL_KEEP + 10; i++)
		ck_assert_int_eq(buf_append(&b[i], &p, (const uint8_t *)"x", 1), 0);
	for (size_t i = 0; i < BUF_POOL_KEEP + 10; i++)
		buf_release(&b[i], &p);
	ck_assert_uint_eq(p.nfree[0], BUF_POOL_KEEP);
	ck_assert_int_eq(ta.live, (long)BUF_POOL_KEEP);
	buf_pool_free(&p);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

Suite *buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("buf");

	tcase_add_test(tc, matches_flat_model);
	tcase_add_test(tc, small_first_chunk);
	tcase_add_test(tc, span_in_the_first_chunk);
	tcase_add_test(tc, pool_recycles);
	tcase_add_test(tc, failure_is_all_or_nothing);
	tcase_add_test(tc, pool_keeps_a_bounded_number);
	suite_add_tcase(s, tc);
	return s;
}
