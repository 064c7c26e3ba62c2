/* Eight threads share one network, one validator (and, with the rules, one rule book) and work
 * on them at the same time. Usage: test_threads <examples/data dir> */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

#define THREADS 8

struct shared {
    const bildungsnetz_network *network;
    const bildungsnetz_validator *validator;
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
    bildungsnetz_validator_free(validator);
    bildungsnetz_network_free(network);
    return harness_finish("test_threads");
}
