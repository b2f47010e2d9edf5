#pragma once

#include "error/result.h"

#include <string_view>

namespace doorstep::mobile {

// Which PINs an officer may choose. A 6-digit PIN guarded by a 10-attempt wipe is only as
// strong as the guesses an attacker tries first, so the PINs people pick most often are refused.
//
// Rules, checked in this order:
//   1. digits only, 6 to 16 of them;
//   2. not one digit repeated (111111);
//   3. not a run stepping by one, up or down, wrapping 9-0 (123456, 654321, 890123);
//   4. not a shorter block repeated (121212, 123123, 1212121);
//   5. not a run of doubled digits (112233, 998877);
//   6. at least three different digits (111222, 110011, 101101);
//   7. not on the list of keypad shapes and other favourites (159753, 147258, 102030...).
class PinPolicy
{
public:
    enum class Verdict {
        Accepted,
        NotDigits,
        TooShort,
        TooLong,
        SameDigit,
        Sequence,
        RepeatedBlock,
        DoubledSequence,
        TooFewDistinctDigits,
        Common,
    };

    static constexpr int minimumLength = 6;
    static constexpr int maximumLength = 16;

    static Verdict evaluate(std::string_view pin);
    // Accepted, or ERROR_CODE_INVALID_ARGUMENT with a message the officer can act on.
    static Status check(std::string_view pin);
    static const char *explain(Verdict verdict);
};

} // namespace doorstep::mobile
