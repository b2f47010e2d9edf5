#pragma once

// One CSV cell for files people open in a spreadsheet: quoted when it holds a comma, quote
// or line break (RFC 4180, 2.6 and 2.7), and a cell a spreadsheet would run as a formula
// (starting with = + - @, a tab, a carriage return or NUL) prefixed with a single quote so
// it stays text (OWASP ASVS 5.0, requirement 1.2.10, and OWASP's "CSV Injection" page).

#include <string>

namespace doorstep::csv {

inline std::string cell(std::string v)
{
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                       v[0] == '\r' || v[0] == '\0')) {
        v.insert(v.begin(), '\'');
    }
    if (v.find_first_of(",\"\r\n") == std::string::npos) {
        return v;
    }
    std::string out = "\"";
    for (const char c : v) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + '"';
}

} // namespace doorstep::csv
