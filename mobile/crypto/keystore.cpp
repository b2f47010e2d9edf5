#include "crypto/keystore.h"

#include "crypto/pinpolicy.h"
#include "crypto/securefile.h"
#include "crypto/wrappedkey.h"

#include <sodium.h>

#include <charconv>

namespace doorstep::mobile {

namespace {

std::optional<int> parseInt(std::string_view text)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

KeyStore::KeyStore(KeyStoreConfig config) : m_config(std::move(config))
{
    // Safe to call repeatedly and from several threads; needed before randombytes_buf.
    // A failure here (no entropy source) also fails SecureBytes, which reports it.
    [[maybe_unused]] const int sodiumReady = sodium_init();
    std::error_code ec;
    std::filesystem::create_directories(m_config.directory, ec);
}

std::filesystem::path KeyStore::keyFilePath() const
{
    return m_config.directory / "datakey.wrapped";
}

std::filesystem::path KeyStore::attemptsPath() const
{
    return m_config.directory / "pin-attempts";
}

std::filesystem::path KeyStore::markerPath() const
{
    return m_config.directory / "wiped";
}

bool KeyStore::hasKey() const
{
    return std::filesystem::exists(keyFilePath());
}

std::optional<KeyStore::WipeReason> KeyStore::wipeReason() const
{
    auto marker = SecureFile::read(markerPath());
    if (!marker || !marker->has_value()) {
        return std::nullopt;
    }
    const auto value = parseInt(**marker);
    if (value == static_cast<int>(WipeReason::Revoked)) {
        return WipeReason::Revoked;
    }
    // An unreadable marker still means a wipe happened; the PIN reason is the safer guess.
    return WipeReason::TooManyWrongPins;
}

Result<int> KeyStore::readAttempts() const
{
    auto text = SecureFile::read(attemptsPath());
    if (!text) {
        return text.error();
    }
    if (!text->has_value()) {
        return 0;
    }
    const auto value = parseInt(**text);
    if (!value || *value < 0) {
        // A damaged counter must not hand out fresh attempts: treat it as one guess from wiping.
        return m_config.maxWrongPins - 1;
    }
    return *value;
}

Status KeyStore::writeAttempts(int count)
{
    return SecureFile::writeDurably(attemptsPath(), std::to_string(count));
}

int KeyStore::remainingAttempts() const
{
    auto used = readAttempts();
    return used ? std::max(0, m_config.maxWrongPins - *used) : 0;
}

Result<KdfParams> KeyStore::storedParams() const
{
    auto bytes = SecureFile::read(keyFilePath());
    if (!bytes) {
        return bytes.error();
    }
    if (!bytes->has_value()) {
        return makeError(v1::ERROR_CODE_NOT_FOUND, "This device has no key yet");
    }
    auto wrapped = WrappedKey::parse(**bytes);
    if (!wrapped) {
        return wrapped.error();
    }
    return wrapped->params();
}

Status KeyStore::writeKey(const SecureBytes &dataKey, std::string_view pin)
{
    auto wrapped = WrappedKey::seal(dataKey, pin, m_config.kdf);
    if (!wrapped) {
        return wrapped.error();
    }
    return SecureFile::writeDurably(keyFilePath(), wrapped->serialize());
}

Result<SecureBytes> KeyStore::create(std::string_view pin)
{
    if (auto s = PinPolicy::check(pin); !s) {
        return s.error();
    }
    if (hasKey()) {
        return makeError(v1::ERROR_CODE_CONFLICT, "This device already has a key");
    }
    // Without a key, any database here is one no key can open (a wipe interrupted after the
    // key was shredded): it goes before the new key is written, or the new store could never
    // be opened over it.
    if (auto s = removeDatabaseFiles(); !s) {
        return s.error();
    }
    SecureBytes dataKey(WrappedKey::dataKeySize);
    randombytes_buf(dataKey.data(), dataKey.size());
    if (auto s = writeKey(dataKey, pin); !s) {
        return s.error();
    }
    if (auto s = writeAttempts(0); !s) {
        return s.error();
    }
    // A new key after a wipe starts a new life for the device.
    if (auto s = SecureFile::remove(markerPath()); !s) {
        return s.error();
    }
    return dataKey;
}

Result<SecureBytes> KeyStore::unlock(std::string_view pin)
{
    if (const auto reason = wipeReason()) {
        // Finish a wipe that a kill may have interrupted before reporting it.
        (void)wipe(*reason);
        return wipedError(*reason);
    }
    auto bytes = SecureFile::read(keyFilePath());
    if (!bytes) {
        return bytes.error();
    }
    if (!bytes->has_value()) {
        return makeError(v1::ERROR_CODE_NOT_FOUND, "This device has not been set up yet");
    }
    auto wrapped = WrappedKey::parse(**bytes);
    if (!wrapped) {
        return wrapped.error();
    }
    auto used = readAttempts();
    if (!used) {
        return used.error();
    }
    if (*used >= m_config.maxWrongPins) {
        (void)wipe(WipeReason::TooManyWrongPins);
        return wipedError(WipeReason::TooManyWrongPins);
    }
    // Count the attempt before trying it: if this write fails, no PIN is tried at all.
    if (auto s = writeAttempts(*used + 1); !s) {
        return s.error();
    }
    auto dataKey = wrapped->open(pin);
    if (!dataKey) {
        if (dataKey.error().code != v1::ERROR_CODE_WRONG_PIN) {
            // Not the officer's fault (for example out of memory): give the attempt back.
            (void)writeAttempts(*used);
            return dataKey.error();
        }
        const int left = m_config.maxWrongPins - (*used + 1);
        if (left <= 0) {
            if (auto s = wipe(WipeReason::TooManyWrongPins); !s) {
                return s.error();
            }
            return wipedError(WipeReason::TooManyWrongPins);
        }
        return makeError(v1::ERROR_CODE_WRONG_PIN,
                         "That PIN is not right. " + std::to_string(left) +
                             (left == 1 ? " attempt is" : " attempts are") +
                             " left before this device erases its data.");
    }
    if (auto s = writeAttempts(0); !s) {
        return s.error();
    }
    if (wrapped->params().weakerThan(m_config.kdf)) {
        // Raise the cost now that we hold the PIN; failing leaves the old, still valid wrap.
        (void)writeKey(*dataKey, pin);
    }
    return std::move(dataKey).value();
}

Status KeyStore::changePin(std::string_view oldPin, std::string_view newPin)
{
    if (auto s = PinPolicy::check(newPin); !s) {
        return s;
    }
    auto dataKey = unlock(oldPin);
    if (!dataKey) {
        return dataKey.error();
    }
    return writeKey(*dataKey, newPin);
}

Status KeyStore::removeDatabaseFiles() const
{
    Status result;
    for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
        std::filesystem::path p = m_config.databasePath;
        p += suffix;
        if (auto s = SecureFile::remove(p); !s && result) {
            result = s;
        }
    }
    return result;
}

Status KeyStore::wipe(WipeReason reason)
{
    // The marker goes first: if the wipe is interrupted, the next unlock finishes it.
    if (auto s = SecureFile::writeDurably(markerPath(), std::to_string(static_cast<int>(reason)));
        !s) {
        return s;
    }
    Status result = SecureFile::shred(keyFilePath());
    if (auto s = removeDatabaseFiles(); !s && result) {
        result = s;
    }
    if (auto s = SecureFile::remove(attemptsPath()); !s && result) {
        result = s;
    }
    return result;
}

std::string KeyStore::describe(WipeReason reason)
{
    switch (reason) {
    case WipeReason::TooManyWrongPins:
        return "The data on this device was erased because the wrong PIN was entered too many "
               "times. Contact your coordinator to set the device up again.";
    case WipeReason::Revoked:
        return "The data on this device was erased because the device was withdrawn from "
               "service by an administrator.";
    }
    return "The data on this device was erased.";
}

Error KeyStore::wipedError(WipeReason reason) const
{
    return makeError(v1::ERROR_CODE_WIPED, describe(reason));
}

} // namespace doorstep::mobile
