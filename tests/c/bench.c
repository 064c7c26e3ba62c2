/* Timing from C (measured, never asserted): a single decision through the C ABI (JSON facts in,
 * decision JSON out) and the school-entry batch path. Built and run by `make bench-c` against
 * the release static library; ffi/benches/abi.rs measures the direct Rust calls alongside. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bildungsnetz.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    static const char facts[] = "{\"birth_date\":\"2019-09-30\",\"land\":\"NW\"}";
    enum { ROUNDS = 31, ITERS = 5000, N = 1000000 };
    double t[ROUNDS];
    bildungsnetz_rulebook *book = NULL;
    int32_t as_of = 0, base = 0;
    int r, i;
    int32_t *births = malloc(N * sizeof *births);
    uint8_t *outcome = malloc(N);
    int32_t *effective = malloc(N * sizeof *effective);
    uint16_t *rule = malloc(N * sizeof *rule);

    if (births == NULL || outcome == NULL || effective == NULL || rule == NULL ||
        bildungsnetz_rulebook_new(&book) != BILDUNGSNETZ_RESULT_OK) {
        return 1;
    }
    bildungsnetz_date_parse("2025-08-01", 10, &as_of);
    for (r = 0; r < ROUNDS; r++) {
        double start = now();
        for (i = 0; i < ITERS; i++) {
            bildungsnetz_decision *d = NULL;
            const char *json = NULL;
            size_t len = 0;
            if (bildungsnetz_rulebook_evaluate(book, "school_entry", 12, (const uint8_t *)facts,
                                               sizeof facts - 1, as_of, &d) !=
                    BILDUNGSNETZ_RESULT_OK ||
                bildungsnetz_decision_json(d, &json, &len) != BILDUNGSNETZ_RESULT_OK) {
                return 1;
            }
            bildungsnetz_decision_free(d);
        }
        t[r] = (now() - start) / ITERS;
    }
    qsort(t, ROUNDS, sizeof t[0], cmp);
    printf("C program: single decision (JSON in, JSON out) %.2f µs (median of %d x %d)\n",
           t[ROUNDS / 2] * 1e6, ROUNDS, ITERS);

    bildungsnetz_date_parse("2017-01-01", 10, &base);
    for (i = 0; i < N; i++) {
        births[i] = base + i % 1500;
    }
    for (r = 0; r < ROUNDS; r++) {
        double start = now();
        if (bildungsnetz_rulebook_school_entry_batch(book, "NW", 2, 2025, births, N, outcome,
                                                     effective, rule) != BILDUNGSNETZ_RESULT_OK) {
            return 1;
        }
        t[r] = now() - start;
    }
    qsort(t, ROUNDS, sizeof t[0], cmp);
    printf("C program: school-entry batch of %d: %.1f M/s\n", N, N / t[ROUNDS / 2] / 1e6);
    bildungsnetz_rulebook_free(book);
    free(births);
    free(outcome);
    free(effective);
    free(rule);
    return 0;
}
