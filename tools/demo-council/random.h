#pragma once

// A small deterministic random number generator for the demo council.
//
// The demo must be byte-identical for a given seed on every platform and standard library, so
// nothing here uses std:: distributions (their algorithms are unspecified and differ between
// libstdc++, libc++ and MSVC) or libm functions whose last bit may differ (sin, log, pow). Only
// integer arithmetic and IEEE-exact double operations (+ - * /) are used.
//
// The engine is xoshiro256** (Blackman & Vigna), seeded through splitmix64 as its authors
// recommend.

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <span>
#include <utility>

namespace doorstep::demo {

class Random
{
public:
    explicit Random(std::uint64_t seed)
    {
        std::uint64_t s = seed;
        for (auto &word : m_state) {
            word = splitmix64(s);
        }
    }

    // An independent stream for one part of the generator, so that changing how much one part
    // draws (say, events per case) does not reshuffle an unrelated part (the residents).
    static Random stream(std::uint64_t seed, std::uint64_t streamId)
    {
        std::uint64_t s = seed ^ (0x9e3779b97f4a7c15ULL * (streamId + 1));
        return Random(splitmix64(s));
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [lo, hi], both inclusive, without modulo bias.
    std::int64_t uniformInt64(std::int64_t lo, std::int64_t hi)
    {
        assert(lo <= hi);
        const std::uint64_t range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        if (range == std::numeric_limits<std::uint64_t>::max()) {
            return static_cast<std::int64_t>(next());
        }
        const std::uint64_t span = range + 1;
        // Reject the top partial block so every value is equally likely.
        const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                    std::numeric_limits<std::uint64_t>::max() % span;
        std::uint64_t x = next();
        while (x >= limit) {
            x = next();
        }
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + x % span);
    }

    int uniformInt(int lo, int hi) { return static_cast<int>(uniformInt64(lo, hi)); }

    // Uniform in [0, n).
    std::size_t index(std::size_t n)
    {
        assert(n > 0);
        return static_cast<std::size_t>(uniformInt64(0, static_cast<std::int64_t>(n) - 1));
    }

    // Uniform in [0, 1): the top 53 bits scaled exactly.
    double uniformReal() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    double uniformReal(double lo, double hi) { return lo + (hi - lo) * uniformReal(); }

    bool bernoulli(double p) { return uniformReal() < p; }

    template <typename Container> const auto &pick(const Container &items)
    {
        assert(!std::empty(items));
        return *(std::begin(items) + static_cast<std::ptrdiff_t>(index(std::size(items))));
    }

    // An index chosen with probability proportional to its weight. Weights need not sum to 1.
    std::size_t weightedIndex(std::span<const double> weights)
    {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        assert(total > 0);
        double x = uniformReal() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i]) {
                return i;
            }
            x -= weights[i];
        }
        // Rounding left x at (or just above) the last weight.
        for (std::size_t i = weights.size(); i-- > 0;) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    // Fisher-Yates with our own uniform draw (std::shuffle's result is library-specific).
    template <typename RandomIt> void shuffle(RandomIt first, RandomIt last)
    {
        const auto n = static_cast<std::size_t>(last - first);
        for (std::size_t i = n; i > 1; --i) {
            const std::size_t j = index(i);
            using std::swap;
            swap(first[static_cast<std::ptrdiff_t>(i - 1)], first[static_cast<std::ptrdiff_t>(j)]);
        }
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    static std::uint64_t splitmix64(std::uint64_t &state)
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t m_state[4];
};

} // namespace doorstep::demo
