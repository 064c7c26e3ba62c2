/* C tests of the pathways after Sek I (issue 7): next steps and routes to a goal, and bad
 * inputs; and the general batch (one transition, many learners as JSON Lines). Usage: test_pathways <examples/data dir> <cases.tsv> <tests/conformance dir> */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

/* A person holding the Fachhochschulreife (school part), asking for a Fachhochschule place. */
static const char FHR_S[] =
    "{\"facts\":{\"land\":\"NW\",\"birth_date\":\"2006-05-01\",\"qualifications\":[\"FHR_S\"]},"
    "\"as_of\":\"2025-07-01\",\"goal\":\"fachhochschule\"}";

static bildungsnetz_result ask(const bildungsnetz_rulebook *book, const char *request,
                               char **json, size_t *len) {
    return bildungsnetz_rulebook_pathways(book, (const uint8_t *)request, strlen(request), json,
                                          len);
}

static void last(const bildungsnetz_rulebook *book, char *buf, size_t len) {
    if (bildungsnetz_rulebook_last_error(book, buf, len, NULL) != BILDUNGSNETZ_RESULT_OK) {
        buf[0] = '\0';
    }
}

static void test_routes(const bildungsnetz_rulebook *book) {
    char *json = NULL;
    size_t len = 0;
    CHECK_OK(ask(book, FHR_S, &json, &len));
    CHECK(json != NULL && strlen(json) == len);
    CHECK(json != NULL && strstr(json, "\"next_steps\"") != NULL);
    /* The practical part of the Fachhochschulreife comes first. */
    CHECK(json != NULL && strstr(json, "\"transition\":\"fhr_praktikum\"") != NULL);
    bildungsnetz_string_free(json);
    json = NULL;

    /* Without a goal: next steps only, no routes. */
    static const char NO_GOAL[] =
        "{\"facts\":{\"land\":\"NW\",\"qualifications\":[\"MSA_Q\"]},\"as_of\":\"2025-07-01\"}";
    CHECK_OK(ask(book, NO_GOAL, &json, NULL));
    CHECK(json != NULL && strstr(json, "oberstufe_entry") != NULL);
    bildungsnetz_string_free(json);
}

static void test_bad_inputs(const bildungsnetz_rulebook *book) {
    char *json = NULL;
    char msg[512];
    static const char SECRET[] =
        "{\"facts\":{\"land\":\"NW\",\"birth_date\":\"2006-02-31\"},\"as_of\":\"2025-07-01\"}";
    CHECK_RESULT(ask(NULL, FHR_S, &json, NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_pathways(book, (const uint8_t *)FHR_S, strlen(FHR_S), NULL,
                                                NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_pathways(book, NULL, 5, &json, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_pathways(book, (const uint8_t *)"\xff\xfe", 2, &json, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_rulebook_pathways(book, (const uint8_t *)FHR_S,
                                                BILDUNGSNETZ_MAX_FACTS_BYTES + 1, &json, NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK(ask(book, "{\"facts\":", &json, NULL) != BILDUNGSNETZ_RESULT_OK);
    CHECK(ask(book, SECRET, &json, NULL) != BILDUNGSNETZ_RESULT_OK);
    last(book, msg, sizeof msg);
    CHECK(strstr(msg, "2006") == NULL);
    CHECK(json == NULL);
    /* A Land without rule packs: no route is offered under another Land's law. */
    CHECK_OK(ask(book, "{\"facts\":{\"land\":\"BY\",\"qualifications\":[\"MSA_Q\"]},"
                       "\"as_of\":\"2025-07-01\",\"goal\":\"universitaet\"}",
                 &json, NULL));
    CHECK(json != NULL && strstr(json, "\"routes\":[]") != NULL);
    bildungsnetz_string_free(json);
}

static void test_general_batch(const bildungsnetz_rulebook *book) {
    /* Two children, one blank line, one bad record (its value must not appear), one child of a
     * Land without a pack. */
    static const char LEARNERS[] =
        "{\"birth_date\":\"2019-09-30\",\"land\":\"NW\"}\n"
        "{\"birth_date\":\"2019-10-01\",\"land\":\"NW\"}\n"
        "\n"
        "{\"birth_date\":\"2019-13-45\",\"land\":\"NW\"}\n"
        "{\"birth_date\":\"2019-09-30\",\"land\":\"BY\"}\n";
    int32_t as_of = 0;
    char *json = NULL;
    size_t len = 0;
    CHECK_OK(bildungsnetz_date_parse("2025-08-01", 10, &as_of));
    CHECK_OK(bildungsnetz_rulebook_evaluate_batch(book, "school_entry", 12,
                                                  (const uint8_t *)LEARNERS, strlen(LEARNERS),
                                                  as_of, &json, &len));
    CHECK(json != NULL && strlen(json) == len);
    CHECK(json != NULL && strstr(json, "\"line\":1,\"ok\":true") != NULL);
    CHECK(json != NULL && strstr(json, "\"outcome\":\"eligible\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"outcome\":\"not_eligible\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"line\":4,\"ok\":false") != NULL);
    CHECK(json != NULL && strstr(json, "2019-13-45") == NULL);
    CHECK(json != NULL && strstr(json, "BILDUNGSNETZ_RESULT_NOT_COVERED") != NULL);
    CHECK(json != NULL && strstr(json, "\"line\":3") == NULL);
    bildungsnetz_string_free(json);
    json = NULL;
    CHECK_RESULT(bildungsnetz_rulebook_evaluate_batch(book, "no_such", 7, (const uint8_t *)LEARNERS,
                                                      strlen(LEARNERS), as_of, &json, NULL),
                 BILDUNGSNETZ_RESULT_UNKNOWN_TRANSITION);
    CHECK_RESULT(bildungsnetz_rulebook_evaluate_batch(book, "school_entry", 12,
                                                      (const uint8_t *)"\xff", 1, as_of, &json,
                                                      NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_rulebook_evaluate_batch(book, "school_entry", 12,
                                                      (const uint8_t *)LEARNERS, strlen(LEARNERS),
                                                      as_of, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(json == NULL);
}

/* A table for a transition after Sek I, as the header documents it: one facts object per row,
 * the per-row fields of the result, a bad row that fails alone. */
static void test_table_batch(const bildungsnetz_rulebook *book) {
    static const char TABLE[] =
        "{\"birth_date\":\"2009-05-01\",\"land\":\"NW\",\"qualifications\":[\"HA10\"]}\n"
        "{\"land\":\"NW\"}\n"
        "{\"land\":\"NW\",\"qualifications\":[\"GEHEIM\"]}\n";
    int32_t as_of = 0;
    char *json = NULL;
    CHECK_OK(bildungsnetz_date_parse("2025-06-01", 10, &as_of));
    CHECK_OK(bildungsnetz_rulebook_evaluate_batch(book, "berufskolleg_b", 14,
                                                  (const uint8_t *)TABLE, strlen(TABLE), as_of,
                                                  &json, NULL));
    CHECK(json != NULL && strstr(json, "\"line\":1,\"ok\":true") != NULL);
    CHECK(json != NULL && strstr(json, "\"outcome\":\"eligible\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"determining\":true") != NULL);
    CHECK(json != NULL && strstr(json, "\"line\":2,\"ok\":true") != NULL);
    CHECK(json != NULL && strstr(json, "\"outcome\":\"undetermined\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"missing_facts\":[\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"line\":3,\"ok\":false") != NULL);
    CHECK(json != NULL && strstr(json, "qualifications") != NULL);
    CHECK(json != NULL && strstr(json, "GEHEIM") == NULL);
    bildungsnetz_string_free(json);
}

int main(int argc, char **argv) {
    bildungsnetz_rulebook *book = NULL;
    (void)argc;
    (void)argv;
    if (bildungsnetz_rulebook_new(&book) != BILDUNGSNETZ_RESULT_OK) {
        return 2;
    }
    test_routes(book);
    test_bad_inputs(book);
    test_general_batch(book);
    test_table_batch(book);
    bildungsnetz_rulebook_free(book);
    return harness_finish("test_pathways");
}
