#include "http/gzip.h"

#include <zlib.h>

namespace doorstep::server {

namespace {
constexpr int gzipWindow = 15 + 16; // 2^15 window, gzip header and trailer
}

std::string Gzip::compress(std::string_view data)
{
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzipWindow, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return {};
    }
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

Result<std::string> Gzip::decompress(std::string_view data, std::size_t limit)
{
    z_stream z{};
    if (inflateInit2(&z, gzipWindow) != Z_OK) {
        return makeError(v1::ERROR_CODE_INTERNAL, "Cannot start gzip decoding");
    }
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char chunk[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef *>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            return makeError(v1::ERROR_CODE_MALFORMED_BODY,
                             "The gzip-encoded body is corrupt or truncated");
        }
        out.append(chunk, sizeof chunk - z.avail_out);
        if (out.size() > limit) {
            inflateEnd(&z);
            return makeError(v1::ERROR_CODE_BODY_TOO_LARGE,
                             "The decompressed body is larger than " + std::to_string(limit) +
                                 " bytes");
        }
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            inflateEnd(&z);
            return makeError(v1::ERROR_CODE_MALFORMED_BODY, "The gzip-encoded body is truncated");
        }
    }
    inflateEnd(&z);
    return out;
}

} // namespace doorstep::server
