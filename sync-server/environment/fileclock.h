#pragma once

#include "environment/clock.h"

#include <filesystem>

namespace doorstep::server {

// A clock for end-to-end tests of the real binary: the time is read from a file holding Unix
// milliseconds, so a test moves time by rewriting the file. When the file is missing or
// unreadable the system time is used. Only accepted together with --insecure-loopback.
class FileClock final : public Clock
{
public:
    explicit FileClock(std::filesystem::path path);
    std::int64_t nowMs() const override;

private:
    std::filesystem::path m_path;
};

} // namespace doorstep::server
