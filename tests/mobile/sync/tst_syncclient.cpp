// The app core's sync client against the real doorstep-server binary on loopback: enrolment,
// a first sync into the encrypted store, pushes applied exactly once, rejected mutations
// quarantined without blocking the rest, token renewal, and a revoked device wiped.

#include "store/deskreader.h"
#include "store/storehost.h"
#include "store/wording.h"
#include "sync/backoff.h"
#include "sync/pagehead.h"
#include "sync/syncclient.h"
#include "sync/tlstrust.h"

#include "doorstep/v1/sync.pb.h"
#include "faultproxy.h"
#include "serverprocess.h"
#include "testworld.h"

#include "../awaitanswer.h"
#include "../fakeclock.h"
#include "../testtablet.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkInterface>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QThread>
#include <QtTest>

#include <filesystem>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;
using namespace std::chrono_literals;

namespace {

constexpr const char *pin = "274915";

QByteArray noteOn(const std::string &mutationId, const std::string &caseId)
{
    return QByteArray::fromStdString(
        noteMutation(mutationId, caseId, "Resident asked about the bin collection")
            .SerializeAsString());
}

} // namespace

namespace {

// A coordinator's new desk that pulls in pages of 3, so the test council takes many pages.
struct Desk
{
    Desk(const QString &dir, Clock &clock)
        : host(fastStoreConfig(dir, 60min, std::chrono::hours(24 * 7)), clock),
          sync(host, options())
    {}
    static SyncClient::Options options()
    {
        SyncClient::Options o;
        o.period = 0ms;
        o.pageSize = 3;
        o.catchUpPageSize = 3;
        return o;
    }
    StoreHost host;
    SyncClient sync;
};

} // namespace

class TestSyncClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void backoffGrowsWithJitterUnderTheCap();
    void enrolAndFirstSyncFillTheStore();
    void localChangesArePushedExactlyOnce();
    void rejectedMutationIsQuarantinedAndTheRestGoThrough();
    void expiredTokenIsRenewed();
    void revokedDeviceIsWiped();
    void unreachableServerSchedulesARetry();
    void plainHttpBeyondLoopbackIsRefusedBeforeAnyByte();
    void certificateFaultsSayWhatIsWrongAndTheCouncilCaIsTrusted();
    void pinnedTabletRefusesAnotherKey();
    void noSecretReachesAnyLog();
    void conflictIsResolvedByACoordinatorOnEveryDevice();
    void killedBetweenWriteAndPushLosesNothing();
    void officerAndCoordinatorConverge();
    void reassignedVisitIsEvicted();
    void longPullComesInPagesWithProgress();
    void pageHeadReadsOnlyWhatItNeeds();
    void damagedAnswerIsRefusedAndNothingIsStored();
    void tokenRenewedMidPullKeepsItsProgress();
    void syncAskedForDuringAFailingOneStillRuns();

private:
    // Enrols a fresh app core for `user` and runs a first sync.
    void enrolAndSync(const QString &user);
    // Makes the desk's key and enrols it as coo-1; false when either fails.
    bool enrolDesk(Desk &desk);
    bool syncOnce();
    static bool syncWith(SyncClient &sync);
    // Opens the tablet in m_app: a store host and sync client, locked.
    void openTablet();
    // Every record the coordinator coo-1 sees on the server, by pulling from the start.
    QList<v1::Record> serverRecords();
    int serverCopies(const std::string &eventId);
    QStringList residentsFound(const QString &text);

    QTemporaryDir m_serverDir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    std::unique_ptr<QTemporaryDir> m_app;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<StoreHost> m_host;
    std::unique_ptr<SyncClient> m_sync;
    qint64 m_now = 0;
    QByteArray m_coordinatorToken;
};

void TestSyncClient::initTestCase()
{
    QVERIFY(m_serverDir.isValid());
    m_now = QDateTime::currentMSecsSinceEpoch();
    QFile clock(m_serverDir.filePath("clock"));
    QVERIFY(clock.open(QIODevice::WriteOnly));
    clock.write(QByteArray::number(m_now));
    clock.close();
    m_server = std::make_unique<ServerProcess>(m_serverDir.filePath("data"));
    QCOMPARE(m_server->admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(m_serverDir.filePath("world.pb")));
    QCOMPARE(m_server->admin({"load-snapshot", m_serverDir.filePath("world.pb")}).exitCode, 0);
    QVERIFY(m_server->start({"--clock-file", m_serverDir.filePath("clock"), "--token-ttl", "600"}));
    m_client = std::make_unique<TestClient>(m_server->port());
}

void TestSyncClient::init()
{
    m_app = std::make_unique<QTemporaryDir>();
    m_clock = std::make_unique<FakeClock>();
    openTablet();
    QVERIFY(await(*m_host, m_host->createKey(pin)).first);
}

void TestSyncClient::openTablet()
{
    m_host = std::make_unique<StoreHost>(
        fastStoreConfig(m_app->path(), 60min, std::chrono::hours(24 * 7)), *m_clock);
    SyncClient::Options o;
    o.retryBase = 50ms;
    o.retryCap = 200ms;
    o.period = 0ms;
    m_sync = std::make_unique<SyncClient>(*m_host, o);
}

void TestSyncClient::cleanup()
{
    m_sync.reset();
    m_host.reset();
    m_app.reset();
}

bool TestSyncClient::syncOnce()
{
    return syncWith(*m_sync);
}

bool TestSyncClient::syncWith(SyncClient &sync)
{
    QSignalSpy done(&sync, &SyncClient::synced);
    QSignalSpy failed(&sync, &SyncClient::failed);
    sync.syncNow();
    if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, 20000)) {
        qWarning("sync did not finish");
        return false;
    }
    if (!failed.isEmpty()) {
        qWarning("sync failed: %s", qPrintable(failed.first().at(1).toString()));
    }
    return !done.isEmpty();
}

void TestSyncClient::enrolAndSync(const QString &user)
{
    const auto code = m_server->admin({"device", "enrol-code", user}).out.trimmed();
    QVERIFY(!code.isEmpty());
    QSignalSpy enrolled(m_sync.get(), &SyncClient::enrolled);
    m_sync->enrol(QUrl(QString("http://127.0.0.1:%1").arg(m_server->port())), code, "Test tablet");
    QVERIFY(enrolled.wait(20000));
    QCOMPARE(enrolled.first().at(1).toString(), user);
    QVERIFY(syncOnce());
}

bool TestSyncClient::enrolDesk(Desk &desk)
{
    if (!await(desk.host, desk.host.createKey(pin)).first) {
        return false;
    }
    QSignalSpy enrolled(&desk.sync, &SyncClient::enrolled);
    desk.sync.enrol(QUrl(QString("http://127.0.0.1:%1").arg(m_server->port())),
                    m_server->admin({"device", "enrol-code", "coo-1"}).out.trimmed(), "Desk");
    return enrolled.wait(20000);
}

QStringList TestSyncClient::residentsFound(const QString &text)
{
    const auto found = await(*m_host, m_host->searchResidents(text));
    QStringList ids;
    for (const QVariant &row : found.second.toList()) {
        ids << row.toMap().value("residentId").toString();
    }
    return ids;
}

void TestSyncClient::backoffGrowsWithJitterUnderTheCap()
{
    Backoff b(100ms, 1000ms, 42);
    std::vector<std::chrono::milliseconds> bounds;
    for (int i = 0; i < 8; ++i) {
        bounds.push_back(b.bound());
        const auto d = b.next();
        QVERIFY(d >= 0ms && d <= bounds.back());
    }
    const std::vector<std::chrono::milliseconds> expected{100ms,  200ms,  400ms,  800ms,
                                                          1000ms, 1000ms, 1000ms, 1000ms};
    QCOMPARE(bounds, expected);
    // Jitter: the same seed gives the same delays, another seed different ones.
    Backoff x(100ms, 100000ms, 1), y(100ms, 100000ms, 1), z(100ms, 100000ms, 2);
    std::vector<long long> dx, dy, dz;
    for (int i = 0; i < 10; ++i) {
        dx.push_back(x.next().count());
        dy.push_back(y.next().count());
        dz.push_back(z.next().count());
    }
    QCOMPARE(dx, dy);
    QVERIFY(dx != dz);
    b.reset();
    QCOMPARE(b.bound(), 100ms);
}

void TestSyncClient::enrolAndFirstSyncFillTheStore()
{
    enrolAndSync("off-a");
    // off-a's residents are on the tablet, encrypted and searchable; off-b's are not.
    QCOMPARE(residentsFound("Family1"), QStringList{"res-1"});
    QCOMPARE(residentsFound("Family3"), QStringList{"res-3"});
    QVERIFY(residentsFound("Family2").isEmpty());
    // The credentials and data are inside the encrypted file: no plaintext on disk.
    QFile db(m_app->filePath("store.db"));
    QVERIFY(db.open(QIODevice::ReadOnly));
    const QByteArray raw = db.readAll();
    QVERIFY(!raw.isEmpty());
    for (const char *needle : {"Family1", "HV-2026-000001", "off-a", "SQLite format"}) {
        QVERIFY2(!raw.contains(needle), needle);
    }
    // A second sync has nothing new and changes nothing.
    QVERIFY(syncOnce());
    QCOMPARE(residentsFound("Family1"), QStringList{"res-1"});
}

void TestSyncClient::localChangesArePushedExactlyOnce()
{
    enrolAndSync("off-a");
    QVERIFY(await(*m_host, m_host->recordLocalChange(noteOn("m-note-1", "case-1"))).first);
    QCOMPARE(await(*m_host, m_host->outboxCounts()).second.toMap().value("pending").toInt(), 1);
    QVERIFY(syncOnce());
    QCOMPARE(await(*m_host, m_host->outboxCounts()).second.toMap().value("pending").toInt(), 0);
    QVERIFY(syncOnce());
    // The coordinator sees the note once.
    const auto coordinator = enrolDevice(*m_server, *m_client, "coo-1");
    v1::PullRequest pull;
    pull.set_page_size(2000);
    const auto reply = m_client->call("/v1/pull", pull, coordinator.token);
    const auto page = parseAs<v1::PullResponse>(reply.body);
    int seen = 0;
    for (const auto &c : page.changes()) {
        seen += c.upsert().has_case_event() && c.upsert().case_event().id() == "evt-m-note-1";
    }
    QCOMPARE(seen, 1);
    const auto audit = m_server->admin({"audit", "--action", "push.append_case_event"});
    QCOMPARE(audit.out.count("m-note-1\tMUTATION_STATUS_APPLIED"), 1);
}

void TestSyncClient::rejectedMutationIsQuarantinedAndTheRestGoThrough()
{
    enrolAndSync("off-a");
    // case-2 belongs to another officer: the server refuses it.
    QVERIFY(await(*m_host, m_host->recordLocalChange(noteOn("m-bad-1", "case-2"))).first);
    QVERIFY(await(*m_host, m_host->recordLocalChange(noteOn("m-good-1", "case-3"))).first);
    QVERIFY(syncOnce());
    const auto counts = await(*m_host, m_host->outboxCounts()).second.toMap();
    QCOMPARE(counts.value("pending").toInt(), 0);
    QCOMPARE(counts.value("quarantined").toInt(), 1);
    const auto audit = m_server->admin({"audit", "--action", "push.append_case_event"}).out;
    QVERIFY(audit.contains("m-good-1\tMUTATION_STATUS_APPLIED"));
    QVERIFY(audit.contains("m-bad-1\tMUTATION_STATUS_REJECTED"));
}

void TestSyncClient::expiredTokenIsRenewed()
{
    enrolAndSync("off-b");
    // Eleven minutes on, the 10-minute token has expired; the next sync renews it.
    QFile clock(m_serverDir.filePath("clock"));
    QVERIFY(clock.open(QIODevice::WriteOnly | QIODevice::Truncate));
    clock.write(QByteArray::number(m_now + 11 * 60 * 1000));
    clock.close();
    QVERIFY(await(*m_host, m_host->recordLocalChange(noteOn("m-after-expiry", "case-2"))).first);
    QVERIFY(syncOnce());
    QCOMPARE(await(*m_host, m_host->outboxCounts()).second.toMap().value("pending").toInt(), 0);
    const auto audit = m_server->admin({"audit", "--action", "refused/v1/push"}).out;
    QVERIFY(audit.contains("ERROR_CODE_TOKEN_EXPIRED"));
}

void TestSyncClient::revokedDeviceIsWiped()
{
    enrolAndSync("off-a");
    const auto state = await(*m_host, m_host->syncState()).second.toMap();
    const QString deviceId = state.value("deviceId").toString();
    QVERIFY(!deviceId.isEmpty());
    QCOMPARE(m_server->admin({"device", "revoke", deviceId}).exitCode, 0);
    QSignalSpy wiped(m_sync.get(), &SyncClient::wiped);
    m_sync->syncNow();
    QVERIFY(wiped.wait(20000));
    QVERIFY(wiped.first().at(0).toString().contains("revoked"));
    QVERIFY(!QFile::exists(m_app->filePath("store.db")));
    // The PIN opens nothing any more.
    QVERIFY(!await(*m_host, m_host->unlock(pin)).first);
}

void TestSyncClient::plainHttpBeyondLoopbackIsRefusedBeforeAnyByte()
{
    // A listener on every address of this machine, reached through one that is not loopback:
    // anything the app sent would arrive here.
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::AnyIPv4, 0));
    QHostAddress outside;
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback()) {
            outside = a;
        }
    }
    if (outside.isNull()) {
        QSKIP("this machine has no address but loopback");
    }
    const QUrl insecure(QString("http://%1:%2").arg(outside.toString()).arg(listener.serverPort()));

    // Enrolment: the one-time code is never sent.
    QSignalSpy failed(m_sync.get(), &SyncClient::failed);
    m_sync->enrol(insecure, "ABCD-EFGH-JKLM", "Test tablet");
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().at(1).toString().contains("not secure (http)"),
             qPrintable(failed.first().at(1).toString()));
    QVERIFY(!failed.first().at(2).toBool()); // not "no signal, will try again"
    QVERIFY(!listener.waitForNewConnection(300));

    // A tablet whose stored address is plain http elsewhere (an older version allowed it):
    // after a restart neither its device secret nor a token leaves it.
    enrolAndSync("off-a");
    auto state = await(*m_host, m_host->syncState()).second.toMap();
    state["serverUrl"] = insecure.toString();
    QVERIFY(await(*m_host, m_host->saveCredentials(state)).first);
    m_sync.reset();
    SyncClient::Options restarted;
    restarted.period = 0ms;
    m_sync = std::make_unique<SyncClient>(*m_host, restarted);
    QSignalSpy refused(m_sync.get(), &SyncClient::failed);
    m_sync->syncNow();
    QVERIFY(refused.wait(5000));
    QVERIFY(refused.first().at(1).toString().contains("not secure (http)"));
    QVERIFY(!listener.waitForNewConnection(300));
    QCOMPARE(listener.hasPendingConnections(), false);
}

namespace {

bool run(const QString &dir, const QStringList &args)
{
    QProcess openssl;
    openssl.setWorkingDirectory(dir);
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start("openssl", args);
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
        qWarning("openssl %s: %s", qPrintable(args.join(' ')), openssl.readAll().constData());
        return false;
    }
    return true;
}

// A council's own certificate authority, as an internal PKI would have it, and four server
// certificates it signed: for 127.0.0.1, for another address, one that expired in 2024, and
// one for 127.0.0.1 with another key.
bool makeCouncilPki(const QString &dir)
{
    QFile config(dir + "/ca.cnf");
    if (!config.open(QIODevice::WriteOnly) || !QDir(dir).mkpath("db")) {
        return false;
    }
    config.write("[ ca ]\ndefault_ca = council\n[ council ]\ndir = .\ndatabase = db/index.txt\n"
                 "new_certs_dir = db\nserial = db/serial\ndefault_md = sha256\npolicy = any\n"
                 "copy_extensions = copy\nunique_subject = no\n[ any ]\n"
                 "commonName = supplied\n");
    config.close();
    QFile(dir + "/db/index.txt").open(QIODevice::WriteOnly);
    QFile serial(dir + "/db/serial");
    if (!serial.open(QIODevice::WriteOnly) || serial.write("01\n") != 3) {
        return false;
    }
    serial.close();
    if (!run(dir, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-subj",
                   "/CN=Eastmoor Council Test CA", "-keyout", "ca.key", "-out", "ca.pem"})) {
        return false;
    }
    struct Cert
    {
        const char *name;
        const char *subject;
        const char *san;
        QStringList dates;
    };
    const Cert certs[] = {
        {"good", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1", {"-days", "2"}},
        {"otherhost",
         "/CN=sync.example.invalid",
         "subjectAltName=DNS:sync.example.invalid",
         {"-days", "2"}},
        {"expired",
         "/CN=127.0.0.1",
         "subjectAltName=IP:127.0.0.1",
         {"-startdate", "20240101000000Z", "-enddate", "20240201000000Z"}},
        // The same address with a new key, as after a rotation.
        {"rekeyed", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1", {"-days", "2"}}};
    for (const Cert &c : certs) {
        const QString n = QString::fromLatin1(c.name);
        if (!run(dir, {"req", "-newkey", "rsa:2048", "-nodes", "-subj", c.subject, "-addext", c.san,
                       "-keyout", n + ".key", "-out", n + ".csr"}) ||
            !run(dir, QStringList{"ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem",
                                  "-keyfile", "ca.key", "-in", n + ".csr", "-out", n + ".pem"} +
                          c.dates)) {
            return false;
        }
    }
    return true;
}

// A server with the officer "sam", serving TLS with the PKI's certificate `cert`; its log
// (one line per request that reached it) in DATA.log. Null if it did not start.
std::unique_ptr<ServerProcess> serveTls(const QString &pki, const char *cert, const QString &data)
{
    auto s = std::make_unique<ServerProcess>(data);
    s->setLogFile(data + ".log");
    if (s->admin({"init"}).exitCode != 0 ||
        s->admin({"user", "add", "sam", "--role", "officer"}).exitCode != 0 ||
        !s->startTls(pki + "/" + cert + ".pem", pki + "/" + cert + ".key")) {
        return nullptr;
    }
    return s;
}

} // namespace

void TestSyncClient::certificateFaultsSayWhatIsWrongAndTheCouncilCaIsTrusted()
{
    QTemporaryDir pki;
    QVERIFY(makeCouncilPki(pki.path()));
    const auto serve = [&](const char *cert, const QString &data) {
        return serveTls(pki.path(), cert, data);
    };
    const auto good = serve("good", pki.filePath("data-good"));
    const auto otherHost = serve("otherhost", pki.filePath("data-other"));
    const auto expired = serve("expired", pki.filePath("data-expired"));
    QVERIFY(good && otherHost && expired);

    // What the tablet says when it tries to enrol: each fault its own words, never "no signal".
    const auto attempt = [&](ServerProcess &server, const QString &caFile, QString code) {
        SyncClient::Options o;
        o.period = 0ms;
        o.caFile = caFile;
        SyncClient sync(*m_host, o);
        QSignalSpy failed(&sync, &SyncClient::failed);
        QSignalSpy enrolled(&sync, &SyncClient::enrolled);
        sync.enrol(QUrl(QString("https://127.0.0.1:%1").arg(server.port())),
                   code.isEmpty() ? "ABCD-EFGH-JKLM" : code, "Test tablet");
        const bool answered =
            QTest::qWaitFor([&] { return !failed.isEmpty() || !enrolled.isEmpty(); }, 20000);
        if (!answered) {
            return QString("no answer in 20 s");
        }
        if (!enrolled.isEmpty()) {
            return QString("enrolled");
        }
        const QString message = failed.first().at(1).toString();
        return failed.first().at(2).toBool() ? "retrying: " + message : message;
    };
    const QString ca = pki.filePath("ca.pem");
    QString said = attempt(*good, {}, {});
    QVERIFY2(said.startsWith("The server's certificate is not trusted by this tablet"),
             qPrintable(said));
    said = attempt(*otherHost, ca, {});
    QVERIFY2(said.startsWith("The server's certificate is for another address"), qPrintable(said));
    said = attempt(*expired, ca, {});
    QVERIFY2(said.startsWith("The server's certificate has expired"), qPrintable(said));
    said = attempt(*good, pki.filePath("missing.pem"), {});
    QVERIFY2(said.contains("cannot be read"), qPrintable(said));
    // With the council's CA the same server is trusted, and the tablet enrols.
    const QString code = good->admin({"device", "enrol-code", "sam"}).out.trimmed();
    said = attempt(*good, ca, code);
    QCOMPARE(said, QString("enrolled"));
}

namespace {

// The pin of a certificate's key as RFC 7469 gives it, computed by openssl itself.
QString opensslPin(const QString &dir, const QString &certificate)
{
    QProcess sh;
    sh.setWorkingDirectory(dir);
    sh.start("sh", {"-c", "openssl x509 -in " + certificate +
                              " -pubkey -noout | openssl pkey -pubin -outform der |"
                              " openssl dgst -sha256 -binary | openssl enc -base64"});
    return sh.waitForFinished(30000) && sh.exitCode() == 0
               ? QString::fromLatin1(sh.readAllStandardOutput().trimmed())
               : QString();
}

} // namespace

void TestSyncClient::pinnedTabletRefusesAnotherKey()
{
    QTemporaryDir pki;
    QVERIFY(makeCouncilPki(pki.path()));
    const auto serve = [&](const char *cert, const QString &data) {
        return serveTls(pki.path(), cert, data);
    };
    const auto server = serve("good", pki.filePath("data"));
    QVERIFY(server);
    const QString url = QString("https://127.0.0.1:%1").arg(server->port());

    // The admin tool's link carries the server's pin, the same as openssl's, and a backup
    // key's; the tablet reads both, and computes the same pin from the certificate.
    const auto linkWith = [&](const QString &keys) {
        QString problem;
        const auto run =
            server->admin({"device", "enrol-code", "sam", "--link", url, "--pin-key", keys});
        const tlstrust::EnrolLink link = tlstrust::parseEnrolLink(run.out.trimmed(), &problem);
        if (!problem.isEmpty() || run.exitCode != 0) {
            qWarning("%s %s", qPrintable(problem), qPrintable(run.err));
        }
        return link;
    };
    const tlstrust::EnrolLink pinned =
        linkWith(pki.filePath("good.pem") + "," + pki.filePath("otherhost.key"));
    QCOMPARE(pinned.server, url);
    QCOMPARE(pinned.pins.size(), 2);
    QCOMPARE(pinned.pins.first(), opensslPin(pki.path(), "good.pem"));
    QCOMPARE(pinned.pins.last(), opensslPin(pki.path(), "otherhost.pem"));
    QCOMPARE(tlstrust::pinOf(QSslCertificate::fromPath(pki.filePath("good.pem")).first()),
             pinned.pins.first());
    QString damaged;
    tlstrust::parseEnrolLink("doorstep:" + url + "#ABCD;pin-sha256=not-a-pin", &damaged);
    QVERIFY(damaged.contains("not a key pin"));

    SyncClient::Options o;
    o.period = 0ms;
    o.caFile = pki.filePath("ca.pem");
    const auto attempt = [&](SyncClient &sync, const std::function<void()> &go) {
        QSignalSpy failed(&sync, &SyncClient::failed);
        QSignalSpy enrolled(&sync, &SyncClient::enrolled);
        QSignalSpy synced(&sync, &SyncClient::synced);
        go();
        if (!QTest::qWaitFor(
                [&] { return !failed.isEmpty() || !enrolled.isEmpty() || !synced.isEmpty(); },
                20000)) {
            return QString("no answer in 20 s");
        }
        return failed.isEmpty() ? QString("done") : failed.first().at(1).toString();
    };
    const auto requestsTo = [](ServerProcess &s) { return s.log().count("/v1/"); };

    // A link pinned to another key: a trusted certificate for the right address is still
    // refused, in its own words, before the code is sent.
    const tlstrust::EnrolLink other = linkWith(pki.filePath("otherhost.pem"));
    QCOMPARE(other.pins.size(), 1);
    {
        SyncClient sync(*m_host, o);
        const QString said = attempt(
            sync, [&] { sync.enrol(QUrl(other.server), other.code, "Test tablet", other.pins); });
        QVERIFY2(said.startsWith("The server's key does not match"), qPrintable(said));
    }
    QCOMPARE(requestsTo(*server), 0);

    // Pinned to this server's key, the tablet enrols and syncs, and keeps the pins.
    {
        SyncClient sync(*m_host, o);
        QCOMPARE(attempt(sync,
                         [&] {
                             sync.enrol(QUrl(pinned.server), pinned.code, "Test tablet",
                                        pinned.pins);
                         }),
                 QString("done"));
        QCOMPARE(attempt(sync, [&] { sync.syncNow(); }), QString("done"));
    }
    QVERIFY(requestsTo(*server) > 0);

    // At the stored address a server now presents a key that was never pinned, with a
    // certificate the tablet trusts: after a restart the tablet sends it nothing, not even
    // its device secret, until it is enrolled again.
    const auto stranger = serve("rekeyed", pki.filePath("data-stranger"));
    QVERIFY(stranger);
    auto state = await(*m_host, m_host->syncState()).second.toMap();
    QCOMPARE(state.value("serverPins").toString(), pinned.pins.join(','));
    state["serverUrl"] = QString("https://127.0.0.1:%1").arg(stranger->port());
    QVERIFY(await(*m_host, m_host->saveCredentials(state)).first);
    {
        SyncClient sync(*m_host, o);
        const QString said = attempt(sync, [&] { sync.syncNow(); });
        QVERIFY2(said.startsWith("The server's key does not match"), qPrintable(said));
    }
    QCOMPARE(requestsTo(*stranger), 0);
}

namespace {
QStringList g_appLog;
QtMessageHandler g_previousHandler = nullptr;
} // namespace

void TestSyncClient::noSecretReachesAnyLog()
{
    // Everything either side logs while a tablet enrols, syncs, renews its token when it has
    // expired, and pushes.
    m_server->log(); // what the earlier tests logged
    g_appLog.clear();
    g_previousHandler =
        qInstallMessageHandler([](QtMsgType t, const QMessageLogContext &c, const QString &m) {
            g_appLog << m;
            if (g_previousHandler) {
                g_previousHandler(t, c, m);
            }
        });
    const QString code = m_server->admin({"device", "enrol-code", "off-b"}).out.trimmed();
    QSignalSpy enrolled(m_sync.get(), &SyncClient::enrolled);
    m_sync->enrol(QUrl(QString("http://127.0.0.1:%1").arg(m_server->port())), code, "Tablet");
    const bool enrolledInTime = enrolled.wait(20000);
    const bool firstSync = enrolledInTime && syncOnce();
    QFile clock(m_serverDir.filePath("clock"));
    if (clock.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        clock.write(QByteArray::number(m_now + 30 * 60 * 1000)); // the token has expired
        clock.close();
    }
    const bool recorded =
        await(*m_host, m_host->recordLocalChange(noteOn("m-logged", "case-2"))).first;
    const bool secondSync = recorded && syncOnce();
    qInstallMessageHandler(g_previousHandler);
    QVERIFY(enrolledInTime && firstSync && secondSync);

    const QString secret =
        await(*m_host, m_host->syncState()).second.toMap().value("deviceSecret").toString();
    const QString serverLog = QString::fromUtf8(m_server->log());
    QVERIFY2(serverLog.contains("/v1/token"), qPrintable(serverLog)); // the renewal was logged
    // The server's request log, its audit trail, and the app's messages.
    const QString everything =
        serverLog + '\n' + m_server->admin({"audit"}).out + '\n' + g_appLog.join('\n');
    QVERIFY(!code.isEmpty() && !secret.isEmpty());
    QVERIFY(!everything.contains(code));
    QVERIFY(!everything.contains(secret));
    // No token either: no Authorization header, and nothing shaped like a token or a secret
    // (32 random bytes in URL-safe base64 are 43 characters).
    QVERIFY(!everything.contains("Bearer", Qt::CaseInsensitive));
    static const QRegularExpression tokenShaped("[A-Za-z0-9_-]{43}");
    const auto shaped = tokenShaped.match(everything);
    QVERIFY2(!shaped.hasMatch(), qPrintable(shaped.captured()));
}

void TestSyncClient::conflictIsResolvedByACoordinatorOnEveryDevice()
{
    // Another app core on its own store, enrolled as `user`.
    struct Core
    {
        QTemporaryDir dir;
        std::unique_ptr<StoreHost> host;
        std::unique_ptr<SyncClient> sync;
    };
    const auto open = [&](const QString &user, Core &core) {
        StoreConfig c;
        c.keys.directory = core.dir.filePath("keys").toStdString();
        c.keys.databasePath = core.dir.filePath("store.db").toStdString();
        c.keys.kdf = KdfParams::minimal();
        c.lock.idleTimeout = 60min;
        c.lock.maxOffline = std::chrono::hours(24 * 7);
        core.host = std::make_unique<StoreHost>(c, *m_clock);
        if (!await(*core.host, core.host->createKey(pin)).first) {
            return false;
        }
        SyncClient::Options o;
        o.period = 0ms;
        core.sync = std::make_unique<SyncClient>(*core.host, o);
        QSignalSpy enrolled(core.sync.get(), &SyncClient::enrolled);
        core.sync->enrol(QUrl(QString("http://127.0.0.1:%1").arg(m_server->port())),
                         m_server->admin({"device", "enrol-code", user}).out.trimmed(), user);
        return enrolled.wait(20000) && syncWith(*core.sync);
    };
    const auto phoneConflicts = [](StoreHost &host) {
        QVariantList out;
        const auto rows = await(host, host.desk([](DeskReader &d, const DeskContext &) {
                              return asVariant(d.conflicts());
                          })).second.toList();
        for (const QVariant &row : rows) {
            if (row.toMap().value("residentId") == "res-3" &&
                row.toMap().value("field") == "phone") {
                out << row;
            }
        }
        return out;
    };
    const auto phoneOn = [](StoreHost &host) {
        return await(host, host.caseDetail("case-3")).second.toMap().value("phone").toString();
    };

    enrolAndSync("off-a");
    Core coordinator;
    QVERIFY(open("coo-1", coordinator));
    // The coordinator books off-b a visit on case-3 too, so two officers hold the resident.
    v1::Mutation book;
    book.set_mutation_id("m-book-off-b");
    v1::Visit &v = *book.mutable_assign_visit()->mutable_visit();
    v.set_id("visit-3b");
    v.set_case_id("case-3");
    v.set_officer_user_id("off-b");
    v.set_status(v1::VISIT_STATUS_SCHEDULED);
    v.set_version(1);
    v.mutable_window()->mutable_start()->set_seconds(m_now / 1000 + 86400);
    v.mutable_window()->mutable_end()->set_seconds(m_now / 1000 + 86400 + 3600);
    QVERIFY(await(*coordinator.host, coordinator.host->recordLocalChange(
                                         QByteArray::fromStdString(book.SerializeAsString())))
                .first);
    QVERIFY(syncWith(*coordinator.sync));
    Core second;
    QVERIFY(open("off-b", second));
    QVERIFY(syncOnce());
    const qint64 base = await(*m_host, m_host->caseDetail("case-3"))
                            .second.toMap()
                            .value("residentVersion")
                            .toLongLong();
    QVERIFY(base > 0);

    // Offline, each officer corrects the resident's phone from the same version.
    const auto phone = [&](const std::string &id, const char *number) {
        v1::Mutation m;
        m.set_mutation_id(id);
        v1::UpdateResident &u = *m.mutable_update_resident();
        u.set_resident_id("res-3");
        u.set_base_version(base);
        u.mutable_values()->set_phone(number);
        u.add_fields("phone");
        return QByteArray::fromStdString(m.SerializeAsString());
    };
    QVERIFY(await(*m_host, m_host->recordLocalChange(phone("m-phone-a", "07700 900301"))).first);
    QVERIFY(await(*second.host, second.host->recordLocalChange(phone("m-phone-b", "07700 900302")))
                .first);
    QVERIFY(syncOnce());             // off-a's change applies
    QVERIFY(syncWith(*second.sync)); // off-b's meets it: a conflict, kept
    QVERIFY(syncWith(*coordinator.sync));

    // The coordinator sees both values, and whose change did not apply.
    QVariantList open1 = phoneConflicts(*coordinator.host);
    QCOMPARE(open1.size(), 1);
    const QVariantMap row = open1.first().toMap();
    QCOMPARE(row.value("serverValue").toString(), QString("07700 900301"));
    QCOMPARE(row.value("deviceValue").toString(), QString("07700 900302"));
    QVERIFY(!row.value("deviceUser").toString().isEmpty());
    QVERIFY(row.value("typable").toBool());
    QCOMPARE(phoneOn(*coordinator.host), QString("07700 900301"));

    // An officer cannot resolve it; the coordinator types a third value.
    const auto resolution = [&](const std::string &id, const std::string &text,
                                const std::string &seen = "phone: \"07700 900301\"") {
        v1::Mutation m;
        m.set_mutation_id(id);
        v1::CaseEvent &e = *m.mutable_append_case_event();
        e.set_id(id);
        e.set_case_id("case-3");
        e.set_kind(v1::CASE_EVENT_KIND_CONFLICT);
        v1::Conflict &c = *e.mutable_conflict();
        c.set_record_type("resident");
        c.set_record_id("res-3");
        c.set_field("phone");
        c.set_resolved(true);
        c.set_server_value(seen);
        c.set_resolution(text);
        return QByteArray::fromStdString(m.SerializeAsString());
    };
    QVERIFY(await(*m_host, m_host->recordLocalChange(
                               resolution("m-resolve-officer", "phone: \"07700 900399\"")))
                .first);
    QVERIFY(syncOnce());
    QCOMPARE(await(*m_host, m_host->outboxCounts()).second.toMap().value("quarantined").toInt(), 1);
    // A resolution that sets another field, is not a value at all, or was chosen against a
    // value the field no longer holds, is refused.
    QVERIFY(await(*coordinator.host,
                  coordinator.host->recordLocalChanges(
                      {resolution("m-resolve-email", "email: \"someone@example.org\""),
                       resolution("m-resolve-garbage", "phone: \"unterminated"),
                       // chosen against a value that is no longer the field's
                       resolution("m-resolve-stale", "phone: \"07700 900304\"",
                                  "phone: \"07700 900302\"")}))
                .first);
    QVERIFY(syncWith(*coordinator.sync));
    QCOMPARE(await(*coordinator.host, coordinator.host->outboxCounts())
                 .second.toMap()
                 .value("quarantined")
                 .toInt(),
             3);
    QCOMPARE(phoneConflicts(*coordinator.host).size(), 1);
    QVERIFY(await(*coordinator.host, coordinator.host->recordLocalChange(
                                         resolution("m-resolve", "phone: \"07700 900303\"")))
                .first);
    QVERIFY(syncWith(*coordinator.sync));

    // Every device: the chosen value, and no conflict left open.
    QVERIFY(syncOnce());
    QVERIFY(syncWith(*second.sync));
    QVERIFY(syncWith(*coordinator.sync));
    for (StoreHost *host : {m_host.get(), second.host.get(), coordinator.host.get()}) {
        QCOMPARE(phoneOn(*host), QString("07700 900303"));
        QVERIFY(phoneConflicts(*host).isEmpty());
    }
}

void TestSyncClient::unreachableServerSchedulesARetry()
{
    enrolAndSync("off-a");
    // Point the stored credentials at a port nothing listens on.
    auto state = await(*m_host, m_host->syncState()).second.toMap();
    state["serverUrl"] = "http://127.0.0.1:9";
    QVERIFY(await(*m_host, m_host->saveCredentials(state)).first);
    QSignalSpy failed(m_sync.get(), &SyncClient::failed);
    m_sync->syncNow();
    QVERIFY(failed.wait(20000));
    QCOMPARE(failed.first().at(0).toInt(), int(v1::ERROR_CODE_UNAVAILABLE));
    QVERIFY(failed.first().at(2).toBool());
    QVERIFY(m_sync->retryInMs() >= 0);
    // The retry fires on its own (the backoff here is at most 200 ms) and fails again.
    QVERIFY(failed.wait(20000));
    QVERIFY(m_sync->retryInMs() >= 0);
}

QList<v1::Record> TestSyncClient::serverRecords()
{
    if (m_coordinatorToken.isEmpty()) {
        m_coordinatorToken = enrolDevice(*m_server, *m_client, "coo-1").token;
    }
    QList<v1::Record> out;
    v1::PullRequest pull;
    pull.set_page_size(2000);
    for (int page = 0; page < 100; ++page) {
        auto reply = m_client->call("/v1/pull", pull, m_coordinatorToken);
        if (reply.status == 401) {
            // A test moved the server's clock past the token: a new device, a new token.
            m_coordinatorToken = enrolDevice(*m_server, *m_client, "coo-1").token;
            reply = m_client->call("/v1/pull", pull, m_coordinatorToken);
        }
        if (reply.status != 200) {
            qWarning("coordinator pull: HTTP %d", reply.status);
            return {};
        }
        const auto response = parseAs<v1::PullResponse>(reply.body);
        for (const auto &c : response.changes()) {
            if (c.has_upsert()) {
                out.append(c.upsert());
            }
        }
        if (!response.has_more()) {
            break;
        }
        pull.set_cursor(response.next_cursor());
    }
    return out;
}

int TestSyncClient::serverCopies(const std::string &eventId)
{
    int copies = 0;
    for (const auto &r : serverRecords()) {
        copies += r.has_case_event() && r.case_event().id() == eventId;
    }
    return copies;
}

void TestSyncClient::killedBetweenWriteAndPushLosesNothing()
{
    enrolAndSync("off-a");
    // The helper process opens this tablet: close it here first.
    m_sync.reset();
    m_host.reset();

    // Even trials: killed after the local write, before any push. Odd trials: killed at a
    // seeded moment after the push started (before it was sent, while the server applied
    // it, or after it answered but before the tablet recorded the answer).
    QRandomGenerator rng(20261123);
    const int trials = 20;
    const int notes = 3;
    int reachedServer = 0;
    for (int trial = 0; trial < trials; ++trial) {
        const bool push = trial % 2 == 1;
        QProcess helper;
        helper.start(DOORSTEP_APPCORE_HELPER,
                     {m_app->path(), pin, QString::number(toUnixMs(m_clock->now())),
                      QString("kill%1").arg(trial), QString::number(notes),
                      push ? "push" : "write"});
        QVERIFY(helper.waitForStarted());
        QByteArray said;
        const QByteArray cue = push ? "pushing" : "written";
        // Blocking reads, so the kill follows the cue within microseconds when asked to.
        QElapsedTimer waited;
        waited.start();
        while (!said.contains(cue) && helper.state() != QProcess::NotRunning &&
               waited.elapsed() < 20000) {
            helper.waitForReadyRead(100);
            said += helper.readAllStandardOutput();
        }
        QVERIFY2(said.contains(cue), helper.readAllStandardError().constData());
        if (push) {
            // Delays from none (the request not sent yet) to well after the answer.
            const int delayMs = int(rng.bounded(5)) == 0 ? 0 : int(rng.bounded(60));
            if (delayMs > 0) {
                QThread::msleep(delayMs);
            }
        }
        helper.kill(); // SIGKILL
        QVERIFY(helper.waitForFinished(5000));
        if (push && serverCopies("evt-m-kill" + std::to_string(trial) + "-0") > 0) {
            ++reachedServer;
        }
    }
    qInfo("push trials whose notes reached the server before the kill: %d of %d", reachedServer,
          trials / 2);

    // Restart the app core and sync: everything written is sent, and only once.
    openTablet();
    QVERIFY(await(*m_host, m_host->unlock(pin)).first);
    QVERIFY(syncOnce());
    const auto counts = await(*m_host, m_host->outboxCounts()).second.toMap();
    QCOMPARE(counts.value("pending").toInt(), 0);
    QCOMPARE(counts.value("quarantined").toInt(), 0);
    const auto records = serverRecords();
    const auto audit = m_server->admin({"audit", "--action", "push.append_case_event"}).out;
    // How many notes the server had applied before the helper died and were answered
    // "duplicate" on the retry: the interesting case, when the seed produces it.
    qInfo("killed mid-push and resent as duplicates: %lld",
          qlonglong(QRegularExpression("m-kill[0-9]+-[0-9]+\tMUTATION_STATUS_DUPLICATE")
                            .globalMatch(audit)
                            .hasNext()
                        ? audit.count(
                              QRegularExpression("m-kill[0-9]+-[0-9]+\tMUTATION_STATUS_DUPLICATE"))
                        : 0));
    for (int trial = 0; trial < trials; ++trial) {
        for (int i = 0; i < notes; ++i) {
            const std::string id = "m-kill" + std::to_string(trial) + "-" + std::to_string(i);
            int copies = 0;
            for (const auto &r : records) {
                copies += r.has_case_event() && r.case_event().id() == "evt-" + id;
            }
            QVERIFY2(copies == 1, (id + ": " + std::to_string(copies) + " copies").c_str());
            QCOMPARE(audit.count(QString::fromStdString(id) + "\tMUTATION_STATUS_APPLIED"), 1);
        }
    }
}

void TestSyncClient::officerAndCoordinatorConverge()
{
    enrolAndSync("off-a");
    // A second app core, the coordinator's, on its own store.
    QTemporaryDir coordinatorDir;
    StoreHost coordinator(fastStoreConfig(coordinatorDir.path(), 60min, std::chrono::hours(24 * 7)),
                          *m_clock);
    QVERIFY(await(coordinator, coordinator.createKey(pin)).first);
    SyncClient::Options o;
    o.period = 0ms;
    SyncClient coordinatorSync(coordinator, o);
    QSignalSpy enrolled(&coordinatorSync, &SyncClient::enrolled);
    coordinatorSync.enrol(QUrl(QString("http://127.0.0.1:%1").arg(m_server->port())),
                          m_server->admin({"device", "enrol-code", "coo-1"}).out.trimmed(),
                          "Contact centre PC");
    QVERIFY(enrolled.wait(20000));
    QVERIFY(syncWith(coordinatorSync));

    // Offline on both sides: each adds a note to case-1 and changes a different field of
    // the same resident from the same version.
    auto update = [](const std::string &id, auto set, const char *field) {
        v1::Mutation m;
        m.set_mutation_id(id);
        v1::UpdateResident &u = *m.mutable_update_resident();
        u.set_resident_id("res-1");
        u.set_base_version(1);
        set(*u.mutable_values());
        u.add_fields(field);
        return QByteArray::fromStdString(m.SerializeAsString());
    };
    QVERIFY(
        await(*m_host, m_host->recordLocalChanges(
                           {noteOn("m-conv-officer", "case-1"),
                            update(
                                "m-conv-phone",
                                [](v1::Resident &r) { r.set_phone("07700 900111"); }, "phone")}))
            .first);
    QVERIFY(
        await(coordinator,
              coordinator.recordLocalChanges(
                  {noteOn("m-conv-coordinator", "case-1"),
                   update(
                       "m-conv-email",
                       [](v1::Resident &r) { r.set_email("resident1@example.org"); }, "email")}))
            .first);

    // Back online, in turn; the one that synced first catches up on the next sync.
    QVERIFY(syncOnce());
    QVERIFY(syncWith(coordinatorSync));
    QVERIFY(syncOnce());

    const auto officerView = await(*m_host, m_host->caseDetail("case-1")).second.toMap();
    const auto coordinatorView =
        await(coordinator, coordinator.caseDetail("case-1")).second.toMap();
    for (const auto &view : {officerView, coordinatorView}) {
        QCOMPARE(view.value("phone").toString(), QString("07700 900111"));
        QCOMPARE(view.value("email").toString(), QString("resident1@example.org"));
    }
    auto eventIds = [](const QVariantMap &view) {
        QStringList ids;
        for (const QVariant &e : view.value("timeline").toList()) {
            ids << e.toMap().value("eventId").toString();
        }
        ids.sort();
        return ids;
    };
    const QStringList officerEvents = eventIds(officerView);
    QCOMPARE(officerEvents, eventIds(coordinatorView));
    QVERIFY(officerEvents.contains("evt-m-conv-officer"));
    QVERIFY(officerEvents.contains("evt-m-conv-coordinator"));
    QCOMPARE(serverCopies("evt-m-conv-officer"), 1);
    QCOMPARE(serverCopies("evt-m-conv-coordinator"), 1);
}

void TestSyncClient::reassignedVisitIsEvicted()
{
    enrolAndSync("off-a");
    QCOMPARE(residentsFound("Family3"), QStringList{"res-3"});
    QVERIFY(await(*m_host, m_host->caseDetail("case-3")).second.toMap().contains("caseNumber"));

    // The coordinator gives visit-3 to off-b.
    v1::Visit visit;
    for (const auto &r : serverRecords()) {
        if (r.has_visit() && r.visit().id() == "visit-3") {
            visit = r.visit();
        }
    }
    QCOMPARE(visit.id(), std::string("visit-3"));
    v1::PushRequest push;
    v1::Mutation &m = *push.add_mutations();
    m.set_mutation_id("m-reassign-visit-3");
    v1::AssignVisit &assign = *m.mutable_assign_visit();
    assign.set_base_version(visit.version());
    visit.set_officer_user_id("off-b");
    *assign.mutable_visit() = visit;
    const auto reply = m_client->call("/v1/push", push, m_coordinatorToken);
    QCOMPARE(reply.status, 200);
    QCOMPARE(parseAs<v1::PushResponse>(reply.body).results(0).status(),
             v1::MUTATION_STATUS_APPLIED);

    // At off-a's next sync the resident, the case and its events leave the tablet.
    QVERIFY(syncOnce());
    QVERIFY(residentsFound("Family3").isEmpty());
    const auto gone = await(*m_host, m_host->caseDetail("case-3"));
    QVERIFY(!gone.first || !gone.second.toMap().contains("caseNumber"));
    QCOMPARE(residentsFound("Family1"), QStringList{"res-1"});
}

void TestSyncClient::longPullComesInPagesWithProgress()
{
    // The coordinator's whole (small) council in pages of 3, each asked for while the one
    // before is stored: the device ends with exactly what the server has.
    QTemporaryDir dir;
    Desk made(dir.path(), *m_clock);
    StoreHost &desk = made.host;
    SyncClient &sync = made.sync;
    QVERIFY(enrolDesk(made));
    QSignalSpy progress(&sync, &SyncClient::pullProgress);
    QVERIFY(syncWith(sync));

    const QList<v1::Record> server = serverRecords();
    QVERIFY(progress.size() >= server.size() / 3);
    double before = 0;
    for (int i = 0; i < progress.size(); ++i) {
        QCOMPARE(progress.at(i).at(0).toInt(), i + 1); // pages so far
        const double done = progress.at(i).at(2).toDouble();
        QVERIFY2(done >= before && done <= 1.0, qPrintable(QString::number(done)));
        before = done;
        QCOMPARE(progress.at(i).at(3).toBool(), i + 1 < progress.size());
    }
    QCOMPARE(before, 1.0);
    // What the status bar says part-way, from the same figures.
    const QList<QVariant> mid = progress.at(progress.size() / 2);
    QCOMPARE(wording::pullProgress(mid.at(1).toLongLong(), 0.5, mid.at(0).toInt(), 10.0),
             QString("Syncing: %1 records so far, 50% done, about 10 seconds left")
                 .arg(mid.at(1).toLongLong()));
    QCOMPARE(wording::pullProgress(12000, 0.25, 6, 30.0),
             QString("Syncing: 12,000 records so far, 25% done, about 2 minutes left"));
    // No time left is guessed from a single page.
    QCOMPARE(wording::pullProgress(2000, 0.1, 1, 3.0),
             QString("Syncing: 2,000 records so far, 10% done"));
    QCOMPARE(progress.last().at(1).toLongLong(), qint64(server.size()));
    // Every record the server has, once, and the search index built after the last page.
    const auto residents = await(desk, desk.searchResidents("Family"));
    int expected = 0;
    for (const v1::Record &r : server) {
        expected += r.has_resident();
    }
    QCOMPARE(residents.second.toList().size(), expected);
}

void TestSyncClient::pageHeadReadsOnlyWhatItNeeds()
{
    v1::PullResponse page;
    for (int i = 0; i < 3; ++i) {
        v1::Change &c = *page.add_changes();
        c.set_seq(10 + i);
        c.mutable_upsert()->mutable_resident()->set_id("res-" + std::to_string(i));
    }
    page.set_next_cursor(12);
    page.set_has_more(true);
    page.set_log_end(40);
    page.set_open_alerts(2);
    page.mutable_council()->set_revision(7);
    page.mutable_server_time()->set_seconds(1'800'000'000);
    const std::string bytes = page.SerializeAsString();
    const auto head = PageHead::read(bytes);
    QVERIFY(head);
    QCOMPARE(head->changes, 3);
    QCOMPARE(head->nextCursor, std::int64_t(12));
    QVERIFY(head->hasMore);
    QCOMPARE(head->logEnd, std::int64_t(40));
    QCOMPARE(head->openAlerts, 2);
    v1::Council council;
    QVERIFY(council.ParseFromString(head->council));
    QCOMPARE(council.revision(), std::int64_t(7));
    // Cut anywhere inside, it is refused rather than half read.
    for (std::size_t n = 1; n < bytes.size(); ++n) {
        const auto cut = PageHead::read(std::string_view(bytes).substr(0, n));
        const auto whole = v1::PullResponse().ParseFromString(bytes.substr(0, n));
        QVERIFY2(!cut || whole, qPrintable(QString("cut at %1").arg(n)));
    }
    QVERIFY(!PageHead::read(std::string("\x0a\x05"
                                        "ab",
                                        4))); // a change longer than the page
    QVERIFY(PageHead::read(""));
    // A zero byte after the page is no tag at all, as the full parse agrees.
    const std::string trailing = bytes + std::string(1, '\0');
    QVERIFY(!v1::PullResponse().ParseFromString(trailing));
    QVERIFY(!PageHead::read(trailing));
    // A page from a server that does not set log_end reads as 0: the client then stores each
    // page before asking for the next (it cannot know the server takes stored_cursor).
    page.clear_log_end();
    QCOMPARE(PageHead::read(page.SerializeAsString())->logEnd, std::int64_t(0));
}

void TestSyncClient::damagedAnswerIsRefusedAndNothingIsStored()
{
    // The server's answers come zstd-encoded with zstd's checksum. One damaged on the way is
    // refused with a clear message, nothing of it is stored, and the pull is tried again.
    FaultProxy proxy;
    QVERIFY(proxy.listen());
    proxy.setUpstream(m_server->port());
    QSignalSpy enrolled(m_sync.get(), &SyncClient::enrolled);
    m_sync->enrol(QUrl(QString("http://127.0.0.1:%1").arg(proxy.port())),
                  m_server->admin({"device", "enrol-code", "off-a"}).out.trimmed(), "Tablet");
    QVERIFY(enrolled.wait(20000));
    const QVariant enrolledAt =
        await(*m_host, m_host->syncState()).second.toMap().value("lastServerContactMs");
    QVERIFY(enrolledAt.isValid());
    m_clock->advance(5min);
    proxy.arm(FaultProxy::Fault::DamageResponse, "/v1/pull", 40);
    QSignalSpy failed(m_sync.get(), &SyncClient::failed);
    QSignalSpy synced(m_sync.get(), &SyncClient::synced);
    m_sync->syncNow();
    QVERIFY(failed.wait(20000));
    QCOMPARE(proxy.struck(), 1);
    QVERIFY(synced.isEmpty());
    QCOMPARE(failed.first().at(0).toInt(), int(v1::ERROR_CODE_MALFORMED_BODY));
    const QString said = failed.first().at(1).toString();
    QVERIFY2(said == "The server's answer could not be read (the zstd-encoded body is corrupt); "
                     "will try again",
             qPrintable(said));
    QVERIFY(failed.first().at(2).toBool()); // a retry is on its way
    // Read at once: the store answers these before the retried page, which must come first
    // from the server.
    QVERIFY(residentsFound("Family1").isEmpty());
    const QVariantMap before = await(*m_host, m_host->syncState()).second.toMap();
    QCOMPARE(before.value("cursor").toLongLong(), 0);
    // A pull that failed is no contact with the server (the offline lock keeps counting).
    QCOMPARE(before.value("lastServerContactMs"), enrolledAt);

    QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), 20000);
    QCOMPARE(residentsFound("Family1"), QStringList{"res-1"});
    // The last page stored the contact with it, at the tablet's time.
    QCOMPARE(await(*m_host, m_host->syncState()).second.toMap().value("lastServerContactMs"),
             QVariant(qint64(toUnixMs(m_clock->now()))));
}

void TestSyncClient::tokenRenewedMidPullKeepsItsProgress()
{
    // A coordinator's first sync in pages of 3 outlives its token: the server refuses a page
    // part-way, the client renews the token and carries on from what it stored, and the
    // progress it shows goes on counting rather than starting again.
    QTemporaryDir dir;
    Desk made(dir.path(), *m_clock);
    StoreHost &desk = made.host;
    SyncClient &sync = made.sync;
    QVERIFY(enrolDesk(made));
    QFile clock(m_serverDir.filePath("clock"));
    QVERIFY(clock.open(QIODevice::ReadOnly));
    const qint64 serverNow = clock.readAll().trimmed().toLongLong();
    clock.close();
    QVERIFY(serverNow > 0);
    // Once the second page is stored, the server's clock passes the 10-minute token.
    QSignalSpy progress(&sync, &SyncClient::pullProgress);
    connect(&sync, &SyncClient::pullProgress, this, [&](int pages) {
        if (pages == 2) {
            QFile later(m_serverDir.filePath("clock"));
            QVERIFY(later.open(QIODevice::WriteOnly | QIODevice::Truncate));
            later.write(QByteArray::number(serverNow + 11 * 60 * 1000));
        }
    });
    QVERIFY(syncWith(sync));

    const QList<v1::Record> server = serverRecords();
    QVERIFY(!server.isEmpty());
    QVERIFY(progress.size() >= server.size() / 3);
    qint64 records = 0;
    double done = 0;
    for (int i = 0; i < progress.size(); ++i) {
        QCOMPARE(progress.at(i).at(0).toInt(), i + 1); // never back to page 1
        QVERIFY(progress.at(i).at(1).toLongLong() > records);
        QVERIFY(progress.at(i).at(2).toDouble() >= done);
        records = progress.at(i).at(1).toLongLong();
        done = progress.at(i).at(2).toDouble();
    }
    QCOMPARE(done, 1.0);
    // Every record at least once (a record changed while the pull ran comes again).
    QVERIFY2(records >= qint64(server.size()),
             qPrintable(QString("%1 of %2").arg(records).arg(server.size())));
    const auto residents = await(desk, desk.searchResidents("Family"));
    int expected = 0;
    for (const v1::Record &r : server) {
        expected += r.has_resident();
    }
    QCOMPARE(residents.second.toList().size(), expected);
    // The renewal happened part-way: the server refused a pull for the expired token.
    QVERIFY(m_server->admin({"audit", "--action", "refused/v1/pull"})
                .out.contains("ERROR_CODE_TOKEN_EXPIRED"));
}

void TestSyncClient::syncAskedForDuringAFailingOneStillRuns()
{
    // The officer unlocks while a sync that began on the locked tablet is still under way.
    // That sync fails (the store was locked when it asked), but the one the unlock asked for
    // must still run: it is what brings the office's receipt of a lone-working alert.
    enrolAndSync("off-a");
    QVERIFY(await(*m_host, m_host->lock()).first);
    QSignalSpy failed(m_sync.get(), &SyncClient::failed);
    QSignalSpy synced(m_sync.get(), &SyncClient::synced);
    m_sync->syncNow();                          // asks the locked store for its state: refused
    const quint64 unlock = m_host->unlock(pin); // queued behind that request
    m_sync->syncNow();                          // while the first is still running
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().at(0).toInt(), int(v1::ERROR_CODE_STORE_LOCKED));
    QVERIFY(!failed.first().at(2).toBool()); // no retry of its own
    Q_UNUSED(unlock);
    QVERIFY(synced.wait(10000));
}

QTEST_GUILESS_MAIN(TestSyncClient)
#include "tst_syncclient.moc"
