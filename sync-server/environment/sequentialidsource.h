#pragma once

#include "environment/idsource.h"

#include <atomic>
#include <cstdint>

namespace doorstep::server {

// Predictable ids and "random" bytes for unit tests: prefix-000001, prefix-000002, ...
class SequentialIdSource final : public IdSource
{
public:
    std::string newId(std::string_view prefix) override;
    std::string randomBytes(std::size_t count) override;

private:
    std::atomic<std::uint64_t> m_next{1};
};

} // namespace doorstep::server
