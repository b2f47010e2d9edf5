#pragma once

#include <cstdint>

namespace doorstep::mobile {

// Argon2id cost parameters, stored beside every wrapped key so they can be raised later: a key
// wrapped with old parameters still opens, and is re-wrapped with the current ones on unlock.
struct KdfParams
{
    std::uint64_t opsLimit = 0;
    std::uint64_t memLimitBytes = 0;

    // For the app. Argon2id, 3 passes over 64 MiB: about 0.15 s on a desktop core and roughly
    // 0.4-0.6 s on a mid-range tablet (ARM cores run Argon2 three to four times slower).
    // 64 MiB stays well inside what Android and iOS let an app allocate, and 3 passes is
    // libsodium's MODERATE time cost; raising memory beats raising passes against GPUs, so
    // memory is the first knob to turn when tablets get faster.
    static KdfParams recommended();
    // libsodium's minimum cost: for tests only, where Argon2id must take microseconds.
    static KdfParams minimal();

    // True when either cost is lower than `other`'s.
    bool weakerThan(const KdfParams &other) const
    {
        return opsLimit < other.opsLimit || memLimitBytes < other.memLimitBytes;
    }
    bool operator==(const KdfParams &) const = default;
};

} // namespace doorstep::mobile
