#include "crypto/pinpolicy.h"

#include <algorithm>
#include <array>
#include <bitset>

namespace doorstep::mobile {

namespace {

// Steps of +1 or -1 (mod 10) between consecutive digits.
bool isSequence(std::string_view pin)
{
    for (const int step : {1, 9}) {
        bool all = true;
        for (std::size_t i = 1; i < pin.size() && all; ++i) {
            all = (pin[i - 1] - '0' + step) % 10 == pin[i] - '0';
        }
        if (all) {
            return true;
        }
    }
    return false;
}

bool isRepeatedBlock(std::string_view pin)
{
    for (std::size_t period = 1; period <= pin.size() / 2; ++period) {
        bool repeats = true;
        for (std::size_t i = period; i < pin.size() && repeats; ++i) {
            repeats = pin[i] == pin[i - period];
        }
        if (repeats) {
            return true;
        }
    }
    return false;
}

bool isDoubledSequence(std::string_view pin)
{
    if (pin.size() % 2 != 0) {
        return false;
    }
    std::string halves;
    for (std::size_t i = 0; i < pin.size(); i += 2) {
        if (pin[i] != pin[i + 1]) {
            return false;
        }
        halves += pin[i];
    }
    return isSequence(halves);
}

// Keypad shapes (columns, diagonals, crosses) and patterns that top published PIN frequency
// lists but slip through the structural rules above.
constexpr std::array commonPins{
    "159753", "357951", "951357", "753159", "147258", "258369", "369258", "963852", "741852",
    "852963", "147852", "258963", "789456", "456123", "321654", "654987", "123654", "456789123",
    "102030", "010203", "142536", "123789", "789123", "135790", "246802", "246810", "135791",
    "123321", "321123", "147369", "159357", "198520", "520520", "112358", "314159", "271828",
};

} // namespace

PinPolicy::Verdict PinPolicy::evaluate(std::string_view pin)
{
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Verdict::NotDigits;
    }
    if (pin.size() < minimumLength) {
        return Verdict::TooShort;
    }
    if (pin.size() > maximumLength) {
        return Verdict::TooLong;
    }
    if (std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin.front(); })) {
        return Verdict::SameDigit;
    }
    if (isSequence(pin)) {
        return Verdict::Sequence;
    }
    if (isRepeatedBlock(pin)) {
        return Verdict::RepeatedBlock;
    }
    if (isDoubledSequence(pin)) {
        return Verdict::DoubledSequence;
    }
    std::bitset<10> seen;
    for (const char c : pin) {
        seen.set(static_cast<std::size_t>(c - '0'));
    }
    if (seen.count() < 3) {
        return Verdict::TooFewDistinctDigits;
    }
    if (std::find(commonPins.begin(), commonPins.end(), pin) != commonPins.end()) {
        return Verdict::Common;
    }
    return Verdict::Accepted;
}

Status PinPolicy::check(std::string_view pin)
{
    const Verdict v = evaluate(pin);
    if (v == Verdict::Accepted) {
        return {};
    }
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, explain(v));
}

const char *PinPolicy::explain(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Accepted:
        return "This PIN can be used.";
    case Verdict::NotDigits:
        return "Use digits only for your PIN.";
    case Verdict::TooShort:
        return "Your PIN must have at least 6 digits.";
    case Verdict::TooLong:
        return "Your PIN can have at most 16 digits.";
    case Verdict::SameDigit:
        return "Your PIN cannot be one digit repeated. Choose a PIN that is harder to guess.";
    case Verdict::Sequence:
        return "Your PIN cannot be digits in order, like 123456 or 654321.";
    case Verdict::RepeatedBlock:
        return "Your PIN cannot be a short pattern repeated, like 121212.";
    case Verdict::DoubledSequence:
        return "Your PIN cannot be a pattern like 112233.";
    case Verdict::TooFewDistinctDigits:
        return "Your PIN must use at least 3 different digits.";
    case Verdict::Common:
        return "This PIN is one of the most often chosen. Choose a PIN that is harder to guess.";
    }
    return "This PIN cannot be used.";
}

} // namespace doorstep::mobile
