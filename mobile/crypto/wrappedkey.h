#pragma once

#include "crypto/kdfparams.h"
#include "crypto/securebytes.h"
#include "error/result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace doorstep::mobile {

// The data key sealed under a PIN-derived key, in a fixed little-endian layout:
//
//   offset size  field
//        0    8  magic "DSTPKEY\0"
//        8    4  format version (1)
//       12    4  KDF algorithm (crypto_pwhash_ALG_ARGON2ID13)
//       16    8  Argon2 opslimit
//       24    8  Argon2 memlimit in bytes
//       32   16  salt
//       48   24  XChaCha20-Poly1305 nonce
//       72   48  sealed data key (32) + tag (16)
//
// Bytes 0..71 are the AEAD's associated data, so the recorded parameters cannot be edited
// without the unwrap failing. Nothing in the file is plaintext key material.
class WrappedKey
{
public:
    static constexpr std::size_t dataKeySize = 32;
    static constexpr std::size_t saltSize = 16;
    static constexpr std::size_t nonceSize = 24;
    static constexpr std::size_t headerSize = 72;
    static constexpr std::size_t sealedSize = dataKeySize + 16;
    static constexpr std::size_t fileSize = headerSize + sealedSize;
    static constexpr std::uint32_t formatVersion = 1;

    // Seals `dataKey` under `pin` with a fresh random salt and nonce.
    static Result<WrappedKey> seal(const SecureBytes &dataKey, std::string_view pin,
                                   const KdfParams &params);
    // Parses the file layout; refuses unknown versions, algorithms and absurd costs.
    static Result<WrappedKey> parse(std::string_view bytes);

    // The data key, or ERROR_CODE_WRONG_PIN when the PIN does not open it.
    Result<SecureBytes> open(std::string_view pin) const;
    std::string serialize() const;
    const KdfParams &params() const { return m_params; }

private:
    WrappedKey() = default;
    std::array<std::uint8_t, headerSize> header() const;
    static Result<SecureBytes> deriveKek(std::string_view pin, const KdfParams &params,
                                         const std::array<std::uint8_t, saltSize> &salt);

    KdfParams m_params;
    std::array<std::uint8_t, saltSize> m_salt{};
    std::array<std::uint8_t, nonceSize> m_nonce{};
    std::array<std::uint8_t, sealedSize> m_sealed{};
};

} // namespace doorstep::mobile
