#include "wire/zstdcoding.h"

#include <memory>

#include <zstd.h>
#include <zstd_errors.h>

namespace doorstep::wire {

namespace {

struct FreeCCtx
{
    void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
};
struct FreeDCtx
{
    void operator()(ZSTD_DCtx *d) const { ZSTD_freeDCtx(d); }
};

// zstd's default level (3): a 2 MB window, well inside RFC 9659's 8 MB.
constexpr int kLevel = ZSTD_CLEVEL_DEFAULT;

Error malformed(const char *what)
{
    return makeError(v1::ERROR_CODE_MALFORMED_BODY,
                     std::string("The zstd-encoded body is ") + what);
}

} // namespace

std::string zstdCompress(std::string_view data)
{
    // One context a thread, kept: making one costs more than compressing a small answer. Each
    // frame carries its content checksum, so an answer damaged anywhere is refused, not read.
    thread_local std::unique_ptr<ZSTD_CCtx, FreeCCtx> context = [] {
        std::unique_ptr<ZSTD_CCtx, FreeCCtx> c(ZSTD_createCCtx());
        if (c && (ZSTD_isError(ZSTD_CCtx_setParameter(c.get(), ZSTD_c_compressionLevel, kLevel)) ||
                  ZSTD_isError(ZSTD_CCtx_setParameter(c.get(), ZSTD_c_checksumFlag, 1)))) {
            c.reset();
        }
        return c;
    }();
    if (!context) {
        return {};
    }
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n =
        ZSTD_compress2(context.get(), out.data(), out.size(), data.data(), data.size());
    if (ZSTD_isError(n)) {
        return {};
    }
    out.resize(n);
    return out;
}

Result<std::string> zstdDecompress(std::string_view data, std::size_t limit)
{
    std::unique_ptr<ZSTD_DCtx, FreeDCtx> context(ZSTD_createDCtx());
    if (!context || ZSTD_isError(ZSTD_DCtx_setParameter(context.get(), ZSTD_d_windowLogMax,
                                                        kZstdMaxWindowLog))) {
        return makeError(v1::ERROR_CODE_INTERNAL, "Cannot start zstd decoding");
    }
    // Streamed into a growing buffer, so a frame that does not say its size (or lies about
    // it) is still held to the limit.
    std::string out;
    const unsigned long long said = ZSTD_getFrameContentSize(data.data(), data.size());
    if (said != ZSTD_CONTENTSIZE_UNKNOWN && said != ZSTD_CONTENTSIZE_ERROR && said <= limit) {
        out.reserve(static_cast<std::size_t>(said) + ZSTD_DStreamOutSize());
    }
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    std::size_t rc = 1;
    while (rc != 0) {
        const std::size_t used = out.size();
        out.resize(used + ZSTD_DStreamOutSize());
        ZSTD_outBuffer chunk{out.data() + used, out.size() - used, 0};
        rc = ZSTD_decompressStream(context.get(), &chunk, &in);
        out.resize(used + chunk.pos);
        if (ZSTD_isError(rc)) {
            return ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge
                       ? malformed("encoded with a window larger than 8 MB")
                       : malformed("corrupt");
        }
        if (out.size() > limit) {
            return makeError(v1::ERROR_CODE_BODY_TOO_LARGE,
                             "The decompressed body is larger than " + std::to_string(limit) +
                                 " bytes");
        }
        if (rc != 0 && in.pos == in.size && chunk.pos == 0) {
            return malformed("truncated");
        }
    }
    if (in.pos != in.size) {
        return malformed("followed by bytes that are not part of it");
    }
    return out;
}

} // namespace doorstep::wire
