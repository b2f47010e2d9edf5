#pragma once

#include "crypto/kdfparams.h"
#include "crypto/securebytes.h"
#include "error/result.h"

#include <filesystem>
#include <optional>
#include <string_view>

namespace doorstep::mobile {

struct KeyStoreConfig
{
    // Holds the wrapped key, the wrong-PIN counter and the wipe marker.
    std::filesystem::path directory;
    // The SQLCipher file the data key opens; it and its journal files are deleted on a wipe.
    std::filesystem::path databasePath;
    // Cost for new wraps. A key wrapped with weaker parameters is re-wrapped on unlock.
    KdfParams kdf = KdfParams::recommended();
    int maxWrongPins = 10;
};

// Keeps the random 256-bit data key that opens the store, only ever wrapped under the
// officer's PIN (Argon2id + XChaCha20-Poly1305, see WrappedKey).
//
// Wrong PINs are counted on disk *before* a PIN is tried and the count is cleared only after
// it succeeds, so killing the app mid-check cannot win an extra guess. The maxWrongPins-th
// wrong PIN in a row crypto-erases: the wrapped key is overwritten and deleted (without it
// the encrypted store is noise) and the database files are deleted too. A marker with the
// reason stays behind so the app can say why after a restart.
class KeyStore
{
public:
    enum class WipeReason { TooManyWrongPins = 1, Revoked = 2 };

    explicit KeyStore(KeyStoreConfig config);

    bool hasKey() const;
    // Why the device was wiped, if it was and has not been set up again.
    std::optional<WipeReason> wipeReason() const;
    // Wrong PINs left before the device wipes itself.
    int remainingAttempts() const;
    // The parameters the current key file was wrapped with.
    Result<KdfParams> storedParams() const;

    // Makes a new random data key wrapped under `pin` (which must pass PinPolicy). Fails if a
    // key already exists: replacing it would orphan the store.
    Result<SecureBytes> create(std::string_view pin);
    // The data key; ERROR_CODE_WRONG_PIN (message says how many attempts are left) or
    // ERROR_CODE_WIPED (message says why).
    Result<SecureBytes> unlock(std::string_view pin);
    // Re-wraps the same data key under `newPin`: the store is not re-encrypted.
    Status changePin(std::string_view oldPin, std::string_view newPin);
    // Remote wipe, or any other reason to crypto-erase now.
    Status wipe(WipeReason reason);

    static std::string describe(WipeReason reason);

    std::filesystem::path keyFilePath() const;

private:
    std::filesystem::path attemptsPath() const;
    std::filesystem::path markerPath() const;
    // The database and its journal files; a missing file is not an error.
    Status removeDatabaseFiles() const;
    Result<int> readAttempts() const;
    Status writeAttempts(int count);
    Status writeKey(const SecureBytes &dataKey, std::string_view pin);
    Error wipedError(WipeReason reason) const;

    KeyStoreConfig m_config;
};

} // namespace doorstep::mobile
