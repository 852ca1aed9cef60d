/* alto_uri.c: URI resolution by CURLU (see alto_uri.h). */
#include <curl/curl.h>
#include "alto_uri.h"
#include "alto_buf.h"

char *alto_uri_resolve(const char *base, const char *ref) {
    CURLU *u = curl_url();
    char *out = NULL, *res = NULL;
    if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK) {
        res = alto_xstrdup(out);
        curl_free(out);
    }
    curl_url_cleanup(u);
    return res;
}

/* An absolute reference replaces the whole base: url against itself is
 * url in normal form. */
char *alto_uri_normalize(const char *url) { return alto_uri_resolve(url, url); }
