// The zstd content coding both ends of the wire use (core/wire/zstdcoding.h): what the server
// encodes the app reads back exactly, and what a hostile or damaged answer cannot do.
#include "wire/zstdcoding.h"

#include <QTest>

#include <random>
#include <string>

#include <zstd.h>

using namespace doorstep;

class TestZstdCoding : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsAnyBody();
    void refusesWhatDecodesPastTheLimit();
    void refusesDamagedTruncatedOrTrailingBytes();
    void refusesAWindowPastEightMegabytes();
};

namespace {

std::string sample(std::size_t size)
{
    // Protobuf-like: repeated field names and ids with random digits.
    std::mt19937 random(7);
    std::string out;
    while (out.size() < size) {
        out += "\x0a\x24res-" + std::to_string(random() % 100000) + "\x12\x07" + "Family" +
               std::to_string(random() % 10);
    }
    out.resize(size);
    return out;
}

} // namespace

void TestZstdCoding::roundTripsAnyBody()
{
    for (std::size_t size : {std::size_t(0), std::size_t(1), std::size_t(1024),
                             std::size_t(600 * 1024), std::size_t(3 << 20)}) {
        const std::string body = sample(size);
        const std::string packed = wire::zstdCompress(body);
        QVERIFY(!packed.empty());
        if (size >= 1024) {
            QVERIFY2(packed.size() < body.size() / 2, qPrintable(QString::number(packed.size())));
        }
        auto back = wire::zstdDecompress(packed, body.size());
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QVERIFY(*back == body);
    }
}

void TestZstdCoding::refusesWhatDecodesPastTheLimit()
{
    // 64 MiB of zeros packs into a few kilobytes: a bomb for a reader without a limit.
    const std::string bomb = wire::zstdCompress(std::string(64u << 20, '\0'));
    QVERIFY(bomb.size() < 64 * 1024);
    auto out = wire::zstdDecompress(bomb, 1u << 20);
    QVERIFY(!out);
    QCOMPARE(out.error().code, v1::ERROR_CODE_BODY_TOO_LARGE);
    // The same when the frame does not say its size.
    ZSTD_CCtx *c = ZSTD_createCCtx();
    std::string streamed(ZSTD_compressBound(8u << 20), '\0');
    ZSTD_outBuffer o{streamed.data(), streamed.size(), 0};
    const std::string zeros(8u << 20, '\0');
    ZSTD_inBuffer i{zeros.data(), zeros.size(), 0};
    QCOMPARE(ZSTD_compressStream2(c, &o, &i, ZSTD_e_end), std::size_t(0));
    ZSTD_freeCCtx(c);
    streamed.resize(o.pos);
    out = wire::zstdDecompress(streamed, 1u << 20);
    QVERIFY(!out);
    QCOMPARE(out.error().code, v1::ERROR_CODE_BODY_TOO_LARGE);
}

void TestZstdCoding::refusesDamagedTruncatedOrTrailingBytes()
{
    const std::string body = sample(200 * 1024);
    const std::string packed = wire::zstdCompress(body);
    // Any one byte damaged, anywhere in the frame, is caught (the frame's checksum covers
    // what the blocks do not).
    for (std::size_t at = 0; at < packed.size(); at += 97) {
        std::string damaged = packed;
        damaged[at] = static_cast<char>(~damaged[at]);
        auto out = wire::zstdDecompress(damaged, 1u << 20);
        QVERIFY2(!out, qPrintable(QString("byte %1 of %2").arg(at).arg(packed.size())));
        QCOMPARE(out.error().code, v1::ERROR_CODE_MALFORMED_BODY);
    }
    for (std::size_t keep :
         {std::size_t(0), std::size_t(5), packed.size() / 2, packed.size() - 1}) {
        auto out = wire::zstdDecompress(packed.substr(0, keep), 1u << 20);
        QVERIFY2(!out, qPrintable(QString("kept %1").arg(keep)));
        QCOMPARE(out.error().code, v1::ERROR_CODE_MALFORMED_BODY);
    }
    // Cut in its checksum, a frame is truncated, not "longer than it says".
    auto cut = wire::zstdDecompress(packed.substr(0, packed.size() - 2), body.size());
    QVERIFY(!cut);
    QVERIFY2(cut.error().message.find("truncated") != std::string::npos,
             cut.error().message.c_str());
    // A skippable frame (magic 0x184D2A50, a length, then anything) decodes to nothing: it is
    // not an answer, alone or in front of one.
    std::string skippable("\x50\x2a\x4d\x18\x03\x00\x00\x00"
                          "abc",
                          11);
    for (const std::string &input : {skippable, skippable + packed}) {
        auto out = wire::zstdDecompress(input, 1u << 20);
        QVERIFY(!out);
        QVERIFY2(out.error().message.find("not a zstd frame") != std::string::npos,
                 out.error().message.c_str());
    }
    auto trailing = wire::zstdDecompress(packed + "x", 1u << 20);
    QVERIFY(!trailing);
    QVERIFY(trailing.error().message.find("followed by") != std::string::npos);
    auto garbage = wire::zstdDecompress("not zstd at all", 1u << 20);
    QVERIFY(!garbage);
    QCOMPARE(garbage.error().code, v1::ERROR_CODE_MALFORMED_BODY);
}

void TestZstdCoding::refusesAWindowPastEightMegabytes()
{
    // RFC 9659: in HTTP, a zstd frame's window is at most 8 MB; a larger one is refused
    // before the decoder allocates it.
    ZSTD_CCtx *c = ZSTD_createCCtx();
    QVERIFY(!ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 24)));
    QVERIFY(!ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0)));
    const std::string body = sample(64 * 1024);
    std::string packed(ZSTD_compressBound(body.size()), '\0');
    ZSTD_outBuffer o{packed.data(), packed.size(), 0};
    ZSTD_inBuffer i{body.data(), body.size(), 0};
    // Streamed in two calls, so the encoder cannot shrink the window to the body's size.
    QVERIFY(!ZSTD_isError(ZSTD_compressStream2(c, &o, &i, ZSTD_e_continue)));
    ZSTD_inBuffer none{nullptr, 0, 0};
    QCOMPARE(ZSTD_compressStream2(c, &o, &none, ZSTD_e_end), std::size_t(0));
    ZSTD_freeCCtx(c);
    packed.resize(o.pos);
    auto out = wire::zstdDecompress(packed, 1u << 20);
    QVERIFY(!out);
    QVERIFY2(out.error().message.find("larger than 8 MB") != std::string::npos,
             out.error().message.c_str());
}

QTEST_APPLESS_MAIN(TestZstdCoding)
#include "tst_zstdcoding.moc"
