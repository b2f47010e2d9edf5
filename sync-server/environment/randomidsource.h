#pragma once

#include "environment/idsource.h"

namespace doorstep::server {

// Ids and secrets from OpenSSL's CSPRNG. Thread-safe.
class RandomIdSource final : public IdSource
{
public:
    std::string newId(std::string_view prefix) override;
    std::string randomBytes(std::size_t count) override;
};

} // namespace doorstep::server
