/* test_conf_9275_mp.c: the multipart/related reader of the RFC 9275 suite
 * (lib/alto_mpart.c, shared with the runner) and the RFC 9275 / RFC 9240 syntax predicates.
 *
 * First the responses printed in RFC 9275 (data/rfc/examples/rfc9275,
 * driven by its INDEX.tsv rows of kind "multipart"): every one must split
 * into the two parts the extraction lists, with the Content-IDs and JSON
 * bodies of its .partN files.  As printed they are not valid RFC 2046
 * bodies (bare LF line breaks, and "--example-1" where the close
 * delimiter "--example-1--" belongs), and the reader must say exactly
 * that; the same bodies rewritten with CRLF and a close delimiter must
 * read clean.  The printed examples also carry defects the suite exists
 * to catch (8.4 and 8.6 write "vtags" for "vtag", 7.3.6 "cost-map" for
 * "endpoint-cost-map"), asserted here so the RFC text stays the judge.
 * Then hostile bodies: bounded, never a crash, never a false part. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "alto_mpart.h"
#include "conf_msg.h"
#include "conf_check.h"
#include "alto_buf.h"
#include "rfc9275/rfc9275.h"

#define EX ALTOSPEC_DATA_DIR "/rfc/examples/rfc9275/"

static int slurp(const char *name, alto_buf *b) {
    char path[512];
    snprintf(path, sizeof path, EX "%s", name);
    alto_err e;
    *b = (alto_buf)ALTO_BUF_INIT;
    return alto_buf_read_file(b, path, &e);
}

/* Content-Type of a printed message (.txt): the line and the lines that
 * continue it (as printed, the continuation is not indented). */
static int header_start(const char *line) {
    const char *p = line;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-') p++;
    return p > line && *p == ':';
}

static void printed_ctype(const char *txt, char *out, size_t n) {
    const char *p = strstr(txt, "Content-Type:");
    size_t k = 0;
    out[0] = '\0';
    if (!p) return;
    for (p += 13; *p && k + 1 < n; p++) {
        if (*p == '\n') {
            if (!p[1] || p[1] == '\n' || header_start(p + 1)) break;
            out[k++] = ' ';
            continue;
        }
        out[k++] = *p;
    }
    while (k && out[k - 1] == ' ') k--;
    out[k] = '\0';
    char *q = out;
    while (*q == ' ') q++;
    memmove(out, q, strlen(q) + 1);
}

static json_t *load_json(const char *name) {
    alto_buf b;
    if (slurp(name, &b) < 0) return NULL;
    char err[256];
    json_t *v = alto_json_parse_object(b.data, b.len, 64, err, sizeof err);
    alto_buf_free(&b);
    return v;
}

static void check_example(const char *name, int *count) {
    char f[128], ctype[512];
    alto_buf txt, body;
    snprintf(f, sizeof f, "%s.txt", name);
    T_CHECK_MSG(slurp(f, &txt) == 0, "%s", f);
    snprintf(f, sizeof f, "%s.body.txt", name);
    T_CHECK_MSG(slurp(f, &body) == 0, "%s", f);
    if (!txt.data || !body.data) return;
    printed_ctype(txt.data, ctype, sizeof ctype);
    T_CONTAINS(ctype, "type=application/alto-");
    alto_mpart m;
    T_CHECK_MSG(alto_mpart_parse(&m, ctype, body.data, body.len, 64) == 0, "%s: %s", name, m.err);
    T_CHECK_MSG(m.nparts == 2, "%s: %d parts", name, m.nparts);
    T_CHECK(m.has_boundary && m.has_type && !m.has_start);
    T_STREQ(m.media, "multipart/related");
    /* As printed: LF line breaks and no close delimiter, nothing else. */
    T_CHECK_MSG(m.dev == (ALTO_MPART_DEV_LF | ALTO_MPART_DEV_NO_CLOSE), "%s: dev %u", name, m.dev);
    for (int i = 0; i < 2 && i < m.nparts; i++) {
        alto_buf h;
        snprintf(f, sizeof f, "%s.part%d.headers.txt", name, i + 1);
        T_CHECK(slurp(f, &h) == 0);
        char cid[256];
        printed_ctype(h.data ? h.data : "", cid, sizeof cid);   /* the part's Content-Type line */
        T_STREQ(m.parts[i].content_type, cid);
        const char *idl = h.data ? strstr(h.data, "Content-ID:") : NULL;
        if (idl) {
            char want[256];
            sscanf(idl + 11, " %255[^\n]", want);
            T_STREQ(m.parts[i].content_id, want);
            char rid[128];
            const char *why;
            T_CHECK(alto_mpart_content_id(m.parts[i].content_id, rid, sizeof rid, &why));
        }
        alto_buf_free(&h);
        snprintf(f, sizeof f, "%s.part%d.json", name, i + 1);
        json_t *want = load_json(f);
        T_CHECK_MSG(want && m.parts[i].json && json_equal(want, m.parts[i].json), "%s part %d body", name, i + 1);
        json_decref(want);
    }
    T_STREQ(m.parts[1].media, "application/alto-propmap+json");
    /* The same body as RFC 2046 wants it: CRLF and a close delimiter. */
    alto_buf crlf = ALTO_BUF_INIT;
    for (size_t i = 0; i < body.len; i++) {
        if (body.data[i] == '\n') alto_buf_putc(&crlf, '\r');
        alto_buf_putc(&crlf, body.data[i]);
    }
    while (crlf.len && (crlf.data[crlf.len - 1] == '\n' || crlf.data[crlf.len - 1] == '\r')) crlf.len--;
    alto_buf_puts(&crlf, "--\r\nepilogue, ignored\r\n");
    alto_mpart m2;
    T_CHECK(alto_mpart_parse(&m2, ctype, crlf.data, crlf.len, 64) == 0);
    T_CHECK_MSG(m2.nparts == 2 && m2.dev == 0, "%s CRLF: %d parts dev %u", name, m2.nparts, m2.dev);
    T_CHECK(m2.nparts == 2 && json_equal(m.parts[0].json, m2.parts[0].json) && json_equal(m.parts[1].json, m2.parts[1].json));
    alto_mpart_free(&m2);
    alto_mpart_free(&m);
    alto_buf_free(&crlf);
    alto_buf_free(&txt);
    alto_buf_free(&body);
    (*count)++;
}

static void test_examples(void) {
    alto_buf idx;
    T_CHECK(slurp("INDEX.tsv", &idx) == 0);
    int n = 0;
    for (char *line = strtok(idx.data, "\n"); line; line = strtok(NULL, "\n")) {
        char name[64], kind[64];
        if (sscanf(line, "%63[^\t]\t%63[^\t]", name, kind) == 2 && !strcmp(kind, "multipart"))
            check_example(name, &n);
    }
    alto_buf_free(&idx);
    T_CHECK_MSG(n == 6, "%d multipart examples", n);       /* 7.2.6 7.3.6 8.3 8.4-2 8.4-3 8.6 */
}

/* Defects printed in the RFC, as the suite's checks see them. */
static void test_example_defects(void) {
    static const char *const vtags[] = {"8.4-2-resp.part1.json", "8.4-3-resp.part1.json", "8.6-2-resp.part1.json"};
    for (size_t i = 0; i < 3; i++) {
        json_t *d = load_json(vtags[i]);
        json_t *meta = json_object_get(d, "meta");
        T_CHECK_MSG(!json_object_get(meta, "vtag") && json_object_get(meta, "vtags"), "%s", vtags[i]);
        json_decref(d);
    }
    json_t *d = load_json("7.3.6-1-resp.part1.json");
    conf_probs p;
    conf_probs_init(&p);
    T_CHECK(conf_v_ecs_shape(d, &p) > 0);           /* "cost-map", not "endpoint-cost-map" */
    T_CONTAINS(conf_probs_first(&p), "endpoint-cost-map");
    conf_probs_free(&p);
    json_decref(d);
    /* 7.2.6 as printed is right: vtag "<resource-id>.<part>" in the part form. */
    d = load_json("7.2.6-1-resp.part1.json");
    conf_probs_init(&p);
    T_CHECK(conf_v_vtag_ext(json_object_get(json_object_get(d, "meta"), "vtag"), "$.meta.vtag", 1, &p) == 0);
    T_CHECK(conf_v_vtag(json_object_get(json_object_get(d, "meta"), "vtag"), "$.meta.vtag", &p) == 1);
    conf_probs_free(&p);
    json_decref(d);
    d = load_json("7.2.6-1-resp.part2.json");
    conf_probs_init(&p);
    T_CHECK(conf_v_dvtags_ext(d, 0, 1, &p) == 0);
    conf_probs_free(&p);
    json_decref(d);
}

static void test_params(void) {
    char v[256];
    T_CHECK(alto_media_param("multipart/related; boundary=example-1; type=application/alto-costmap+json", "type", v, sizeof v) == 1);
    T_STREQ(v, "application/alto-costmap+json");
    T_CHECK(alto_media_param("multipart/related;TYPE=\"application/alto-costmap+json\"", "type", v, sizeof v) == 1);
    T_STREQ(v, "application/alto-costmap+json");
    T_CHECK(alto_media_param("multipart/related; start=\"<a@b>\"; boundary=\"x \\\"y\\\"\"", "boundary", v, sizeof v) == 1);
    T_STREQ(v, "x \"y\"");
    T_CHECK(alto_media_param("multipart/related; start=<a@b>", "start", v, sizeof v) == 1);
    T_STREQ(v, "<a@b>");
    T_CHECK(alto_media_param("multipart/related; boundary=b", "start", v, sizeof v) == 0);
    T_CHECK(alto_media_param("multipart/related", "type", v, sizeof v) == 0);
    T_CHECK(alto_media_param(NULL, "type", v, sizeof v) == 0);
    T_CHECK(alto_media_param("multipart/related; boundary", "boundary", v, sizeof v) == -1);
    T_CHECK(alto_media_param("multipart/related; boundary=\"open", "boundary", v, sizeof v) == -1);
    T_CHECK(alto_media_param("multipart/related; =x", "type", v, sizeof v) == -1);
    T_CHECK(alto_media_param("multipart/related; boundary=a b", "boundary", v, sizeof v) == -1);
    T_CHECK(alto_mpart_boundary_ok("example-1") && alto_mpart_boundary_ok("a b'()+_,-./:=?z"));
    T_CHECK(!alto_mpart_boundary_ok("") && !alto_mpart_boundary_ok("trailing ") && !alto_mpart_boundary_ok("semi;colon"));
    char big[80];
    memset(big, 'b', 71);
    big[71] = '\0';
    T_CHECK(!alto_mpart_boundary_ok(big));
}

static int parse(alto_mpart *m, const char *ct, const char *body) {
    return alto_mpart_parse(m, ct, body, body ? strlen(body) : 0, 64);
}

static void test_hostile(void) {
    alto_mpart m;
    const char *ct = "multipart/related; boundary=B; type=application/alto-costmap+json";
    /* preamble, transport padding, epilogue; "--Bx" is not a delimiter */
    T_CHECK(parse(&m, ct, "preamble\r\n--B  \r\nContent-Type: application/json\r\n\r\n{\"a\":\"--Bx\"}\r\n--Bx\r\n"
                  "more\r\n--B--\r\nepilogue --B\r\n") == 0);
    T_CHECK(m.nparts == 1 && m.dev == 0);
    T_CHECK(m.parts[0].len == strlen("{\"a\":\"--Bx\"}\r\n--Bx\r\nmore"));
    T_CHECK(m.parts[0].json == NULL);            /* body is not JSON: jerr says so */
    T_CHECK(m.parts[0].jerr[0] != '\0');
    alto_mpart_free(&m);
    /* no boundary parameter: guessed from the body, flagged */
    T_CHECK(parse(&m, "multipart/related; type=x/y", "--zz\r\nContent-ID: <a@b>\r\n\r\n{}\r\n--zz--\r\n") == 0);
    T_CHECK(m.nparts == 1 && (m.dev & ALTO_MPART_DEV_GUESSED) && !strcmp(m.boundary, "zz"));
    T_STREQ(m.parts[0].content_id, "<a@b>");
    alto_mpart_free(&m);
    /* nothing to find */
    T_CHECK(parse(&m, "multipart/related", "{\"meta\": {}}") == -1 && m.err[0]);
    T_CHECK(parse(&m, ct, "") == -1);
    T_CHECK(parse(&m, ct, NULL) == -1);
    T_CHECK(parse(&m, ct, "--B--\r\n") == -1);    /* a close and no part */
    T_CHECK(parse(&m, ct, "text --B\r\n") == -1);  /* not at a line start */
    /* many parts: counted, only the first ALTO_MPART_MAX_PARTS kept */
    alto_buf b = ALTO_BUF_INIT;
    for (int i = 0; i < 1000; i++) alto_buf_printf(&b, "--B\r\nContent-ID: <p%d@h>\r\n\r\n{\"i\":%d}\r\n", i, i);
    alto_buf_puts(&b, "--B--\r\n");
    T_CHECK(alto_mpart_parse(&m, ct, b.data, b.len, 64) == 0);
    T_CHECK(m.nparts == 1000 && m.dev == 0);
    T_CHECK(json_integer_value(json_object_get(m.parts[ALTO_MPART_MAX_PARTS - 1].json, "i")) == ALTO_MPART_MAX_PARTS - 1);
    alto_mpart_free(&m);
    alto_buf_free(&b);
    /* headers: folding, case, duplicates, a line without a colon, no blank line */
    T_CHECK(parse(&m, ct, "--B\r\ncontent-type: application/alto-propmap+json;\r\n charset=utf-8\r\n"
                  "CONTENT-ID: <a@b>\r\nContent-ID: <c@d>\r\nnot a header\r\n\r\n{}\r\n--B\r\nContent-ID: <x@y>\r\n--B--\r\n") == 0);
    T_CHECK(m.nparts == 2);
    T_STREQ(m.parts[0].content_type, "application/alto-propmap+json; charset=utf-8");
    T_STREQ(m.parts[0].media, "application/alto-propmap+json");
    T_STREQ(m.parts[0].content_id, "<a@b>");
    T_CHECK(m.parts[0].nid == 2 && (m.dev & ALTO_MPART_DEV_BAD_HEADER));
    T_CHECK(m.parts[1].has_id && m.parts[1].len == 0);
    alto_mpart_free(&m);
    /* binary garbage and deep nesting inside a part: bounded, no JSON */
    alto_buf g = ALTO_BUF_INIT;
    alto_buf_puts(&g, "--B\r\n\r\n");
    for (int i = 0; i < 5000; i++) alto_buf_putc(&g, '[');
    for (int i = 0; i < 256; i++) alto_buf_putc(&g, (char)i);
    alto_buf_puts(&g, "\r\n--B--");
    T_CHECK(alto_mpart_parse(&m, ct, g.data, g.len, 64) == 0);
    T_CHECK(m.nparts == 1 && !m.parts[0].json && !m.parts[0].has_id && !m.parts[0].has_type);
    alto_mpart_free(&m);
    alto_buf_free(&g);
    /* a long header line is cut, not overflowed */
    alto_buf h = ALTO_BUF_INIT;
    alto_buf_puts(&h, "--B\r\nContent-ID: <");
    for (int i = 0; i < 10000; i++) alto_buf_putc(&h, 'x');
    alto_buf_puts(&h, "@h>\r\n\r\n{}\r\n--B--\r\n");
    T_CHECK(alto_mpart_parse(&m, ct, h.data, h.len, 64) == 0);
    T_CHECK(m.nparts == 1 && strlen(m.parts[0].content_id) < sizeof m.parts[0].content_id);
    alto_mpart_free(&m);
    alto_buf_free(&h);
    char dev[300];
    alto_mpart_dev_text(ALTO_MPART_DEV_LF | ALTO_MPART_DEV_NO_CLOSE, dev, sizeof dev);
    T_CONTAINS(dev, "CRLF");
    T_CONTAINS(dev, "close delimiter");
}

static void test_syntaxes(void) {
    char rid[128];
    const char *why;
    T_CHECK(alto_mpart_content_id("<costmap@alto.example.com>", rid, sizeof rid, &why));
    T_STREQ(rid, "costmap");
    T_CHECK(alto_mpart_content_id("<a@b@127.0.0.1>", rid, sizeof rid, &why));   /* '@' is a PIDName char */
    T_STREQ(rid, "a@b");
    T_CHECK(!alto_mpart_content_id("costmap@alto.example.com", rid, sizeof rid, &why));
    T_CHECK(!alto_mpart_content_id("<costmap>", rid, sizeof rid, &why));
    T_CHECK(!alto_mpart_content_id("<cost.map@h>", rid, sizeof rid, &why));
    T_CHECK(!alto_mpart_content_id("<c@h..x>", rid, sizeof rid, &why));
    T_CHECK(!alto_mpart_content_id("<@h>", rid, sizeof rid, &why));
    T_CHECK(!alto_mpart_content_id("", rid, sizeof rid, &why));
    char pm[128];
    T_CHECK(r9_syn_persistent_id("ane-props.ane:MEC1", pm, sizeof pm, &why));
    T_STREQ(pm, "ane-props");
    T_CHECK(r9_syn_persistent_id("se-props.ane:9a0b55f7-7442-4d56-8a2c-b4cc6a8e3aa1", pm, sizeof pm, &why));
    T_CHECK(!r9_syn_persistent_id(".ane:MEC1", pm, sizeof pm, &why));
    T_CHECK(!r9_syn_persistent_id("MEC1", pm, sizeof pm, &why));
    T_CHECK(!r9_syn_persistent_id("a.b.ane:X", pm, sizeof pm, &why));
    T_CHECK(!r9_syn_persistent_id("props.ane:", pm, sizeof pm, &why));
    T_CHECK(r9_syn_prop_name("max-reservable-bandwidth", &why));
    T_CHECK(r9_syn_prop_name("dc-props.cpu", &why) && r9_syn_prop_name(".ASN", &why));
    T_CHECK(!r9_syn_prop_name("bad prop", &why) && !r9_syn_prop_name("", &why));
    T_CHECK(!r9_syn_prop_name("x.y.z", &why));
    T_CHECK(!r9_syn_prop_name("this-property-type-is-longer-than-32", &why));
    /* RFC 9274 cost modes */
    T_CHECK(conf_syn_cost_mode("array", &why) && conf_syn_cost_mode("priv:x", &why));
    T_CHECK(conf_syn_cost_mode("numerical", &why) && conf_syn_cost_mode("ordinal", &why));
    T_CHECK(!conf_syn_cost_mode("numeric", &why) && !conf_syn_cost_mode("priv:", &why));
    T_CHECK(!conf_syn_cost_mode("a.b", &why));
}

int main(void) {
    test_examples();
    test_example_defects();
    test_params();
    test_hostile();
    test_syntaxes();
    T_DONE();
}
