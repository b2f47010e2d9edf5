#pragma once

#include "error/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep::mobile {

// The few small files the key store keeps outside the database (wrapped key, attempt counter,
// wipe marker). None of them holds plaintext: that is what makes writing them here acceptable.
class SecureFile
{
public:
    // Replaces the file's contents all at once and flushes them to disk before returning, so a
    // kill or power cut leaves either the old or the new contents, never a torn file.
    static Status writeDurably(const std::filesystem::path &path, std::string_view bytes);
    // The whole file, or nullopt when it does not exist.
    static Result<std::optional<std::string>> read(const std::filesystem::path &path);
    // Overwrites the file in place with random bytes, syncs, then deletes it. On flash storage
    // the overwrite is best effort (wear levelling may keep old blocks); the wrapped key's
    // Argon2id cost is what protects any copy that survives.
    static Status shred(const std::filesystem::path &path);
    // Deletes the file if it exists.
    static Status remove(const std::filesystem::path &path);
};

} // namespace doorstep::mobile
