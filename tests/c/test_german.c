/* C tests of the German texts: problems' German message and hint, and the catalogue of German
 * names. Usage: test_german <examples/data dir> */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

#define THREADS 4

static const char *data_dir;

static bool starts_with(const char *s, const char *prefix) {
    return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = s == NULL ? 0 : strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The broken sample's report, read with the validator in one go. */
static bildungsnetz_report *broken_report(void) {
    bildungsnetz_validator *v = NULL;
    bildungsnetz_report *report = NULL;
    size_t len = 0;
    char *doc = harness_read_file(harness_path(data_dir, "broken.json"), &len);
    CHECK_OK(bildungsnetz_validator_new(&v));
    CHECK_OK(bildungsnetz_validator_check_bytes(v, (const uint8_t *)doc, len, &report));
    bildungsnetz_validator_free(v);
    free(doc);
    return report;
}

static void test_problems_in_german(void) {
    bildungsnetz_report *report = broken_report();
    size_t n = 0, i, dangling = SIZE_MAX;
    CHECK_OK(bildungsnetz_report_len(report, &n));
    CHECK(n > 10);
    for (i = 0; i < n; i++) {
        const char *code = NULL, *message = NULL, *hint = NULL, *again = NULL;
        size_t message_len = 0, hint_len = 0;
        CHECK_OK(bildungsnetz_report_problem_code(report, i, &code, NULL));
        CHECK_OK(bildungsnetz_report_problem_message_de(report, i, &message, &message_len));
        CHECK_OK(bildungsnetz_report_problem_hint_de(report, i, &hint, &hint_len));
        /* A sentence with its full stop, and a hint that is never empty. */
        CHECK(message != NULL && message_len == strlen(message) && ends_with(message, "."));
        CHECK(hint != NULL && hint_len > 0 && hint_len == strlen(hint));
        /* Borrowed from the report: the same text on every call, length optional. */
        CHECK_OK(bildungsnetz_report_problem_message_de(report, i, &again, NULL));
        CHECK(again == message);
        if (code != NULL && strcmp(code, "dangling_reference") == 0 && dangling == SIZE_MAX) {
            dangling = i;
        }
    }
    CHECK(dangling != SIZE_MAX);
    if (dangling != SIZE_MAX) {
        const char *message = NULL, *hint = NULL;
        CHECK_OK(bildungsnetz_report_problem_message_de(report, dangling, &message, NULL));
        CHECK(starts_with(message, "Der Verweis nennt kein Objekt der erwarteten Art"));
        /* The id the document wrote is quoted the German way. */
        CHECK(message != NULL && strstr(message, "\xE2\x80\x9E") != NULL);
        CHECK_OK(bildungsnetz_report_problem_hint_de(report, dangling, &hint, NULL));
        CHECK(hint != NULL && strlen(hint) > 0);
    }

    /* Failures leave the out-parameters untouched. */
    {
        const char *sentinel = "untouched";
        const char *out = sentinel;
        size_t out_len = 4242;
        CHECK_RESULT(bildungsnetz_report_problem_message_de(report, n, &out, &out_len),
                     BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
        CHECK(out == sentinel && out_len == 4242);
        CHECK_RESULT(bildungsnetz_report_problem_hint_de(report, SIZE_MAX, &out, &out_len),
                     BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
        CHECK(out == sentinel && out_len == 4242);
        CHECK_RESULT(bildungsnetz_report_problem_message_de(NULL, 0, &out, &out_len),
                     BILDUNGSNETZ_RESULT_NULL_PARAMETER);
        CHECK_RESULT(bildungsnetz_report_problem_hint_de(NULL, 0, &out, &out_len),
                     BILDUNGSNETZ_RESULT_NULL_PARAMETER);
        CHECK(out == sentinel && out_len == 4242);
        CHECK_RESULT(bildungsnetz_report_problem_message_de(report, 0, NULL, &out_len),
                     BILDUNGSNETZ_RESULT_NULL_PARAMETER);
        CHECK_RESULT(bildungsnetz_report_problem_hint_de(report, 0, NULL, &out_len),
                     BILDUNGSNETZ_RESULT_NULL_PARAMETER);
        CHECK(out_len == 4242);
    }
    /* The failure's message is kept on the report, in English, without a value. */
    {
        char msg[256];
        CHECK_RESULT(bildungsnetz_report_problem_message_de(report, n, &(const char *){NULL}, NULL),
                     BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
        CHECK_OK(bildungsnetz_report_last_error(report, msg, sizeof msg, NULL));
        CHECK(strstr(msg, "out of range") != NULL);
    }
    bildungsnetz_report_free(report);
}

struct race {
    const bildungsnetz_report *report;
    size_t n;
    const char *seen[64];
    int failures;
};

/* Every thread asks for every German text of a fresh report at once: the first request of each
 * makes it, and all threads must get the very same string. */
static void *race_worker(void *arg) {
    struct race *r = arg;
    size_t i;
    for (i = 0; i < r->n && i < 64; i++) {
        const char *m = NULL, *h = NULL;
        if (bildungsnetz_report_problem_hint_de(r->report, r->n - 1 - i, &h, NULL) !=
                BILDUNGSNETZ_RESULT_OK ||
            bildungsnetz_report_problem_message_de(r->report, i, &m, NULL) !=
                BILDUNGSNETZ_RESULT_OK ||
            m == NULL || h == NULL) {
            r->failures++;
        }
        r->seen[i] = m;
    }
    return NULL;
}

static void test_concurrent_first_requests(void) {
    bildungsnetz_report *report = broken_report();
    struct race races[THREADS];
    pthread_t threads[THREADS];
    size_t n = 0, i;
    int t;
    CHECK_OK(bildungsnetz_report_len(report, &n));
    for (t = 0; t < THREADS; t++) {
        memset(&races[t], 0, sizeof races[t]);
        races[t].report = report;
        races[t].n = n;
        CHECK(pthread_create(&threads[t], NULL, race_worker, &races[t]) == 0);
    }
    for (t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(races[t].failures == 0);
    }
    for (i = 0; i < n && i < 64; i++) {
        for (t = 1; t < THREADS; t++) {
            CHECK(races[t].seen[i] == races[0].seen[i]);
        }
    }
    bildungsnetz_report_free(report);
}

static void check_name(const char *kind, const char *code, const char *expected) {
    char *name = NULL;
    size_t len = 0;
    CHECK_OK(bildungsnetz_german_name(kind, strlen(kind), code, strlen(code), &name, &len));
    CHECK_STR(name, expected);
    CHECK(name != NULL && len == strlen(name));
    bildungsnetz_string_free(name);
}

static void test_german_names(void) {
    char *sentinel = (char *)"untouched";
    char *out = sentinel;
    size_t out_len = 4242;
    char long_code[BILDUNGSNETZ_MAX_CODE_BYTES + 2];

    check_name("transition", "school_entry", "Einschulung (Beginn der Schulpflicht)");
    check_name("outcome", "discretionary", "Ermessensentscheidung");
    check_name("check_result", "missing_facts", "Angaben fehlen");
    check_name("schulform", "gymnasium", "Gymnasium");
    check_name("schulform", "20", "Gymnasium");
    check_name("schulform", "02", "Grundschule");
    check_name("abschluss", "EESA", "Erweiterter Erster Schulabschluss");
    check_name("land", "RP", "Rheinland-Pfalz");
    check_name("land", "BW", "Baden-W\xC3\xBCrttemberg");
    check_name("severity", "warning", "Warnung");
    check_name("fact", "birth_date", "Geburtsdatum");

    /* The length is optional. */
    CHECK_OK(bildungsnetz_german_name("land", 4, "NW", 2, &out, NULL));
    CHECK_STR(out, "Nordrhein-Westfalen");
    bildungsnetz_string_free(out);
    out = sentinel;

    /* Failures: each with its status, `*out` and `*out_len` untouched. */
    CHECK_RESULT(bildungsnetz_german_name("outcome", 7, "maybe", 5, &out, &out_len),
                 BILDUNGSNETZ_RESULT_UNKNOWN_CODE);
    CHECK_RESULT(bildungsnetz_german_name("land", 4, "", 0, &out, &out_len),
                 BILDUNGSNETZ_RESULT_UNKNOWN_CODE);
    CHECK_RESULT(bildungsnetz_german_name("land", 4, NULL, 0, &out, &out_len),
                 BILDUNGSNETZ_RESULT_UNKNOWN_CODE);
    CHECK_RESULT(bildungsnetz_german_name("stage", 5, "kita", 4, &out, &out_len),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_german_name("land", 4, "N\xFF", 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_german_name("la\xC3", 3, "NW", 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_german_name(NULL, 4, "NW", 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_german_name("land", 4, NULL, 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_german_name("land", 4, "NW", 2, NULL, &out_len),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    memset(long_code, 'A', sizeof long_code - 1);
    long_code[sizeof long_code - 1] = '\0';
    CHECK_RESULT(bildungsnetz_german_name("land", 4, long_code, strlen(long_code), &out, &out_len),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK(out == sentinel && out_len == 4242);

    CHECK(BILDUNGSNETZ_RESULT_UNKNOWN_CODE == 26);
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_UNKNOWN_CODE),
              "BILDUNGSNETZ_RESULT_UNKNOWN_CODE");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <examples/data dir>\n", argv[0]);
        return 2;
    }
    data_dir = argv[1];
    test_problems_in_german();
    test_concurrent_first_requests();
    test_german_names();
    return harness_finish("test_german");
}
