#include "crypto/keystore.h"

#include <QtTest>

#include <fstream>

using namespace doorstep;
using namespace doorstep::mobile;

namespace {

constexpr const char *goodPin = "274915";
constexpr const char *otherPin = "380526";

void touch(const std::filesystem::path &p)
{
    std::ofstream(p) << "pretend database";
}

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT

private:
    // A fresh directory per test function, so no test sees another's files.
    std::unique_ptr<QTemporaryDir> m_tmp;

    KeyStoreConfig config() const
    {
        KeyStoreConfig c;
        c.directory = m_tmp->filePath("keys").toStdString();
        c.databasePath = m_tmp->filePath("store.db").toStdString();
        c.kdf = KdfParams::minimal();
        return c;
    }

private slots:
    void init() { m_tmp = std::make_unique<QTemporaryDir>(); }

    void createThenUnlockGivesSameKey()
    {
        KeyStore store(config());
        QVERIFY(!store.hasKey());
        auto created = store.create(goodPin);
        QVERIFY(created.ok());
        QVERIFY(store.hasKey());
        // A new KeyStore object stands for an app restart.
        KeyStore restarted(config());
        auto unlocked = restarted.unlock(goodPin);
        QVERIFY(unlocked.ok());
        QVERIFY(unlocked->equals(*created));
        QCOMPARE(restarted.remainingAttempts(), 10);
    }

    void createRefusesTrivialPin()
    {
        KeyStore store(config());
        auto created = store.create("123456");
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, v1::ERROR_CODE_INVALID_ARGUMENT);
        QVERIFY(!store.hasKey());
    }

    void createRefusesSecondKey()
    {
        KeyStore store(config());
        QVERIFY(store.create(goodPin).ok());
        QVERIFY(!store.create(otherPin).ok());
    }

    void keyFileHoldsNoPlaintextKey()
    {
        KeyStore store(config());
        auto key = store.create(goodPin);
        QVERIFY(key.ok());
        QFile file(QString::fromStdString(store.keyFilePath().string()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const QByteArray raw(reinterpret_cast<const char *>(key->data()), 32);
        QVERIFY(!bytes.contains(raw.left(8)));
        QVERIFY(!bytes.contains(raw.toHex()));
        QVERIFY(!bytes.contains(goodPin));
    }

    void wrongPinCountsDownAcrossRestarts()
    {
        {
            KeyStore store(config());
            QVERIFY(store.create(goodPin).ok());
        }
        for (int i = 1; i <= 3; ++i) {
            KeyStore restarted(config());
            auto r = restarted.unlock(otherPin);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, v1::ERROR_CODE_WRONG_PIN);
            QVERIFY2(r.error().message.find(std::to_string(10 - i) + " attempts") !=
                         std::string::npos,
                     r.error().message.c_str());
            QCOMPARE(restarted.remainingAttempts(), 10 - i);
        }
        KeyStore store(config());
        QVERIFY(store.unlock(goodPin).ok());
        QCOMPARE(store.remainingAttempts(), 10);
    }

    void attemptIsCountedBeforeThePinIsTried()
    {
        KeyStore store(config());
        QVERIFY(store.create(goodPin).ok());
        // What a kill during the Argon2id check leaves behind: the counter already raised.
        std::ofstream(config().directory / "pin-attempts") << "9";
        KeyStore restarted(config());
        QCOMPARE(restarted.remainingAttempts(), 1);
        auto r = restarted.unlock(otherPin);
        QCOMPARE(r.error().code, v1::ERROR_CODE_WIPED);
    }

    void tenthWrongPinErases()
    {
        KeyStore store(config());
        QVERIFY(store.create(goodPin).ok());
        const auto db = config().databasePath;
        touch(db);
        touch(std::filesystem::path(db) += "-journal");
        for (int i = 1; i <= 9; ++i) {
            auto r = store.unlock(otherPin);
            QCOMPARE(r.error().code, v1::ERROR_CODE_WRONG_PIN);
            QVERIFY(store.hasKey());
        }
        auto tenth = store.unlock(otherPin);
        QVERIFY(!tenth.ok());
        QCOMPARE(tenth.error().code, v1::ERROR_CODE_WIPED);
        QVERIFY(tenth.error().message.find("wrong PIN") != std::string::npos);
        QVERIFY(!store.hasKey());
        QVERIFY(!std::filesystem::exists(db));
        QVERIFY(!std::filesystem::exists(std::filesystem::path(db) += "-journal"));
        QCOMPARE(store.wipeReason(), KeyStore::WipeReason::TooManyWrongPins);

        // Even the right PIN cannot bring the data back, and the reason survives a restart.
        KeyStore restarted(config());
        auto again = restarted.unlock(goodPin);
        QCOMPARE(again.error().code, v1::ERROR_CODE_WIPED);
        QCOMPARE(restarted.wipeReason(), KeyStore::WipeReason::TooManyWrongPins);
    }

    // Found by the fault harness: the app killed in the middle of a wipe, after the key was
    // shredded but before the database went, left a database no key can open; the device was
    // then set up again and its new store could never be opened over the old file.
    void newKeyAfterAnInterruptedWipeClearsTheOldDatabase()
    {
        const auto c = config();
        {
            KeyStore store(c);
            QVERIFY(store.create(goodPin).ok());
        }
        touch(c.databasePath);
        touch(std::filesystem::path(c.databasePath) += "-journal");
        // Where the interrupted wipe stopped: marker written, key shredded, nothing else.
        std::ofstream(c.directory / "wiped") << "1";
        std::filesystem::remove(c.directory / "datakey.wrapped");

        KeyStore restarted(c);
        QVERIFY(!restarted.hasKey());
        QCOMPARE(restarted.wipeReason(), KeyStore::WipeReason::TooManyWrongPins);
        QVERIFY(restarted.create(otherPin).ok());
        QVERIFY(!std::filesystem::exists(c.databasePath));
        QVERIFY(!std::filesystem::exists(std::filesystem::path(c.databasePath) += "-journal"));
        QVERIFY(!restarted.wipeReason().has_value());
    }

    void changePinKeepsDataKey()
    {
        KeyStore store(config());
        auto key = store.create(goodPin);
        QVERIFY(key.ok());
        QVERIFY(store.changePin(goodPin, otherPin).ok());
        QCOMPARE(store.unlock(goodPin).error().code, v1::ERROR_CODE_WRONG_PIN);
        auto unlocked = store.unlock(otherPin);
        QVERIFY(unlocked.ok());
        QVERIFY(unlocked->equals(*key));
    }

    void changePinRefusesWrongOldPinOrTrivialNewPin_data()
    {
        QTest::addColumn<QString>("oldPin");
        QTest::addColumn<QString>("newPin");
        QTest::addColumn<int>("code");
        QTest::newRow("wrong old") << otherPin << "836402" << int(v1::ERROR_CODE_WRONG_PIN);
        QTest::newRow("trivial new") << goodPin << "111111" << int(v1::ERROR_CODE_INVALID_ARGUMENT);
    }

    void changePinRefusesWrongOldPinOrTrivialNewPin()
    {
        QFETCH(QString, oldPin);
        QFETCH(QString, newPin);
        QFETCH(int, code);
        KeyStore store(config());
        QVERIFY(store.create(goodPin).ok());
        auto s = store.changePin(oldPin.toStdString(), newPin.toStdString());
        QVERIFY(!s.ok());
        QCOMPARE(int(s.error().code), code);
        QVERIFY(store.unlock(goodPin).ok());
    }

    void remoteWipeSaysRevoked()
    {
        KeyStore store(config());
        QVERIFY(store.create(goodPin).ok());
        touch(config().databasePath);
        QVERIFY(store.wipe(KeyStore::WipeReason::Revoked).ok());
        QVERIFY(!store.hasKey());
        QVERIFY(!std::filesystem::exists(config().databasePath));
        auto r = store.unlock(goodPin);
        QCOMPARE(r.error().code, v1::ERROR_CODE_WIPED);
        QVERIFY(r.error().message.find("withdrawn") != std::string::npos);
        // Setting the device up again clears the wipe.
        QVERIFY(store.create(otherPin).ok());
        QVERIFY(!store.wipeReason().has_value());
    }

    void weakParametersAreRaisedOnUnlock()
    {
        KeyStore weak(config());
        auto key = weak.create(goodPin);
        QVERIFY(key.ok());
        KeyStoreConfig stronger = config();
        stronger.kdf.opsLimit += 1;
        stronger.kdf.memLimitBytes *= 2;
        KeyStore store(stronger);
        QCOMPARE(*store.storedParams(), KdfParams::minimal());
        auto unlocked = store.unlock(goodPin);
        QVERIFY(unlocked.ok());
        QVERIFY(unlocked->equals(*key));
        QCOMPARE(*store.storedParams(), stronger.kdf);
        QVERIFY(store.unlock(goodPin).ok());
    }
};

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
