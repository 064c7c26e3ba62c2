/* Example: load network documents and print their validation reports.
 *
 * Build (after `make install PREFIX=...`):
 *   cc -std=c11 network_report.c $(pkg-config --cflags --libs bildungsnetz) -o network_report
 * Run:
 *   ./network_report examples/data/hagen.json examples/data/broken.json
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <bildungsnetz.h>

static int report_on(const bildungsnetz_validator *validator, const char *path) {
    bildungsnetz_network *network = NULL;
    bildungsnetz_report *report = NULL;
    const char *text = NULL;
    size_t count = 0, i;
    bool ok = false;
    bildungsnetz_result r;
    char message[512];

    if (bildungsnetz_network_new(&network) != BILDUNGSNETZ_RESULT_OK) {
        return 1;
    }
    r = bildungsnetz_network_load_path(network, path, strlen(path), &report);
    if (r != BILDUNGSNETZ_RESULT_OK) {
        bildungsnetz_network_last_error(network, message, sizeof message, NULL);
        printf("%s: %s: %s\n", path, bildungsnetz_result_name(r), message);
    } else {
        bildungsnetz_network_name(network, &text, NULL);
        printf("%s: %s\n", path, text);
        r = bildungsnetz_validator_validate(validator, network, &report);
    }
    if (report != NULL) {
        bildungsnetz_report_is_ok(report, &ok);
        bildungsnetz_report_len(report, &count);
        printf("  %s, %zu problem(s)\n", ok ? "valid" : "INVALID", count);
        for (i = 0; i < count && i < 5; i++) {
            const char *code = NULL, *where = NULL, *what = NULL;
            bildungsnetz_report_problem_code(report, i, &code, NULL);
            bildungsnetz_report_problem_path(report, i, &where, NULL);
            bildungsnetz_report_problem_message(report, i, &what, NULL);
            printf("  [%s] %s: %s\n", code, where[0] ? where : "/", what);
        }
        if (count > 5) {
            printf("  ... and %zu more\n", count - 5);
        }
    }
    bildungsnetz_report_free(report);
    bildungsnetz_network_free(network);
    return r == BILDUNGSNETZ_RESULT_OK ? 0 : 1;
}

int main(int argc, char **argv) {
    bildungsnetz_validator *validator = NULL;
    int i, failures = 0;
    printf("libbildungsnetz %s\n", bildungsnetz_version());
    if (bildungsnetz_validator_new(&validator) != BILDUNGSNETZ_RESULT_OK) {
        return 1;
    }
    for (i = 1; i < argc; i++) {
        failures += report_on(validator, argv[i]);
    }
    bildungsnetz_validator_free(validator);
    return failures == 0 ? 0 : 1;
}
