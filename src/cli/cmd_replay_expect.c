/*
 * tfosim replay: what an expectation file records about the run that made
 * it (keys, algorithm, cookie length, conformance settings), so that
 * `--expect F.json TRACE` repeats that run without the flags being copied
 * from anywhere; and the loading of such a file.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <tfo/tfo.h>

#include "cli.h"
#include "cmd_replay.h"
#include "replay_json.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *rekeys_json(const struct replay_args *a)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < a->nrekeys; i++) {
		json_t *o = json_pack("{s:I, s:s}", "from", (json_int_t)a->rekeys[i].from, "key",
		                      a->rekeys[i].ring);

		if (!o || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *conform_json(const struct replay_args *a)
{
	if (!a->conform)
		return json_null();
	return json_pack(
	        "{s:o, s:o}", "fastopen",
	        (a->server_given & REPLAY_SERVER_FASTOPEN_GIVEN) ? json_integer(a->fastopen)
	                                                         : json_null(),
	        "qlen",
	        (a->server_given & REPLAY_SERVER_QLEN_GIVEN) ? json_integer(a->qlen) : json_null());
}

json_t *cli_expect_settings(const struct replay_args *a)
{
	static const char *const keys[] = {
		"key", "rekey", "alg", "cookie_len", "conform", "order"
	};
	size_t len = a->cookie_len ? a->cookie_len : TFO_COOKIE_DEFAULT_LEN;
	json_t *v[] = {
		str_or_null(a->key),
		rekeys_json(a),
		json_string(tfo_cookie_alg_name(a->alg)),
		json_integer((json_int_t)len),
		conform_json(a),
		json_string(a->by_finish ? "finish" : "first"),
	};

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

/* The file's "settings" member is checked whole before anything is taken from it. */
static const char *settings_shape(const json_t *s)
{
	const json_t *rk = json_object_get(s, "rekey"), *cf = json_object_get(s, "conform");
	const json_t *v;
	size_t i;

	if (!json_is_object(s))
		return "\"settings\" is not an object";
	if (!json_is_string(json_object_get(s, "key")) && !json_is_null(json_object_get(s, "key")))
		return "\"settings.key\" is not a string or null";
	if (!json_is_array(rk) || json_array_size(rk) > REPLAY_ARGS_MAX_REKEYS)
		return "\"settings.rekey\" is not an array of at most 64 entries";
	json_array_foreach(rk, i, v)
	{
		if (!json_is_integer(json_object_get(v, "from")) ||
		    json_integer_value(json_object_get(v, "from")) < 1 ||
		    !json_is_string(json_object_get(v, "key")))
			return "a \"settings.rekey\" entry is not {\"from\": N, \"key\": KEY}";
		if (i &&
		    json_integer_value(json_object_get(v, "from")) <=
		            json_integer_value(json_object_get(json_array_get(rk, i - 1), "from")))
			return "\"settings.rekey\" connection numbers do not increase";
	}
	if (!json_is_string(json_object_get(s, "alg")) ||
	    tfo_cookie_alg_parse(json_string_value(json_object_get(s, "alg"))) < 0)
		return "\"settings.alg\" is not siphash, hmac-sha256 or aes";
	v = json_object_get(s, "cookie_len");
	if (!json_is_integer(v) || json_integer_value(v) < TFO_COOKIE_MIN ||
	    json_integer_value(v) > TFO_COOKIE_MAX || json_integer_value(v) % 2)
		return "\"settings.cookie_len\" is not an even number from 4 to 16";
	v = json_object_get(s, "order");
	if (!json_is_string(v) || (strcmp(json_string_value(v), "first") != 0 &&
	                           strcmp(json_string_value(v), "finish") != 0))
		return "\"settings.order\" is not \"first\" or \"finish\"";
	if (json_is_null(cf))
		return NULL;
	if (!json_is_object(cf))
		return "\"settings.conform\" is not an object or null";
	v = json_object_get(cf, "fastopen");
	if (!json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) < 0 ||
	                         json_integer_value(v) > (json_int_t)UINT32_MAX))
		return "\"settings.conform.fastopen\" is not a number or null";
	v = json_object_get(cf, "qlen");
	if (!json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) < 0 ||
	                         json_integer_value(v) > REPLAY_ARGS_MAX_QLEN))
		return "\"settings.conform.qlen\" is not a number from 0 to 1000000 or null";
	return NULL;
}

static const char *doc_shape(const json_t *doc)
{
	const char *format = json_string_value(json_object_get(doc, "format"));
	const json_t *version = json_object_get(doc, "version");

	if (!json_is_object(doc))
		return "not a JSON object";
	if (!format || strcmp(format, REPLAY_EXPECT_FORMAT) != 0)
		return "not a tfosim expectation file (its \"format\" is not "
		       "\"" REPLAY_EXPECT_FORMAT "\"; remake it with --write-expect)";
	if (!json_is_integer(version) || json_integer_value(version) < 1)
		return "\"version\" is not a positive integer";
	if (json_integer_value(version) > REPLAY_EXPECT_VERSION)
		return "made by a newer tfosim (version above 1)";
	if (!json_is_array(json_object_get(doc, "connections")) ||
	    !json_is_object(json_object_get(doc, "summary")) ||
	    !json_is_array(json_object_get(doc, "anomalies")))
		return "\"connections\", \"summary\" or \"anomalies\" is missing or of the wrong "
		       "type";
	return settings_shape(json_object_get(doc, "settings"));
}

json_t *cli_expect_load(const char *path)
{
	struct stat st;
	json_error_t jerr;
	json_t *doc;
	const char *why;

	if (stat(path, &st) != 0) {
		cli_error("replay: %s: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		cli_error("replay: %s: is a directory (--check DIR checks a folder)", path);
		return NULL;
	}
	doc = json_load_file(path, 0, &jerr);
	if (!doc) {
		if (jerr.line > 0)
			cli_error("replay: %s:%d: %s", path, jerr.line, jerr.text);
		else
			cli_error("replay: %s: %s", path, jerr.text);
		return NULL;
	}
	why = doc_shape(doc);
	if (why) {
		cli_error("replay: %s: %s", path, why);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static void take_keys(struct replay_args *a, const json_t *s)
{
	const json_t *rk = json_object_get(s, "rekey"), *v;
	size_t i;

	a->key = json_string_value(json_object_get(s, "key"));
	a->nrekeys = 0;
	json_array_foreach(rk, i, v)
	{
		a->rekeys[i].from = (uint64_t)json_integer_value(json_object_get(v, "from"));
		a->rekeys[i].ring = json_string_value(json_object_get(v, "key"));
		a->nrekeys++;
	}
}

static void take_conform(struct replay_args *a, const json_t *cf)
{
	const json_t *fo = json_object_get(cf, "fastopen"), *q = json_object_get(cf, "qlen");

	a->conform = 1;
	if (json_is_integer(fo) && !(a->server_given & REPLAY_SERVER_FASTOPEN_GIVEN)) {
		a->fastopen = (uint32_t)json_integer_value(fo);
		a->server_given |= REPLAY_SERVER_FASTOPEN_GIVEN;
	}
	if (json_is_integer(q) && !(a->server_given & REPLAY_SERVER_QLEN_GIVEN)) {
		a->qlen = (int)json_integer_value(q);
		a->server_given |= REPLAY_SERVER_QLEN_GIVEN;
	}
}

void cli_expect_apply(struct replay_args *a, const json_t *doc)
{
	const json_t *s = json_object_get(doc, "settings");
	const json_t *cf = json_object_get(s, "conform");

	if (!a->key && !a->nrekeys)
		take_keys(a, s);
	if (!a->alg_text)
		a->alg_text = json_string_value(json_object_get(s, "alg"));
	if (!a->cookie_len)
		a->cookie_len = (size_t)json_integer_value(json_object_get(s, "cookie_len"));
	if (json_is_object(cf))
		take_conform(a, cf);
	if (!a->order_given)
		a->by_finish =
		        strcmp(json_string_value(json_object_get(s, "order")), "finish") == 0;
}
