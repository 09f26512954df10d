/* sha256 — the SHA-256 digest (FIPS 180-4), for the fingerprint of an
 * evidence file kept in its record: a file changed or replaced after it
 * was attached no longer matches (qtown check says so). */
#ifndef QTOWN_SHA256_H
#define QTOWN_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_SIZE 65 /* 64 hexadecimal digits and the NUL */

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bytes; /* fed so far */
    unsigned char block[64];
    size_t used; /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* The digest as 64 lowercase hexadecimal digits. */
void sha256_final_hex(sha256_ctx *c, char out[SHA256_HEX_SIZE]);

#endif
