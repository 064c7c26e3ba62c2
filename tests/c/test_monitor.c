/* C tests of Bildungsmonitoring (issue 8): indicators from JSON Lines and CSV records with
 * protection settings, the directory tables of StädteRegion Aachen, bad inputs.
 * Usage: test_monitor <examples/data dir> <cases.tsv> <tests/conformance dir>
 * (run from the repository root: the directory file is tests/data/...). The directory test
 * uses one Kommune (Aachen): the whole StädteRegion takes ~25 s in the debug build. */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

static const char DIRECTORY[] = "tests/data/nrw-schulverzeichnis-2024-25.csv";

static void last(const bildungsnetz_monitor *m, char *buf, size_t len) {
    if (bildungsnetz_monitor_last_error(m, buf, len, NULL) != BILDUNGSNETZ_RESULT_OK) {
        buf[0] = '\0';
    }
}

/* Eleven transitions after class 4 in two Kommunen (the example of core's monitor docs). */
static size_t make_records(char *buf, size_t cap) {
    static const char *forms[] = {"20", "20", "20", "20", "15", "15", "15", "10", "10", "10", "04"};
    size_t used = 0, i;
    for (i = 0; i < 11; i++) {
        int n = snprintf(buf + used, cap - used,
                         "{\"school_year\":\"2024/25\",\"school_ags\":\"%s\",\"grade\":4,"
                         "\"transition_schulform\":\"%s\"}\n",
                         i % 2 == 0 ? "05334002" : "05334004", forms[i]);
        used += (size_t)n;
    }
    return used;
}

static bildungsnetz_result indicators(const bildungsnetz_monitor *m, const char *records,
                                      uint32_t format, char **json, char **csv) {
    return bildungsnetz_monitor_indicators(m, (const uint8_t *)records, strlen(records), format,
                                           json, NULL, csv, NULL);
}

static void test_indicators(bildungsnetz_monitor *m) {
    char records[4096], msg[512];
    char *json = NULL, *csv = NULL;
    size_t json_len = 0, csv_len = 0;
    static const char csv_records[] =
        "school_year,school_ags,grade,repeater\n"
        "2024/25,05334002,7,true\n2024/25,05334002,8,\n2024/25,05334004,7,false\n";
    static const char secret[] =
        "{\"school_year\":\"2024/25\",\"school_ags\":\"05334002\",\"grade\":\"x7secret\"}\n";

    make_records(records, sizeof records);
    /* The records have transitions only: the other indicators' tables are empty. */
    CHECK_OK(bildungsnetz_monitor_configure(m, "{\"allow_empty\":true}",
                                            strlen("{\"allow_empty\":true}")));
    CHECK_OK(bildungsnetz_monitor_indicators(m, (const uint8_t *)records, strlen(records),
                                             BILDUNGSNETZ_RECORDS_JSON_LINES, &json, &json_len,
                                             &csv, &csv_len));
    CHECK(json != NULL && strlen(json) == json_len && json[0] == '[');
    CHECK(json != NULL && strstr(json, "\"id\":\"uebergangsquote\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"suppressed\":\".\"") != NULL);
    CHECK(csv != NULL && strlen(csv) == csv_len);
    CHECK(csv != NULL && strstr(csv, "# uebergangsquote\n") != NULL);
    CHECK(csv != NULL && strstr(csv, ",.,") != NULL); /* the single Hauptschule pupil */
    CHECK(csv != NULL && strstr(csv, "Insgesamt,Insgesamt,11,") != NULL);
    bildungsnetz_string_free(json);
    bildungsnetz_string_free(csv);
    json = csv = NULL;

    /* Only one output; CSV input. */
    CHECK_OK(indicators(m, csv_records, BILDUNGSNETZ_RECORDS_CSV, NULL, &csv));
    CHECK(csv != NULL && strstr(csv, "# wiederholerquote\n") != NULL);
    bildungsnetz_string_free(csv);
    csv = NULL;

    /* Rounding to base 5 instead of suppression: no cell is suppressed. */
    CHECK_OK(bildungsnetz_monitor_configure(m, "{\"protection\":{\"method\":{\"round_base\":5}}}",
                                            strlen("{\"protection\":{\"method\":{\"round_base\":5}}}")));
    CHECK_OK(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, NULL, &csv));
    CHECK(csv != NULL && strstr(csv, "Insgesamt,Insgesamt,10,") != NULL);
    bildungsnetz_string_free(csv);
    csv = NULL;

    /* Block-wise secondary suppression: the grand total stays published. */
    {
        static const char blocks[] = "{\"protection\":{\"strategy\":\"blocks\"}}";
        CHECK_OK(bildungsnetz_monitor_configure(m, blocks, strlen(blocks)));
        CHECK_OK(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, NULL, &csv));
        CHECK(csv != NULL && strstr(csv, "Insgesamt,Insgesamt,10,") != NULL);
        bildungsnetz_string_free(csv);
        csv = NULL;
    }

    /* Explicit Kommunen: a record outside them is counted as such, its value never shown. */
    CHECK_OK(bildungsnetz_monitor_configure(m, "{\"kommunen\":[\"05334002\"],\"school_year\":"
                                               "\"2024/25\",\"land\":\"nrw\",\"protection\":{}}",
                                            strlen("{\"kommunen\":[\"05334002\"],\"school_year\":"
                                                   "\"2024/25\",\"land\":\"nrw\",\"protection\":{}}")));
    CHECK_OK(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, NULL));
    CHECK(json != NULL && strstr(json, "{\"field\":\"school_ags\",\"lost\":false,\"reason\":"
                                       "\"kommune_not_in_set\",\"records\":5}") != NULL);
    CHECK(json != NULL && strstr(json, "05334004") == NULL);
    bildungsnetz_string_free(json);
    json = NULL;
    CHECK_OK(bildungsnetz_monitor_configure(m, "{\"kommunen\":[\"05334002\",\"05334004\"]}",
                                            strlen("{\"kommunen\":[\"05334002\",\"05334004\"]}")));
    CHECK_OK(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, NULL));
    bildungsnetz_string_free(json);
    json = NULL;

    /* Bad records. */
    CHECK_RESULT(indicators(m, secret, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, &csv),
                 BILDUNGSNETZ_RESULT_INVALID_FACTS);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "field grade") != NULL && strstr(msg, "secret") == NULL);
    CHECK_RESULT(indicators(m, "school_year,repeater\n2024/25,vielleicht\n",
                            BILDUNGSNETZ_RECORDS_CSV, &json, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_FACTS);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "vielleicht") == NULL && strstr(msg, "line 2") != NULL);
    CHECK_RESULT(indicators(m, "{not json\n", BILDUNGSNETZ_RECORDS_JSON_LINES, &json, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_FACTS);
    CHECK_RESULT(indicators(m, records, 7, &json, NULL), BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_monitor_indicators(m, (const uint8_t *)"\xff", 1,
                                                 BILDUNGSNETZ_RECORDS_CSV, &json, NULL, NULL,
                                                 NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_monitor_indicators(m, NULL, 1, BILDUNGSNETZ_RECORDS_CSV, &json, NULL,
                                                 NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_monitor_indicators(m, (const uint8_t *)records,
                                                 BILDUNGSNETZ_MAX_RECORDS_BYTES + 1,
                                                 BILDUNGSNETZ_RECORDS_CSV, &json, NULL, NULL,
                                                 NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_monitor_indicators(NULL, (const uint8_t *)records, strlen(records),
                                                 BILDUNGSNETZ_RECORDS_JSON_LINES, &json, NULL,
                                                 NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(json == NULL && csv == NULL);

    /* Bad settings leave the settings unchanged. */
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{\"kommunen\":[\"5334\"]}", 21),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{\"kommunen\":[]}", 15),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{\"land\":\"bayern\"}", 17),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{\"protection\":{\"method\":{\"round_base\":0}}}",
                                                strlen("{\"protection\":{\"method\":{\"round_base\":0}}}")),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_monitor_configure(
                     m, "{\"directory_protection\":{\"dominance\":{\"n\":0,\"k_percent\":85}}}",
                     strlen("{\"directory_protection\":{\"dominance\":{\"n\":0,\"k_percent\":85}}}")),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    {
        static const char fast[] = "{\"protection\":{\"strategy\":\"fast\"}}";
        CHECK_RESULT(bildungsnetz_monitor_configure(m, fast, strlen(fast)),
                     BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    }
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{\"school_year\":\"2024\"}", 22),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{\"x\":1}", 7),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{", 1), BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "\xff", 1), BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, "{}", BILDUNGSNETZ_MAX_SETTINGS_BYTES + 1),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_monitor_configure(NULL, "{}", 2),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_OK(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, NULL));
    bildungsnetz_string_free(json);
    json = NULL;
}

/* Issue 16: records that match no cell are counted per reason; an indicator that counted none
 * is an error unless allow_empty; margins and the cell status are columns of the JSON only
 * the producer sees, not of the CSV; protection that protects nothing is refused. */
static void test_uncounted_and_empty(void) {
    static const char last_year[] =
        "{\"school_year\":\"2023/24\",\"school_ags\":\"05334002\",\"grade\":4,"
        "\"transition_schulform\":\"20\"}\n";
    static const char year[] = "{\"school_year\":\"2024/25\"}";
    static const char allow[] = "{\"allow_empty\":true}";
    static const char zero[] = "{\"protection\":{\"min_frequency\":0}}";
    static const char negative[] = "{\"protection\":{\"dominance\":{\"n\":1,\"k_percent\":-5}}}";
    static const char too_much[] = "{\"protection\":{\"dominance\":{\"n\":1,\"k_percent\":120}}}";
    bildungsnetz_monitor *m = NULL;
    char records[4096], msg[512];
    char *json = NULL, *csv = NULL;
    CHECK_OK(bildungsnetz_monitor_new(&m));
    make_records(records, sizeof records);
    /* Transitions without a recommendation: the breakdown by recommendation counts none. */
    CHECK_RESULT(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, &csv),
                 BILDUNGSNETZ_RESULT_INVALID_FACTS);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "indicator uebergang_nach_empfehlung counted no record (11 lost: "
                      "recommendation missing") != NULL);
    CHECK(strstr(msg, "allow_empty") != NULL);
    CHECK(json == NULL && csv == NULL);
    /* Records of another school year than the one asked for. */
    CHECK_OK(bildungsnetz_monitor_configure(m, year, strlen(year)));
    CHECK_RESULT(indicators(m, last_year, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_FACTS);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "indicator uebergangsquote counted no record (1 of another school year)") !=
          NULL);
    CHECK_OK(bildungsnetz_monitor_configure(m, allow, strlen(allow)));
    CHECK_OK(indicators(m, last_year, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, NULL));
    CHECK(json != NULL && strstr(json, "\"counted\":0,\"id\":\"uebergangsquote\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"reason\":\"other_school_year\",\"records\":1}") != NULL);
    bildungsnetz_string_free(json);
    json = NULL;
    /* Margins and status: in the JSON for the producer; the CSV has "." and "Insgesamt". */
    CHECK_OK(indicators(m, records, BILDUNGSNETZ_RECORDS_JSON_LINES, &json, &csv));
    CHECK(json != NULL && strstr(json, "\"margin\":[") != NULL);
    CHECK(json != NULL && strstr(json, "\"kommune+transition_schulform\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"status\":[") != NULL);
    CHECK(json != NULL && strstr(json, "\"primary\"") != NULL);
    CHECK(csv != NULL && strstr(csv, "primary") == NULL && strstr(csv, "status") == NULL);
    CHECK(csv != NULL && strstr(csv, "\nInsgesamt,Insgesamt,11,11,1.000000,"
                                     "kommune+transition_schulform\n") != NULL);
    bildungsnetz_string_free(json);
    bildungsnetz_string_free(csv);
    /* Settings that protect nothing, named. */
    CHECK_RESULT(bildungsnetz_monitor_configure(m, zero, strlen(zero)),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "min_frequency") != NULL);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, negative, strlen(negative)),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "k_percent") != NULL);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, too_much, strlen(too_much)),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "dominance") != NULL);
    bildungsnetz_monitor_free(m);
}

static void test_no_year(void) {
    bildungsnetz_monitor *m = NULL;
    char *json = NULL;
    CHECK_OK(bildungsnetz_monitor_new(&m));
    CHECK_RESULT(bildungsnetz_monitor_indicators(m, NULL, 0, BILDUNGSNETZ_RECORDS_JSON_LINES,
                                                 &json, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK(json == NULL);
    bildungsnetz_monitor_free(m);
    bildungsnetz_monitor_free(NULL);
    CHECK_RESULT(bildungsnetz_monitor_new(NULL), BILDUNGSNETZ_RESULT_NULL_PARAMETER);
}

static void test_directory(const bildungsnetz_monitor *m) {
    char *json = NULL, *csv = NULL;
    size_t len = 0;
    char msg[512];

    CHECK_OK(bildungsnetz_monitor_directory_tables(m, DIRECTORY, strlen(DIRECTORY), "05334002", 8,
                                                   &json, &len, &csv, NULL));
    CHECK(json != NULL && strlen(json) == len);
    CHECK(json != NULL && strstr(json, "\"id\":\"schueler_schulform\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"schools_without_pupils\":0") != NULL);
    CHECK(csv != NULL && strstr(csv, "# schulen\n") != NULL);
    CHECK(csv != NULL && strstr(csv, "# schueler_sozialindex\n") != NULL);
    CHECK(csv != NULL && strstr(csv, "05334002,") != NULL);
    bildungsnetz_string_free(json);
    bildungsnetz_string_free(csv);
    json = csv = NULL;

    CHECK_RESULT(bildungsnetz_monitor_directory_tables(m, DIRECTORY, strlen(DIRECTORY), "99", 2,
                                                       &json, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "no school in scope") != NULL);
    CHECK_RESULT(bildungsnetz_monitor_directory_tables(m, "/nonexistent.csv", 16, "05", 2, &json,
                                                       NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_IO);
    CHECK_RESULT(bildungsnetz_monitor_directory_tables(m, DIRECTORY, strlen(DIRECTORY), "05", 2,
                                                       NULL, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_monitor_directory_tables(m, "\xff", 1, "05", 2, &json, NULL, NULL,
                                                       NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_monitor_directory_tables(m, NULL, 3, "05", 2, &json, NULL, NULL,
                                                       NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_monitor_directory_tables(NULL, DIRECTORY, strlen(DIRECTORY), "05",
                                                       2, &json, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(json == NULL);
}

/* Reproducer r04: an unknown field inside the nested protection settings is refused (it used to
 * be ignored, leaving min_frequency at 3), and the settings stay as they were. */
static void test_settings_are_strict(void) {
    static const char typo[] = "{\"protection\":{\"min_frequncy\":10}}";
    static const char deeper[] =
        "{\"directory_protection\":{\"dominance\":{\"n\":1,\"k_percent\":85,\"k\":90}}}";
    static const char good[] = "{\"protection\":{\"min_frequency\":10}}";
    bildungsnetz_monitor *m = NULL;
    char msg[512];
    CHECK_OK(bildungsnetz_monitor_new(&m));
    CHECK_RESULT(bildungsnetz_monitor_configure(m, typo, strlen(typo)),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "protection.min_frequncy") != NULL);
    CHECK(strstr(msg, "unknown field") != NULL);
    CHECK_RESULT(bildungsnetz_monitor_configure(m, deeper, strlen(deeper)),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "directory_protection.dominance.k") != NULL);
    CHECK_OK(bildungsnetz_monitor_configure(m, good, strlen(good)));
    bildungsnetz_monitor_free(m);
}

/* Reproducer r02 through the C library: a stray quote costs its row, which is counted as
 * rejected; the contents are given as bytes, never taken for a file name. */
static void test_directory_bytes(const bildungsnetz_monitor *m) {
    static const char csv_text[] =
        "Schulnummer,Schulform,Amtliche Bezeichnung 1,Amtlicher Gemeindeschl\xc3\xbcssel,Anzahl\n"
        "100020,Grundschule,Schule A,5111000,220\n"
        "100061,Grundschule,Schule B,5111000,\"305\n"
        "100062,Grundschule,Schule C,5111000,100\n"
        "100063,Grundschule,Schule D,5111000,100\n";
    char *json = NULL;
    CHECK_OK(bildungsnetz_monitor_directory_tables_bytes(m, (const uint8_t *)csv_text,
                                                         strlen(csv_text), "05", 2, &json, NULL,
                                                         NULL, NULL));
    CHECK(json != NULL && strstr(json, "\"rows\":4") != NULL);
    CHECK(json != NULL && strstr(json, "\"rejected\":1") != NULL);
    bildungsnetz_string_free(json);
    json = NULL;
    CHECK_RESULT(bildungsnetz_monitor_directory_tables_bytes(m, (const uint8_t *)csv_text,
                                                             BILDUNGSNETZ_MAX_DIRECTORY_BYTES + 1,
                                                             "05", 2, &json, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_monitor_directory_tables_bytes(m, NULL, 3, "05", 2, &json, NULL,
                                                             NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(json == NULL);
}

/* Reproducer r07: files are read as a stream with the limit applied while reading, so an
 * endless device is refused instead of exhausting memory; *out stays untouched. */
static void test_endless_files(const bildungsnetz_monitor *m) {
    char *json = NULL;
    bildungsnetz_network *n = NULL;
    bildungsnetz_report *report = NULL;
    bildungsnetz_rulebook *book = NULL;
    bildungsnetz_conformance *results = NULL;
    CHECK_OK(bildungsnetz_network_new(&n));
    CHECK_OK(bildungsnetz_network_set_max_bytes(n, 1000));
    CHECK_RESULT(bildungsnetz_network_load_path(n, "/dev/zero", 9, &report),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK(report == NULL);
    bildungsnetz_network_free(n);
    /* The 64 MiB and 256 MiB limits take a while under valgrind. */
    if (getenv("BILDUNGSNETZ_TEST_SMALL") == NULL) {
        CHECK_RESULT(bildungsnetz_monitor_directory_tables(m, "/dev/zero", 9, "05", 2, &json,
                                                           NULL, NULL, NULL),
                     BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
        CHECK(json == NULL);
        CHECK_OK(bildungsnetz_rulebook_new(&book));
        CHECK_RESULT(bildungsnetz_conformance_run_file(book, "/dev/zero", 9, &results),
                     BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
        CHECK(results == NULL);
        bildungsnetz_rulebook_free(book);
    }
}

/* Two releases through the register: the second keeps what the first showed and hid; a
 * changed count is refused with the table, the release and no output; a register of an
 * unknown version is refused with its JSON pointer. */
static void test_register(const bildungsnetz_monitor *m) {
    char records[4096], changed[4096], msg[512];
    char *csv1 = NULL, *csv2 = NULL, *reg1 = NULL, *reg2 = NULL, *csv3 = NULL, *reg3 = NULL;
    size_t reg1_len = 0;
    static const char march[] = "Bericht M\xc3\xa4rz", june[] = "Tabelle Juni";
    static const char newer[] =
        "{\"format\":\"bildungsnetz-register\",\"version\":9,\"releases\":[]}";
    size_t used = make_records(records, sizeof records);
    memcpy(changed, records, used + 1);
    snprintf(changed + used, sizeof changed - used,
             "{\"school_year\":\"2024/25\",\"school_ags\":\"05334002\",\"grade\":4,"
             "\"transition_schulform\":\"20\"}\n");

    CHECK_OK(bildungsnetz_monitor_indicators_registered(
        m, (const uint8_t *)records, strlen(records), BILDUNGSNETZ_RECORDS_JSON_LINES, NULL, 0,
        march, strlen(march), "2025-03-14", 10, NULL, NULL, &csv1, NULL, &reg1, &reg1_len));
    CHECK(reg1 != NULL && strlen(reg1) == reg1_len);
    CHECK(reg1 != NULL && strstr(reg1, "\"bildungsnetz-register\"") != NULL);
    CHECK(reg1 != NULL && strstr(reg1, march) != NULL);
    CHECK_OK(bildungsnetz_monitor_indicators_registered(
        m, (const uint8_t *)records, strlen(records), BILDUNGSNETZ_RECORDS_JSON_LINES, reg1,
        reg1_len, june, strlen(june), "2025-06-02", 10, NULL, NULL, &csv2, NULL, &reg2, NULL));
    CHECK(csv1 != NULL && csv2 != NULL && strcmp(csv1, csv2) == 0);
    CHECK(reg2 != NULL && strstr(reg2, march) != NULL && strstr(reg2, june) != NULL);

    CHECK_RESULT(bildungsnetz_monitor_indicators_registered(
                     m, (const uint8_t *)changed, strlen(changed),
                     BILDUNGSNETZ_RECORDS_JSON_LINES, reg1, reg1_len, june, strlen(june),
                     "2025-06-02", 10, NULL, NULL, &csv3, NULL, &reg3, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK(csv3 == NULL && reg3 == NULL);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "table uebergangsquote") != NULL);
    CHECK(strstr(msg, march) != NULL);

    CHECK_RESULT(bildungsnetz_monitor_indicators_registered(
                     m, (const uint8_t *)records, strlen(records),
                     BILDUNGSNETZ_RECORDS_JSON_LINES, newer, strlen(newer), june, strlen(june),
                     "2025-06-02", 10, NULL, NULL, &csv3, NULL, &reg3, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(m, msg, sizeof msg);
    CHECK(strstr(msg, "/version") != NULL);
    CHECK_RESULT(bildungsnetz_monitor_indicators_registered(
                     m, (const uint8_t *)records, strlen(records),
                     BILDUNGSNETZ_RECORDS_JSON_LINES, NULL, 0, june, strlen(june), "2025-06-02",
                     10, NULL, NULL, &csv3, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    bildungsnetz_string_free(csv1);
    bildungsnetz_string_free(csv2);
    bildungsnetz_string_free(reg1);
    bildungsnetz_string_free(reg2);
}

int main(int argc, char **argv) {
    bildungsnetz_monitor *m = NULL;
    (void)argc;
    (void)argv;
    if (bildungsnetz_monitor_new(&m) != BILDUNGSNETZ_RESULT_OK) {
        return 2;
    }
    test_indicators(m);
    test_register(m);
    test_directory(m);
    test_directory_bytes(m);
    test_endless_files(m);
    test_settings_are_strict();
    test_uncounted_and_empty();
    test_no_year();
    CHECK_RESULT(bildungsnetz_monitor_last_error(NULL, NULL, 0, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    bildungsnetz_monitor_free(m);
    return harness_finish("test_monitor");
}
