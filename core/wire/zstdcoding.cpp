#include "wire/zstdcoding.h"

#include <algorithm>
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

Error tooLarge(std::size_t limit)
{
    return makeError(v1::ERROR_CODE_BODY_TOO_LARGE,
                     "The decompressed body is larger than " + std::to_string(limit) + " bytes");
}

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
    // One context a thread, kept: it keeps its buffers between answers.
    thread_local std::unique_ptr<ZSTD_DCtx, FreeDCtx> context = [] {
        std::unique_ptr<ZSTD_DCtx, FreeDCtx> d(ZSTD_createDCtx());
        if (d &&
            ZSTD_isError(ZSTD_DCtx_setParameter(d.get(), ZSTD_d_windowLogMax, kZstdMaxWindowLog))) {
            d.reset();
        }
        return d;
    }();
    if (!context) {
        return makeError(v1::ERROR_CODE_INTERNAL, "Cannot start zstd decoding");
    }
    // A zstd frame and nothing else: not a skippable frame (which would decode to nothing)
    // nor an old format.
    if (data.size() < 4 || static_cast<unsigned char>(data[0]) != (ZSTD_MAGICNUMBER & 0xff) ||
        static_cast<unsigned char>(data[1]) != ((ZSTD_MAGICNUMBER >> 8) & 0xff) ||
        static_cast<unsigned char>(data[2]) != ((ZSTD_MAGICNUMBER >> 16) & 0xff) ||
        static_cast<unsigned char>(data[3]) != ((ZSTD_MAGICNUMBER >> 24) & 0xff)) {
        return malformed(data.size() < 4 ? "truncated" : "not a zstd frame");
    }
    ZSTD_DCtx_reset(context.get(), ZSTD_reset_session_only);
    // The frame may say its size (the server's always do): that is held to the limit before
    // anything is allocated, and becomes the most the buffer grows to. The buffer starts
    // small and doubles, so a short frame that claims a large size costs little.
    const unsigned long long said = ZSTD_getFrameContentSize(data.data(), data.size());
    const bool sized = said != ZSTD_CONTENTSIZE_UNKNOWN && said != ZSTD_CONTENTSIZE_ERROR;
    if (sized && said > limit) {
        return tooLarge(limit);
    }
    const std::size_t most = sized ? static_cast<std::size_t>(said) : limit;
    std::string out;
    out.resize(std::min(most, std::size_t(1) << 20));
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    std::size_t used = 0;
    std::size_t rc = 1;
    while (rc != 0) {
        if (used == out.size() && out.size() < most) {
            out.resize(std::min(most, std::max(out.size() * 2, ZSTD_DStreamOutSize())));
        }
        ZSTD_outBuffer chunk{out.data() + used, out.size() - used, 0};
        const std::size_t read = in.pos;
        rc = ZSTD_decompressStream(context.get(), &chunk, &in);
        used += chunk.pos;
        if (ZSTD_isError(rc)) {
            return ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge
                       ? malformed("encoded with a window larger than 8 MB")
                       : malformed("corrupt");
        }
        if (rc != 0 && chunk.pos == 0 && in.pos == read) {
            // No progress. With all the input read, the frame stops short; otherwise there is
            // no room left: more to decode than allowed, or than the frame said.
            if (in.pos == in.size) {
                return malformed("truncated");
            }
            return sized ? malformed("longer than its header says") : tooLarge(limit);
        }
    }
    if (in.pos != in.size) {
        return malformed("followed by bytes that are not part of it");
    }
    out.resize(used);
    return out;
}

} // namespace doorstep::wire
