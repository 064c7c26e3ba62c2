/* Eight threads share one network, one validator and one rule book and work
 * on them at the same time. Usage: test_threads <examples/data dir> */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

#define THREADS 8

struct shared {
    const bildungsnetz_network *network;
    const bildungsnetz_validator *validator;
    const bildungsnetz_rulebook *book;
    int32_t as_of;
    size_t expected_problems;
    int rounds;
};

struct outcome {
    int failures;
};

static void *worker(void *arg) {
    const struct shared *sh = arg;
    struct outcome *out = calloc(1, sizeof *out);
    int i;
    if (out == NULL) {
        return NULL;
    }
    for (i = 0; i < sh->rounds; i++) {
        /* Each thread decides for its own children on the shared rule book. */
        char facts[96];
        int k;
        for (k = 0; k < 20; k++) {
            bildungsnetz_decision *d = NULL;
            bildungsnetz_outcome outcome = 99;
            bool has = false;
            bool has_from = false;
            int32_t day = 0;
            int month = 1 + (k % 12);
            int expect_eligible = month <= 9;
            snprintf(facts, sizeof facts, "{\"birth_date\":\"2019-%02d-15\",\"land\":\"NW\"}",
                     month);
            if (bildungsnetz_rulebook_evaluate(sh->book, "school_entry", 12,
                                               (const uint8_t *)facts, strlen(facts), sh->as_of,
                                               &d) != BILDUNGSNETZ_RESULT_OK ||
                bildungsnetz_decision_outcome(d, &outcome) != BILDUNGSNETZ_RESULT_OK ||
                bildungsnetz_decision_effective_date(d, &has, &day) != BILDUNGSNETZ_RESULT_OK ||
                bildungsnetz_decision_eligible_from(d, &has_from, &day) != BILDUNGSNETZ_RESULT_OK ||
                outcome != (expect_eligible ? BILDUNGSNETZ_OUTCOME_ELIGIBLE
                                            : BILDUNGSNETZ_OUTCOME_NOT_ELIGIBLE) ||
                /* Schulpflichtig: the start is the effective date; not yet: eligible_from. */
                has != (expect_eligible != 0) || has_from == (expect_eligible != 0)) {
                out->failures++;
            }
            bildungsnetz_decision_free(d);
        }
        /* A failure on the shared book: this thread's message, no value echoed. */
        {
            bildungsnetz_decision *d = NULL;
            char msg[256];
            if (bildungsnetz_rulebook_evaluate(sh->book, "school_entry", 12,
                                               (const uint8_t *)"{\"birth_date\":\"2019-02-30\"}",
                                               27, sh->as_of, &d) !=
                    BILDUNGSNETZ_RESULT_INVALID_FACTS ||
                bildungsnetz_rulebook_last_error(sh->book, msg, sizeof msg, NULL) !=
                    BILDUNGSNETZ_RESULT_OK ||
                strstr(msg, "birth_date") == NULL || strstr(msg, "2019") != NULL) {
                out->failures++;
            }
        }
    }
    for (i = 0; i < sh->rounds; i++) {
        bildungsnetz_report *report = NULL;
        size_t len = 0;
        const char *id = NULL;
        char msg[256];
        if (bildungsnetz_validator_validate(sh->validator, sh->network, &report) !=
                BILDUNGSNETZ_RESULT_OK ||
            bildungsnetz_report_len(report, &len) != BILDUNGSNETZ_RESULT_OK ||
            len != sh->expected_problems) {
            out->failures++;
        }
        bildungsnetz_report_free(report);
        if (bildungsnetz_network_id(sh->network, &id, NULL) != BILDUNGSNETZ_RESULT_OK ||
            strcmp(id, "broken") != 0) {
            out->failures++;
        }
        /* A failure in this thread leaves this thread's message on the shared handle. */
        if (bildungsnetz_network_load_bytes(sh->network, (const uint8_t *)"{}", 2, NULL) !=
                BILDUNGSNETZ_RESULT_WRONG_STATE ||
            bildungsnetz_network_last_error(sh->network, msg, sizeof msg, NULL) !=
                BILDUNGSNETZ_RESULT_OK ||
            strstr(msg, "loaded already") == NULL) {
            out->failures++;
        }
    }
    return out;
}

int main(int argc, char **argv) {
    const char *data_dir;
    bildungsnetz_network *network = NULL;
    bildungsnetz_validator *validator = NULL;
    bildungsnetz_report *report = NULL;
    bildungsnetz_rulebook *book = NULL;
    struct shared sh;
    pthread_t threads[THREADS];
    int i;
    const char *path;

    if (argc < 2) {
        fprintf(stderr, "usage: %s <examples/data dir>\n", argv[0]);
        return 2;
    }
    data_dir = argv[1];
    path = harness_path(data_dir, "broken.json");
    CHECK_OK(bildungsnetz_network_new(&network));
    CHECK_OK(bildungsnetz_network_load_path(network, path, strlen(path), NULL));
    CHECK_OK(bildungsnetz_validator_new(&validator));
    CHECK_OK(bildungsnetz_validator_validate(validator, network, &report));
    CHECK_OK(bildungsnetz_report_len(report, &sh.expected_problems));
    bildungsnetz_report_free(report);

    CHECK_OK(bildungsnetz_rulebook_new(&book));
    CHECK_OK(bildungsnetz_date_parse("2025-08-01", 10, &sh.as_of));
    sh.book = book;
    sh.network = network;
    sh.validator = validator;
    sh.rounds = getenv("BILDUNGSNETZ_TEST_SMALL") != NULL ? 5 : 50;
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_create(&threads[i], NULL, worker, &sh) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        void *ret = NULL;
        struct outcome *out;
        CHECK(pthread_join(threads[i], &ret) == 0);
        out = ret;
        CHECK(out != NULL && out->failures == 0);
        free(out);
    }
    bildungsnetz_rulebook_free(book);
    bildungsnetz_validator_free(validator);
    bildungsnetz_network_free(network);
    return harness_finish("test_threads");
}
