#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace doorstep::server {

// Where record ids, device secrets and one-time codes come from. Injected so that unit tests
// are deterministic; the server uses RandomIdSource.
class IdSource
{
public:
    virtual ~IdSource() = default;
    // A new unique id, "<prefix>-<uuid>" (for example "dev-5f0c…").
    virtual std::string newId(std::string_view prefix) = 0;
    // `count` unpredictable bytes, for secrets and codes.
    virtual std::string randomBytes(std::size_t count) = 0;
};

} // namespace doorstep::server
