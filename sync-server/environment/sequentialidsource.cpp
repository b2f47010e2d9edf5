#include "environment/sequentialidsource.h"

#include <cstdio>

namespace doorstep::server {

std::string SequentialIdSource::newId(std::string_view prefix)
{
    char digits[24];
    std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(m_next++));
    return std::string(prefix) + "-" + digits;
}

std::string SequentialIdSource::randomBytes(std::size_t count)
{
    std::string out(count, '\0');
    std::uint64_t n = m_next++;
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = static_cast<char>((n * 131 + i * 7) & 0xff);
    }
    return out;
}

} // namespace doorstep::server
