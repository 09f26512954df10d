/* Fuzzes the unit-file reader (unit_parse, with the default plan).  Beyond
 * not crashing: whatever it accepts must be written back, load again, and
 * be written back to the same bytes — qtown must never write a file it
 * cannot read. */
#include "fuzz/fuzz.h"

#include "model/unit.h"
#include "util/text.h"

#include <stdbool.h>
#include <string.h>

static plan default_plan;

static const plan *the_plan(void)
{
    static bool ready;
    if (!ready) {
        diag_list dl = DIAG_LIST_INIT;
        text_init_locale();
        FUZZ_REQUIRE(plan_load_builtin(&default_plan, "jiaze-2016", &dl), "the default plan");
        ready = true;
    }
    return &default_plan;
}

/* The value after "\nKEY: " (or at the start), copied while it is made of
 * [a-z0-9-]: the id and kind a file claims, found without a YAML reader so
 * that most inputs get past the file-name checks. */
static void claimed(const char *buf, size_t len, const char *key, char *out, size_t cap)
{
    size_t kl = strlen(key);
    out[0] = '\0';
    for (size_t i = 0; i + kl <= len; i++) {
        if ((i > 0 && buf[i - 1] != '\n') || memcmp(buf + i, key, kl) != 0)
            continue;
        size_t n = 0;
        for (size_t j = i + kl; j < len && n + 1 < cap; j++) {
            char c = buf[j];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                break;
            out[n++] = c;
        }
        out[n] = '\0';
        return;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const plan *p = the_plan();
    const char *buf = (const char *)data;
    char id[66], kind_name[16];
    claimed(buf, size, "id: ", id, sizeof id);
    claimed(buf, size, "kind: ", kind_name, sizeof kind_name);
    unit_kind kind;
    if (!unit_kind_parse(kind_name, &kind))
        kind = KIND_VILLAGE;
    if (kind == KIND_TOWN || !id[0])
        strcpy(id, kind == KIND_TOWN ? "town" : "fuzz");

    diag_list dl = DIAG_LIST_INIT;
    unit *u = unit_parse(p, "fuzz.yaml", buf, size, id, kind, &dl);
    diag_clear(&dl);
    if (!u)
        return 0;
    strbuf once = STRBUF_INIT, twice = STRBUF_INIT;
    FUZZ_REQUIRE(unit_write(u, &once, "fuzz.yaml", &dl), "a unit that loaded can be written");
    unit *again = unit_parse(p, "fuzz.yaml", sb_str(&once), once.len, id, kind, &dl);
    for (size_t i = 0; i < dl.count; i++)
        fprintf(stderr, "%d:%d: %s\n", dl.items[i].line, dl.items[i].col, dl.items[i].msg);
    FUZZ_REQUIRE(again, "what qtown writes loads again");
    FUZZ_REQUIRE(unit_write(again, &twice, "fuzz.yaml", &dl), "and can be written again");
    FUZZ_REQUIRE(once.len == twice.len && memcmp(once.data, twice.data, once.len) == 0,
                 "writing what was written gives the same bytes");
    sb_free(&once);
    sb_free(&twice);
    unit_free(again);
    unit_free(u);
    diag_clear(&dl);
    return 0;
}
