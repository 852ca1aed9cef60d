/* test_alto_sha256.c: SHA-256 against the FIPS 180-4 / NIST CSHA example
 * vectors, fed whole and in odd-sized pieces (the streaming path). */
#include <stdlib.h>
#include "t.h"
#include "alto_sha256.h"

static void test_vectors(void) {
    static const struct { const char *in, *hex; } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char hex[65];
        alto_sha256_of(v[i].in, strlen(v[i].in), hex);
        T_STREQ(hex, v[i].hex);
        alto_sha256 s;
        alto_sha256_init(&s);
        for (size_t k = 0, step = 1; k < strlen(v[i].in); k += step, step = step % 7 + 1) {
            size_t n = strlen(v[i].in) - k < step ? strlen(v[i].in) - k : step;
            alto_sha256_update(&s, v[i].in + k, n);
        }
        alto_sha256_hex(&s, hex);
        T_STREQ(hex, v[i].hex);
    }
}

static void test_million_a(void) {
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    char hex[65];
    alto_sha256_of(a, 1000000, hex);
    T_STREQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

int main(void) {
    test_vectors();
    test_million_a();
    T_DONE();
}
