// Enrolment, token expiry and renewal, and revocation, through the real server binary.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "testworld.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace doorstep::v1;

class TestIdentity : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void enrolmentCodeWorksOnce();
    void wrongEnrolmentCodeIsRefused();
    void expiredTokenIsRefusedAndRenewed();
    void wrongSecretCannotRenew();
    void revokedDeviceIsToldToWipe();
    void missingOrUnknownTokenIsUnauthenticated();

private:
    void setClock(qint64 ms);
    Error errorOf(const TestClient::Reply &r) { return parseAs<Error>(r.body); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    QString m_clockFile;
    // The server's clock starts at the real time: the admin CLI issues codes on the real clock.
    qint64 start = 0;
};

void TestIdentity::setClock(qint64 ms)
{
    QFile f(m_clockFile);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QByteArray::number(ms));
}

void TestIdentity::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ServerProcess>(m_dir->filePath("data"));
    QCOMPARE(m_server->admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(m_dir->filePath("world.pb")));
    QCOMPARE(m_server->admin({"load-snapshot", m_dir->filePath("world.pb")}).exitCode, 0);
    m_clockFile = m_dir->filePath("clock");
    start = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    setClock(start);
    QVERIFY(m_server->start({"--token-ttl", "600", "--clock-file", m_clockFile}));
    m_client = std::make_unique<TestClient>(m_server->port());
}

void TestIdentity::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

void TestIdentity::enrolmentCodeWorksOnce()
{
    const auto code = m_server->admin({"device", "enrol-code", "off-a"});
    QCOMPARE(code.exitCode, 0);
    EnrolRequest request;
    // Typed in lower case with spaces: still the same code.
    request.set_enrolment_code(code.out.trimmed().toLower().replace('-', ' ').toStdString());
    request.set_device_label("tablet 7");
    const auto first = m_client->call("/v1/enrol", request);
    QCOMPARE(first.status, 200);
    const auto enrolled = parseAs<EnrolResponse>(first.body);
    QCOMPARE(enrolled.user().id(), std::string("off-a"));
    QCOMPARE(enrolled.device().status(), DEVICE_STATUS_ACTIVE);
    QVERIFY(enrolled.device_secret().size() >= 40);
    QVERIFY(!enrolled.access_token().token().empty());
    QCOMPARE(enrolled.access_token().expires_at().seconds(), start / 1000 + 600);
    QCOMPARE(enrolled.council().name(), std::string("Testmoor"));

    // The token works on a sync route.
    const auto pull = m_client->call("/v1/pull", PullRequest(),
                                     QByteArray::fromStdString(enrolled.access_token().token()));
    QCOMPARE(pull.status, 200);

    // The same code a second time is refused.
    const auto second = m_client->call("/v1/enrol", request);
    QCOMPARE(second.status, 401);
    QCOMPARE(errorOf(second).code(), ERROR_CODE_ENROLMENT_CODE_INVALID);

    // Only hashes are stored: the secret and the code appear nowhere in the database file
    // (or, on PostgreSQL, in a dump of the whole database).
    QByteArray all;
    if (!m_server->postgresStore().isEmpty()) {
        QProcess dump;
        dump.start("pg_dump", {"--data-only", "--dbname", m_server->postgresStore()});
        QVERIFY(dump.waitForFinished(60000));
        QCOMPARE(dump.exitCode(), 0);
        all = dump.readAllStandardOutput();
        QVERIFY(all.contains("COPY public.devices"));
    } else {
        QFile db(m_dir->filePath("data/doorstep.sqlite3"));
        QVERIFY(db.open(QIODevice::ReadOnly));
        all = db.readAll();
        QFile wal(m_dir->filePath("data/doorstep.sqlite3-wal"));
        if (wal.open(QIODevice::ReadOnly)) {
            all += wal.readAll();
        }
    }
    QVERIFY(!all.contains(QByteArray::fromStdString(enrolled.device_secret())));
    QVERIFY(!all.contains(QByteArray::fromStdString(enrolled.access_token().token())));
    QVERIFY(!all.contains(code.out.trimmed().toUtf8()));
}

void TestIdentity::wrongEnrolmentCodeIsRefused()
{
    EnrolRequest request;
    request.set_enrolment_code("AAAA-BBBB-CCCC-DDDD");
    const auto reply = m_client->call("/v1/enrol", request);
    QCOMPARE(reply.status, 401);
    QCOMPARE(errorOf(reply).code(), ERROR_CODE_ENROLMENT_CODE_INVALID);
    QVERIFY(!errorOf(reply).request_id().empty());

    // A code expires (72 hours).
    const auto code = m_server->admin({"device", "enrol-code", "off-b"});
    QCOMPARE(code.exitCode, 0);
    // The admin CLI used the real clock; move the server's clock past the code's life.
    setClock(QDateTime::currentMSecsSinceEpoch() + 73LL * 3600 * 1000);
    request.set_enrolment_code(code.out.trimmed().toStdString());
    QCOMPARE(m_client->call("/v1/enrol", request).status, 401);
}

void TestIdentity::expiredTokenIsRefusedAndRenewed()
{
    const auto device = enrolDevice(*m_server, *m_client, "off-a");
    QVERIFY(!device.deviceId.isEmpty());
    QCOMPARE(m_client->call("/v1/pull", PullRequest(), device.token).status, 200);

    setClock(start + 601 * 1000);
    const auto expired = m_client->call("/v1/pull", PullRequest(), device.token);
    QCOMPARE(expired.status, 401);
    QCOMPARE(errorOf(expired).code(), ERROR_CODE_TOKEN_EXPIRED);

    TokenRequest renew;
    renew.set_device_id(device.deviceId.toStdString());
    renew.set_device_secret(device.secret.toStdString());
    const auto renewed = m_client->call("/v1/token", renew);
    QCOMPARE(renewed.status, 200);
    const auto token = parseAs<AccessToken>(renewed.body);
    QCOMPARE(token.expires_at().seconds(), (start + 601 * 1000) / 1000 + 600);
    QVERIFY(QByteArray::fromStdString(token.token()) != device.token);
    QCOMPARE(
        m_client->call("/v1/pull", PullRequest(), QByteArray::fromStdString(token.token())).status,
        200);
    // The old token stays expired.
    QCOMPARE(m_client->call("/v1/pull", PullRequest(), device.token).status, 401);
}

void TestIdentity::wrongSecretCannotRenew()
{
    const auto device = enrolDevice(*m_server, *m_client, "off-a");
    QVERIFY(!device.deviceId.isEmpty());
    TokenRequest renew;
    renew.set_device_id(device.deviceId.toStdString());
    renew.set_device_secret("not-the-secret");
    const auto reply = m_client->call("/v1/token", renew);
    QCOMPARE(reply.status, 401);
    QCOMPARE(errorOf(reply).code(), ERROR_CODE_UNAUTHENTICATED);
    renew.set_device_id("dev-unknown");
    QCOMPARE(m_client->call("/v1/token", renew).status, 401);
}

void TestIdentity::revokedDeviceIsToldToWipe()
{
    const auto device = enrolDevice(*m_server, *m_client, "off-a");
    const auto other = enrolDevice(*m_server, *m_client, "off-a");
    QVERIFY(!device.deviceId.isEmpty() && !other.deviceId.isEmpty());
    QCOMPARE(m_client->call("/v1/pull", PullRequest(), device.token).status, 200);

    // Revoked while the server runs, by the admin CLI on the same data directory.
    const auto revoke = m_server->admin({"device", "revoke", QString::fromUtf8(device.deviceId)});
    QCOMPARE(revoke.exitCode, 0);

    const auto pull = m_client->call("/v1/pull", PullRequest(), device.token);
    QCOMPARE(pull.status, 403);
    QCOMPARE(errorOf(pull).code(), ERROR_CODE_DEVICE_REVOKED);
    QCOMPARE(m_client->call("/v1/push", PushRequest(), device.token).status, 403);

    TokenRequest renew;
    renew.set_device_id(device.deviceId.toStdString());
    renew.set_device_secret(device.secret.toStdString());
    const auto renewed = m_client->call("/v1/token", renew);
    QCOMPARE(renewed.status, 403);
    QCOMPARE(errorOf(renewed).code(), ERROR_CODE_DEVICE_REVOKED);

    // The same user's other device is unaffected.
    QCOMPARE(m_client->call("/v1/pull", PullRequest(), other.token).status, 200);

    // Revoking an unknown device is an error for the admin.
    QVERIFY(m_server->admin({"device", "revoke", "dev-nope"}).exitCode != 0);
}

void TestIdentity::missingOrUnknownTokenIsUnauthenticated()
{
    const auto none = m_client->call("/v1/pull", PullRequest());
    QCOMPARE(none.status, 401);
    QCOMPARE(errorOf(none).code(), ERROR_CODE_UNAUTHENTICATED);
    const auto unknown = m_client->call("/v1/pull", PullRequest(), "made-up-token");
    QCOMPARE(unknown.status, 401);
    QCOMPARE(errorOf(unknown).code(), ERROR_CODE_UNAUTHENTICATED);
    // A disabled user's device can no longer sync.
    const auto device = enrolDevice(*m_server, *m_client, "off-b");
    QVERIFY(!device.deviceId.isEmpty());
    QCOMPARE(m_server->admin({"user", "disable", "off-b"}).exitCode, 0);
    const auto disabled = m_client->call("/v1/pull", PullRequest(), device.token);
    QCOMPARE(disabled.status, 403);
    QCOMPARE(errorOf(disabled).code(), ERROR_CODE_FORBIDDEN);
}

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
