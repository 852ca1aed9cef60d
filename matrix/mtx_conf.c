/* mtx_conf.c: the implementations file of `altospec matrix`.
 *
 * YAML through alto_doc, checked with alto_schema tables, so every error is
 * "file:line:col: json.path: message" and nothing starts before the whole
 * file is known to be good.  Beyond the member tables it checks what a
 * table cannot: a start command or a url (not both), the {port}
 * placeholder at most once in the command and its environment, no unknown
 * placeholder, suites the binary knows, unique implementation names (they
 * are directory names too), expectation and scenario files that exist.
 *
 * The format is documented in README.md ("Interop matrix") and annotated
 * in scenarios/matrix/example.yaml. */
#include <fnmatch.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mtx.h"
#include "alto_schema.h"
#include "alto_buf.h"

#define F(n, t, r) {n, t, r, 0, 0, 0, 0}
#define FEND {NULL, 0, 0, 0, 0, 0, 0}

static const alto_field root_fields[] = {
    F("implementations", ALTO_S_ARRAY, 1), F("suites", ALTO_S_STRING_OR_ARRAY, 0),
    F("description", ALTO_S_STRING, 0), FEND,
};
static const alto_field impl_fields[] = {
    F("name", ALTO_S_STRING, 1), F("description", ALTO_S_STRING, 0), F("url", ALTO_S_STRING, 0),
    F("start", ALTO_S_OBJECT, 0), F("ready", ALTO_S_OBJECT, 0), F("ird", ALTO_S_STRING, 0),
    F("stop", ALTO_S_OBJECT, 0), F("expect", ALTO_S_ANY, 0), F("suites", ALTO_S_STRING_OR_ARRAY, 0),
    F("conform-args", ALTO_S_ARRAY, 0), F("demos", ALTO_S_ARRAY, 0), FEND,
};
static const alto_field start_fields[] = {
    F("command", ALTO_S_STRING_OR_ARRAY, 1), F("env", ALTO_S_OBJECT, 0), F("cwd", ALTO_S_STRING, 0),
    F("port", ALTO_S_STRING, 0), {"attempts", ALTO_S_INT, 0, 1, 1, 1, 20}, FEND,
};
static const alto_field ready_fields[] = {
    F("url", ALTO_S_STRING, 0), F("output", ALTO_S_STRING, 0),
    {"timeout", ALTO_S_DURATION, 0, 1, 1, 0.001, 3600}, FEND,
};
static const alto_field stop_fields[] = {
    F("signal", ALTO_S_STRING, 0), {"grace", ALTO_S_DURATION, 0, 1, 1, 0, 600}, FEND,
};
static const alto_field demo_fields[] = {
    F("scenario", ALTO_S_STRING, 1), F("addresses", ALTO_S_OBJECT, 0), F("expect", ALTO_S_STRING, 0),
    FEND,
};

static const struct { const char *name; int sig; } signals[] = {
    {"SIGTERM", SIGTERM}, {"SIGINT", SIGINT}, {"SIGHUP", SIGHUP}, {"SIGQUIT", SIGQUIT},
    {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2}, {"SIGKILL", SIGKILL},
};

static char *abs_path(const char *dir, const char *p) {
    alto_buf b = ALTO_BUF_INIT;
    if (p[0] == '/') alto_buf_puts(&b, p);
    else alto_buf_printf(&b, "%s/%s", dir, p);
    return alto_buf_take(&b);
}

/* Checks the {placeholders} of one template string: known names only;
 * counts {port} into *nport. */
static int check_template(const mtx_config *c, const json_t *parent, const char *key, int idx,
                          const char *s, const char *const *known, int *nport, alto_err *err) {
    for (const char *p = s; (p = strchr(p, '{')); p++) {
        if (p[1] == '{') { p++; continue; }
        const char *e = strchr(p, '}');
        size_t n = e ? (size_t)(e - p - 1) : 0;
        int ok = 0;
        for (int k = 0; e && known[k]; k++) ok |= strlen(known[k]) == n && !strncmp(known[k], p + 1, n);
        if (!ok) {
            alto_buf kb = ALTO_BUF_INIT;
            for (int k = 0; known[k]; k++) alto_buf_printf(&kb, "%s{%s}", k ? ", " : "", known[k]);
            alto_doc_errf(c->doc, err, parent, key, idx, "unknown placeholder \"%.*s\" (known: %s; \"{{\" for a brace)",
                          e ? (int)(e - p + 1) : (int)strlen(p), p, kb.data);
            alto_buf_free(&kb);
            return -1;
        }
        if (n == 4 && !strncmp(p + 1, "port", 4) && ++*nport > 1)
            return alto_doc_errf(c->doc, err, parent, key, idx,
                                 "the port placeholder {port} is used twice (the harness fills in one port per start)");
        p = e;
    }
    return 0;
}

static const char *const cmd_holders[] = {"port", "altospec", "here", "cell", NULL};
static const char *const url_holders[] = {"port", NULL};

static int load_start(mtx_config *c, mtx_impl *im, const json_t *st, alto_err *err) {
    alto_doc *d = c->doc;
    if (alto_schema_check(d, st, start_fields, err)) return -1;
    const json_t *cmd = json_object_get(st, "command");
    int nport = 0;
    size_t n = json_is_array(cmd) ? json_array_size(cmd) : 3;
    if (json_is_array(cmd) && !n)
        return alto_doc_errf(d, err, st, "command", -1, "empty command (expected the program and its arguments)");
    im->argv = alto_xcalloc(n + 1, sizeof *im->argv);
    if (json_is_string(cmd)) {     /* one string: a shell command line */
        if (check_template(c, st, "command", -1, json_string_value(cmd), cmd_holders, &nport, err)) return -1;
        im->argv[0] = alto_xstrdup("/bin/sh");
        im->argv[1] = alto_xstrdup("-c");
        im->argv[2] = alto_xstrdup(json_string_value(cmd));
    } else {
        for (size_t i = 0; i < n; i++) {
            const char *s = json_string_value(json_array_get(cmd, i));
            if (check_template(c, cmd, NULL, (int)i, s, cmd_holders, &nport, err)) return -1;
            im->argv[i] = alto_xstrdup(s);
        }
    }
    const json_t *env = json_object_get(st, "env");
    im->env = alto_xcalloc(json_object_size(env) + 1, sizeof *im->env);
    const char *k;
    const json_t *v;
    size_t ne = 0;
    json_object_foreach((json_t *)env, k, v) {
        char num[32];
        const char *s = json_string_value(v);
        if (json_is_integer(v)) { snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v)); s = num; }
        if (!s) return alto_doc_errf(d, err, env, k, -1, "expected a string, got %s", alto_doc_show(v));
        if (!*k || strchr(k, '=')) return alto_doc_errf(d, err, env, k, -1, "not an environment variable name");
        if (check_template(c, env, k, -1, s, cmd_holders, &nport, err)) return -1;
        alto_buf b = ALTO_BUF_INIT;
        alto_buf_printf(&b, "%s=%s", k, s);
        im->env[ne++] = alto_buf_take(&b);
    }
    const char *cwd = json_string_value(json_object_get(st, "cwd"));
    im->cwd = abs_path(c->dir, cwd ? cwd : ".");
    struct stat sb;
    if (stat(im->cwd, &sb) || !S_ISDIR(sb.st_mode))
        return alto_doc_errf(d, err, st, "cwd", -1, "no such directory: %s", im->cwd);
    const char *pm = json_string_value(json_object_get(st, "port"));
    if (pm && strcmp(pm, "zero") && strcmp(pm, "pick"))
        return alto_doc_errf(d, err, st, "port", -1, "expected \"zero\" (the server binds port 0) or \"pick\" "
                             "(the harness picks a number, retried when in use), got %s", alto_doc_show(json_object_get(st, "port")));
    im->port_mode = pm && !strcmp(pm, "pick") ? MTX_PORT_PICK : MTX_PORT_ZERO;
    if (im->port_mode == MTX_PORT_PICK && !nport)
        return alto_doc_errf(d, err, st, "port", -1, "port: pick needs the {port} placeholder in the command or env");
    long long att;
    if (alto_get_int(d, st, "attempts", 5, &att, err)) return -1;
    im->attempts = (int)att;
    return 0;
}

static int load_ready_stop(mtx_config *c, mtx_impl *im, const json_t *o, alto_err *err) {
    alto_doc *d = c->doc;
    const json_t *rd = json_object_get(o, "ready"), *sp = json_object_get(o, "stop");
    int nport = 0;
    if (rd && alto_schema_check(d, rd, ready_fields, err)) return -1;
    if (sp && alto_schema_check(d, sp, stop_fields, err)) return -1;
    im->ready_url = json_string_value(json_object_get(rd, "url"));
    if (!im->ready_url) im->ready_url = im->ird;
    if (rd && json_object_get(rd, "url") && check_template(c, rd, "url", -1, im->ready_url, url_holders, &nport, err)) return -1;
    im->ready_output = json_string_value(json_object_get(rd, "output"));
    regex_t re;
    int rerr = im->ready_output ? regcomp(&re, im->ready_output, REG_EXTENDED | REG_NEWLINE) : 0;
    if (rerr) {
        char m[200];
        regerror(rerr, &re, m, sizeof m);
        return alto_doc_errf(d, err, rd, "output", -1, "not a POSIX extended regular expression: %s", m);
    }
    if (im->ready_output) {
        size_t groups = re.re_nsub;
        regfree(&re);
        if (groups > 1)
            return alto_doc_errf(d, err, rd, "output", -1, "at most one capture group (the port)");
    }
    if (alto_get_duration(d, rd, "timeout", 10, &im->ready_timeout, err)) return -1;
    if (alto_get_duration(d, sp, "grace", 3, &im->grace, err)) return -1;
    im->stop_signal = SIGTERM;
    const char *sig = json_string_value(json_object_get(sp, "signal"));
    if (sig) {
        im->stop_signal = 0;
        for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
            if (!strcmp(sig, signals[i].name) || !strcmp(sig, signals[i].name + 3)) im->stop_signal = signals[i].sig;
        if (!im->stop_signal)
            return alto_doc_errf(d, err, sp, "signal", -1, "unknown signal %s (SIGTERM, SIGINT, SIGHUP, SIGQUIT, "
                                 "SIGUSR1, SIGUSR2, SIGKILL)", alto_doc_show(json_object_get(sp, "signal")));
    }
    return 0;
}

static int has_suite(const json_t *list, const char *name) {
    size_t i;
    const json_t *s;
    json_array_foreach(list, i, s) {
        const char *n = json_is_object(s) ? json_string_value(json_object_get(s, "name")) : json_string_value(s);
        if (n && !strcmp(n, name)) return 1;
    }
    return 0;
}

static void known_list(const json_t *known, alto_buf *b) {
    size_t i;
    const json_t *s;
    json_array_foreach(known, i, s)
        alto_buf_printf(b, "%s%s", i ? ", " : "", json_string_value(json_object_get(s, "name")));
}

/* The suites a "suites:" member names, each checked against the binary's. */
static int suite_names(const mtx_config *c, const json_t *parent, const json_t *known, json_t *out,
                       alto_err *err) {
    const json_t *v = json_object_get(parent, "suites");
    json_t *one = json_is_string(v) ? json_pack("[O]", v) : NULL;
    const json_t *arr = one ? one : v;
    size_t i;
    const json_t *s;
    json_array_foreach(arr, i, s) {
        const char *n = json_string_value(s);
        if (!has_suite(known, n)) {
            alto_buf b = ALTO_BUF_INIT;
            known_list(known, &b);
            alto_doc_errf(c->doc, err, one ? parent : arr, one ? "suites" : NULL, one ? -1 : (int)i,
                          "unknown suite \"%s\" (this altospec has: %s)", n, b.data ? b.data : "none");
            alto_buf_free(&b);
            json_decref(one);
            return -1;
        }
        if (!has_suite(out, n)) json_array_append_new(out, json_string(n));
    }
    json_decref(one);
    return 0;
}

/* expect: FILE or {suite: FILE}.  One file for several suites is split by
 * the suite its case pattern names (the part before the first '/', a glob
 * too), because conform rejects an entry that matches no case of its run. */
static int load_expect(mtx_config *c, mtx_impl *im, const json_t *o, alto_err *err) {
    alto_doc *d = c->doc;
    const json_t *e = json_object_get(o, "expect");
    im->expect = json_object();
    if (!e) return 0;
    if (json_is_object(e)) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)e, k, v) {
            if (!has_suite(im->listed, k))
                return alto_doc_errf(d, err, e, k, -1, "\"%s\" is not one of this implementation's suites", k);
            if (!json_is_string(v)) return alto_doc_errf(d, err, e, k, -1, "expected a file name");
            char *p = abs_path(c->dir, json_string_value(v));
            if (access(p, R_OK)) { free(p); return alto_doc_errf(d, err, e, k, -1, "cannot read expectations file"); }
            json_object_set_new(im->expect, k, json_string(p));
            free(p);
        }
        return 0;
    }
    if (!json_is_string(e)) return alto_doc_errf(d, err, o, "expect", -1, "expected a file name or {suite: file}");
    char *p = abs_path(c->dir, json_string_value(e));
    alto_err lerr;
    alto_doc *x = access(p, R_OK) ? NULL : alto_doc_load(p, &lerr);
    if (!x) {
        int unreadable = access(p, R_OK) != 0;
        free(p);
        if (unreadable) return alto_doc_errf(d, err, o, "expect", -1, "cannot read expectations file");
        return alto_doc_errf(d, err, o, "expect", -1, "%s", lerr.msg);
    }
    const json_t *rows = json_object_get(alto_doc_root(x), "expect");
    size_t i, ns;
    const json_t *r, *s;
    im->expect_split = json_object();
    json_array_foreach(im->suites, ns, s) json_object_set_new(im->expect_split, json_string_value(s), json_array());
    int rc = 0;
    json_array_foreach(rows, i, r) {
        const char *pat = json_string_value(json_object_get(r, "case"));
        char first[128];
        snprintf(first, sizeof first, "%.*s", pat ? (int)strcspn(pat, "/") : 0, pat ? pat : "");
        int hits = 0;
        json_array_foreach(im->listed, ns, s) hits += pat && !fnmatch(first, json_string_value(s), 0);
        json_array_foreach(im->suites, ns, s)
            if (pat && !fnmatch(first, json_string_value(s), 0))
                json_array_append_new(json_object_get(im->expect_split, json_string_value(s)), json_deep_copy(r));
        if (!hits) {
            rc = alto_doc_errf(x, err, r, "case", -1, "names none of the suites %s lists", im->name);
            break;
        }
    }
    /* A suite that gets every entry uses the file itself (its own positions). */
    json_array_foreach(im->suites, ns, s) {
        const char *sn = json_string_value(s);
        if (json_array_size(json_object_get(im->expect_split, sn)) == json_array_size(rows)) {
            json_object_set_new(im->expect, sn, json_string(p));
            json_object_del(im->expect_split, sn);
        }
    }
    alto_doc_free(x);
    free(p);
    return rc;
}

static int load_demos(mtx_config *c, mtx_impl *im, const json_t *o, alto_err *err) {
    alto_doc *d = c->doc;
    const json_t *arr = json_object_get(o, "demos");
    im->ndemos = json_array_size(arr);
    im->demos = alto_xcalloc(im->ndemos + 1, sizeof *im->demos);
    for (size_t i = 0; i < im->ndemos; i++) {
        const json_t *e = json_array_get(arr, i);
        mtx_demo *dm = &im->demos[i];
        if (alto_schema_check(d, e, demo_fields, err)) return -1;
        dm->node = e;
        dm->scenario = abs_path(c->dir, json_string_value(json_object_get(e, "scenario")));
        dm->addresses = json_object_get(e, "addresses");
        dm->expect = json_string_value(json_object_get(e, "expect"));
        if (!dm->expect) dm->expect = "pass";
        if (strcmp(dm->expect, "pass") && strcmp(dm->expect, "fail") && strcmp(dm->expect, "error"))
            return alto_doc_errf(d, err, e, "expect", -1, "expected pass, fail or error, got \"%s\"", dm->expect);
        alto_err lerr;
        alto_doc *sd = alto_doc_load(dm->scenario, &lerr);
        const char *sname = sd ? json_string_value(json_object_get(alto_doc_root(sd), "name")) : NULL;
        if (!sname) {
            alto_doc_errf(d, err, e, "scenario", -1, "%s", sd ? "the scenario has no name:" : lerr.msg);
            alto_doc_free(sd);
            return -1;
        }
        alto_buf b = ALTO_BUF_INIT;
        alto_buf_printf(&b, "demo:%s", sname);
        dm->column = alto_buf_take(&b);
        alto_doc_free(sd);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(im->demos[j].column, dm->column))
                return alto_doc_errf(d, err, e, "scenario", -1, "scenario %s is listed twice", sname);
    }
    return 0;
}

static int valid_name(const char *s) {
    if (!*s || *s == '.') return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static int load_impl(mtx_config *c, mtx_impl *im, const json_t *o, alto_err *err) {
    alto_doc *d = c->doc;
    if (alto_schema_check(d, o, impl_fields, err)) return -1;
    im->node = o;
    im->name = json_string_value(json_object_get(o, "name"));
    if (!valid_name(im->name))
        return alto_doc_errf(d, err, o, "name", -1, "a name is letters, digits, '-', '_' and '.' (it names a directory)");
    for (const mtx_impl *p = c->impls; p < im; p++)
        if (!strcmp(p->name, im->name)) {
            int line, col;
            alto_doc_pos(d, json_object_get(p->node, "name"), &line, &col);
            return alto_doc_errf(d, err, o, "name", -1, "duplicate implementation name \"%s\" (first at line %d)",
                                 im->name, line);
        }
    im->description = json_string_value(json_object_get(o, "description"));
    im->url = json_string_value(json_object_get(o, "url"));
    const json_t *st = json_object_get(o, "start");
    if (!im->url && !st)
        return alto_doc_errf(d, err, o, NULL, -1, "missing \"start\" (a command that starts the server) or "
                             "\"url\" (a server already running)");
    if (im->url && st) return alto_doc_errf(d, err, o, "url", -1, "give either start: or url:, not both");
    if (im->url && (json_object_get(o, "stop") || json_object_get(o, "ird") || json_object_get(o, "ready")))
        return alto_doc_errf(d, err, o, "url", -1, "a running server (url:) takes no ird:, ready: or stop:");
    if (im->url && strncmp(im->url, "http://", 7) && strncmp(im->url, "https://", 8))
        return alto_doc_errf(d, err, o, "url", -1, "expected an http(s) URL of the IRD");
    if (st) {
        int nport = 0;
        if (load_start(c, im, st, err)) return -1;
        im->ird = json_string_value(json_object_get(o, "ird"));
        if (!im->ird) return alto_doc_errf(d, err, o, NULL, -1, "missing required member \"ird\" (the IRD URL, with {port})");
        if (check_template(c, o, "ird", -1, im->ird, url_holders, &nport, err)) return -1;
        if (load_ready_stop(c, im, o, err)) return -1;
    }
    im->suites = json_array();
    im->listed = json_array();
    size_t i;
    json_t *s;
    if (json_object_get(o, "suites")) {
        if (suite_names(c, o, c->known, im->listed, err)) return -1;
    } else {
        json_array_foreach(c->known, i, s) json_array_append(im->listed, json_object_get(s, "name"));
    }
    /* the matrix's suites (the file's suites:, --suite) narrow what it lists */
    json_array_foreach(im->listed, i, s) if (has_suite(c->suites, json_string_value(s))) json_array_append(im->suites, s);
    im->conform_args = json_object_get(o, "conform-args");
    const json_t *a;
    json_array_foreach(im->conform_args, i, a)
        if (!json_is_string(a)) return alto_doc_errf(d, err, im->conform_args, NULL, (int)i, "expected a string");
    if (load_expect(c, im, o, err)) return -1;
    return load_demos(c, im, o, err);
}

/* c->suites: the binary's suites, narrowed by the file's suites: and the
 * command line's --suite (each checked). */
static int select_suites(mtx_config *c, const json_t *known, const json_t *only, alto_err *err) {
    json_t *names = json_array();
    const json_t *root = alto_doc_root(c->doc);
    if (suite_names(c, root, known, names, err)) { json_decref(names); return -1; }
    c->suites = json_array();
    size_t i;
    const json_t *s;
    json_array_foreach(known, i, s) {
        const char *n = json_string_value(json_object_get(s, "name"));
        if (json_array_size(names) && !has_suite(names, n)) continue;
        if (only && !has_suite(only, n)) continue;
        json_array_append(c->suites, (json_t *)s);
    }
    json_decref(names);
    return 0;
}

mtx_config *mtx_config_load(const char *path, const json_t *known, const json_t *only, alto_err *err) {
    mtx_config *c = alto_xcalloc(1, sizeof *c);
    c->path = alto_xstrdup(path);
    char rp[PATH_MAX], exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    c->self = alto_xstrdup(n > 0 ? (exe[n] = '\0', exe) : "altospec");
    c->doc = alto_doc_load(path, err);
    if (!c->doc) goto fail;
    if (!realpath(path, rp)) { alto_err_set(err, "%s: cannot resolve the path", path); goto fail; }
    *strrchr(rp, '/') = '\0';
    c->dir = alto_xstrdup(*rp ? rp : "/");
    json_t *root = alto_doc_root(c->doc);
    /* x-* root members hold YAML anchors for the rest of the file (the
     * docker compose convention); their aliases were resolved by the parser */
    const char *key;
    json_t *v, *tmp;
    if (json_is_object(root))
        json_object_foreach_safe(root, tmp, key, v) if (!strncmp(key, "x-", 2)) json_object_del(root, key);
    if (alto_schema_check(c->doc, root, root_fields, err)) goto fail;
    c->known = json_incref((json_t *)known);
    if (select_suites(c, known, only, err)) goto fail;
    const json_t *arr = json_object_get(root, "implementations");
    if (!json_array_size(arr)) {
        alto_doc_errf(c->doc, err, root, "implementations", -1, "no implementation listed");
        goto fail;
    }
    c->impls = alto_xcalloc(json_array_size(arr), sizeof *c->impls);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        c->nimpls = i + 1;
        if (load_impl(c, &c->impls[i], json_array_get(arr, i), err)) goto fail;
    }
    return c;
fail:
    mtx_config_free(c);
    return NULL;
}

static void free_strv(char **v) {
    for (size_t i = 0; v && v[i]; i++) free(v[i]);
    free(v);
}

void mtx_config_free(mtx_config *c) {
    if (!c) return;
    for (size_t i = 0; i < c->nimpls; i++) {
        mtx_impl *im = &c->impls[i];
        free_strv(im->argv);
        free_strv(im->env);
        free(im->cwd);
        json_decref(im->suites);
        json_decref(im->listed);
        json_decref(im->expect);
        json_decref(im->expect_split);
        for (size_t k = 0; k < im->ndemos; k++) {
            free((char *)im->demos[k].scenario);
            free(im->demos[k].column);
        }
        free(im->demos);
    }
    free(c->impls);
    json_decref(c->suites);
    json_decref(c->known);
    alto_doc_free(c->doc);
    free(c->path);
    free(c->dir);
    free(c->self);
    free(c);
}
