#include "environment/randomidsource.h"

#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

namespace doorstep::server {

std::string RandomIdSource::randomBytes(std::size_t count)
{
    std::string out(count, '\0');
    // A CSPRNG failure leaves us with no safe way to make secrets: that is exceptional.
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), static_cast<int>(count)) != 1) {
        throw std::runtime_error("the system random number generator failed");
    }
    return out;
}

std::string RandomIdSource::newId(std::string_view prefix)
{
    std::string b = randomBytes(16);
    b[6] = static_cast<char>((b[6] & 0x0f) | 0x40); // UUID version 4
    b[8] = static_cast<char>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    std::string out(prefix);
    out += '-';
    char hex[3];
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(b[i]));
        out += hex;
    }
    return out;
}

} // namespace doorstep::server
