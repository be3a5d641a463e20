#ifndef SIPAS_FUZZER_DRIVER_H
#define SIPAS_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (parses the -flags, runs the corpus, mutates) with `testOneInput`.
/// libFuzzer's `LLVMFuzzerRunDriver`, linked in by -sanitize=fuzzer.
int sipas_fuzz_run_driver(int *argc, char ***argv, int (*testOneInput)(const uint8_t *data, size_t size));

#endif
