// Built twice: as tst_migrations_server (plain SQLite 3.40, server migrations) and as
// tst_migrations_client (SQLCipher 3.4.1 with a raw key, client migrations).

#include "db/database.h"
#include "db/migrator.h"
#include "db/statement.h"
#include "embedded/embeddedfile.h"
#include "migrations/migrations.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <string>
#include <vector>

using namespace doorstep;
using doorstep::db::Database;
using doorstep::db::Migrator;

namespace {

#ifdef DOORSTEP_TEST_SIDE_CLIENT
constexpr bool kClient = true;
std::span<const Migration> sideMigrations()
{
    return clientMigrations();
}
#else
constexpr bool kClient = false;
std::span<const Migration> sideMigrations()
{
    return serverMigrations();
}
#endif

constexpr std::array<std::uint8_t, 32> kKey = {
    0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
    0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0};

Database openDb(const QString &path)
{
    auto db = Database::open(path.toStdString());
    if (!db) {
        qFatal("open failed: %s", db.error().message.c_str());
    }
    if (kClient) {
        auto keyed = db->keyWithRawKey(kKey);
        if (!keyed) {
            qFatal("key failed: %s", keyed.error().message.c_str());
        }
    }
    return std::move(db).value();
}

// The schema as SQLite reports it: every object's definition, in a stable order.
QStringList schemaDump(Database &db)
{
    QStringList out;
    auto q = db.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
    if (!q) {
        qFatal("%s", q.error().message.c_str());
    }
    while (q->step().value()) {
        out << QString::fromStdString(q->text(0) + " " + q->text(1) + ": " + q->text(2));
    }
    return out;
}

QList<int> appliedVersions(Database &db)
{
    QList<int> out;
    auto q = db.prepare("SELECT version FROM schema_migrations ORDER BY version");
    if (!q) {
        return out;
    }
    while (q->step().value()) {
        out << static_cast<int>(q->int64(0));
    }
    return out;
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void engineIsTheExpectedOne();
    void migrationsAreNumberedWithoutGaps();
    void parseRejectsBadNames_data();
    void parseRejectsBadNames();
    void appliesFromEmpty();
    void appliesFromEveryEarlierVersion_data();
    void appliesFromEveryEarlierVersion();
    void migratingTwiceChangesNothing();
    void newerDatabaseIsRefused();
    void failedStepLeavesDatabaseUntouched();
    void clientStoreIsEncryptedAndSearchable();
    void serverAuditLogIsAppendOnly();

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_n)); }
};

void TestMigrations::engineIsTheExpectedOne()
{
    QCOMPARE(Database::isSqlCipher(), kClient);
    const std::string v = Database::engineVersion();
    // Debian bookworm: SQLCipher 3.4.1 embeds SQLite 3.15.2; the server uses SQLite 3.40.
    // The client migrations must run on the oldest engine we ship against.
    if (kClient) {
        QVERIFY2(v.rfind("3.", 0) == 0, v.c_str());
    }
    qInfo("engine %s", v.c_str());
}

void TestMigrations::migrationsAreNumberedWithoutGaps()
{
    const auto ms = sideMigrations();
    QVERIFY(ms.size() >= 2);
    for (std::size_t i = 0; i < ms.size(); ++i) {
        QCOMPARE(ms[i].version, static_cast<int>(i) + 1);
        QVERIFY(!ms[i].sql.empty());
        // The runner owns the transaction; a step that commits on its own would break
        // all-or-nothing. (Comments may say so; trigger bodies may say BEGIN ... END.)
        QString code;
        for (const QString &line :
             QString::fromUtf8(ms[i].sql.data(), ms[i].sql.size()).split('\n')) {
            if (!line.trimmed().startsWith(QStringLiteral("--"))) {
                code += line + '\n';
            }
        }
        static const QRegularExpression tx(
            QStringLiteral("\\b(COMMIT|END\\s*;|ROLLBACK|BEGIN\\s*(;|TRANSACTION|IMMEDIATE|"
                           "EXCLUSIVE|DEFERRED))"),
            QRegularExpression::CaseInsensitiveOption);
        const QString withoutTriggers = QString(code).remove(
            QRegularExpression(QStringLiteral("CREATE TRIGGER.*?\\bEND;"),
                               QRegularExpression::DotMatchesEverythingOption));
        QVERIFY2(!tx.match(withoutTriggers).hasMatch(), std::string(ms[i].name).c_str());
    }
}

void TestMigrations::parseRejectsBadNames_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no number") << QStringList{"init.sql"} << "must be named NNNN_description.sql";
    QTest::newRow("not a number") << QStringList{"abc_init.sql"} << "must be named";
    QTest::newRow("gap") << QStringList{"0001_a.sql", "0003_c.sql"} << "should be number 2";
    QTest::newRow("repeat") << QStringList{"0001_a.sql", "0001_b.sql"} << "should be number 2";
    QTest::newRow("starts at two") << QStringList{"0002_a.sql"} << "should be number 1";
}

void TestMigrations::parseRejectsBadNames()
{
    QFETCH(QStringList, names);
    QFETCH(QString, expected);
    std::vector<std::string> storage;
    for (const QString &n : names) {
        storage.push_back(n.toStdString());
    }
    std::vector<EmbeddedFile> files;
    for (const auto &s : storage) {
        files.push_back(EmbeddedFile{s, "SELECT 1;"});
    }
    auto parsed = parseMigrations(files);
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().message.find(expected.toStdString()) != std::string::npos,
             parsed.error().message.c_str());
}

void TestMigrations::appliesFromEmpty()
{
    Database db = openDb(freshPath());
    Migrator m(db, sideMigrations());
    QCOMPARE(m.currentVersion().value(), 0);
    auto reached = m.migrate();
    QVERIFY2(reached, reached ? "" : reached.error().message.c_str());
    QCOMPARE(*reached, m.latestVersion());
    QCOMPARE(m.currentVersion().value(), m.latestVersion());
    QList<int> expected;
    for (const auto &mig : sideMigrations()) {
        expected << mig.version;
    }
    QCOMPARE(appliedVersions(db), expected);
}

void TestMigrations::appliesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("from");
    for (const auto &mig : sideMigrations()) {
        const int from = mig.version - 1;
        QTest::addRow("from v%d", from) << from;
    }
}

void TestMigrations::appliesFromEveryEarlierVersion()
{
    QFETCH(int, from);
    Database reference = openDb(freshPath());
    QVERIFY(Migrator(reference, sideMigrations()).migrate());

    const QString path = freshPath();
    {
        // An older build left the database at `from`, then closed it.
        Database old = openDb(path);
        QCOMPARE(Migrator(old, sideMigrations()).migrate(from).value(), from);
    }
    Database db = openDb(path);
    Migrator m(db, sideMigrations());
    QCOMPARE(m.currentVersion().value(), from);
    QCOMPARE(m.migrate().value(), m.latestVersion());
    QCOMPARE(schemaDump(db), schemaDump(reference));
    QCOMPARE(appliedVersions(db), appliedVersions(reference));
}

void TestMigrations::migratingTwiceChangesNothing()
{
    Database db = openDb(freshPath());
    Migrator m(db, sideMigrations());
    QVERIFY(m.migrate());
    const QStringList before = schemaDump(db);
    QCOMPARE(m.migrate().value(), m.latestVersion());
    QCOMPARE(schemaDump(db), before);
}

void TestMigrations::newerDatabaseIsRefused()
{
    const QString path = freshPath();
    {
        Database db = openDb(path);
        QVERIFY(Migrator(db, sideMigrations()).migrate());
        // A newer build added a step this build has never heard of.
        QVERIFY(db.exec("CREATE TABLE from_the_future (x INTEGER)"));
        auto s = db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, 'future')");
        s->bind(1, static_cast<int>(sideMigrations().size()) + 1);
        QVERIFY(s->run());
    }
    Database db = openDb(path);
    const QStringList before = schemaDump(db);
    Migrator m(db, sideMigrations());
    auto r = m.migrate();
    QVERIFY(!r);
    QCOMPARE(r.error().code, v1::ERROR_CODE_SCHEMA_TOO_NEW);
    const std::string msg = r.error().message;
    QVERIFY2(msg.find("newer Doorstep") != std::string::npos, msg.c_str());
    QVERIFY2(msg.find(std::to_string(sideMigrations().size() + 1)) != std::string::npos,
             msg.c_str());
    QVERIFY2(msg.find("has not been changed") != std::string::npos, msg.c_str());
    QCOMPARE(schemaDump(db), before);
}

void TestMigrations::failedStepLeavesDatabaseUntouched()
{
    const std::vector<Migration> broken = {
        {1, "0001_ok.sql", "CREATE TABLE first_step (x INTEGER);"},
        {2, "0002_broken.sql", "CREATE TABLE second_step (x INTEGER); THIS IS NOT SQL;"},
    };
    Database db = openDb(freshPath());
    Migrator m(db, broken);
    auto r = m.migrate();
    QVERIFY(!r);
    QVERIFY2(r.error().message.find("0002_broken.sql") != std::string::npos,
             r.error().message.c_str());
    QCOMPARE(m.currentVersion().value(), 0);
    QVERIFY(schemaDump(db).filter("first_step").isEmpty());
    QVERIFY(schemaDump(db).filter("second_step").isEmpty());
}

void TestMigrations::clientStoreIsEncryptedAndSearchable()
{
    if (!kClient) {
        QSKIP("client store only");
    }
    const QString path = freshPath();
    {
        Database db = openDb(path);
        QVERIFY(Migrator(db, sideMigrations()).migrate());
        auto ins = db.prepare("INSERT INTO resident_search (resident_id, name, address, "
                              "case_numbers) VALUES (?, ?, ?, ?)");
        ins->bind(1, "res-1").bind(2, "Doreen Ashworth").bind(3, "12 Millbrook Road EM4 2QT");
        ins->bind(4, "HV-2026-000123");
        QVERIFY(ins->run());
        auto q = db.prepare("SELECT resident_id FROM resident_search WHERE resident_search "
                            "MATCH ?");
        q->bind(1, "ashw*");
        QVERIFY(q->step().value());
        QCOMPARE(QString::fromStdString(q->text(0)), QStringLiteral("res-1"));
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(!bytes.startsWith("SQLite format 3"));
    QVERIFY(!bytes.contains("Ashworth"));
    QVERIFY(!bytes.contains("HV-2026-000123"));
    QVERIFY(!bytes.contains("CREATE TABLE"));

    // Without the key, or with another key, nothing can be read.
    auto wrong = Database::open(path.toStdString());
    std::array<std::uint8_t, 32> otherKey = kKey;
    otherKey[0] ^= 1;
    auto keyed = wrong->keyWithRawKey(otherKey);
    QVERIFY(!keyed);
    QCOMPARE(keyed.error().code, v1::ERROR_CODE_STORE_LOCKED);
    auto unkeyed = Database::open(path.toStdString());
    QVERIFY(!unkeyed->prepare("SELECT count(*) FROM sqlite_master") ||
            !unkeyed->prepare("SELECT count(*) FROM sqlite_master")->step());
}

void TestMigrations::serverAuditLogIsAppendOnly()
{
    if (kClient) {
        QSKIP("server store only");
    }
    Database db = openDb(freshPath());
    QVERIFY(Migrator(db, sideMigrations()).migrate());
    QVERIFY(db.exec("INSERT INTO audit_log (at, user_id, action) VALUES (1, 'u1', 'read')"));
    auto upd = db.exec("UPDATE audit_log SET action = 'nothing'");
    QVERIFY(!upd);
    QVERIFY2(upd.error().message.find("append-only") != std::string::npos,
             upd.error().message.c_str());
    QVERIFY(!db.exec("DELETE FROM audit_log"));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
