#include "CFuzzerDriver.h"

// Declared by libFuzzer (FuzzerInterface.h) for programs with a main of their own.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

int sipas_fuzz_run_driver(int *argc, char ***argv, int (*testOneInput)(const uint8_t *data, size_t size)) {
    return LLVMFuzzerRunDriver(argc, argv, testOneInput);
}
