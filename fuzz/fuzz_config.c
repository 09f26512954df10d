/* Fuzzes the settings reader (config_parse, qtown.yaml): what it accepts
 * must be written back and load again to the same settings. */
#include "fuzz/fuzz.h"

#include "model/config.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *mem = arena_new(4096);
    diag_list dl = DIAG_LIST_INIT;
    ws_config cfg, back;
    if (config_parse(&cfg, mem, "qtown.yaml", (const char *)data, size, &dl)) {
        strbuf once = STRBUF_INIT, twice = STRBUF_INIT;
        FUZZ_REQUIRE(config_write(&cfg, &once, "qtown.yaml", &dl),
                     "settings that loaded can be written");
        FUZZ_REQUIRE(config_parse(&back, mem, "qtown.yaml", sb_str(&once), once.len, &dl),
                     "written settings load again");
        FUZZ_REQUIRE(config_write(&back, &twice, "qtown.yaml", &dl), "and can be written again");
        FUZZ_REQUIRE(once.len == twice.len && memcmp(once.data, twice.data, once.len) == 0,
                     "writing what was written gives the same bytes");
        sb_free(&once);
        sb_free(&twice);
    }
    diag_clear(&dl);
    arena_free(mem);
    return 0;
}
