/* C tests of the Bildungsbüro functions (issue 9): recommendation report, offers and gaps,
 * referral, participation, money forwarded, applications, event registries; bad inputs.
 * Usage: test_office <examples/data dir> <cases.tsv> <tests/conformance dir> */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

static bildungsnetz_network *load(const char *dir, const char *file) {
    bildungsnetz_network *n = NULL;
    const char *path = harness_path(dir, file);
    if (bildungsnetz_network_new(&n) != BILDUNGSNETZ_RESULT_OK ||
        bildungsnetz_network_load_path(n, path, strlen(path), NULL) != BILDUNGSNETZ_RESULT_OK) {
        fprintf(stderr, "cannot load %s\n", file);
        exit(2);
    }
    return n;
}

static void last(const bildungsnetz_network *n, char *buf, size_t len) {
    if (bildungsnetz_network_last_error(n, buf, len, NULL) != BILDUNGSNETZ_RESULT_OK) {
        buf[0] = '\0';
    }
}

static void test_report(const bildungsnetz_network *aachen) {
    char *out = NULL;
    size_t len = 0;
    bildungsnetz_network *empty = NULL;

    CHECK_OK(bildungsnetz_network_recommendation_report(aachen, false, &out, &len));
    CHECK(out != NULL && strlen(out) == len && strstr(out, "\"recommendations\"") != NULL);
    bildungsnetz_string_free(out);
    out = NULL;
    CHECK_OK(bildungsnetz_network_recommendation_report(aachen, true, &out, NULL));
    CHECK(out != NULL && strstr(out, "Empfehlung") != NULL);
    bildungsnetz_string_free(out);
    out = NULL;
    CHECK_RESULT(bildungsnetz_network_recommendation_report(aachen, false, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_recommendation_report(NULL, false, &out, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_OK(bildungsnetz_network_new(&empty));
    CHECK_RESULT(bildungsnetz_network_recommendation_report(empty, false, &out, NULL),
                 BILDUNGSNETZ_RESULT_WRONG_STATE);
    CHECK_RESULT(bildungsnetz_network_forwarded(empty, &out, NULL),
                 BILDUNGSNETZ_RESULT_WRONG_STATE);
    CHECK(out == NULL);
    bildungsnetz_network_free(empty);
}

static bildungsnetz_result query(const bildungsnetz_network *n, const char *q, char **out,
                                 size_t *count) {
    return bildungsnetz_network_offers_query(n, q, strlen(q), out, NULL, count);
}

static void test_offers(const bildungsnetz_network *aachen) {
    char *out = NULL;
    size_t count = 0, all = 0, len = 0;
    char msg[512];

    CHECK_OK(query(aachen, "{}", &out, &all));
    CHECK(all >= 4);
    bildungsnetz_string_free(out);
    CHECK_OK(query(aachen, "{\"age\":12,\"kommune\":\"k-05334036\"}", &out, &count));
    CHECK(count >= 1 && strstr(out, "\"id\":\"o-ferien-mint\"") != NULL);
    bildungsnetz_string_free(out);
    CHECK_OK(query(aachen, "{\"age\":3,\"language\":\"ar\"}", &out, &count));
    CHECK(count == 0 && strcmp(out, "[]") == 0);
    bildungsnetz_string_free(out);
    CHECK_OK(query(aachen, "{\"stage\":\"primarstufe\",\"date\":\"2025-03-01\"}", &out, NULL));
    bildungsnetz_string_free(out);
    CHECK_OK(query(aachen, "{\"ages\":[6,9],\"target_group\":\"eltern\"}", &out, NULL));
    bildungsnetz_string_free(out);
    out = NULL;

    CHECK_RESULT(query(aachen, "{\"age\":3,\"ages\":[1,2]}", &out, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(query(aachen, "{\"ages\":[9,6]}", &out, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(query(aachen, "{\"alter\":3}", &out, NULL), BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(aachen, msg, sizeof msg);
    CHECK(strstr(msg, "alter") != NULL);
    CHECK_RESULT(query(aachen, "{\"age\":300}", &out, NULL), BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    last(aachen, msg, sizeof msg);
    CHECK(strstr(msg, "300") == NULL && strstr(msg, "field age") != NULL);
    CHECK_RESULT(query(aachen, "{\"date\":\"2025-02-30\"}", &out, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(query(aachen, "{", &out, NULL), BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(query(aachen, "{} x", &out, NULL), BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(query(aachen, "", &out, NULL), BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(bildungsnetz_network_offers_query(aachen, "\xff", 1, &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_network_offers_query(aachen, NULL, 3, &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_offers_query(aachen, "{}", BILDUNGSNETZ_MAX_REQUEST_BYTES + 1,
                                                   &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_network_offers_query(aachen, "{}", 2, NULL, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(out == NULL);

    /* Gaps: default bands, own bands, bad bands. */
    CHECK_OK(bildungsnetz_network_offer_gaps(aachen, NULL, 0, &out, &len, &count));
    CHECK(count > 0 && strstr(out, "\"handlungsfeld\"") != NULL && strlen(out) == len);
    bildungsnetz_string_free(out);
    CHECK_OK(bildungsnetz_network_offer_gaps(aachen, "[[0,99]]", 8, &out, NULL, &all));
    CHECK(all <= count);
    bildungsnetz_string_free(out);
    out = NULL;
    CHECK_RESULT(bildungsnetz_network_offer_gaps(aachen, "[[9,1]]", 7, &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_network_offer_gaps(aachen, "[1]", 3, &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_network_offer_gaps(aachen, "[[1,2]", 6, &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(bildungsnetz_network_offer_gaps(NULL, NULL, 0, &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(out == NULL);
}

static void test_referral(const bildungsnetz_network *aachen) {
    char *out = NULL;
    size_t count = 0;
    char msg[512];
    static const char ok[] =
        "{\"topic\":\"schulprobleme\",\"age\":9,\"kommune\":\"k-05334012\",\"language\":\"tr\"}";
    static const char outside[] = "{\"topic\":\"schulprobleme\",\"kommune\":\"k-09999999\"}";
    static const char unknown_topic[] = "{\"topic\":\"diagnose\",\"kommune\":\"k-05334012\"}";

    CHECK_OK(bildungsnetz_network_refer(aachen, ok, strlen(ok), &out, NULL, &count));
    CHECK(count >= 2);
    CHECK(out != NULL && strstr(out, "Erziehungsberatungsstelle Eschweiler") != NULL);
    CHECK(out != NULL && strstr(out, "Erziehungsberatungsstelle Eschweiler") <
                             strstr(out, "Schulpsychologischer Dienst"));
    bildungsnetz_string_free(out);
    out = NULL;
    CHECK_RESULT(bildungsnetz_network_refer(aachen, outside, strlen(outside), &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_KOMMUNE_OUTSIDE_NETWORK);
    last(aachen, msg, sizeof msg);
    CHECK(strstr(msg, "kommune") != NULL && strstr(msg, "not part of this network") != NULL);
    CHECK(strstr(msg, "09999999") == NULL);
    CHECK_RESULT(bildungsnetz_network_refer(aachen, unknown_topic, strlen(unknown_topic), &out,
                                            NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_network_refer(aachen, "{\"topic\":\"schulprobleme\"}", 25, &out,
                                            NULL, NULL),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_network_refer(aachen, "nope", 4, &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(bildungsnetz_network_refer(NULL, ok, strlen(ok), &out, NULL, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(out == NULL);

    CHECK_OK(bildungsnetz_network_participation(aachen, &out, NULL));
    CHECK(out != NULL && strstr(out, "\"kind\":\"fachtag\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"participants\":118") != NULL);
    bildungsnetz_string_free(out);
    out = NULL;
    CHECK_RESULT(bildungsnetz_network_participation(NULL, &out, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
}

static void test_programmes(const bildungsnetz_network *koblenz) {
    char *out = NULL;
    size_t len = 0, problems = 99;
    bool ok = false;
    const char *code = NULL, *path = NULL;
    bildungsnetz_report *report = NULL;
    char msg[512];
    static const char pid[] = "pr-demokratie-leben";
    static const char app[] =
        "{\"id\":\"a-test\",\"applicant\":\"p-traeger-demokratie\",\"project\":\"Test\","
        "\"amount_cents\":850000,\"submitted_on\":\"2023-01-15\",\"start\":\"2023-03-01\","
        "\"end\":\"2023-12-15\",\"fields\":{\"zielgruppe\":\"x\",\"handlungsfeld\":\"y\"}}";
    static const char over[] =
        "{\"id\":\"a-test\",\"applicant\":\"p-traeger-demokratie\",\"project\":\"Test\","
        "\"amount_cents\":500000000,\"submitted_on\":\"2023-01-15\",\"start\":\"2023-03-01\","
        "\"end\":\"2023-12-15\",\"fields\":{\"zielgruppe\":\"x\",\"handlungsfeld\":\"y\"}}";

    CHECK_OK(bildungsnetz_network_forwarded(koblenz, &out, &len));
    CHECK(out != NULL && strlen(out) == len && strstr(out, "\"programme\":\"pr-demokratie-leben\""));
    CHECK(out != NULL && strstr(out, "\"year\":2023") != NULL);
    bildungsnetz_string_free(out);
    out = NULL;
    CHECK_RESULT(bildungsnetz_network_forwarded(NULL, &out, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);

    CHECK_OK(bildungsnetz_network_check_application(koblenz, pid, strlen(pid), app, strlen(app),
                                                    &report));
    CHECK_OK(bildungsnetz_report_is_ok(report, &ok));
    CHECK(ok);
    bildungsnetz_report_free(report);
    report = NULL;
    CHECK_OK(bildungsnetz_network_check_application(koblenz, pid, strlen(pid), over, strlen(over),
                                                    &report));
    CHECK_OK(bildungsnetz_report_is_ok(report, &ok));
    CHECK(!ok);
    CHECK_OK(bildungsnetz_report_len(report, &problems));
    CHECK(problems >= 1);
    CHECK_OK(bildungsnetz_report_problem_code(report, 0, &code, NULL));
    CHECK_STR(code, "amount_over_maximum");
    CHECK_OK(bildungsnetz_report_problem_path(report, 0, &path, NULL));
    CHECK_STR(path, "/amount_cents");
    bildungsnetz_report_free(report);
    report = NULL;

    CHECK_RESULT(bildungsnetz_network_check_application(koblenz, "pr-x", 4, app, strlen(app),
                                                        &report),
                 BILDUNGSNETZ_RESULT_UNKNOWN_ID);
    last(koblenz, msg, sizeof msg);
    CHECK(strstr(msg, "programme") != NULL);
    CHECK_RESULT(bildungsnetz_network_check_application(koblenz, pid, strlen(pid), "{\"id\":1}", 8,
                                                        &report),
                 BILDUNGSNETZ_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(bildungsnetz_network_check_application(koblenz, pid, strlen(pid), "{", 1,
                                                        &report),
                 BILDUNGSNETZ_RESULT_MALFORMED_JSON);
    CHECK_RESULT(bildungsnetz_network_check_application(koblenz, pid, strlen(pid), app,
                                                        strlen(app), NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_check_application(koblenz, "\xff", 1, app, strlen(app),
                                                        &report),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_network_check_application(koblenz, pid, BILDUNGSNETZ_MAX_ID_BYTES + 1,
                                                        app, strlen(app), &report),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_network_check_application(NULL, pid, strlen(pid), app, strlen(app),
                                                        &report),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(report == NULL);
}

static void reg_error(const bildungsnetz_event_registry *r, char *buf, size_t len) {
    if (bildungsnetz_event_registry_last_error(r, buf, len, NULL) != BILDUNGSNETZ_RESULT_OK) {
        buf[0] = '\0';
    }
}

static void test_events(const bildungsnetz_network *aachen) {
    bildungsnetz_event_registry *r = NULL, *net = NULL;
    size_t pos = 99, n = 99, len = 0;
    char *moved = NULL;
    char msg[512];

    CHECK_OK(bildungsnetz_event_registry_new("e-fachtag", 9, true, 2, 1, &r));
    CHECK_OK(bildungsnetz_event_registry_register(r, "r-1", 3, &pos));
    CHECK(pos == 0);
    CHECK_OK(bildungsnetz_event_registry_register(r, "r-2", 3, NULL));
    CHECK_OK(bildungsnetz_event_registry_register(r, "r-3", 3, &pos));
    CHECK(pos == 1);
    CHECK_RESULT(bildungsnetz_event_registry_register(r, "r-4", 3, &pos),
                 BILDUNGSNETZ_RESULT_EVENT_FULL);
    reg_error(r, msg, sizeof msg);
    CHECK(strstr(msg, "e-fachtag") != NULL && strstr(msg, "r-4") == NULL);
    CHECK_RESULT(bildungsnetz_event_registry_register(r, "r-1", 3, &pos),
                 BILDUNGSNETZ_RESULT_ALREADY_REGISTERED);
    reg_error(r, msg, sizeof msg);
    CHECK(strstr(msg, "r-1") == NULL);
    CHECK_OK(bildungsnetz_event_registry_confirmed_count(r, &n));
    CHECK(n == 2);
    CHECK_OK(bildungsnetz_event_registry_waiting_count(r, &n));
    CHECK(n == 1);
    CHECK_OK(bildungsnetz_event_registry_cancel(r, "r-1", 3, &moved));
    CHECK_STR(moved, "r-3");
    bildungsnetz_string_free(moved);
    moved = NULL;
    CHECK_OK(bildungsnetz_event_registry_waiting_count(r, &n));
    CHECK(n == 0);
    CHECK_OK(bildungsnetz_event_registry_cancel(r, "r-2", 3, &moved));
    CHECK(moved == NULL);
    CHECK_OK(bildungsnetz_event_registry_cancel(r, "r-3", 3, NULL));
    CHECK_RESULT(bildungsnetz_event_registry_cancel(r, "r-9", 3, &moved),
                 BILDUNGSNETZ_RESULT_NOT_REGISTERED);
    CHECK_OK(bildungsnetz_event_registry_last_error(r, msg, sizeof msg, &len));
    CHECK(len > 0 && strstr(msg, "r-9") == NULL);
    CHECK_OK(bildungsnetz_event_registry_confirmed_count(r, &n));
    CHECK(n == 0);
    CHECK_RESULT(bildungsnetz_event_registry_register(r, NULL, 3, &pos),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_register(r, "\xff", 1, &pos),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK_RESULT(bildungsnetz_event_registry_register(r, "x", BILDUNGSNETZ_MAX_ID_BYTES + 1, &pos),
                 BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE);
    CHECK_RESULT(bildungsnetz_event_registry_cancel(r, NULL, 1, &moved),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_register(NULL, "a", 1, &pos),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_cancel(NULL, "a", 1, &moved),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_confirmed_count(NULL, &n),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_confirmed_count(r, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_waiting_count(NULL, &n),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_last_error(NULL, msg, sizeof msg, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    bildungsnetz_event_registry_free(r);
    bildungsnetz_event_registry_free(NULL);
    r = NULL;

    /* Unlimited capacity, no waiting list. */
    CHECK_OK(bildungsnetz_event_registry_new("e-open", 6, false, 0, 0, &r));
    CHECK_OK(bildungsnetz_event_registry_register(r, "a", 1, &pos));
    CHECK_OK(bildungsnetz_event_registry_register(r, "b", 1, &pos));
    CHECK(pos == 0);
    bildungsnetz_event_registry_free(r);
    r = NULL;
    CHECK_RESULT(bildungsnetz_event_registry_new("e", 1, true, 1, 0, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_new(NULL, 1, true, 1, 0, &r),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_event_registry_new("\xff", 1, true, 1, 0, &r),
                 BILDUNGSNETZ_RESULT_INVALID_UTF8);
    CHECK(r == NULL);

    /* A registry for an event of the network takes its capacity (120 for the Fachtag). */
    CHECK_OK(bildungsnetz_network_event_registry(aachen, "e-fachtag-2024", 14, 0, &net));
    for (n = 0; n < 120; n++) {
        char p[16];
        snprintf(p, sizeof p, "p-%zu", n);
        CHECK_RESULT(bildungsnetz_event_registry_register(net, p, strlen(p), NULL),
                     BILDUNGSNETZ_RESULT_OK);
    }
    CHECK_RESULT(bildungsnetz_event_registry_register(net, "p-x", 3, NULL),
                 BILDUNGSNETZ_RESULT_EVENT_FULL);
    bildungsnetz_event_registry_free(net);
    net = NULL;
    CHECK_RESULT(bildungsnetz_network_event_registry(aachen, "e-none", 6, 0, &net),
                 BILDUNGSNETZ_RESULT_UNKNOWN_ID);
    CHECK_RESULT(bildungsnetz_network_event_registry(aachen, "e-bk-2023", 9, 0, NULL),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK_RESULT(bildungsnetz_network_event_registry(NULL, "e-bk-2023", 9, 0, &net),
                 BILDUNGSNETZ_RESULT_NULL_PARAMETER);
    CHECK(net == NULL);
}

int main(int argc, char **argv) {
    bildungsnetz_network *aachen, *koblenz;
    if (argc < 2) {
        fprintf(stderr, "usage: test_office <examples/data dir> ...\n");
        return 2;
    }
    aachen = load(argv[1], "staedteregion-aachen.json");
    koblenz = load(argv[1], "koblenz.json");
    test_report(aachen);
    test_offers(aachen);
    test_referral(aachen);
    test_programmes(koblenz);
    test_events(aachen);
    bildungsnetz_network_free(aachen);
    bildungsnetz_network_free(koblenz);
    return harness_finish("test_office");
}
