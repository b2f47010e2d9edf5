#include "auth/keypin.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

namespace doorstep::server::keypin {

namespace {

struct FileCloser
{
    void operator()(std::FILE *f) const { std::fclose(f); }
};
struct KeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

// The key in the file, whichever of the three PEM kinds holds it.
Key readKey(const std::string &path)
{
    using ReadKey = Key (*)(std::FILE *);
    const ReadKey readers[] = {
        [](std::FILE *f) {
            X509 *cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
            Key key(cert ? X509_get_pubkey(cert) : nullptr);
            X509_free(cert);
            return key;
        },
        [](std::FILE *f) { return Key(PEM_read_PUBKEY(f, nullptr, nullptr, nullptr)); },
        [](std::FILE *f) { return Key(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr)); }};
    for (ReadKey read : readers) {
        std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
        if (!f) {
            return nullptr;
        }
        if (Key key = read(f.get())) {
            return key;
        }
    }
    return nullptr;
}

} // namespace

Result<std::string> ofPemFile(const std::string &path)
{
    Key key = readKey(path);
    if (!key) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         path + " holds no PEM certificate, public key or private key");
    }
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(key.get(), &der); // the SubjectPublicKeyInfo
    if (length <= 0) {
        return makeError(v1::ERROR_CODE_INTERNAL,
                         "the public key of " + path + " cannot be encoded");
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    const bool hashed = EVP_Digest(der, static_cast<std::size_t>(length), digest, &digestLength,
                                   EVP_sha256(), nullptr) == 1;
    OPENSSL_free(der);
    if (!hashed) {
        return makeError(v1::ERROR_CODE_INTERNAL, "SHA-256 is not available");
    }
    unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(b64, digest, static_cast<int>(digestLength));
    return std::string(reinterpret_cast<const char *>(b64), static_cast<std::size_t>(n));
}

std::string enrolmentLink(const std::string &server, const std::string &code,
                          const std::vector<std::string> &pins)
{
    std::string link = "doorstep:" + server + "#" + code;
    for (const std::string &pin : pins) {
        link += ";pin-sha256=" + pin;
    }
    return link;
}

} // namespace doorstep::server::keypin
