/* C tests of libbildungsnetz: version, statuses, dates, networks, validators, reports.
 * Usage: test_documents <examples/data dir> */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

static const char *data_dir;

static const char HAGEN_MINI[] =
    "{\"schema_version\": 1, \"id\": \"n\", \"name\": \"N\", \"land\": \"NW\", "
    "\"territory\": \"kreisfreie_stadt\", \"gemeindeschluessel\": \"05914000\", "
    "\"kommunen\": []}";

static void test_version_and_names(void) {
    const char *v = bildungsnetz_version();
    CHECK(v != NULL);
    CHECK_STR(v, "0.1.0");
    /* Every status value is fixed; its name matches the header. */
    CHECK(BILDUNGSNETZ_RESULT_OK == 0);
    CHECK(BILDUNGSNETZ_RESULT_NULL_PARAMETER == 1);
    CHECK(BILDUNGSNETZ_RESULT_INVALID_UTF8 == 2);
    CHECK(BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE == 3);
    CHECK(BILDUNGSNETZ_RESULT_MALFORMED_JSON == 4);
    CHECK(BILDUNGSNETZ_RESULT_INVALID_DOCUMENT == 5);
    CHECK(BILDUNGSNETZ_RESULT_IO == 6);
    CHECK(BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL == 7);
    CHECK(BILDUNGSNETZ_RESULT_OUT_OF_RANGE == 8);
    CHECK(BILDUNGSNETZ_RESULT_WRONG_STATE == 9);
    CHECK(BILDUNGSNETZ_RESULT_PANIC == 10);
    CHECK(BILDUNGSNETZ_RESULT_INTERNAL == 11);
    CHECK(BILDUNGSNETZ_RESULT_INVALID_ARGUMENT == 12);
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_OK), "BILDUNGSNETZ_RESULT_OK");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_NULL_PARAMETER),
              "BILDUNGSNETZ_RESULT_NULL_PARAMETER");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_INVALID_UTF8),
              "BILDUNGSNETZ_RESULT_INVALID_UTF8");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE),
              "BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_MALFORMED_JSON),
              "BILDUNGSNETZ_RESULT_MALFORMED_JSON");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_INVALID_DOCUMENT),
              "BILDUNGSNETZ_RESULT_INVALID_DOCUMENT");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_IO), "BILDUNGSNETZ_RESULT_IO");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL),
              "BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_OUT_OF_RANGE),
              "BILDUNGSNETZ_RESULT_OUT_OF_RANGE");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_WRONG_STATE),
              "BILDUNGSNETZ_RESULT_WRONG_STATE");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_PANIC), "BILDUNGSNETZ_RESULT_PANIC");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_INTERNAL),
              "BILDUNGSNETZ_RESULT_INTERNAL");
    CHECK_STR(bildungsnetz_result_name(BILDUNGSNETZ_RESULT_INVALID_ARGUMENT),
              "BILDUNGSNETZ_RESULT_INVALID_ARGUMENT");
    CHECK_STR(bildungsnetz_result_name(9999), "BILDUNGSNETZ_RESULT_UNKNOWN");
    CHECK_STR(bildungsnetz_result_name(UINT32_MAX), "BILDUNGSNETZ_RESULT_UNKNOWN");
}

static void test_dates(void) {
    int32_t day = -1;
    char buf[16];
    char tiny[4];
    size_t len = 0;

    CHECK_OK(bildungsnetz_date_parse("1970-01-02", 10, &day));
    CHECK(day == 1);
    CHECK_OK(bildungsnetz_date_parse("2024-02-29", 10, &day));
    CHECK_OK(bildungsnetz_date_format(day, buf, sizeof buf, &len));
    CHECK_STR(buf, "2024-02-29");
    CHECK(len == 10);
    CHECK_OK(bildungsnetz_date_from_ymd(2019, 10, 1, &day));
    CHECK_OK(bildungsnetz_date_format(day, buf, sizeof buf, NULL));
    CHECK_STR(buf, "2019-10-01");

    /* Bad inputs. */
    CHECK_RESULT(bildungsnetz_date_parse("2025-02-29", 10, &day),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_date_parse("30.09.2025", 10, &day),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_date_parse("", 0, &day), BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_date_parse("\xff\xfe", 2, &day), BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_date_parse(NULL, 10, &day), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_date_parse("2025-01-01", 10, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_date_from_ymd(2025, 13, 1, &day),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_date_from_ymd(99999, 1, 1, &day),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_date_from_ymd(2025, 1, 1, NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_date_format(INT32_MAX, buf, sizeof buf, &len),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_date_format(INT32_MIN, buf, sizeof buf, &len),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    /* A buffer too small gets a prefix and the length needed. */
    len = 0;
    CHECK_RESULT(bildungsnetz_date_format(0, tiny, sizeof tiny, &len),
                 BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL);
    CHECK(len == 10);
    CHECK_STR(tiny, "197");
    CHECK_RESULT(bildungsnetz_date_format(0, NULL, 0, &len), BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL);
    CHECK(len == 10);
    CHECK_RESULT(bildungsnetz_date_format(0, NULL, 5, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
}

/* Reads the last error of a network into a buffer; returns the status. */
static bildungsnetz_result network_error(const bildungsnetz_network *n, char *buf, size_t len) {
    size_t needed = 0;
    return bildungsnetz_network_last_error(n, buf, len, &needed);
}

static void test_network_lifecycle(void) {
    bildungsnetz_network *n = NULL;
    bildungsnetz_report *report = NULL;
    const char *s = NULL;
    size_t len = 0;
    bool loaded = true;
    char msg[512];
    const char *path = harness_path(data_dir, "hagen.json");

    CHECK_OK(bildungsnetz_network_new(&n));
    CHECK(n != NULL);

    /* Wrong state: nothing loaded yet. */
    CHECK_OK(bildungsnetz_network_is_loaded(n, &loaded));
    CHECK(!loaded);
    CHECK_RESULT(bildungsnetz_network_id(n, &s, &len), BILDUNGSNETZ_RESULT_WRONG_STATE);
    CHECK_OK(network_error(n, msg, sizeof msg));
    CHECK(strstr(msg, "not loaded") != NULL);
    CHECK_RESULT(bildungsnetz_network_json(n, &s, &len), BILDUNGSNETZ_RESULT_WRONG_STATE);

    /* Failed loads leave the handle empty and usable. */
    CHECK_RESULT(bildungsnetz_network_load_path(n, "/nonexistent/x.json", 19, NULL),
                 BILDUNGSNETZ_RESULT_IO);
    CHECK_OK(network_error(n, msg, sizeof msg));
    CHECK(strstr(msg, "cannot read /nonexistent/x.json") != NULL);
    CHECK_RESULT(bildungsnetz_network_load_path(n, "\xc3\x28", 2, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_network_load_path(n, NULL, 4, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_load_path(n, NULL, 0, NULL), BILDUNGSNETZ_RESULT_IO);
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, (const uint8_t *)"{\"schema_version\": 1", 20,
                                                 &report),
                 BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK(report != NULL);
    if (report != NULL) {
        size_t line = 0, column = 0;
        CHECK_OK(bildungsnetz_report_problem_code(report, 0, &s, &len));
        CHECK_STR(s, "json_syntax");
        CHECK_OK(bildungsnetz_report_problem_position(report, 0, &line, &column));
        CHECK(line == 1 && column == 20);
        bildungsnetz_report_free(report);
        report = NULL;
    }
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, (const uint8_t *)"{\"schema_version\": 7}", 21,
                                                 &report),
                 BILDUNGSNETZ_RESULT_INVALID_DOCUMENT);
    CHECK(report != NULL);
    if (report != NULL) {
        CHECK_OK(bildungsnetz_report_problem_code(report, 0, &s, NULL));
        CHECK_STR(s, "unsupported_schema_version");
        bildungsnetz_report_free(report);
        report = NULL;
    }
    /* The report out-parameter is optional. */
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, (const uint8_t *)"[]", 2, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_DOCUMENT);
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, (const uint8_t *)"{\"a\":\"\xff\"}", 10, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, NULL, 10, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, NULL, 0, NULL),
                 BILDUNGSNETZ_RESULT_MALFORMED_JSON);

    /* Oversized input. */
    CHECK_OK(bildungsnetz_network_set_max_bytes(n, 16));
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, (const uint8_t *)HAGEN_MINI,
                                                 sizeof HAGEN_MINI - 1, NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_network_load_path(n, path, strlen(path), NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_OK(network_error(n, msg, sizeof msg));
    CHECK(strstr(msg, "the limit is 16") != NULL);
    CHECK_OK(bildungsnetz_network_set_max_bytes(n, 256u * 1024u * 1024u));

    /* Load, then read. */
    CHECK_OK(bildungsnetz_network_load_path(n, path, strlen(path), NULL));
    CHECK_OK(bildungsnetz_network_is_loaded(n, &loaded));
    CHECK(loaded);
    CHECK_OK(bildungsnetz_network_id(n, &s, &len));
    CHECK_STR(s, "hagen");
    CHECK(len == 5);
    CHECK_OK(bildungsnetz_network_name(n, &s, NULL));
    CHECK(strncmp(s, "Regionales Bildungsnetzwerk Hagen", 33) == 0);
    CHECK_OK(bildungsnetz_network_land(n, &s, &len));
    CHECK_STR(s, "NW");
    CHECK_OK(bildungsnetz_network_json(n, &s, &len));
    CHECK(len > 100 && s[0] == '{' && strlen(s) == len);

    /* Wrong state: loaded already. */
    CHECK_RESULT(bildungsnetz_network_load_bytes(n, (const uint8_t *)HAGEN_MINI,
                                                 sizeof HAGEN_MINI - 1, NULL),
                 BILDUNGSNETZ_RESULT_WRONG_STATE);
    CHECK_RESULT(bildungsnetz_network_load_path(n, path, strlen(path), NULL),
                 BILDUNGSNETZ_RESULT_WRONG_STATE);
    CHECK_RESULT(bildungsnetz_network_set_max_bytes(n, 10), BILDUNGSNETZ_RESULT_WRONG_STATE);

    /* NULL out-parameters and handles. */
    CHECK_RESULT(bildungsnetz_network_id(n, NULL, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_name(NULL, &s, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_land(NULL, &s, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_json(NULL, &s, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_is_loaded(n, NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_is_loaded(NULL, &loaded),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_new(NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_set_max_bytes(NULL, 1), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_load_bytes(NULL, (const uint8_t *)"{}", 2, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_load_path(NULL, "x", 1, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_last_error(NULL, msg, sizeof msg, &len),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);

    bildungsnetz_network_free(n);
    bildungsnetz_network_free(NULL);
}

static void test_last_error_buffers(void) {
    bildungsnetz_network *n = NULL;
    char small[8];
    char big[256];
    size_t needed = 0;
    const char *s;

    CHECK_OK(bildungsnetz_network_new(&n));
    /* No failure yet: the empty message. */
    CHECK_OK(bildungsnetz_network_last_error(n, big, sizeof big, &needed));
    CHECK_STR(big, "");
    CHECK(needed == 0);
    CHECK_RESULT(bildungsnetz_network_id(n, &s, NULL), BILDUNGSNETZ_RESULT_WRONG_STATE);
    /* Ask for the length only. */
    CHECK_RESULT(bildungsnetz_network_last_error(n, NULL, 0, &needed),
                 BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL);
    CHECK(needed > 20);
    /* Too small: a prefix, NUL-terminated. */
    CHECK_RESULT(bildungsnetz_network_last_error(n, small, sizeof small, &needed),
                 BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL);
    CHECK(strlen(small) == sizeof small - 1);
    CHECK_RESULT(bildungsnetz_network_last_error(n, small, 0, &needed),
                 BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL);
    CHECK_RESULT(bildungsnetz_network_last_error(n, NULL, 3, &needed),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    /* Exactly the size needed. */
    CHECK_OK(bildungsnetz_network_last_error(n, big, sizeof big, NULL));
    CHECK(strlen(big) == needed);
    CHECK_OK(bildungsnetz_network_last_error(n, big, needed + 1, NULL));
    CHECK_RESULT(bildungsnetz_network_last_error(n, big, needed, NULL),
                 BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL);
    bildungsnetz_network_free(n);
}

static void test_validator_and_report(void) {
    bildungsnetz_validator *v = NULL;
    bildungsnetz_network *n = NULL;
    bildungsnetz_report *report = NULL;
    size_t len = 0, doc_len = 0, i, line, column;
    bool ok = true;
    const char *s = NULL;
    bildungsnetz_severity severity = 0;
    char msg[512];
    char *doc = harness_read_file(harness_path(data_dir, "broken.json"), &doc_len);
    int found_duplicate = 0, found_error = 0;

    CHECK_OK(bildungsnetz_validator_new(&v));
    CHECK(v != NULL);
    CHECK_RESULT(bildungsnetz_validator_new(NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_OK(bildungsnetz_validator_set_school_year(v, 2024));
    CHECK_RESULT(bildungsnetz_validator_set_school_year(v, 99999),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_OK(bildungsnetz_validator_last_error(v, msg, sizeof msg, &len));
    CHECK(strstr(msg, "99999") != NULL);
    CHECK_RESULT(bildungsnetz_validator_set_school_year(NULL, 2024),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);

    /* The broken sample: every domain code, all in one report. */
    CHECK_OK(bildungsnetz_validator_check_bytes(v, (const uint8_t *)doc, doc_len, &report));
    CHECK_OK(bildungsnetz_report_is_ok(report, &ok));
    CHECK(!ok);
    CHECK_OK(bildungsnetz_report_len(report, &len));
    CHECK(len >= 20);
    for (i = 0; i < len; i++) {
        const char *path = NULL, *message = NULL, *hint = NULL;
        CHECK_OK(bildungsnetz_report_problem_code(report, i, &s, NULL));
        CHECK_OK(bildungsnetz_report_problem_path(report, i, &path, NULL));
        CHECK_OK(bildungsnetz_report_problem_message(report, i, &message, NULL));
        CHECK_OK(bildungsnetz_report_problem_hint(report, i, &hint, NULL));
        CHECK_OK(bildungsnetz_report_problem_severity(report, i, &severity));
        CHECK(severity == BILDUNGSNETZ_SEVERITY_ERROR || severity == BILDUNGSNETZ_SEVERITY_WARNING);
        CHECK(path != NULL && message != NULL && hint != NULL && strlen(message) > 0);
        if (strcmp(s, "duplicate_id") == 0) {
            found_duplicate = 1;
        }
        if (severity == BILDUNGSNETZ_SEVERITY_ERROR) {
            found_error = 1;
        }
        line = column = 99;
        CHECK_OK(bildungsnetz_report_problem_position(report, i, &line, &column));
        CHECK(line == 0 && column == 0);
        CHECK_OK(bildungsnetz_report_problem_position(report, i, NULL, NULL));
    }
    CHECK(found_duplicate);
    CHECK(found_error);
    CHECK_OK(bildungsnetz_report_json(report, &s, &len));
    CHECK(strncmp(s, "{\"ok\":false,\"problems\":[", 24) == 0);
    CHECK(strlen(s) == len);

    /* Out of range, with a message on the report. */
    CHECK_OK(bildungsnetz_report_len(report, &len));
    CHECK_RESULT(bildungsnetz_report_problem_code(report, len, &s, NULL),
                 BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
    CHECK_RESULT(bildungsnetz_report_problem_path(report, len, &s, NULL),
                 BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
    CHECK_RESULT(bildungsnetz_report_problem_message(report, (size_t)-1, &s, NULL),
                 BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
    CHECK_RESULT(bildungsnetz_report_problem_hint(report, len, &s, NULL),
                 BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
    CHECK_RESULT(bildungsnetz_report_problem_severity(report, len, &severity),
                 BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
    CHECK_RESULT(bildungsnetz_report_problem_position(report, len, &line, &column),
                 BILDUNGSNETZ_RESULT_OUT_OF_RANGE);
    CHECK_OK(bildungsnetz_report_last_error(report, msg, sizeof msg, NULL));
    CHECK(strstr(msg, "out of range") != NULL);

    /* NULLs on the report accessors. */
    CHECK_RESULT(bildungsnetz_report_len(NULL, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_len(report, NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_is_ok(NULL, &ok), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_is_ok(report, NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_problem_code(NULL, 0, &s, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_problem_code(report, 0, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_problem_severity(report, 0, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_problem_position(NULL, 0, &line, &column),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_json(NULL, &s, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_json(report, NULL, &len), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_report_last_error(NULL, msg, sizeof msg, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    bildungsnetz_report_free(report);
    report = NULL;
    bildungsnetz_report_free(NULL);

    /* check_bytes: syntax errors are part of the report, not a failure of the call. */
    CHECK_OK(bildungsnetz_validator_check_bytes(v, (const uint8_t *)"{", 1, &report));
    CHECK_OK(bildungsnetz_report_problem_code(report, 0, &s, NULL));
    CHECK_STR(s, "json_syntax");
    bildungsnetz_report_free(report);
    report = NULL;
    CHECK_OK(bildungsnetz_validator_check_bytes(v, (const uint8_t *)HAGEN_MINI,
                                                sizeof HAGEN_MINI - 1, &report));
    CHECK_OK(bildungsnetz_report_is_ok(report, &ok));
    bildungsnetz_report_free(report);
    report = NULL;
    CHECK_RESULT(bildungsnetz_validator_check_bytes(v, (const uint8_t *)"\"\x80\"", 3, &report),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK(report == NULL);
    CHECK_RESULT(bildungsnetz_validator_check_bytes(v, NULL, 3, &report),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_validator_check_bytes(v, (const uint8_t *)"{}", 2, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_validator_check_bytes(NULL, (const uint8_t *)"{}", 2, &report),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_OK(bildungsnetz_validator_set_max_bytes(v, 8));
    CHECK_RESULT(bildungsnetz_validator_check_bytes(v, (const uint8_t *)doc, doc_len, &report),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK(report == NULL);
    CHECK_RESULT(bildungsnetz_validator_set_max_bytes(NULL, 8),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);

    /* validate: a network loaded first; an empty one is a wrong state. */
    CHECK_OK(bildungsnetz_network_new(&n));
    CHECK_RESULT(bildungsnetz_validator_validate(v, n, &report), BILDUNGSNETZ_RESULT_WRONG_STATE);
    CHECK(report == NULL);
    CHECK_OK(bildungsnetz_validator_last_error(v, msg, sizeof msg, NULL));
    CHECK(strstr(msg, "not loaded") != NULL);
    CHECK_OK(bildungsnetz_network_load_bytes(n, (const uint8_t *)doc, doc_len, NULL));
    CHECK_OK(bildungsnetz_validator_validate(v, n, &report));
    CHECK_OK(bildungsnetz_report_is_ok(report, &ok));
    CHECK(!ok);
    bildungsnetz_report_free(report);
    report = NULL;
    CHECK_RESULT(bildungsnetz_validator_validate(v, NULL, &report),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_validator_validate(v, n, NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_validator_validate(NULL, n, &report),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_validator_last_error(NULL, msg, sizeof msg, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);

    bildungsnetz_network_free(n);
    bildungsnetz_validator_free(v);
    bildungsnetz_validator_free(NULL);
    free(doc);
}

static void test_sample_networks_are_valid(void) {
    static const char *const samples[] = {"hagen.json", "koblenz.json", "pulheim.json",
                                          "staedteregion-aachen.json"};
    bildungsnetz_validator *v = NULL;
    size_t i;
    CHECK_OK(bildungsnetz_validator_new(&v));
    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        bildungsnetz_network *n = NULL;
        bildungsnetz_report *report = NULL;
        const char *path = harness_path(data_dir, samples[i]);
        bool ok = false;
        CHECK_OK(bildungsnetz_network_new(&n));
        CHECK_OK(bildungsnetz_network_load_path(n, path, strlen(path), NULL));
        CHECK_OK(bildungsnetz_validator_validate(v, n, &report));
        CHECK_OK(bildungsnetz_report_is_ok(report, &ok));
        CHECK(ok);
        bildungsnetz_report_free(report);
        bildungsnetz_network_free(n);
    }
    bildungsnetz_validator_free(v);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <examples/data dir>\n", argv[0]);
        return 2;
    }
    data_dir = argv[1];
    test_version_and_names();
    test_dates();
    test_network_lifecycle();
    test_last_error_buffers();
    test_validator_and_report();
    test_sample_networks_are_valid();
    return harness_finish("test_documents");
}
