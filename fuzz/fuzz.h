/* fuzz.h — shared by the libFuzzer harnesses in fuzz/.  Each harness
 * defines LLVMFuzzerTestOneInput; built with -Dfuzz=true (clang) it is a
 * fuzzer, built normally it is linked with replay.c and replays the seed
 * and regression corpora as a test.
 *
 * A broken property is a finding like a crash: FUZZ_REQUIRE aborts with
 * the reason, and libFuzzer saves the input. */
#ifndef QTOWN_FUZZ_H
#define QTOWN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_REQUIRE(cond, why)                                                                    \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz: property broken: %s (%s:%d)\n", why, __FILE__, __LINE__);       \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
