#include "crypto/wrappedkey.h"

#include <QtTest>

#include <sodium.h>

using namespace doorstep;
using namespace doorstep::mobile;

class TestWrappedKey : public QObject
{
    Q_OBJECT

private:
    static SecureBytes randomKey()
    {
        SecureBytes key(32);
        randombytes_buf(key.data(), key.size());
        return key;
    }

private slots:
    void roundTripKeepsKeyAndParams()
    {
        const SecureBytes key = randomKey();
        auto sealed = WrappedKey::seal(key, "274915", KdfParams::minimal());
        QVERIFY(sealed.ok());
        const std::string bytes = sealed->serialize();
        QCOMPARE(bytes.size(), WrappedKey::fileSize);
        auto parsed = WrappedKey::parse(bytes);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->params(), KdfParams::minimal());
        auto opened = parsed->open("274915");
        QVERIFY(opened.ok());
        QVERIFY(opened->equals(key));
    }

    void wrongPinFails()
    {
        auto sealed = WrappedKey::seal(randomKey(), "274915", KdfParams::minimal());
        QVERIFY(sealed.ok());
        auto opened = sealed->open("274916");
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, v1::ERROR_CODE_WRONG_PIN);
    }

    void fileHoldsNoKeyBytes()
    {
        const SecureBytes key = randomKey();
        auto sealed = WrappedKey::seal(key, "274915", KdfParams::minimal());
        QVERIFY(sealed.ok());
        const QByteArray file = QByteArray::fromStdString(sealed->serialize());
        // No 8-byte window of the key appears anywhere in the file.
        for (std::size_t i = 0; i + 8 <= key.size(); ++i) {
            const QByteArray window(reinterpret_cast<const char *>(key.data() + i), 8);
            QVERIFY(!file.contains(window));
        }
        QVERIFY(!file.contains("274915"));
    }

    void tamperedHeaderFails_data()
    {
        QTest::addColumn<int>("offset");
        QTest::newRow("memlimit") << 25;
        QTest::newRow("salt") << 40;
        QTest::newRow("nonce") << 50;
        QTest::newRow("sealed key") << 80;
    }

    void tamperedHeaderFails()
    {
        QFETCH(int, offset);
        auto sealed = WrappedKey::seal(randomKey(), "274915", KdfParams::minimal());
        QVERIFY(sealed.ok());
        std::string bytes = sealed->serialize();
        bytes[static_cast<std::size_t>(offset)] ^= 0x01;
        auto parsed = WrappedKey::parse(bytes);
        QVERIFY(parsed.ok());
        QVERIFY(!parsed->open("274915").ok());
    }

    void damagedFileRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("short") << QByteArray("DSTPKEY");
        QTest::newRow("wrong magic") << QByteArray(int(WrappedKey::fileSize), 'x');
    }

    void damagedFileRefused()
    {
        QFETCH(QByteArray, bytes);
        QVERIFY(!WrappedKey::parse(bytes.toStdString()).ok());
    }

    void newerFormatRefused()
    {
        auto sealed = WrappedKey::seal(randomKey(), "274915", KdfParams::minimal());
        QVERIFY(sealed.ok());
        std::string bytes = sealed->serialize();
        bytes[8] = 2;
        auto parsed = WrappedKey::parse(bytes);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, v1::ERROR_CODE_SCHEMA_TOO_NEW);
    }

    // Prints the unlock time with the app's parameters on this machine; not a pass/fail timing.
    void recommendedParamsCost()
    {
        if (qEnvironmentVariableIsEmpty("DOORSTEP_MEASURE_KDF")) {
            QSKIP("set DOORSTEP_MEASURE_KDF=1 to measure the app's Argon2id cost");
        }
        auto sealed = WrappedKey::seal(randomKey(), "274915", KdfParams::recommended());
        QVERIFY(sealed.ok());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(sealed->open("274915").ok());
        qInfo("Argon2id t=%llu m=%llu MiB unlock: %lld ms",
              static_cast<unsigned long long>(KdfParams::recommended().opsLimit),
              static_cast<unsigned long long>(KdfParams::recommended().memLimitBytes >> 20),
              static_cast<long long>(timer.elapsed()));
    }
};

QTEST_GUILESS_MAIN(TestWrappedKey)
#include "tst_wrappedkey.moc"
