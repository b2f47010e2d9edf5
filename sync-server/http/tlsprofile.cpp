#include "http/tlsprofile.h"

namespace doorstep::server {

Result<TlsProfile> parseTlsProfile(const std::string &name)
{
    if (name.empty() || name == "intermediate") {
        return TlsProfile::Intermediate;
    }
    if (name == "modern") {
        return TlsProfile::Modern;
    }
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                     "--tls-profile is intermediate or modern, not " + name);
}

const char *tlsProfileName(TlsProfile profile)
{
    return profile == TlsProfile::Modern ? "modern" : "intermediate";
}

Status applyTlsProfile(SSL_CTX *context, TlsProfile profile)
{
    const int lowest = profile == TlsProfile::Modern ? TLS1_3_VERSION : TLS1_2_VERSION;
    if (SSL_CTX_set_min_proto_version(context, lowest) != 1 ||
        SSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) != 1) {
        return makeError(v1::ERROR_CODE_INTERNAL, "OpenSSL refused the TLS versions");
    }
    if (profile == TlsProfile::Intermediate &&
        SSL_CTX_set_cipher_list(context, kIntermediateTls12Ciphers) != 1) {
        return makeError(v1::ERROR_CODE_INTERNAL, "OpenSSL refused the TLS 1.2 suites");
    }
    SSL_CTX_set_options(context, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                                     SSL_OP_NO_COMPRESSION);
    return {};
}

} // namespace doorstep::server
