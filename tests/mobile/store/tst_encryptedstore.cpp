#include "store/encryptedstore.h"

#include "db/statement.h"
#include "migrations/migrations.h"
#include "store/syncstate.h"

#include "../fakeclock.h"

#include <QtTest>

#include <sodium.h>

using namespace doorstep;
using namespace doorstep::mobile;

class TestEncryptedStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::array<std::uint8_t, 32> m_key{};
    test::FakeClock m_clock;

    std::filesystem::path dbPath() const { return m_tmp->filePath("store.db").toStdString(); }

    static QByteArray readAll(const std::filesystem::path &p)
    {
        QFile f(QString::fromStdString(p.string()));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(sodium_init() >= 0);
        randombytes_buf(m_key.data(), m_key.size());
    }

    void opensMigratesAndReopens()
    {
        {
            auto store = EncryptedStore::open(dbPath(), m_key, m_clock);
            QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
            QCOMPARE(store->schemaVersion(), int(doorstep::clientMigrations().back().version));
            QVERIFY(
                store->database().exec("INSERT INTO wards (id, body) VALUES ('w1', x'00')").ok());
            auto contact = SyncState(store->database()).lastServerContact();
            QVERIFY(contact.ok() && contact->has_value());
            QCOMPARE(**contact, m_clock.now());
        }
        auto again = EncryptedStore::open(dbPath(), m_key, m_clock);
        QVERIFY(again.ok());
        auto q = again->database().prepare("SELECT count(*) FROM wards");
        QVERIFY(q.ok() && *q->step());
        QCOMPARE(q->int64(0), 1);
    }

    void tempStoreStaysInMemory()
    {
        auto store = EncryptedStore::open(dbPath(), m_key, m_clock);
        QVERIFY(store.ok());
        auto q = store->database().prepare("PRAGMA temp_store");
        QVERIFY(q.ok() && *q->step());
        QCOMPARE(q->int64(0), 2); // 2 = MEMORY
    }

    void wrongKeyCannotOpen()
    {
        QVERIFY(EncryptedStore::open(dbPath(), m_key, m_clock).ok());
        std::array<std::uint8_t, 32> wrong = m_key;
        wrong[0] ^= 1;
        auto store = EncryptedStore::open(dbPath(), wrong, m_clock);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, v1::ERROR_CODE_STORE_LOCKED);
    }

    void noKeyCannotRead()
    {
        QVERIFY(EncryptedStore::open(dbPath(), m_key, m_clock).ok());
        auto db = db::Database::open(dbPath(), db::Database::Mode::ReadOnly);
        QVERIFY(db.ok());
        auto q = db->prepare("SELECT count(*) FROM sqlite_master");
        QVERIFY(!q.ok() || !q->step().ok());
        QVERIFY(!readAll(dbPath()).startsWith("SQLite format 3"));
    }

    void newerSchemaRefused()
    {
        {
            auto store = EncryptedStore::open(dbPath(), m_key, m_clock);
            QVERIFY(store.ok());
            QVERIFY(store->database()
                        .exec("INSERT INTO schema_migrations (version, name) VALUES (999, 'x')")
                        .ok());
        }
        auto store = EncryptedStore::open(dbPath(), m_key, m_clock);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code, v1::ERROR_CODE_SCHEMA_TOO_NEW);
        QVERIFY(store.error().message.find("newer Doorstep") != std::string::npos);
    }

    void rawFileAndJournalHoldNoPlaintext()
    {
        auto store = EncryptedStore::open(dbPath(), m_key, m_clock);
        QVERIFY(store.ok());
        auto &db = store->database();
        QVERIFY(db.exec("INSERT INTO residents (id, family_name, given_name, postcode, body) "
                        "VALUES ('r1', 'Featherstonehaugh', 'Imelda', 'EM1 4QZ', x'00');"
                        "INSERT INTO cases (id, case_number, resident_id, status, body) "
                        "VALUES ('c1', 'HV-2026-004711', 'r1', 1, x'00')")
                    .ok());
        // Hold a write transaction open so the rollback journal exists on disk too.
        auto tx = db::Transaction::begin(db);
        QVERIFY(tx.ok());
        QVERIFY(db.exec("UPDATE residents SET given_name = 'Imelda Rose'").ok());
        const std::filesystem::path journal = std::filesystem::path(dbPath()) += "-journal";
        for (const auto &file : {dbPath(), journal}) {
            const QByteArray bytes = readAll(file);
            QVERIFY2(!bytes.isEmpty(), file.c_str());
            QVERIFY(!bytes.contains("Featherstonehaugh"));
            QVERIFY(!bytes.contains("Imelda"));
            QVERIFY(!bytes.contains("HV-2026-004711"));
            QVERIFY(!bytes.contains("CREATE TABLE"));
        }
        // No other file appeared beside the store.
        const QStringList files = QDir(m_tmp->path()).entryList(QDir::Files);
        QCOMPARE(files, QStringList({"store.db", "store.db-journal"}));
    }
};

QTEST_GUILESS_MAIN(TestEncryptedStore)
#include "tst_encryptedstore.moc"
