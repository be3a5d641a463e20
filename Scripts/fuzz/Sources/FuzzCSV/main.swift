import FuzzSupport

// libFuzzer's driver with this target's LLVMFuzzerTestOneInput (see `Fuzz.main` for why).
Fuzz.main { data, size in
    fuzz(data ?? Fuzz.emptyInput, size)
}
