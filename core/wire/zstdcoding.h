#pragma once

#include "error/result.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace doorstep::wire {

// Zstandard as an HTTP content coding ("zstd", RFC 8878 section 7.2), for the sync server's
// answers and the app's reading of them. It was chosen over gzip by measurement (an
// officer's first page: 7.7 ms for deflate at zlib's default level against about 1 ms here,
// and a smaller result than gzip -9; docs/performance.md).
//
// RFC 9659 makes 8 MB the largest window a zstd content coding may use in HTTP; both sides
// keep to it: the encoder's level uses a smaller window, and the decoder refuses a larger one.
inline constexpr int kZstdMaxWindowLog = 23; // 2^23 bytes = 8 MB

std::string zstdCompress(std::string_view data);

// Refuses output larger than `limit` with ERROR_CODE_BODY_TOO_LARGE (a small frame can claim
// or make a huge one), and a corrupt, truncated or oversized-window frame with
// ERROR_CODE_MALFORMED_BODY. Anything after the frame is refused as corrupt too.
Result<std::string> zstdDecompress(std::string_view data, std::size_t limit);

} // namespace doorstep::wire
