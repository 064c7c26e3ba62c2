/* C tests of the one vocabulary: canonical codes for every spelling, the codes of a kind, their
 * German names, and the learner facts reading the same spellings.
 * Usage: test_vocabulary <examples/data dir> */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

static void check_code(const char *kind, const char *spelling, const char *expected) {
    char *code = NULL;
    size_t len = 0;
    CHECK_OK(bildungsnetz_canonical_code(kind, strlen(kind), spelling, strlen(spelling), &code,
                                         &len));
    CHECK_STR(code, expected);
    CHECK(code != NULL && len == strlen(code));
    /* Normalising is idempotent: the code maps to itself. */
    if (code != NULL) {
        char *again = NULL;
        CHECK_OK(bildungsnetz_canonical_code(kind, strlen(kind), code, strlen(code), &again, NULL));
        CHECK_STR(again, expected);
        bildungsnetz_string_free(again);
    }
    bildungsnetz_string_free(code);
}

static void test_spellings(void) {
    check_code("land", "NW", "NW");
    check_code("land", "nw", "NW");
    check_code("land", "NRW", "NW");
    check_code("land", "Nordrhein-Westfalen", "NW");
    check_code("land", "RLP", "RP");
    check_code("qualification", "EESA", "HA10");
    check_code("qualification", "ESA_Q", "HA9_Q");
    check_code("qualification", "FOR-Q", "MSA_Q");
    check_code("qualification", "Abitur", "ABITUR");
    check_code("schulform", "GY", "20");
    check_code("schulform", "Gymnasium", "20");
    check_code("bildungsgang", "b06", "B06");
    check_code("kommune", "k-05334012", "05334012");
    check_code("kommune", "053340012012", "05334012");
}

static void test_failures(void) {
    char *sentinel = (char *)"untouched";
    char *out = sentinel;
    size_t out_len = 4242;
    char long_code[BILDUNGSNETZ_MAX_CODE_BYTES + 2];
    CHECK_RESULT(bildungsnetz_canonical_code("land", 4, "Atlantis", 8, &out, &out_len),
                 BILDUNGSNETZ_RESULT_UNKNOWN_CODE);
    CHECK_RESULT(bildungsnetz_canonical_code("colour", 6, "red", 3, &out, &out_len),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_canonical_code("land", 4, "N\xFF", 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_canonical_code("land", 4, NULL, 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_canonical_code("land", 4, "NW", 2, NULL, &out_len),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    memset(long_code, 'A', sizeof long_code - 1);
    long_code[sizeof long_code - 1] = '\0';
    CHECK_RESULT(
        bildungsnetz_canonical_code("land", 4, long_code, strlen(long_code), &out, &out_len),
        BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_codes("colour", 6, &out, &out_len),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_codes("land", 4, NULL, &out_len),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_code_name_de("schulform", 9, "GY", 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_UNKNOWN_CODE);
    CHECK_RESULT(bildungsnetz_code_name_de("colour", 6, "20", 2, &out, &out_len),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK(out == sentinel && out_len == 4242);
}

static void test_codes_and_names(void) {
    char *json = NULL, *name = NULL;
    size_t len = 0;
    CHECK_OK(bildungsnetz_codes("land", 4, &json, &len));
    CHECK(json != NULL && len == strlen(json));
    CHECK(json != NULL && strncmp(json, "[\"SH\",\"HH\",", 11) == 0);
    bildungsnetz_string_free(json);
    CHECK_OK(bildungsnetz_codes("kommune", 7, &json, NULL));
    CHECK_STR(json, "[]");
    bildungsnetz_string_free(json);
    CHECK_OK(bildungsnetz_code_name_de("schulform", 9, "20", 2, &name, &len));
    CHECK_STR(name, "Gymnasium");
    CHECK(name != NULL && len == strlen("Gymnasium"));
    bildungsnetz_string_free(name);
    CHECK_OK(bildungsnetz_code_name_de("qualification", 13, "HA10", 4, &name, NULL));
    CHECK_STR(name, "Erweiterter Erster Schulabschluss");
    bildungsnetz_string_free(name);
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    test_spellings();
    test_failures();
    test_codes_and_names();
    return harness_finish("test_vocabulary");
}
