/* Fuzzes the plan reader (plan_parse): no crash, no leak, no hang, and a
 * plan it accepts finds each of its own checks by id. */
#include "fuzz/fuzz.h"

#include "model/plan.h"
#include "util/text.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list dl = DIAG_LIST_INIT;
    plan p;
    bool ok = plan_parse(&p, "fuzz.yaml", (const char *)data, size, &dl);
    diag_clear(&dl);
    if (!ok)
        return 0;
    for (size_t i = 0; i < p.n_checks; i++) {
        const plan_check *c = plan_find_check(&p, p.checks[i]->id);
        FUZZ_REQUIRE(c && strcmp(c->id, p.checks[i]->id) == 0, "a check is found by its id");
        FUZZ_REQUIRE(plan_check_item(&p, c) != NULL, "a check belongs to an item");
    }
    plan_free(&p);
    return 0;
}
