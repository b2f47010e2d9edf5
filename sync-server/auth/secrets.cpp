#include "auth/secrets.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cctype>
#include <cstdio>

namespace doorstep::server::secrets {

std::string hash(std::string_view secret)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(secret.data(), secret.size(), digest, &len, EVP_sha256(), nullptr);
    std::string out;
    out.reserve(len * 2);
    char hex[3];
    for (unsigned int i = 0; i < len; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", digest[i]);
        out += hex;
    }
    return out;
}

bool equal(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64Url(std::string_view bytes)
{
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += table[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) {
        out += table[(buffer << (6 - bits)) & 0x3f];
    }
    return out;
}

std::string humanCode(std::string_view randomBytes)
{
    // 32 symbols: 5 bits each. 16 symbols need 10 bytes.
    static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ#";
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    int symbols = 0;
    for (const char c : randomBytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5 && symbols < 16) {
            bits -= 5;
            if (symbols > 0 && symbols % 4 == 0) {
                out += '-';
            }
            // '#' would be awkward to read out: fold it onto 'Z' (a tiny, harmless bias).
            const char s = alphabet[(buffer >> bits) & 0x1f];
            out += s == '#' ? 'Z' : s;
            ++symbols;
        }
    }
    return out;
}

std::string normaliseCode(std::string_view typed)
{
    std::string out;
    for (const char c : typed) {
        if (c == '-' || c == ' ') {
            continue;
        }
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace doorstep::server::secrets
