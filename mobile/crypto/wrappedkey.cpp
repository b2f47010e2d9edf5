#include "crypto/wrappedkey.h"

#include <sodium.h>

#include <cstring>

namespace doorstep::mobile {

namespace {

constexpr char magic[8] = {'D', 'S', 'T', 'P', 'K', 'E', 'Y', '\0'};
// A tablet cannot spend more than this on one unlock; a larger value means a corrupt file.
constexpr std::uint64_t maxMemLimit = 4ull * 1024 * 1024 * 1024;
constexpr std::uint64_t maxOpsLimit = 64;

void putLe(std::uint8_t *out, std::uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        out[i] = static_cast<std::uint8_t>(v >> (8 * i));
    }
}

std::uint64_t getLe(const std::uint8_t *in, int bytes)
{
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
        v |= static_cast<std::uint64_t>(in[i]) << (8 * i);
    }
    return v;
}

} // namespace

std::array<std::uint8_t, WrappedKey::headerSize> WrappedKey::header() const
{
    std::array<std::uint8_t, headerSize> h{};
    std::memcpy(h.data(), magic, sizeof magic);
    putLe(h.data() + 8, formatVersion, 4);
    putLe(h.data() + 12, crypto_pwhash_ALG_ARGON2ID13, 4);
    putLe(h.data() + 16, m_params.opsLimit, 8);
    putLe(h.data() + 24, m_params.memLimitBytes, 8);
    std::memcpy(h.data() + 32, m_salt.data(), saltSize);
    std::memcpy(h.data() + 48, m_nonce.data(), nonceSize);
    return h;
}

Result<SecureBytes> WrappedKey::deriveKek(std::string_view pin, const KdfParams &params,
                                          const std::array<std::uint8_t, saltSize> &salt)
{
    static_assert(saltSize == crypto_pwhash_SALTBYTES);
    SecureBytes kek(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (crypto_pwhash(kek.data(), kek.size(), pin.data(), pin.size(), salt.data(), params.opsLimit,
                      static_cast<std::size_t>(params.memLimitBytes),
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return makeError(v1::ERROR_CODE_INTERNAL,
                         "Not enough memory to check the PIN. Close other apps and try again.");
    }
    return kek;
}

Result<WrappedKey> WrappedKey::seal(const SecureBytes &dataKey, std::string_view pin,
                                    const KdfParams &params)
{
    if (dataKey.size() != dataKeySize) {
        return makeError(v1::ERROR_CODE_INTERNAL, "The data key must be 256 bits");
    }
    WrappedKey w;
    w.m_params = params;
    randombytes_buf(w.m_salt.data(), w.m_salt.size());
    randombytes_buf(w.m_nonce.data(), w.m_nonce.size());
    auto kek = deriveKek(pin, params, w.m_salt);
    if (!kek) {
        return kek.error();
    }
    const auto aad = w.header();
    unsigned long long sealedLen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(w.m_sealed.data(), &sealedLen, dataKey.data(),
                                               dataKey.size(), aad.data(), aad.size(), nullptr,
                                               w.m_nonce.data(), kek->data());
    return w;
}

Result<WrappedKey> WrappedKey::parse(std::string_view bytes)
{
    const auto *p = reinterpret_cast<const std::uint8_t *>(bytes.data());
    if (bytes.size() != fileSize || std::memcmp(p, magic, sizeof magic) != 0) {
        return makeError(v1::ERROR_CODE_STORAGE, "The key file is damaged or not a Doorstep key");
    }
    if (getLe(p + 8, 4) != formatVersion) {
        return makeError(v1::ERROR_CODE_SCHEMA_TOO_NEW,
                         "The key file was written by a newer Doorstep: update Doorstep");
    }
    if (getLe(p + 12, 4) != crypto_pwhash_ALG_ARGON2ID13) {
        return makeError(v1::ERROR_CODE_STORAGE, "The key file names an unknown algorithm");
    }
    WrappedKey w;
    w.m_params = {getLe(p + 16, 8), getLe(p + 24, 8)};
    if (w.m_params.opsLimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
        w.m_params.opsLimit > maxOpsLimit ||
        w.m_params.memLimitBytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
        w.m_params.memLimitBytes > maxMemLimit) {
        return makeError(v1::ERROR_CODE_STORAGE, "The key file records impossible parameters");
    }
    std::memcpy(w.m_salt.data(), p + 32, saltSize);
    std::memcpy(w.m_nonce.data(), p + 48, nonceSize);
    std::memcpy(w.m_sealed.data(), p + headerSize, sealedSize);
    return w;
}

Result<SecureBytes> WrappedKey::open(std::string_view pin) const
{
    auto kek = deriveKek(pin, m_params, m_salt);
    if (!kek) {
        return kek.error();
    }
    const auto aad = header();
    SecureBytes dataKey(dataKeySize);
    unsigned long long keyLen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(dataKey.data(), &keyLen, nullptr,
                                                   m_sealed.data(), m_sealed.size(), aad.data(),
                                                   aad.size(), m_nonce.data(), kek->data()) != 0 ||
        keyLen != dataKeySize) {
        return makeError(v1::ERROR_CODE_WRONG_PIN, "That PIN is not right.");
    }
    return dataKey;
}

std::string WrappedKey::serialize() const
{
    const auto h = header();
    std::string out(reinterpret_cast<const char *>(h.data()), h.size());
    out.append(reinterpret_cast<const char *>(m_sealed.data()), m_sealed.size());
    return out;
}

} // namespace doorstep::mobile
