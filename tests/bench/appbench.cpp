// W4: the app. Cold start to the first frame of Today (key derivation apart), resident search
// with FTS4 inside SQLCipher, building the visit-list model, and SQLCipher against no
// encryption on the same queries.

#include "bench.h"
#include "crypto/keystore.h"
#include "models/appcontroller.h"
#include "models/visitlistmodel.h"
#include "store/casereader.h"
#include "store/encryptedstore.h"
#include "store/recordstore.h"
#include "store/residentsearch.h"
#include "store/syncstate.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QUrl>

using namespace doorstep;
using namespace doorstep::mobile;

namespace bench {

namespace {

// The app's own layout (keys/ and doorstep.db under `dir`) with the cheapest key derivation.
KeyStoreConfig appKeys(const QString &dir)
{
    KeyStoreConfig keys;
    keys.directory = (dir + "/keys").toStdString();
    keys.databasePath = (dir + "/doorstep.db").toStdString();
    keys.kdf = KdfParams::minimal();
    return keys;
}

// A copy of an encrypted store with no encryption (sqlcipher_export), for the "no encryption"
// limit: the same engine, schema and rows.
void exportPlain(db::Database &encrypted, const QString &plainPath)
{
    QFile::remove(plainPath);
    const std::string sql = "ATTACH DATABASE '" + plainPath.toStdString() +
                            "' AS plain KEY ''; SELECT sqlcipher_export('plain'); "
                            "DETACH DATABASE plain;";
    check(encrypted.exec(sql), "sqlcipher_export");
}

std::vector<QString> searchQueries(const v1::CouncilSnapshot &s, int count)
{
    std::vector<QString> q;
    std::mt19937 rng(20261123);
    const int n = s.residents_size();
    std::map<std::string, std::string> caseNumber;
    for (const auto &c : s.cases()) {
        caseNumber.emplace(c.resident_id(), c.case_number());
    }
    for (int i = 0; static_cast<int>(q.size()) < count; ++i) {
        const auto &r = s.residents(static_cast<int>(rng() % static_cast<unsigned>(n)));
        const QString family = QString::fromStdString(r.family_name());
        const QString given = QString::fromStdString(r.given_name());
        switch (i % 5) {
        case 0:
            q.push_back(family);
            break;
        case 1:
            q.push_back(family.left(3)); // typing the start of a name
            break;
        case 2:
            q.push_back(given + " " + family);
            break;
        case 3:
            q.push_back(QString::fromStdString(r.address().postcode()));
            break;
        default:
            q.push_back(QString::fromStdString(caseNumber[r.id()]));
        }
    }
    return q;
}

std::vector<double> timeSearches(db::Database &db, const std::vector<QString> &queries,
                                 qint64 *hits)
{
    ResidentSearch search(db);
    std::vector<double> ms;
    *hits = 0;
    for (const QString &q : queries) {
        const QByteArray text = q.toUtf8();
        std::size_t found = 0;
        ms.push_back(timeMs([&] {
            auto r = search.search(std::string_view(text.constData(), text.size()), 50);
            if (!r) {
                fail("search '" + q + "': " + QString::fromStdString(r.error().message));
            }
            found = r->size();
        }));
        *hits += static_cast<qint64>(found);
    }
    return ms;
}

void searchAndEncryption(const Options &o, Report &r)
{
    const QString w = "W4";
    const v1::CouncilSnapshot s = council(o.searchResidents, 5);
    const QString path = o.work + "/search.db";
    QFile::remove(path);
    auto store = EncryptedStore::open(path.toStdString(), scratchKey(), systemClock());
    if (!store) {
        fail("search store");
    }
    db::Database &db = store->database();
    const double buildMs = timeMs([&] {
        check(db.begin(), "begin");
        insertResidentsAndCases(db, s);
        check(db.commit(), "commit");
    });
    const auto queries = searchQueries(s, o.searchQueries);
    qint64 hits = 0;
    timeSearches(db, queries, &hits); // warm the page cache, as a tablet in use has it
    const auto encrypted = timeSearches(db, queries, &hits);
    exportPlain(db, o.work + "/search-plain.db");
    auto plain = db::Database::open((o.work + "/search-plain.db").toStdString());
    if (!plain) {
        fail("open the plain copy");
    }
    qint64 plainHits = 0;
    timeSearches(*plain, queries, &plainHits);
    const auto clear = timeSearches(*plain, queries, &plainHits);
    if (plainHits != hits || hits == 0) {
        fail("the plain copy found other residents than the encrypted store");
    }
    const QString label = QString("resident search, %1 residents").arg(s.residents_size());
    r.add({w,
           label + ", p50",
           percentile(encrypted, 0.5),
           "ms",
           "no encryption",
           percentile(clear, 0.5),
           "x limit",
           {}});
    r.add({w, label + ", p99", percentile(encrypted, 0.99), "ms", "no encryption",
           percentile(clear, 0.99), "x limit", "< 20 ms"});
    // Where the tail is: each kind of query on its own (searchQueries makes them in turn).
    const char *kinds[] = {"surname", "first 3 letters", "full name", "postcode", "case number"};
    QStringList byKind;
    for (std::size_t k = 0; k < std::size(kinds); ++k) {
        std::vector<double> mine, mineClear;
        for (std::size_t i = k; i < encrypted.size(); i += std::size(kinds)) {
            mine.push_back(encrypted[i]);
            mineClear.push_back(clear[i]);
        }
        byKind << QString("%1 %2 / %3 ms (no encryption %4 / %5)")
                      .arg(kinds[k])
                      .arg(percentile(mine, 0.5), 0, 'f', 2)
                      .arg(percentile(mine, 0.99), 0, 'f', 2)
                      .arg(percentile(mineClear, 0.5), 0, 'f', 2)
                      .arg(percentile(mineClear, 0.99), 0, 'f', 2);
    }
    r.note("W4 search p50 / p99 by kind: " + byKind.join("; "));
    r.note(QString("W4 search: FTS4 in SQLCipher 3.4.1 over %1 residents and %2 cases (store "
                   "built in %3 s); %4 queries (surname, its first 3 letters, full name, "
                   "postcode, case number), %5 hits, at most 50 a query")
               .arg(s.residents_size())
               .arg(s.cases_size())
               .arg(buildMs / 1000, 0, 'f', 1)
               .arg(queries.size())
               .arg(hits));
}

// A store in the app's own layout holding `count` visits in the coming week.
void makeVisitStore(const QString &dir, int count)
{
    QDir(dir).removeRecursively();
    const KeyStoreConfig keys = appKeys(dir);
    auto key = KeyStore(keys).create(kPin);
    if (!key) {
        fail("visit store key");
    }
    auto store = EncryptedStore::open(keys.databasePath, key->key256(), systemClock());
    if (!store) {
        fail("visit store");
    }
    const v1::CouncilSnapshot s = council(std::max(200, count / 5), 5);
    db::Database &db = store->database();
    check(db.begin(), "begin");
    insertResidentsAndCases(db, s);
    RecordStore records(db);
    v1::Record rec;
    const qint64 today = QDateTime(QDate::currentDate(), QTime(0, 0)).toSecsSinceEpoch();
    const v1::Visit &model = s.visits(0);
    for (int i = 0; i < count; ++i) {
        v1::Visit v = model;
        v.set_id("bench-visit-" + std::to_string(i));
        v.set_case_id(s.cases(i % s.cases_size()).id());
        v.set_officer_user_id("usr-off-001");
        v.set_status(v1::VISIT_STATUS_SCHEDULED);
        const qint64 start = today + (i % 7) * 86400 + 9 * 3600 + (i / 7 % 32) * 900;
        v.mutable_window()->mutable_start()->set_seconds(start);
        v.mutable_window()->mutable_end()->set_seconds(start + 3600);
        *rec.mutable_visit() = v;
        check(records.upsert(rec), "visit");
    }
    // Enrolled as the demo officer, at a server that is not there (sync fails quietly).
    SyncState::Credentials who;
    who.serverUrl = "http://127.0.0.1:9";
    who.deviceId = "dev-bench";
    who.deviceSecret = "bench";
    who.userId = "usr-off-001";
    who.userName = "Sam Taylor";
    check(SyncState(db).setCredentials(who), "credentials");
    check(db.commit(), "commit");
}

void visitList(const Options &o, Report &r)
{
    const QString dir = o.work + "/visits";
    makeVisitStore(dir, o.visitCount);
    AppController app;
    app.setDataDir(dir);
    app.setFastKeys(true);
    app.start();
    if (!waitUntil([&] { return app.stage() == AppController::Locked; }, 60000)) {
        fail("the app did not reach its PIN screen");
    }
    app.unlock(kPin);
    if (!waitUntil([&] { return app.stage() == AppController::Ready; }, 60000)) {
        fail("the app did not unlock: " + app.error() + " " + app.lockMessage());
    }
    VisitListModel visits;
    visits.setApp(&app);
    std::vector<double> ms;
    for (int i = 0; i < 6; ++i) {
        bool done = false;
        QMetaObject::Connection c = QObject::connect(&visits, &VisitListModel::loadingChanged,
                                                     [&] { done = !visits.loading(); });
        const double t = timeMs([&] {
            visits.reload();
            if (!waitUntil([&] { return done; }, 120000)) {
                fail("the visit list did not load");
            }
        });
        QObject::disconnect(c);
        if (visits.count() != o.visitCount) {
            fail(QString("the visit list holds %1 of %2 visits")
                     .arg(visits.count())
                     .arg(o.visitCount));
        }
        if (i > 0) { // the first load warms the page cache
            ms.push_back(t);
        }
    }

    // The store's query on its own, and the same query with no encryption.
    const KeyStoreConfig keys = appKeys(dir);
    auto key = KeyStore(keys).unlock(kPin);
    if (!key) {
        fail("unlock the visit store");
    }
    auto store = EncryptedStore::open(keys.databasePath, key->key256(), systemClock());
    if (!store) {
        fail("reopen the visit store");
    }
    const qint64 from = QDateTime::currentMSecsSinceEpoch() - 86400000LL;
    const qint64 to = from + 9 * 86400000LL;
    const auto queryMs = [&](db::Database &db) {
        std::vector<double> t;
        for (int i = 0; i < 6; ++i) {
            const double one = timeMs([&] {
                auto rows = CaseReader(db).visits(from, to);
                if (!rows || rows->size() < o.visitCount) {
                    fail("the visits query");
                }
            });
            if (i > 0) {
                t.push_back(one);
            }
        }
        return percentile(t, 0.5);
    };
    const double encrypted = queryMs(store->database());
    exportPlain(store->database(), o.work + "/visits-plain.db");
    auto plain = db::Database::open((o.work + "/visits-plain.db").toStdString());
    const double clear = queryMs(*plain);
    r.add({"W4",
           QString("visit-list model, %1 visits").arg(o.visitCount),
           percentile(ms, 0.5),
           "ms",
           "the store query alone",
           encrypted,
           "x limit",
           {}});
    r.add({"W4",
           QString("visits query, %1 rows").arg(o.visitCount),
           encrypted,
           "ms",
           "no encryption",
           clear,
           "x limit",
           {}});
}

void keyDerivationAndColdStart(const Options &o, ServerUnderTest &s, Report &r)
{
    // The deliberate cost: Argon2id with the app's recommended parameters.
    const QString kdfDir = o.work + "/kdf";
    QDir(kdfDir).removeRecursively();
    KeyStoreConfig keys;
    keys.directory = (kdfDir + "/keys").toStdString();
    keys.databasePath = (kdfDir + "/store.db").toStdString();
    if (!KeyStore(keys).create(kPin)) {
        fail("create a key with the recommended KDF");
    }
    std::vector<double> kdf;
    for (int i = 0; i < 3; ++i) {
        kdf.push_back(timeMs([&] {
            if (!KeyStore(keys).unlock(kPin)) {
                fail("unlock with the recommended KDF");
            }
        }));
    }
    const double kdfMs = percentile(kdf, 0.5);
    r.add({"W4", "unlock key derivation (Argon2id)", kdfMs, "ms", {}, 0, {}, "deliberate"});

    if (o.appBinary.isEmpty() || !QFile::exists(o.appBinary)) {
        r.note("W4: cold start not measured (the app was not built)");
        return;
    }
    const QString dir = o.work + "/app";
    QDir(dir).removeRecursively();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    const auto code = s.server->admin({"device", "enrol-code", "demo.officer"});
    {
        // First run: enrol, choose the PIN, sync, render the key screens, exit.
        QProcess first;
        first.setProcessEnvironment(env);
        endWithParent(first);
        first.start(o.appBinary,
                    {"--data", dir, "--server",
                     "http://127.0.0.1:" + QString::number(s.server->port()), "--enrol-code",
                     code.out.trimmed(), "--demo-pin", kPin, "--screenshots", dir + "/shots"});
        if (!waitUntil([&] { return first.state() == QProcess::NotRunning; }, 600000) ||
            first.exitCode() != 0) {
            fail("the app's first run failed: " + first.readAllStandardError().right(1000));
        }
    }
    std::vector<double> total;
    std::vector<double> unlock;
    for (int i = 0; i < 5; ++i) {
        QProcess app;
        app.setProcessEnvironment(env);
        endWithParent(app);
        QElapsedTimer t;
        t.start();
        app.start(o.appBinary, {"--data", dir, "--demo-pin", kPin, "--report-startup"});
        if (!waitUntil([&] { return app.state() == QProcess::NotRunning; }, 120000) ||
            app.exitCode() != 0) {
            fail("the app's cold start failed: " + app.readAllStandardError().right(1000));
        }
        const QString out = QString::fromUtf8(app.readAllStandardOutput());
        const auto m = QRegularExpression("first-frame-ms=(\\d+) unlock-ms=(\\d+)").match(out);
        if (!m.hasMatch()) {
            fail("the app did not report its start: " + out);
        }
        // From starting the process to the line about the first frame; the app exits at once.
        total.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        unlock.push_back(m.captured(2).toDouble());
        (void)m.captured(1);
    }
    const double cold = percentile(total, 0.5);
    r.add({"W4",
           "cold start to Today's first frame",
           cold,
           "ms",
           "of which unlock (KDF + open)",
           percentile(unlock, 0.5),
           {},
           {}});
    r.add({"W4", "cold start less key derivation", cold - kdfMs, "ms", {}, 0, {}, {}});
}

} // namespace

void runApp(const Options &o, ServerUnderTest &s, Report &r)
{
    keyDerivationAndColdStart(o, s, r);
    searchAndEncryption(o, r);
    visitList(o, r);
}

} // namespace bench
