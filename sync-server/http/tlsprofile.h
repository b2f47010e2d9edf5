#pragma once

#include "error/result.h"

#include <openssl/ssl.h>

#include <string>

namespace doorstep::server {

// The server's TLS, to a named profile from Mozilla's Server Side TLS guidelines
// (https://wiki.mozilla.org/Security/Server_Side_TLS, configurations in
// https://ssl-config.mozilla.org/guidelines/5.4.json), narrowed where the council's security
// review asks for more:
//   intermediate (default): TLS 1.2 and 1.3. TLS 1.2 with ECDHE key exchange and AEAD ciphers
//     only (Mozilla's intermediate list without its DHE suites); TLS 1.3 with OpenSSL's
//     defaults (AES-GCM and ChaCha20-Poly1305);
//   modern: TLS 1.3 only.
// Both prefer the server's order, and refuse renegotiation and compression.
enum class TlsProfile { Intermediate, Modern };

// The TLS 1.2 suites of the intermediate profile, in the server's order of preference.
inline constexpr const char *kIntermediateTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// "intermediate" or "modern".
Result<TlsProfile> parseTlsProfile(const std::string &name);
const char *tlsProfileName(TlsProfile profile);

// Sets the context's versions, suites and options to the profile.
Status applyTlsProfile(SSL_CTX *context, TlsProfile profile);

} // namespace doorstep::server
