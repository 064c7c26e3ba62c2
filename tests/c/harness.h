/* A minimal test harness for the C tests of libbildungsnetz: CHECK counts, main prints
 * "N passed, N failed" and exits non-zero on any failure. */
#ifndef BILDUNGSNETZ_TEST_HARNESS_H
#define BILDUNGSNETZ_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bildungsnetz.h"

static unsigned long harness_passed = 0;
static unsigned long harness_failed = 0;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (cond) {                                                                      \
            harness_passed++;                                                            \
        } else {                                                                         \
            harness_failed++;                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)

/* Checks that an expression gives a status; prints both names when not. */
#define CHECK_RESULT(expr, expected)                                                     \
    do {                                                                                 \
        bildungsnetz_result check_r_ = (expr);                                           \
        if (check_r_ == (bildungsnetz_result)(expected)) {                               \
            harness_passed++;                                                            \
        } else {                                                                         \
            harness_failed++;                                                            \
            fprintf(stderr, "%s:%d: %s gave %s, expected %s\n", __FILE__, __LINE__,      \
                    #expr, bildungsnetz_result_name(check_r_),                           \
                    bildungsnetz_result_name(expected));                                 \
        }                                                                                \
    } while (0)

#define CHECK_OK(expr) CHECK_RESULT(expr, BILDUNGSNETZ_RESULT_OK)

#define CHECK_STR(actual, expected)                                                      \
    do {                                                                                 \
        const char *check_a_ = (actual);                                                 \
        const char *check_e_ = (expected);                                               \
        if (check_a_ != NULL && strcmp(check_a_, check_e_) == 0) {                       \
            harness_passed++;                                                            \
        } else {                                                                         \
            harness_failed++;                                                            \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
                    #actual, check_a_ ? check_a_ : "(null)", check_e_);                  \
        }                                                                                \
    } while (0)

static inline int harness_finish(const char *name) {
    printf("%s: %lu passed, %lu failed\n", name, harness_passed, harness_failed);
    return harness_failed == 0 ? 0 : 1;
}

/* Reads a whole file; the caller frees. Exits on failure (a broken test setup). */
static inline char *harness_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "cannot size %s\n", path);
        exit(2);
    }
    buf = malloc((size_t)size + 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    buf[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* Joins a directory and a file name into a static buffer. */
static inline const char *harness_path(const char *dir, const char *file) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", dir, file);
    return buf;
}

#endif
