/* test_est_pv.c: the estimator's path vector reader on RFC 9275's own
 * examples (section 7.3.6: one ANE, unquoted type, "cost-map" key, body
 * ending with a plain delimiter; section 8.4: three pairs over IPv4 and
 * IPv6, five ANEs with max-reservable-bandwidth and persistent-entity-id),
 * on the reference server's shape (quoted parameters, start, close
 * delimiter, root part not first), and on malformed bodies. */
#include <stdlib.h>
#include "t.h"
#include "alto_media.h"
#include "alto_mpart.h"
#include "run_pv.h"

/* The RFC's text uses bare LF in this file; real answers use CRLF: both
 * are read. */
static char *crlf(const char *s) {
    size_t n = strlen(s);
    char *o = malloc(2 * n + 1), *p = o;
    for (; *s; s++) { if (*s == '\n') *p++ = '\r'; *p++ = *s; }
    *p = 0;
    return o;
}

static const char *RFC_736_CT = "multipart/related; boundary=example-1;\n"
                                "              type=application/alto-endpointcost+json";
static const char *RFC_736 =
    "--example-1\n"
    "Content-ID: <ecs@alto.example.com>\n"
    "Content-Type: application/alto-endpointcost+json\n"
    "\n"
    "{\n"
    "  \"meta\": {\n"
    "    \"vtag\": {\n"
    "      \"resource-id\": \"ecs-pv.ecs\",\n"
    "      \"tag\": \"ec137bb78118468c853d5b622ac003f1\"\n"
    "    },\n"
    "    \"dependent-vtags\": [\n"
    "      {\n"
    "        \"resource-id\": \"my-default-networkmap\",\n"
    "        \"tag\": \"677fe5f4066848d282ece213a84f9429\"\n"
    "      }\n"
    "    ],\n"
    "    \"cost-type\": { \"cost-mode\": \"array\", \"cost-metric\": \"ane-path\" }\n"
    "  },\n"
    "  \"cost-map\": {\n"
    "    \"ipv4:192.0.2.2\": { \"ipv4:192.0.2.18\": [ \"ANE1\" ] }\n"
    "  }\n"
    "}\n"
    "--example-1\n"
    "Content-ID: <propmap@alto.example.com>\n"
    "Content-Type: application/alto-propmap+json\n"
    "\n"
    "{\n"
    "  \"meta\": {\n"
    "    \"dependent-vtags\": [\n"
    "      {\n"
    "        \"resource-id\": \"ecs-pv.ecs\",\n"
    "        \"tag\": \"ec137bb78118468c853d5b622ac003f1\"\n"
    "      }\n"
    "    ]\n"
    "  },\n"
    "  \"property-map\": {\n"
    "    \".ane:ANE1\": { \"max-reservable-bandwidth\": 100000000 }\n"
    "  }\n"
    "}\n"
    "--example-1\n";

static const char *RFC_84_CT = "multipart/related; boundary=example-2;\n"
                               "              type=application/alto-endpointcost+json";
static const char *RFC_84 =
    "--example-2\n"
    "Content-ID: <ecs@alto.example.com>\n"
    "Content-Type: application/alto-endpointcost+json\n"
    "\n"
    "{\n"
    "  \"meta\": {\n"
    "    \"vtags\": {\n"
    "      \"resource-id\": \"endpoint-cost-pv.ecs\",\n"
    "      \"tag\": \"bb6bb72eafe8f9bdc4f335c7ed3b10822a391cef\"\n"
    "    },\n"
    "    \"cost-type\": {\n"
    "      \"cost-mode\": \"array\",\n"
    "      \"cost-metric\": \"ane-path\"\n"
    "    }\n"
    "  },\n"
    "  \"endpoint-cost-map\": {\n"
    "    \"ipv4:192.0.2.34\": {\n"
    "      \"ipv4:192.0.2.2\":   [ \"NET3\", \"L1\", \"NET1\" ],\n"
    "      \"ipv4:192.0.2.50\":   [ \"NET3\", \"L2\", \"NET2\" ]\n"
    "    },\n"
    "    \"ipv6:2001:db8::3:1\": {\n"
    "      \"ipv6:2001:db8::4:1\": [ \"NET3\", \"L2\", \"NET2\" ]\n"
    "    }\n"
    "  }\n"
    "}\n"
    "--example-2\n"
    "Content-ID: <propmap@alto.example.com>\n"
    "Content-Type: application/alto-propmap+json\n"
    "\n"
    "{\n"
    "  \"meta\": {\n"
    "    \"dependent-vtags\": [\n"
    "      {\n"
    "        \"resource-id\": \"endpoint-cost-pv.ecs\",\n"
    "        \"tag\": \"bb6bb72eafe8f9bdc4f335c7ed3b10822a391cef\"\n"
    "      },\n"
    "      {\n"
    "        \"resource-id\": \"ane-props\",\n"
    "        \"tag\": \"bf3c8c1819d2421c9a95a9d02af557a3\"\n"
    "      }\n"
    "    ]\n"
    "  },\n"
    "  \"property-map\": {\n"
    "    \".ane:NET1\": {\n"
    "      \"max-reservable-bandwidth\": 50000000000,\n"
    "      \"persistent-entity-id\": \"ane-props.ane:MEC1\"\n"
    "    },\n"
    "    \".ane:NET2\": {\n"
    "      \"max-reservable-bandwidth\": 50000000000,\n"
    "      \"persistent-entity-id\": \"ane-props.ane:MEC2\"\n"
    "    },\n"
    "    \".ane:NET3\": {\n"
    "      \"max-reservable-bandwidth\": 50000000000\n"
    "    },\n"
    "    \".ane:L1\": {\n"
    "      \"max-reservable-bandwidth\": 10000000000\n"
    "    },\n"
    "    \".ane:L2\": {\n"
    "      \"max-reservable-bandwidth\": 15000000000\n"
    "    }\n"
    "  }\n"
    "}\n"
    "--example-2\n";

static double bps(const json_t *anes, const char *n) {
    return json_number_value(json_object_get(json_object_get(anes, n), "bps"));
}

static const char *ane_at(const json_t *paths, const char *s, const char *d, size_t i) {
    return json_string_value(json_array_get(json_object_get(json_object_get(paths, s), d), i));
}

int main(void) {
    alto_err e;
    json_t *parts, *paths, *anes;
    char v[128];

    /* Parameters: unquoted, quoted, folded over lines. */
    T_CHECK(alto_media_param(RFC_736_CT, "boundary", v, sizeof v) == 1);
    T_STREQ(v, "example-1");
    T_CHECK(alto_media_param(RFC_736_CT, "type", v, sizeof v) == 1);
    T_STREQ(v, "application/alto-endpointcost+json");
    T_CHECK(alto_media_param("multipart/related; type=\"a/b; c\"; boundary=\"x y\"", "boundary",
                            v, sizeof v) == 1);
    T_STREQ(v, "x y");
    T_CHECK(alto_media_param(RFC_736_CT, "start", v, sizeof v) == 0);

    /* RFC 9275 section 7.3.6, as printed (LF) and as sent (CRLF). */
    for (int pass = 0; pass < 2; pass++) {
        char *body = pass ? crlf(RFC_736) : strdup(RFC_736);
        T_CHECK_MSG(alto_mpart_read(RFC_736_CT, body, strlen(body), 64, &parts, &e) == 0, "%s", e.msg);
        T_CHECK(json_array_size(parts) == 2);
        T_STREQ(json_string_value(json_object_get(json_array_get(parts, 0), "content_id")),
                "<ecs@alto.example.com>");
        T_STREQ(json_string_value(json_object_get(json_array_get(parts, 1), "content_type")),
                "application/alto-propmap+json");
        T_CHECK(json_is_object(json_object_get(json_array_get(parts, 1), "body")));
        T_CHECK_MSG(run_pv_read(parts, &paths, &anes, &e) == 0, "%s", e.msg);
        T_STREQ(ane_at(paths, "ipv4:192.0.2.2", "ipv4:192.0.2.18", 0), "ANE1");
        T_NEAR(bps(anes, "ANE1"), 1e8, 0);
        json_decref(paths); json_decref(anes); json_decref(parts);
        free(body);
    }

    /* RFC 9275 section 8.4: IPv6 keys are normalized, order is kept. */
    char *body = crlf(RFC_84);
    T_CHECK_MSG(alto_mpart_read(RFC_84_CT, body, strlen(body), 64, &parts, &e) == 0, "%s", e.msg);
    T_CHECK_MSG(run_pv_read(parts, &paths, &anes, &e) == 0, "%s", e.msg);
    T_STREQ(ane_at(paths, "ipv4:192.0.2.34", "ipv4:192.0.2.2", 0), "NET3");
    T_STREQ(ane_at(paths, "ipv4:192.0.2.34", "ipv4:192.0.2.2", 1), "L1");
    T_STREQ(ane_at(paths, "ipv4:192.0.2.34", "ipv4:192.0.2.2", 2), "NET1");
    T_STREQ(ane_at(paths, "ipv6:2001:db8::3:1", "ipv6:2001:db8::4:1", 1), "L2");
    T_CHECK(json_object_size(anes) == 5);
    T_NEAR(bps(anes, "L1"), 1e10, 0);
    T_NEAR(bps(anes, "L2"), 1.5e10, 0);
    T_NEAR(bps(anes, "NET3"), 5e10, 0);
    T_STREQ(json_string_value(json_object_get(json_object_get(anes, "NET1"), "entity")),
            "ane-props.ane:MEC1");
    json_decref(paths); json_decref(anes); json_decref(parts);
    free(body);

    /* The reference server's shape: quoted type and start, close
     * delimiter, and here the root part second (start names it). */
    const char *ct = "multipart/related; boundary=altospec-pv; "
                     "type=\"application/alto-endpointcost+json\"; start=\"<ecs@h>\"";
    const char *srv =
        "--altospec-pv\r\nContent-ID: <propmap@h>\r\nContent-Type: application/alto-propmap+json\r\n\r\n"
        "{\"property-map\":{\".ane:a-b\":{\"max-reservable-bandwidth\":5000000}}}\r\n"
        "--altospec-pv\r\nContent-ID: <ecs@h>\r\nContent-Type: application/alto-endpointcost+json\r\n\r\n"
        "{\"meta\":{\"cost-type\":{\"cost-mode\":\"array\",\"cost-metric\":\"ane-path\"}},"
        "\"endpoint-cost-map\":{\"ipv4:10.0.0.1\":{\"ipv4:10.0.0.2\":[\"a-b\"],\"ipv4:10.0.0.1\":[]}}}\r\n"
        "--altospec-pv--\r\n";
    T_CHECK_MSG(alto_mpart_read(ct, srv, strlen(srv), 64, &parts, &e) == 0, "%s", e.msg);
    T_STREQ(json_string_value(json_object_get(json_array_get(parts, 0), "content_id")), "<ecs@h>");
    T_CHECK_MSG(run_pv_read(parts, &paths, &anes, &e) == 0, "%s", e.msg);
    T_NEAR(bps(anes, "a-b"), 5e6, 0);
    T_CHECK(json_array_size(json_object_get(json_object_get(paths, "ipv4:10.0.0.1"), "ipv4:10.0.0.1")) == 0);
    json_decref(paths); json_decref(anes); json_decref(parts);

    /* Malformed: errors, never an empty answer. */
    T_CHECK(alto_mpart_read("application/alto-endpointcost+json", "{}", 2, 64, &parts, &e) == -1);
    T_CONTAINS(e.msg, "multipart");
    T_CHECK(alto_mpart_read("multipart/related; type=x", srv, strlen(srv), 64, &parts, &e) == -1);
    T_CONTAINS(e.msg, "boundary");
    T_CHECK(alto_mpart_read("multipart/related; boundary=other", srv, strlen(srv), 64, &parts, &e) == -1);
    T_CONTAINS(e.msg, "no delimiter");
    T_CHECK(alto_mpart_read("multipart/related; boundary=altospec-pv; start=\"<nope@h>\"", srv,
                            strlen(srv), 64, &parts, &e) == -1);
    T_CONTAINS(e.msg, "names no part");
    const char *nohdr = "--b\r\nContent-Type: application/json\r\n";
    T_CHECK(alto_mpart_read("multipart/related; boundary=b", nohdr, strlen(nohdr), 64, &parts, &e) == -1);
    T_CONTAINS(e.msg, "blank line");
    const char *notvec = "--b\r\nContent-Type: application/alto-endpointcost+json\r\n\r\n"
                         "{\"endpoint-cost-map\":{\"ipv4:10.0.0.1\":{\"ipv4:10.0.0.2\":7}}}\r\n--b--\r\n";
    T_CHECK(alto_mpart_read("multipart/related; boundary=b", notvec, strlen(notvec), 64, &parts, &e) == 0);
    T_CHECK(run_pv_read(parts, &paths, &anes, &e) == -1);
    T_CONTAINS(e.msg, "not an array");
    json_decref(parts);
    const char *nummetric = "--b\r\n\r\n{\"meta\":{\"cost-type\":{\"cost-metric\":\"routingcost\","
                            "\"cost-mode\":\"numerical\"}},\"endpoint-cost-map\":{}}\r\n--b--\r\n";
    T_CHECK(alto_mpart_read("multipart/related; boundary=b", nummetric, strlen(nummetric), 64, &parts, &e) == 0);
    T_CHECK(run_pv_read(parts, &paths, &anes, &e) == -1);
    T_CONTAINS(e.msg, "not ane-path");
    json_decref(parts);
    T_DONE();
}
