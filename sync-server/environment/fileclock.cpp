#include "environment/fileclock.h"

#include "environment/systemclock.h"

#include <charconv>
#include <fstream>
#include <string>

namespace doorstep::server {

FileClock::FileClock(std::filesystem::path path) : m_path(std::move(path)) {}

std::int64_t FileClock::nowMs() const
{
    std::ifstream in(m_path);
    std::string text;
    if (in && std::getline(in, text)) {
        std::int64_t ms = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
        if (ec == std::errc() && ms > 0) {
            return ms;
        }
    }
    return SystemClock().nowMs();
}

} // namespace doorstep::server
