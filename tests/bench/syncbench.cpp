// W1 initial sync, W2 delta sync and W3 server capacity.

#include "bench.h"
#include "crypto/keystore.h"
#include "faultproxy.h"
#include "store/encryptedstore.h"
#include "sync/syncclient.h"
#include "testtablet.h"
#include "time/systemclock.h"

#include "doorstep/v1/sync.pb.h"

#include <google/protobuf/util/json_util.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QTextStream>
#include <QUrl>

#include <sqlite3.h>
#include <sys/resource.h>
#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <random>

using namespace doorstep;
using namespace doorstep::mobile;

namespace bench {

namespace {

StoreConfig tabletConfig(const QString &dir)
{
    return test::fastStoreConfig(dir, std::chrono::hours(24), std::chrono::hours(24 * 365));
}

SyncClient::Options syncOptions()
{
    SyncClient::Options o;
    o.period = std::chrono::milliseconds(0);
    o.retryBase = std::chrono::hours(1);
    o.retryCap = std::chrono::hours(1);
    return o;
}

// A tablet: the app core's store host and sync client, enrolled as `user`.
struct Tablet
{
    explicit Tablet(const QString &dir)
        : host(tabletConfig(dir), systemClock()), sync(host, syncOptions())
    {
        QObject::connect(&sync, &SyncClient::synced, [this] { ++synced; });
        QObject::connect(&sync, &SyncClient::enrolled, [this] { enrolled = true; });
        QObject::connect(&sync, &SyncClient::failed, [this](int code, const QString &m, bool) {
            error = QString::number(code) + " " + m;
        });
    }
    // Creates the key (cheapest KDF: W4 reports the real one), enrols and syncs to the end.
    // Returns the milliseconds from sending the enrolment to a store ready to use offline.
    double enrolAndSync(const QUrl &server, const QString &code)
    {
        if (!answer(host, host.createKey(kPin))) {
            fail("could not create the tablet's key");
        }
        QElapsedTimer t;
        t.start();
        sync.enrol(server, code, "Bench tablet");
        if (!waitUntil([&] { return enrolled || !error.isEmpty(); }, 600000) || !enrolled) {
            fail("enrolment failed: " + error);
        }
        syncOnce();
        return static_cast<double>(t.nsecsElapsed()) / 1e6;
    }
    void syncOnce()
    {
        const int before = synced;
        error.clear();
        sync.syncNow();
        if (!waitUntil([&] { return synced > before || !error.isEmpty(); }, 600000) ||
            synced == before) {
            fail("sync failed: " + error);
        }
    }
    StoreHost host;
    SyncClient sync;
    int synced = 0;
    bool enrolled = false;
    QString error;
};

QString enrolCode(const ServerProcess &server, const QString &user)
{
    const auto run = server.admin({"device", "enrol-code", user});
    if (run.exitCode != 0) {
        fail("enrol-code " + user + ": " + run.err);
    }
    return run.out.trimmed();
}

struct Row
{
    std::vector<std::string> values; // text or blob bytes
    std::vector<int> types;          // SQLITE_* column types
};
struct Table
{
    std::string name;
    std::vector<std::string> columns;
    std::vector<Row> rows;

    // A table of records (the search index and sync state are not records).
    bool holdsRecords() const { return name != "resident_search" && name != "sync_state"; }
    // Where each row's protobuf record is.
    std::size_t bodyColumn() const
    {
        return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), "body") -
                                        columns.begin());
    }
};

// Every row of the tablet's record tables and search index, as stored.
std::vector<Table> readRows(db::Database &db)
{
    std::vector<Table> tables;
    for (const char *name : {"wards", "users", "residents", "cases", "referrals", "visits",
                             "case_events", "form_definitions", "resident_search", "sync_state"}) {
        Table t{name, {}, {}};
        sqlite3_stmt *st = nullptr;
        const std::string sql = std::string("SELECT * FROM ") + name;
        if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            fail(QString("read ") + name + ": " + QString::fromStdString(db.lastErrorMessage()));
        }
        const int n = sqlite3_column_count(st);
        for (int c = 0; c < n; ++c) {
            t.columns.emplace_back(sqlite3_column_name(st, c));
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            Row row;
            for (int c = 0; c < n; ++c) {
                const int type = sqlite3_column_type(st, c);
                row.types.push_back(type);
                const auto *p = static_cast<const char *>(sqlite3_column_blob(st, c));
                row.values.emplace_back(
                    p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st, c)))
                      : std::string());
            }
            t.rows.push_back(std::move(row));
        }
        sqlite3_finalize(st);
        tables.push_back(std::move(t));
    }
    return tables;
}

// The physical limit of W1: the same rows written straight into a new SQLCipher store (same
// schema, indexes and search index) with one prepared statement per table, in one transaction.
double bulkInsertMs(const QString &path, const std::vector<Table> &tables)
{
    QFile::remove(path);
    auto store = EncryptedStore::open(path.toStdString(), scratchKey(), systemClock());
    if (!store) {
        fail("limit store: " + QString::fromStdString(store.error().message));
    }
    sqlite3 *db = store->database().handle();
    // The new store already holds its own sync_state rows; the limit writes the tablet's.
    sqlite3_exec(db, "DELETE FROM sync_state", nullptr, nullptr, nullptr);
    QElapsedTimer t;
    t.start();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (const Table &table : tables) {
        std::string sql = "INSERT INTO " + table.name + " (";
        std::string marks;
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            sql += (c ? "," : "") + table.columns[c];
            marks += c ? ",?" : "?";
        }
        sql += ") VALUES (" + marks + ")";
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            fail(QString("limit insert: ") + sqlite3_errmsg(db));
        }
        for (const Row &row : table.rows) {
            for (std::size_t c = 0; c < row.values.size(); ++c) {
                const int i = static_cast<int>(c) + 1;
                const std::string &v = row.values[c];
                switch (row.types[c]) {
                case SQLITE_INTEGER:
                    sqlite3_bind_int64(st, i, std::stoll(v));
                    break;
                case SQLITE_NULL:
                    sqlite3_bind_null(st, i);
                    break;
                case SQLITE_TEXT:
                    sqlite3_bind_text(st, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
                    break;
                default:
                    sqlite3_bind_blob(st, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
                }
            }
            if (sqlite3_step(st) != SQLITE_DONE) {
                fail(QString("limit insert into ") + QString::fromStdString(table.name) + ": " +
                     sqlite3_errmsg(db));
            }
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        fail(QString("limit commit: ") + sqlite3_errmsg(db));
    }
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

// gzip -9 of the record bodies the tablet stored (protobuf, the densest form of the rows).
qint64 gzip9Bytes(const std::vector<Table> &tables, qint64 *rawBytes)
{
    std::string raw;
    for (const Table &t : tables) {
        if (!t.holdsRecords()) {
            continue;
        }
        const std::size_t body = t.bodyColumn();
        for (const Row &row : t.rows) {
            raw += row.values[body];
        }
    }
    *rawBytes = static_cast<qint64>(raw.size());
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, raw.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef *>(raw.data());
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    const qint64 n = static_cast<qint64>(z.total_out);
    deflateEnd(&z);
    return n;
}

// The same records as JSON documents for the PouchDB peer: {_id: "<table>:<id>", ...record}.
qint64 writeDocuments(const QString &path, const std::vector<Table> &tables)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        fail("cannot write " + path);
    }
    qint64 count = 0;
    google::protobuf::util::JsonPrintOptions json;
    json.preserve_proto_field_names = true;
    for (const Table &t : tables) {
        if (!t.holdsRecords()) {
            continue;
        }
        const std::size_t body = t.bodyColumn();
        for (const Row &row : t.rows) {
            std::unique_ptr<google::protobuf::Message> m;
            if (t.name == "wards")
                m = std::make_unique<v1::Ward>();
            else if (t.name == "users")
                m = std::make_unique<v1::User>();
            else if (t.name == "residents")
                m = std::make_unique<v1::Resident>();
            else if (t.name == "cases")
                m = std::make_unique<v1::Case>();
            else if (t.name == "referrals")
                m = std::make_unique<v1::Referral>();
            else if (t.name == "visits")
                m = std::make_unique<v1::Visit>();
            else if (t.name == "case_events")
                m = std::make_unique<v1::CaseEvent>();
            else
                m = std::make_unique<v1::FormDefinition>();
            m->ParseFromString(row.values[body]);
            std::string text;
            (void)google::protobuf::util::MessageToJsonString(*m, &text, json);
            const std::string id =
                t.name == "form_definitions" ? row.values[0] + "@" + row.values[1] : row.values[0];
            QJsonObject doc = QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
            doc.insert("_id", QString::fromStdString(t.name + ":" + id));
            doc.insert("type", QString::fromStdString(t.name));
            file.write(QJsonDocument(doc).toJson(QJsonDocument::Compact) + "\n");
            ++count;
        }
    }
    return count;
}

qint64 rowCount(const std::vector<Table> &tables)
{
    qint64 n = 0;
    for (const Table &t : tables) {
        if (t.holdsRecords()) {
            n += static_cast<qint64>(t.rows.size());
        }
    }
    return n;
}

// Runs a command to completion; its stdout, or fails the bench.
QByteArray runTool(const QString &program, const QStringList &args,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                   int timeoutMs = 1800000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    endWithParent(p);
    p.start(program, args);
    if (!p.waitForStarted() ||
        !waitUntil([&] { return p.state() == QProcess::NotRunning; }, timeoutMs) ||
        p.exitCode() != 0) {
        fail(program + " " + args.join(' ') + " failed: " + p.readAllStandardError().right(2000));
    }
    return p.readAllStandardOutput();
}

// The open cases a device may write to: what the server sends it.
QStringList openCasesInScope(TestClient &client, const QByteArray &token)
{
    QStringList ids;
    qint64 cursor = 0;
    for (bool more = true; more;) {
        v1::PullRequest pull;
        pull.set_cursor(cursor);
        pull.set_page_size(2000);
        const auto reply = client.call("/v1/pull", pull, token);
        const auto page = parseAs<v1::PullResponse>(reply.body);
        if (reply.status != 200) {
            fail("pull for the scope answered " + QString::number(reply.status));
        }
        for (const auto &c : page.changes()) {
            if (c.upsert().has_case_() && c.upsert().case_().status() != v1::CASE_STATUS_CLOSED) {
                ids << QString::fromStdString(c.upsert().case_().id());
            }
        }
        cursor = page.next_cursor();
        more = page.has_more();
    }
    return ids;
}

} // namespace

// --- the PouchDB peer ---------------------------------------------------------------------

class PouchServer
{
public:
    explicit PouchServer(const Options &o) : m_options(o)
    {
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert("NODE_PATH", o.peer);
    }
    ~PouchServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    bool start()
    {
        QDir(m_options.work).mkpath("couch");
        m_port = 15984 + static_cast<int>(QCoreApplication::applicationPid() % 1000);
        m_process.setProcessEnvironment(m_env);
        endWithParent(m_process);
        m_process.setWorkingDirectory(m_options.work + "/couch");
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start("node", {m_options.peer + "/pouchdb-server/bin/pouchdb-server", "--port",
                                 QString::number(m_port), "--dir", m_options.work + "/couch",
                                 "--no-stdout-logs"});
        TestClient probe(static_cast<quint16>(m_port));
        return waitUntil([&] { return probe.get("/").status == 200; }, 60000);
    }
    QString url() const { return "http://127.0.0.1:" + QString::number(m_port); }
    int port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    QJsonObject node(const QStringList &args)
    {
        const QByteArray out =
            runTool("node", QStringList{m_options.work + "/peer.js"} + args, m_env);
        return QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
    }

private:
    const Options &m_options;
    QProcessEnvironment m_env;
    QProcess m_process;
    int m_port = 0;
};

// --- W1 and W5 ---------------------------------------------------------------------------

namespace {

// A device's first sync: an officer's caseload (W1) or a coordinator's whole council (W5).
struct FirstSync
{
    const char *workload;
    const char *user;
    const char *holds; // what the device holds, for the report's note
    bool wholeCouncil; // the device must end holding every resident
    const char *target;
    const char *peerTarget;
    // How many new devices are timed at a size: a first sync at L for the whole council is
    // long enough to time once.
    int runs(const QString &size) const { return wholeCouncil && size == "L" ? 1 : 5; }
};

// The process's peak resident memory, from /proc/self/status (VmHWM), in MiB; 0 when the
// kernel does not say.
double peakMiB()
{
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
        }
    }
    return 0;
}

std::size_t rowsOf(const std::vector<Table> &tables, const std::string &name)
{
    for (const Table &t : tables) {
        if (t.name == name) {
            return t.rows.size();
        }
    }
    return 0;
}

void runFirstSync(const Options &o, ServerUnderTest &s, Report &r, const FirstSync &f)
{
    const QString w = QString(f.workload) + " " + s.size.name + s.tag;
    const QString dir = o.work + "/" + QString(f.workload).toLower() + "-" + s.size.name +
                        QString(s.tag).remove(' ');
    QDir(dir).removeRecursively();
    const QUrl url("http://127.0.0.1:" + QString::number(s.port));
    // The app core in a process of its own (runTabletProcess), so that the peak memory is
    // the app's: the bench itself holds the generated council. A small first sync is one
    // sample of a few tens of milliseconds, so it is timed on several new devices, each
    // enrolled afresh, and the median is reported (the spread in a note).
    const int runs = f.runs(s.size.name);
    std::vector<double> times;
    double peak = 0;
    for (int run = 0; run < runs; ++run) {
        QDir(dir + "/tablet").removeRecursively();
        QProcess tablet;
        tablet.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        tablet.start(QCoreApplication::applicationFilePath(),
                     {"tablet", dir + "/tablet", url.toString(), enrolCode(*s.server, f.user)});
        if (!tablet.waitForFinished(30 * 60 * 1000) ||
            tablet.exitStatus() != QProcess::NormalExit || tablet.exitCode() != 0) {
            tablet.kill();
            tablet.waitForFinished(5000);
            fail(w + ": the app core's first sync failed");
        }
        const QList<QByteArray> said = tablet.readAllStandardOutput().trimmed().split(' ');
        if (said.size() != 3 || said[0] != "first-sync") {
            fail(w + ": the app core's process said nothing of its sync");
        }
        times.push_back(said[1].toDouble());
        peak = std::max(peak, said[2].toDouble());
    }
    const double ms = percentile(times, 0.5);
    if (runs > 1) {
        r.note(QString("%1: first sync on %2 new devices: median %3 ms, from %4 to %5 ms")
                   .arg(w)
                   .arg(runs)
                   .arg(ms, 0, 'f', 1)
                   .arg(*std::min_element(times.begin(), times.end()), 0, 'f', 1)
                   .arg(*std::max_element(times.begin(), times.end()), 0, 'f', 1));
    }
    // What the device now holds, read back with its own key.
    const StoreConfig c = tabletConfig(dir + "/tablet");
    auto key = KeyStore(c.keys).unlock(kPin);
    if (!key) {
        fail("unlock the " + w + " device");
    }
    auto store = EncryptedStore::open(c.keys.databasePath, key->key256(), systemClock());
    if (!store) {
        fail("open the " + w + " device");
    }
    const std::vector<Table> tables = readRows(store->database());
    // A coordinator's device holds the whole council: every resident the server has.
    if (f.wholeCouncil && s.snapshot &&
        rowsOf(tables, "residents") != static_cast<std::size_t>(s.snapshot->residents_size())) {
        fail(QString("%1: the coordinator's device holds %2 of %3 residents")
                 .arg(w)
                 .arg(rowsOf(tables, "residents"))
                 .arg(s.snapshot->residents_size()));
    }
    const qint64 rows = rowCount(tables);
    const double storeMiB =
        static_cast<double>(QFileInfo(c.keys.databasePath).size()) / (1024.0 * 1024.0);
    std::vector<double> limits;
    for (int run = 0; run < runs; ++run) {
        limits.push_back(bulkInsertMs(dir + "/limit.db", tables));
    }
    const double limit = percentile(limits, 0.5);
    r.add({w, "first sync, enrol to usable", ms, "ms", "SQLCipher bulk insert", limit, "x limit",
           f.target});
    if (peak > 0) {
        r.add({w, "app core's peak memory (VmHWM)", peak, "MiB", "the store on disk", storeMiB,
               "x store", "<= 300 MB (W5 L)"});
    }

    // The same again through a loopback proxy that counts the bytes both ways.
    FaultProxy proxy;
    if (!proxy.listen()) {
        fail("proxy");
    }
    proxy.setUpstream(s.port);
    {
        Tablet tablet(dir + "/tablet-counted");
        tablet.enrolAndSync(QUrl("http://127.0.0.1:" + QString::number(proxy.port())),
                            enrolCode(*s.server, f.user));
    }
    qint64 raw = 0;
    const qint64 gz = gzip9Bytes(tables, &raw);
    const double kib = static_cast<double>(proxy.bytesUp() + proxy.bytesDown()) / 1024.0;
    r.add({w, "bytes on the wire (both ways)", kib, "KiB", "gzip -9 of the rows",
           static_cast<double>(gz) / 1024.0, "x limit", "<= 1.3x gzip -9"});
    r.note(QString("%1: %2 is %3 records (%4 KiB as protobuf rows); the device's key uses the "
                   "cheapest KDF here, W4 reports the real one")
               .arg(w, f.holds)
               .arg(rows)
               .arg(raw / 1024));

    if (o.peer.isEmpty() || !s.runPeer) {
        if (s.runPeer) {
            r.note(w + ": PouchDB peer not run (no --peer; scripts/bench installs it)");
        }
        return;
    }
    const QString docs = dir + "/records.ndjson";
    const qint64 docCount = writeDocuments(docs, tables);
    PouchServer couch(o);
    if (!couch.start()) {
        fail("pouchdb-server did not start");
    }
    const QString db = QString(f.workload).toLower() + "-" + s.size.name.toLower();
    const QJsonObject loaded = couch.node({"load", couch.url(), db, docs});
    if (loaded.value("doc_count").toInteger() != docCount) {
        fail("pouchdb-server holds " + QString::number(loaded.value("doc_count").toInteger()) +
             " of " + QString::number(docCount) + " documents");
    }
    const QJsonObject replicated = couch.node({"replicate", couch.url(), db, dir + "/pouch-local"});
    if (replicated.value("doc_count").toInteger() != docCount) {
        fail("PouchDB replicated " + QString::number(replicated.value("doc_count").toInteger()) +
             " of " + QString::number(docCount) + " documents");
    }
    r.add({w, "first sync vs PouchDB replication", ms, "ms", "PouchDB 9 from pouchdb-server",
           replicated.value("ms").toDouble(), "x faster", f.peerTarget});
}

} // namespace

int runTabletProcess(int argc, char **argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: doorstep-bench tablet <dir> <server url> <code>\n");
        return 2;
    }
    QCoreApplication application(argc, argv);
    double ms = 0;
    {
        Tablet tablet(QString::fromLocal8Bit(argv[2]));
        ms = tablet.enrolAndSync(QUrl(QString::fromLocal8Bit(argv[3])),
                                 QString::fromLocal8Bit(argv[4]));
    }
    std::printf("first-sync %.1f %.1f\n", ms, peakMiB());
    return 0;
}

void runInitialSync(const Options &o, ServerUnderTest &s, Report &r)
{
    runFirstSync(
        o, s, r,
        {"W1", "demo.officer", "the officer's caseload", false, "<= 2x limit", ">= 10x faster"});
}

void runCoordinatorFirstSync(const Options &o, ServerUnderTest &s, Report &r)
{
    runFirstSync(o, s, r,
                 {"W5", "demo.coordinator", "the whole council", true, "<= 3x limit, <= 10 s at L",
                  ">= 10x faster"});
}

// --- W2 ----------------------------------------------------------------------------------

void runDeltaSync(const Options &o, ServerUnderTest &s, Report &r)
{
    const QString w = "W2 " + s.size.name + s.tag;
    const QString dir = o.work + "/w2";
    QDir(dir).removeRecursively();
    const QUrl url("http://127.0.0.1:" + QString::number(s.port));
    Tablet tablet(dir + "/tablet");
    tablet.enrolAndSync(url, enrolCode(*s.server, "demo.officer"));

    // A coordinator's device writes the 50 changes the tablet pulls each round.
    TestClient coordinator(s.port);
    const EnrolledDevice other = enrolDevice(*s.server, coordinator, "demo.coordinator");
    if (other.token.isEmpty()) {
        fail("could not enrol the coordinator's device");
    }
    // The demo officer's open cases, as a device of theirs is told them.
    std::vector<std::string> cases;
    {
        const EnrolledDevice probe = enrolDevice(*s.server, coordinator, "demo.officer");
        for (const QString &id : openCasesInScope(coordinator, probe.token)) {
            cases.push_back(id.toStdString());
        }
    }
    if (cases.empty()) {
        fail("the demo officer has no open cases");
    }
    std::vector<double> rounds;
    for (int round = 0; round < o.rounds; ++round) {
        v1::PushRequest push;
        for (int i = 0; i < 50; ++i) {
            *push.add_mutations() =
                test::noteMutation("w2-c-" + std::to_string(round) + "-" + std::to_string(i),
                                   cases[static_cast<std::size_t>(round * 50 + i) % cases.size()],
                                   "Coordinator: booked an interpreter for the next visit.");
        }
        if (coordinator.call("/v1/push", push, other.token).status != 200) {
            fail("the coordinator's push failed");
        }
        QList<QByteArray> mine;
        for (int i = 0; i < 20; ++i) {
            mine << QByteArray::fromStdString(
                test::noteMutation("w2-t-" + std::to_string(round) + "-" + std::to_string(i),
                                   cases[static_cast<std::size_t>(round * 20 + i) % cases.size()],
                                   "Resident well; checklist done, Citizens Advice next week.")
                    .SerializeAsString());
        }
        if (!answer(tablet.host, tablet.host.recordLocalChanges(mine))) {
            fail("could not record the tablet's notes");
        }
        rounds.push_back(timeMs([&] { tablet.syncOnce(); }));
    }
    // Every round's 70 notes are on the tablet: nothing was measured that did not happen.
    const QVariant counts = answer(tablet.host, tablet.host.outboxCounts()).value_or(QVariant());
    if (counts.toMap().value("pending").toInt() != 0 ||
        counts.toMap().value("quarantined").toInt() != 0) {
        fail("W2 left mutations in the outbox, or the server refused some");
    }
    r.add({w, "push 20 + pull 50, p50", percentile(rounds, 0.5), "ms", {}, 0, {}, {}});
    r.add({w, "push 20 + pull 50, p99", percentile(rounds, 0.99), "ms", "the 50 ms target", 50,
           "x limit", "p99 < 50 ms"});
    r.note(QString("%1: %2 rounds on loopback; each round a coordinator's device first pushes the "
                   "50 notes the tablet then pulls")
               .arg(w)
               .arg(o.rounds));
}

// --- W3 ----------------------------------------------------------------------------------

namespace {

double fsyncsPerSecond(const QString &dir)
{
    const QByteArray path = (dir + "/fsync-probe").toLocal8Bit();
    const int fd = ::open(path.constData(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0) {
        return 0;
    }
    char block[4096] = {};
    QElapsedTimer t;
    t.start();
    int n = 0;
    for (; n < 200 && t.elapsed() < 3000; ++n) {
        if (::pwrite(fd, block, sizeof block, 0) != sizeof block || ::fdatasync(fd) != 0) {
            break;
        }
    }
    const double seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    ::close(fd);
    ::unlink(path.constData());
    return n / seconds;
}

double childrenCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct LoadRun
{
    QJsonObject result;
    double serverCpu = 0;
    double generatorCpu = 0;
};

LoadRun runLoadgen(const Options &o, const QString &protocol, int port, const QString &devices,
                   const QString &serverPids, const QString &tag)
{
    const double childrenBefore = childrenCpuSeconds();
    QProcess p;
    endWithParent(p);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QCoreApplication::applicationDirPath() + "/doorstep-loadgen",
            {protocol, "--port", QString::number(port), "--devices", devices, "--seconds",
             QString::number(o.seconds), "--mutations", "2", "--tag", tag, "--server-pid",
             serverPids});
    // The event loop keeps running meanwhile, so output pipes of the processes the bench
    // started (the peer's, the app's) are drained and never stall them.
    if (!p.waitForStarted() ||
        !waitUntil([&] { return p.state() == QProcess::NotRunning; }, 1800000)) {
        fail("doorstep-loadgen did not finish");
    }
    LoadRun run;
    run.result = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed()).object();
    if (run.result.isEmpty()) {
        fail("doorstep-loadgen printed no result");
    }
    // Sampled by the load generator over the measured window only, not the warm-up.
    run.serverCpu = run.result.value("server_cpu_s").toDouble();
    run.generatorCpu = childrenCpuSeconds() - childrenBefore;
    return run;
}

} // namespace

void runCapacity(const Options &o, ServerUnderTest &s, Report &r)
{
    if (o.devices.empty()) {
        return;
    }
    const int most = *std::max_element(o.devices.begin(), o.devices.end());
    std::vector<const v1::User *> officers;
    for (const auto &u : s.snapshot->users()) {
        if (u.role() == v1::ROLE_OFFICER && hasVisits(*s.snapshot, u.id())) {
            officers.push_back(&u);
        }
    }
    // Devices go round the officers, so each officer has about N / officers tablets.
    std::map<std::string, QStringList> codes;
    for (std::size_t i = 0; i < officers.size(); ++i) {
        const int n = most / static_cast<int>(officers.size()) +
                      (static_cast<int>(i) < most % static_cast<int>(officers.size()) ? 1 : 0);
        if (n == 0) {
            continue;
        }
        const auto run = s.server->admin({"device", "enrol-code",
                                          QString::fromStdString(officers[i]->username()),
                                          "--count", QString::number(n)});
        if (run.exitCode != 0) {
            fail("enrol-code --count: " + run.err);
        }
        codes[officers[i]->id()] = run.out.split('\n', Qt::SkipEmptyParts);
    }
    struct Device
    {
        QByteArray token;
        std::string user;
    };
    std::vector<Device> devices;
    TestClient client(s.port);
    for (int i = 0; static_cast<int>(devices.size()) < most; ++i) {
        const v1::User &u = *officers[static_cast<std::size_t>(i) % officers.size()];
        QStringList &left = codes[u.id()];
        if (left.isEmpty()) {
            continue;
        }
        v1::EnrolRequest enrol;
        enrol.set_enrolment_code(left.takeFirst().toStdString());
        enrol.set_device_label("Load generator tablet");
        const auto reply = client.call("/v1/enrol", enrol);
        if (reply.status != 200) {
            fail("load generator enrolment answered " + QString::number(reply.status));
        }
        devices.push_back({QByteArray::fromStdString(
                               parseAs<v1::EnrolResponse>(reply.body).access_token().token()),
                           u.id()});
    }
    // The cases each officer's tablets may write to: what the server sends the first of them.
    std::map<std::string, QString> casesByUser;
    for (const Device &d : devices) {
        if (casesByUser.count(d.user) != 0) {
            continue;
        }
        const QStringList ids = openCasesInScope(client, d.token);
        if (ids.isEmpty()) {
            fail("an officer has no open case in scope");
        }
        casesByUser[d.user] = ids.join(',');
    }
    // Each run starts every device at the head of the log, as if it had just synced.
    const auto head = [&] {
        qint64 cursor = 0;
        for (;;) {
            v1::PullRequest pull;
            pull.set_cursor(cursor);
            pull.set_page_size(2000);
            const auto reply = client.call("/v1/pull", pull, devices.front().token);
            const auto page = parseAs<v1::PullResponse>(reply.body);
            if (reply.status != 200) {
                fail("pull for the head answered " + QString::number(reply.status));
            }
            cursor = page.next_cursor();
            if (!page.has_more()) {
                return cursor;
            }
        }
    };

    const double fsyncs = fsyncsPerSecond(o.work);
    std::unique_ptr<PouchServer> couch;
    std::map<std::string, QString> couchSince;
    if (!o.peer.isEmpty() && s.runPeer) {
        couch = std::make_unique<PouchServer>(o);
        if (!couch->start()) {
            fail("pouchdb-server did not start");
        }
        TestClient c(static_cast<quint16>(couch->port()));
        for (const v1::User *u : officers) {
            const QString db = "w3-" + QString::fromStdString(u->id());
            QNetworkRequest put(QUrl(couch->url() + "/" + db));
            auto *reply = c.nam().put(put, QByteArray());
            TestClient::wait(reply);
        }
    }

    for (int n : o.devices) {
        const QString w = "W3 N=" + QString::number(n) + s.tag;
        const QString file = o.work + "/devices-" + QString::number(n) + ".txt";
        {
            QFile f(file);
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            const QByteArray cursor = QByteArray::number(head());
            for (int i = 0; i < n; ++i) {
                const Device &d = devices[static_cast<std::size_t>(i)];
                f.write(d.token + " " + cursor + " " + casesByUser[d.user].toUtf8() + "\n");
            }
        }
        const LoadRun mine =
            runLoadgen(o, "doorstep", s.port, file, s.cpuPids, "n" + QString::number(n));
        const QJsonObject &m = mine.result;
        const double seconds = m.value("seconds").toDouble();
        QString peerNote;
        double peerRate = 0;
        if (couch) {
            const QString couchFile = o.work + "/couch-devices-" + QString::number(n) + ".txt";
            QFile f(couchFile);
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            TestClient c(static_cast<quint16>(couch->port()));
            std::map<std::string, QByteArray> since;
            for (const v1::User *u : officers) {
                const auto info = c.get("/w3-" + QString::fromStdString(u->id()));
                since[u->id()] = QByteArray::number(
                    QJsonDocument::fromJson(info.body).object().value("update_seq").toInteger());
            }
            for (int i = 0; i < n; ++i) {
                const Device &d = devices[static_cast<std::size_t>(i)];
                f.write("w3-" + QByteArray::fromStdString(d.user) + " " + since[d.user] + " " +
                        casesByUser[d.user].toUtf8() + "\n");
            }
            f.close();
            const LoadRun peer =
                runLoadgen(o, "couch", couch->port(), couchFile, QString::number(couch->pid()),
                           "n" + QString::number(n));
            const QJsonObject &p = peer.result;
            peerRate = p.value("syncs_per_s").toDouble();
            if (s.peerSyncsPerSecond) {
                (*s.peerSyncsPerSecond)[n] = peerRate;
            }
            r.add({w,
                   "pouchdb-server p50 / p99",
                   p.value("p50_ms").toDouble(),
                   "ms",
                   "p99",
                   p.value("p99_ms").toDouble(),
                   {},
                   {}});
            peerNote = QString("; peer: %1 syncs/s, %2 failed, node CPU %3 s")
                           .arg(peerRate, 0, 'f', 1)
                           .arg(p.value("failed").toInteger())
                           .arg(peer.serverCpu, 0, 'f', 1);
        }
        Figure rate{w,  "syncs per second", m.value("syncs_per_s").toDouble(), "syncs/s", {}, 0,
                    {}, "ahead of the peer"};
        if (!couch && s.peerSyncsPerSecond && s.peerSyncsPerSecond->count(n)) {
            // The peer's figure at this N from earlier in the same run.
            peerRate = s.peerSyncsPerSecond->at(n);
        }
        if (peerRate > 0) {
            rate.versus = "pouchdb-server";
            rate.versusValue = peerRate;
            rate.ratioKind = "x peer";
        }
        r.add(rate);
        r.add({w,
               "sync latency p50 / p99",
               m.value("p50_ms").toDouble(),
               "ms",
               "p99",
               m.value("p99_ms").toDouble(),
               {},
               {}});
        const double pushesPerSecond = m.value("syncs_per_s").toDouble();
        r.note(QString("%1: %2 devices over %3 officers, each syncing back to back (push 2 notes, "
                       "pull to the end) for %4 s: %5 requests, %6 failed, %7 shed with 503 and "
                       "retried; server CPU %8 of %9 s (%10 cores busy), load generator CPU %11 s; "
                       "%12 durable commits/s against %13 fsyncs/s measured on this disk%14")
                   .arg(w)
                   .arg(n)
                   .arg(officers.size())
                   .arg(seconds, 0, 'f', 1)
                   .arg(m.value("requests").toInteger())
                   .arg(m.value("failed").toInteger())
                   .arg(m.value("shed").toInteger())
                   .arg(mine.serverCpu, 0, 'f', 1)
                   .arg(seconds, 0, 'f', 1)
                   .arg(seconds > 0 ? mine.serverCpu / seconds : 0, 0, 'f', 2)
                   .arg(mine.generatorCpu, 0, 'f', 1)
                   .arg(pushesPerSecond, 0, 'f', 0)
                   .arg(fsyncs, 0, 'f', 0)
                   .arg(peerNote));
        if (m.value("failed").toInteger() != 0) {
            r.note(w + ": first failure: " + m.value("first_failure").toString());
        }
    }
}

} // namespace bench
