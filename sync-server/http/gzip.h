#pragma once

#include "error/result.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace doorstep::server {

// gzip (RFC 1952) through zlib, for Content-Encoding on requests and responses.
class Gzip
{
public:
    static std::string compress(std::string_view data);
    // Refuses output larger than `limit` (a "zip bomb" is a body-size attack like any other)
    // with ERROR_CODE_BODY_TOO_LARGE, and corrupt input with ERROR_CODE_MALFORMED_BODY.
    static Result<std::string> decompress(std::string_view data, std::size_t limit);
};

} // namespace doorstep::server
