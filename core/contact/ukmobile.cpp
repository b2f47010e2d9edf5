#include "contact/ukmobile.h"

#include <cctype>

namespace doorstep::contact {

namespace {

Error notMobile(const char *why)
{
    return Error{v1::ERROR_CODE_VALIDATION_FAILED, why};
}

void dropLeadingZeros(std::string &digits)
{
    digits.erase(0, digits.find_first_not_of('0') == std::string::npos
                        ? digits.size()
                        : digits.find_first_not_of('0'));
}

} // namespace

Result<std::string> ukMobile(const std::string &phone)
{
    std::string digits;
    for (const char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digits += c;
        } else if (!std::isspace(static_cast<unsigned char>(c)) && c != '(' && c != ')' &&
                   c != '-' && c != '+') {
            return notMobile("Must not contain letters or symbols");
        }
    }
    dropLeadingZeros(digits);
    if (digits.rfind("44", 0) == 0) {
        digits.erase(0, 2);
        dropLeadingZeros(digits);
    }
    if (digits.empty() || digits[0] != '7') {
        return notMobile("Not a UK mobile number");
    }
    if (digits.size() > 10) {
        return notMobile("Too many digits");
    }
    if (digits.size() < 10) {
        return notMobile("Not enough digits");
    }
    return "+44" + digits;
}

} // namespace doorstep::contact
