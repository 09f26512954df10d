#include "sync/parsed.h"

#include "util/sha256.h"
#include "util/xalloc.h"
#include "yaml/ypack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct kept {
    uint64_t hash; /* 0: a free slot */
    size_t len;    /* of the version */
    char digest[SHA256_HEX_SIZE];
    char *packed; /* its tree */
    size_t packed_len;
} kept;

struct parsed_versions {
    kept *slots; /* open addressing, a power of two, at most half full */
    size_t n_slots, n;
    size_t budget, held;
};

/* FNV-1a over the bytes, to find a slot (the digest says whether it is
 * the same version); never 0 (a free slot). */
static uint64_t hash_of(const char *bytes, size_t len)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)bytes[i]) * 1099511628211ull;
    return h ? h : 1;
}

parsed_versions *parsed_new(size_t budget)
{
    parsed_versions *pv = xcalloc(1, sizeof *pv);
    pv->budget = budget;
    return pv;
}

void parsed_free(parsed_versions *pv)
{
    if (!pv)
        return;
    for (size_t i = 0; i < pv->n_slots; i++)
        if (pv->slots[i].hash)
            free(pv->slots[i].packed);
    free(pv->slots);
    free(pv);
}

static void digest_of(const char *bytes, size_t len, char digest[SHA256_HEX_SIZE])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, bytes, len);
    sha256_final_hex(&c, digest);
}

/* The slot of the version with this hash, length and digest (computed
 * the first time a slot could be it: *digest "" until then), or the free
 * slot where it would go. */
static kept *slot_of(const parsed_versions *pv, uint64_t hash, const char *bytes, size_t len,
                     char digest[SHA256_HEX_SIZE])
{
    size_t mask = pv->n_slots - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        kept *k = &pv->slots[i];
        if (!k->hash)
            return k;
        if (k->hash != hash || k->len != len)
            continue;
        if (!*digest)
            digest_of(bytes, len, digest);
        if (strcmp(k->digest, digest) == 0)
            return k;
    }
}

static void grow(parsed_versions *pv)
{
    kept *old = pv->slots;
    size_t n_old = pv->n_slots;
    pv->n_slots = n_old ? n_old * 2 : 64;
    pv->slots = xcalloc(pv->n_slots, sizeof *pv->slots);
    for (size_t i = 0; i < n_old; i++)
        if (old[i].hash) {
            size_t mask = pv->n_slots - 1, at = (size_t)old[i].hash & mask;
            while (pv->slots[at].hash)
                at = (at + 1) & mask;
            pv->slots[at] = old[i];
        }
    free(old);
}

bool parsed_keep(parsed_versions *pv, const char *bytes, size_t len, const ynode *root)
{
    if (!root || pv->held + len + sizeof(kept) * 2 > pv->budget)
        return false;
    if (2 * (pv->n + 1) > pv->n_slots)
        grow(pv);
    uint64_t hash = hash_of(bytes, len);
    char digest[SHA256_HEX_SIZE] = "";
    kept *k = slot_of(pv, hash, bytes, len, digest);
    if (k->hash)
        return false; /* the same version (a file that changed back) */
    strbuf packed = STRBUF_INIT;
    ypack(root, &packed);
    size_t cost = packed.len + sizeof(kept) * 2;
    if (pv->held + cost > pv->budget) {
        sb_free(&packed);
        return false;
    }
    if (!*digest)
        digest_of(bytes, len, digest);
    *k = (kept){.hash = hash, .len = len, .packed_len = packed.len};
    memcpy(k->digest, digest, sizeof digest);
    k->packed = xmalloc(packed.len); /* its exact size: the budget is what it holds */
    memcpy(k->packed, packed.data, packed.len);
    sb_free(&packed);
    pv->n++;
    pv->held += cost;
    return true;
}

const ynode *parsed_find(const parsed_versions *pv, const char *bytes, size_t len, arena *mem)
{
    if (!pv || !pv->n || !bytes)
        return NULL;
    char digest[SHA256_HEX_SIZE] = "";
    const kept *k = slot_of(pv, hash_of(bytes, len), bytes, len, digest);
    return k->hash ? yunpack(mem, k->packed, k->packed_len) : NULL;
}

size_t parsed_count(const parsed_versions *pv)
{
    return pv ? pv->n : 0;
}

size_t parsed_bytes(const parsed_versions *pv)
{
    return pv ? pv->held : 0;
}
