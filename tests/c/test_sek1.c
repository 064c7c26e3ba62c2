/* C tests of the Sek-I qualifications (issue 6): one sheet, the JSON batch, the lean batch,
 * the Sek-I transitions through bildungsnetz_rulebook_evaluate, and bad inputs.
 * Usage: test_sek1 <examples/data dir> <cases.tsv> <tests/conformance dir> */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

static const char RS_SHEET[] =
    "{\"schulform\":\"realschule\",\"jahrgang\":10,\"subjects\":["
    "{\"kuerzel\":\"D\",\"grade\":2},{\"kuerzel\":\"M\",\"grade\":4},{\"kuerzel\":\"E\",\"grade\":3},"
    "{\"kuerzel\":\"WP\",\"grade\":3},{\"kuerzel\":\"BI\",\"grade\":3},{\"kuerzel\":\"GE\",\"grade\":3}]}";
static const char HS_SHEET[] =
    "{\"schulform\":\"hauptschule\",\"jahrgang\":9,\"subjects\":[{\"kuerzel\":\"D\",\"grade\":4},"
    "{\"kuerzel\":\"M\",\"grade\":5},{\"kuerzel\":\"E\",\"grade\":4}]}";
/* A grade out of range: the value 9 must never appear in a message. */
static const char BAD_GRADE[] =
    "{\"schulform\":\"realschule\",\"jahrgang\":9,\"subjects\":[{\"kuerzel\":\"D\",\"grade\":9}]}";

static int32_t day_of(const char *iso) {
    int32_t day = BILDUNGSNETZ_NO_DATE;
    if (bildungsnetz_date_parse(iso, strlen(iso), &day) != BILDUNGSNETZ_RESULT_OK) {
        exit(2);
    }
    return day;
}

static void last(const bildungsnetz_rulebook *book, char *buf, size_t len) {
    if (bildungsnetz_rulebook_last_error(book, buf, len, NULL) != BILDUNGSNETZ_RESULT_OK) {
        buf[0] = '\0';
    }
}

static bildungsnetz_result one(const bildungsnetz_rulebook *book, const char *sheet,
                               bildungsnetz_sek1_qualification *best, char **json) {
    return bildungsnetz_rulebook_sek1_qualifications(book, (const uint8_t *)sheet, strlen(sheet),
                                                     day_of("2025-07-01"), best, json, NULL);
}

static void test_single(const bildungsnetz_rulebook *book) {
    bildungsnetz_sek1_qualification best = 99;
    char *json = NULL;
    size_t len = 0;
    char msg[512];

    CHECK_OK(bildungsnetz_rulebook_sek1_qualifications(book, (const uint8_t *)RS_SHEET,
                                                       strlen(RS_SHEET), day_of("2025-07-01"),
                                                       &best, &json, &len));
    CHECK(best == BILDUNGSNETZ_SEK1_QUALIFICATION_MSA_Q);
    CHECK(json != NULL && strlen(json) == len);
    CHECK(json != NULL && strstr(json, "\"kuerzel\":\"MSA_Q\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"explanation_de\"") != NULL);
    bildungsnetz_string_free(json);
    json = NULL;

    CHECK_OK(one(book, HS_SHEET, NULL, &json));
    /* The ESA without the Berechtigung for Klasse 10 Typ B (§ 25 Abs. 3 APO-S I): `ESAA`. */
    CHECK(json != NULL && strstr(json, "\"kuerzel\":\"ESAA\"") != NULL);
    bildungsnetz_string_free(json);
    json = NULL;

    /* Bad inputs: each a status, a message without the grade, no output. */
    CHECK_RESULT(one(book, BAD_GRADE, &best, &json), BILDUNGSNETZ_RESULT_INVALID_FACTS);
    CHECK(json == NULL);
    last(book, msg, sizeof msg);
    CHECK(strstr(msg, "subjects[0].grade") != NULL);
    CHECK(strchr(msg, '9') == NULL);
    CHECK_RESULT(one(book, "{\"schulform\":\"realschule\"", &best, &json),
                 BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(one(book, "{\"schulform\":\"realschule\",\"jahrgang\":9,\"klasse\":9,"
                           "\"subjects\":[]}", &best, &json),
                 BILDUNGSNETZ_RESULT_INVALID_FACTS);
    last(book, msg, sizeof msg);
    CHECK(strstr(msg, "klasse") != NULL);
    CHECK_RESULT(one(book, "{\"schulform\":\"gymnasium\",\"jahrgang\":10,\"subjects\":"
                           "[{\"kuerzel\":\"D\",\"grade\":2}]}", &best, &json),
                 BILDUNGSNETZ_RESULT_INVALID_FACTS);
    last(book, msg, sizeof msg);
    CHECK(strstr(msg, "gymnasium_track") != NULL);
    CHECK_RESULT(one(book, "{\"schulform\":\"foerderschule\",\"jahrgang\":9,\"subjects\":[]}", &best,
                     &json),
                 BILDUNGSNETZ_RESULT_NOT_COVERED);
    CHECK_RESULT(one(book, "[1,2]", &best, &json), BILDUNGSNETZ_RESULT_INVALID_FACTS);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_qualifications(book, (const uint8_t *)"\xff\xfe", 2,
                                                           0, &best, &json, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_qualifications(book, NULL, 5, 0, &best, &json, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_qualifications(book, (const uint8_t *)RS_SHEET,
                                                           BILDUNGSNETZ_MAX_FACTS_BYTES + 1, 0,
                                                           &best, &json, NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_qualifications(book, (const uint8_t *)RS_SHEET,
                                                           strlen(RS_SHEET), INT32_MAX, &best,
                                                           &json, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_qualifications(book, (const uint8_t *)RS_SHEET,
                                                           strlen(RS_SHEET), day_of("1990-07-01"),
                                                           &best, &json, NULL),
                 BILDUNGSNETZ_RESULT_NO_LAW_IN_FORCE);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_qualifications(book, (const uint8_t *)RS_SHEET,
                                                           strlen(RS_SHEET), 0, &best, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_qualifications(NULL, (const uint8_t *)RS_SHEET,
                                                           strlen(RS_SHEET), 0, &best, &json,
                                                           NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(json == NULL);
    bildungsnetz_string_free(NULL);
}

static void test_batch(const bildungsnetz_rulebook *book) {
    char lines[4096], array[4096], msg[512];
    char *json = NULL;
    size_t len = 0, count = 0;
    uint8_t status[4 * 4];
    uint32_t np[4 * 4];
    int32_t as_of = day_of("2025-07-01");

    snprintf(lines, sizeof lines, "%s\n\n%s\n%s\nnot json\n", RS_SHEET, HS_SHEET, BAD_GRADE);
    snprintf(array, sizeof array, "[%s,%s,%s]", RS_SHEET, HS_SHEET, BAD_GRADE);

    CHECK_OK(bildungsnetz_rulebook_sek1_batch(book, (const uint8_t *)lines, strlen(lines), as_of,
                                              &json, &len, &count));
    CHECK(count == 4);
    CHECK(json != NULL && json[0] == '[' && strlen(json) == len);
    CHECK(json != NULL && strstr(json, "\"best\":\"msa_q\"") != NULL);
    CHECK(json != NULL && strstr(json, "BILDUNGSNETZ_RESULT_INVALID_FACTS") != NULL);
    CHECK(json != NULL && strstr(json, "grade sheet 2 (0-based)") != NULL);
    CHECK(json != NULL && strstr(json, "grade sheet 3 (0-based) is not a JSON object") != NULL);
    bildungsnetz_string_free(json);
    json = NULL;

    CHECK_OK(bildungsnetz_rulebook_sek1_batch(book, (const uint8_t *)array, strlen(array), as_of,
                                              &json, NULL, &count));
    CHECK(count == 3);
    bildungsnetz_string_free(json);
    json = NULL;
    CHECK_OK(bildungsnetz_rulebook_sek1_batch(book, NULL, 0, as_of, &json, NULL, &count));
    CHECK(count == 0 && json != NULL && strcmp(json, "[]") == 0);
    bildungsnetz_string_free(json);
    json = NULL;

    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch(book, (const uint8_t *)"[{}", 3, as_of, &json,
                                                  NULL, NULL),
                 BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    last(book, msg, sizeof msg);
    CHECK(strstr(msg, "batch") != NULL);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch(book, (const uint8_t *)lines, strlen(lines),
                                                  as_of, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch(book, (const uint8_t *)"\xc3", 1, as_of, &json,
                                                  NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch(book, (const uint8_t *)lines,
                                                  BILDUNGSNETZ_MAX_SEK1_BATCH_BYTES + 1, as_of,
                                                  &json, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch(NULL, (const uint8_t *)lines, strlen(lines),
                                                  as_of, &json, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(json == NULL);

    /* Lean: the same sheets into columns. */
    memset(status, 0xAA, sizeof status);
    CHECK_OK(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)lines, strlen(lines),
                                                   as_of, 4, status, np, &count));
    CHECK(count == 4);
    CHECK(status[0] == 4 && status[1] == 1 && status[2] == 1 && status[3] == 1); /* MSA_Q */
    CHECK(status[4] == 1); /* Hauptschule 9: ESA */
    CHECK(status[8] == BILDUNGSNETZ_SEK1_ERROR && status[11] == BILDUNGSNETZ_SEK1_ERROR);
    CHECK(status[12] == BILDUNGSNETZ_SEK1_ERROR);
    CHECK(np[8] == 0);
    CHECK_OK(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)array, strlen(array),
                                                   as_of, 3, status, NULL, &count));
    CHECK(count == 3 && status[3] == 1);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)lines,
                                                       strlen(lines), as_of, 2, status, np,
                                                       &count),
                 BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL);
    CHECK(count == 4);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)lines,
                                                       strlen(lines), as_of, 4, NULL, np, &count),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)lines,
                                                       strlen(lines), as_of, 4, status, np, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)lines,
                                                       strlen(lines), as_of, SIZE_MAX, status, np,
                                                       &count),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)(np) + 1, 0, as_of,
                                                       4, status, (uint32_t *)((char *)np + 1),
                                                       &count),
                 BILDUNGSNETZ_RESULT_OK); /* no sheets: no column is touched */
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch_lean(book, (const uint8_t *)lines,
                                                       strlen(lines), as_of, 4, status,
                                                       (uint32_t *)((char *)np + 1), &count),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_rulebook_sek1_batch_lean(NULL, (const uint8_t *)lines,
                                                       strlen(lines), as_of, 4, status, np,
                                                       &count),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
}

/* The transitions sek1_entry and sek1_abschluss go through the existing evaluate function. */
static void test_transitions(const bildungsnetz_rulebook *book) {
    bildungsnetz_decision *d = NULL;
    bildungsnetz_outcome outcome = 99;
    char facts[2048];
    const char *json = NULL;

    snprintf(facts, sizeof facts, "{\"land\":\"NW\",\"sek1\":{\"grade_sheet\":%s}}", RS_SHEET);
    CHECK_OK(bildungsnetz_rulebook_evaluate(book, "sek1_abschluss", strlen("sek1_abschluss"),
                                            (const uint8_t *)facts, strlen(facts),
                                            day_of("2025-07-01"), &d));
    CHECK_OK(bildungsnetz_decision_outcome(d, &outcome));
    CHECK(outcome == BILDUNGSNETZ_OUTCOME_ELIGIBLE);
    CHECK_OK(bildungsnetz_decision_json(d, &json, NULL));
    CHECK(strstr(json, "msa_q") != NULL);
    bildungsnetz_decision_free(d);
    d = NULL;

    snprintf(facts, sizeof facts,
             "{\"land\":\"NW\",\"sek1\":{\"recommendation\":\"GY\",\"target_schulform\":"
             "\"gymnasium\"}}");
    CHECK_OK(bildungsnetz_rulebook_evaluate(book, "sek1_entry", strlen("sek1_entry"),
                                            (const uint8_t *)facts, strlen(facts),
                                            day_of("2025-02-01"), &d));
    CHECK_OK(bildungsnetz_decision_outcome(d, &outcome));
    CHECK(outcome == BILDUNGSNETZ_OUTCOME_ELIGIBLE);
    bildungsnetz_decision_free(d);
}

int main(int argc, char **argv) {
    bildungsnetz_rulebook *book = NULL;
    (void)argc;
    (void)argv;
    if (bildungsnetz_rulebook_new(&book) != BILDUNGSNETZ_RESULT_OK) {
        return 2;
    }
    test_single(book);
    test_batch(book);
    test_transitions(book);
    bildungsnetz_rulebook_free(book);
    return harness_finish("test_sek1");
}
