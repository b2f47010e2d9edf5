// Several doorstep-server processes on one PostgreSQL database: the protocol's guarantees hold
// across processes (no change skipped by a pull, a push applied exactly once, field edits
// merged), and a database that goes away mid-run costs a 503 and nothing more. Each test runs
// its own throwaway cluster (pgcluster.h), so it may stop and start it. Label `postgres`.

#include "doorstep/v1/sync.pb.h"
#include "pgcluster.h"
#include "serverprocess.h"
#include "testworld.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <libpq-fe.h>

using namespace doorstep::v1;

namespace {

Mutation note(const QString &mutationId, const QString &eventId, const char *caseId = "case-1")
{
    Mutation m;
    m.set_mutation_id(mutationId.toStdString());
    auto *e = m.mutable_append_case_event();
    e->set_id(eventId.toStdString());
    e->set_case_id(caseId);
    e->set_kind(CASE_EVENT_KIND_NOTE);
    e->mutable_note()->set_text("note " + eventId.toStdString());
    return m;
}

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void pullsNeverSkipAChangeCommittedLate();
    void aPushReplayedToBothAtOnceAppliesOnce();
    void fieldEditsMergeAcrossProcesses();
    void unreachableAtStartIsAClearError();
    void unreachableMidRunIs503AndRecovers();
    void readOnlyDatabaseIs503AndRecovers();

private:
    // A new store in this test's cluster, with the test world loaded, and two servers on it.
    bool twoServers();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PgCluster> m_cluster;
    QString m_url;
    ServerProcess *m_a = nullptr;
    ServerProcess *m_b = nullptr;
};

void TestCluster::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cluster = std::make_unique<PgCluster>(m_dir->path(), 2, false);
    QVERIFY(m_cluster->startDatabase());
    m_url = m_cluster->url();
    QVERIFY(m_url.startsWith("postgresql://"));
}

void TestCluster::cleanup()
{
    m_a = m_b = nullptr;
    m_cluster.reset();
    m_dir.reset();
}

bool TestCluster::twoServers()
{
    m_a = &m_cluster->server(0);
    m_b = &m_cluster->server(1);
    return m_a->admin({"init"}).exitCode == 0 &&
           testworld::writeSnapshot(m_dir->filePath("world.pb")) &&
           m_a->admin({"load-snapshot", m_dir->filePath("world.pb")}).exitCode == 0 &&
           m_cluster->startServer(0, {}) && m_cluster->startServer(1, {});
}

void TestCluster::pullsNeverSkipAChangeCommittedLate()
{
    // Writers push batches of notes through both servers at once while a coordinator's device
    // pulls small pages, alternating servers, from its cursor. Transactions that take a lower
    // seq but commit after a higher one is read are the trap: the device must still see every
    // applied note, having never gone back to an earlier cursor.
    QVERIFY(twoServers());
    TestClient viaA(m_a->port());
    TestClient viaB(m_b->port());
    const auto reader = enrolDevice(*m_a, viaA, "coo-1");
    QVector<EnrolledDevice> writers;
    for (int w = 0; w < 3; ++w) {
        writers << enrolDevice(*m_a, viaA, "coo-1");
        QVERIFY(!writers.back().deviceId.isEmpty());
    }
    // Writer 0 pushes long batches, the others one note at a time: a short push that starts
    // after a long one took its seqs commits before it, which is the order a pull must not
    // be fooled by.
    auto notesPerPush = [](int w) { return w == 0 ? 60 : 1; };
    auto pushesOf = [](int w) { return w == 0 ? 16 : 160; };
    QSet<QString> applied;
    QSet<QString> seen;
    int writersLeft = writers.size();
    int failures = 0;
    qint64 cursor = 0;
    bool drained = false;
    QEventLoop loop;

    std::function<void(int, int)> pushNext = [&](int w, int n) {
        if (n == pushesOf(w)) {
            --writersLeft;
            return;
        }
        PushRequest push;
        for (int i = 0; i < notesPerPush(w); ++i) {
            const QString id = QString("w%1-p%2-n%3").arg(w).arg(n).arg(i);
            // Each writer on its own case, so that no row lock orders their commits.
            static const char *const cases[] = {"case-1", "case-2", "case-3"};
            *push.add_mutations() = note("m-" + id, "evt-" + id, cases[w % 3]);
        }
        TestClient &via = (w + n) % 2 ? viaB : viaA;
        QNetworkReply *r = via.postAsync(
            "/v1/push", QByteArray::fromStdString(push.SerializeAsString()),
            "application/x-protobuf", {{"Authorization", "Bearer " + writers[w].token}});
        QObject::connect(r, &QNetworkReply::finished, &loop, [&, r, w, n] {
            r->deleteLater();
            const auto response = parseAs<PushResponse>(r->readAll());
            if (r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
                ++failures;
            }
            for (const MutationResult &m : response.results()) {
                if (m.status() == MUTATION_STATUS_APPLIED) {
                    applied << QString::fromStdString(m.mutation_id()).mid(2);
                }
            }
            pushNext(w, n + 1);
        });
    };
    int pulls = 0;
    std::function<void()> pullNext = [&] {
        PullRequest pull;
        pull.set_cursor(cursor);
        pull.set_page_size(7);
        TestClient &via = ++pulls % 2 ? viaB : viaA;
        const bool writing = writersLeft > 0;
        QNetworkReply *r =
            via.postAsync("/v1/pull", QByteArray::fromStdString(pull.SerializeAsString()),
                          "application/x-protobuf", {{"Authorization", "Bearer " + reader.token}});
        QObject::connect(r, &QNetworkReply::finished, &loop, [&, r, writing] {
            r->deleteLater();
            if (r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
                ++failures;
                loop.quit();
                return;
            }
            const auto page = parseAs<PullResponse>(r->readAll());
            for (const Change &c : page.changes()) {
                if (c.upsert().has_case_event()) {
                    seen << QString::fromStdString(c.upsert().case_event().id()).mid(4);
                }
            }
            cursor = page.next_cursor();
            // Done once a pull that began after the last push ended reaches the log's end.
            if (!writing && !page.has_more()) {
                drained = true;
                loop.quit();
                return;
            }
            pullNext();
        });
    };
    for (int w = 0; w < writers.size(); ++w) {
        pushNext(w, 0);
    }
    pullNext();
    QTimer::singleShot(240000, &loop, [&] {
        qWarning("the writers and the reader did not finish within 240 s");
        loop.quit();
    });
    loop.exec();
    QVERIFY(drained);
    QCOMPARE(failures, 0);
    QCOMPARE(applied.size(), 16 * 60 + 2 * 160);
    const QSet<QString> missed = applied - seen;
    QVERIFY2(missed.isEmpty(), qPrintable(QString("the device never saw %1 applied notes, e.g. %2")
                                              .arg(missed.size())
                                              .arg(missed.isEmpty() ? "" : *missed.begin())));
    QVERIFY(pulls > 10); // it pulled while the writers wrote
}

void TestCluster::aPushReplayedToBothAtOnceAppliesOnce()
{
    QVERIFY(twoServers());
    TestClient viaA(m_a->port());
    TestClient viaB(m_b->port());
    const auto device = enrolDevice(*m_a, viaA, "off-a");
    for (int round = 0; round < 25; ++round) {
        PushRequest push;
        for (int i = 0; i < 3; ++i) {
            const QString id = QString("r%1-%2").arg(round).arg(i);
            *push.add_mutations() = note("m-" + id, "evt-" + id);
        }
        const QByteArray body = QByteArray::fromStdString(push.SerializeAsString());
        const TestClient::Headers auth{{"Authorization", "Bearer " + device.token}};
        QNetworkReply *ra = viaA.postAsync("/v1/push", body, "application/x-protobuf", auth);
        QNetworkReply *rb = viaB.postAsync("/v1/push", body, "application/x-protobuf", auth);
        const auto a = TestClient::wait(ra);
        const auto b = TestClient::wait(rb);
        QCOMPARE(a.status, 200);
        QCOMPARE(b.status, 200);
        const auto pa = parseAs<PushResponse>(a.body);
        const auto pb = parseAs<PushResponse>(b.body);
        QCOMPARE(pa.results_size(), 3);
        QCOMPARE(pb.results_size(), 3);
        for (int i = 0; i < 3; ++i) {
            // One applied it, the other answered with the same result as a duplicate.
            QSet<MutationStatus> statuses{pa.results(i).status(), pb.results(i).status()};
            QCOMPARE(statuses,
                     (QSet<MutationStatus>{MUTATION_STATUS_APPLIED, MUTATION_STATUS_DUPLICATE}));
            QCOMPARE(pa.results(i).mutation_id(), pb.results(i).mutation_id());
        }
    }
    // Each note is in the case's timeline once.
    QCOMPARE(m_a->admin({"export", "events", "--to", m_dir->filePath("events.csv")}).exitCode, 0);
    QFile csv(m_dir->filePath("events.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray events = csv.readAll();
    for (int round = 0; round < 25; ++round) {
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(events.count(QString("evt-r%1-%2,").arg(round).arg(i).toUtf8()), 1);
        }
    }
}

void TestCluster::fieldEditsMergeAcrossProcesses()
{
    QVERIFY(twoServers());
    TestClient viaA(m_a->port());
    TestClient viaB(m_b->port());
    const auto one = enrolDevice(*m_a, viaA, "off-a");
    const auto two = enrolDevice(*m_b, viaB, "coo-1");
    auto edit = [](const char *id, const char *field, const std::string &value) {
        PushRequest push;
        Mutation *m = push.add_mutations();
        m->set_mutation_id(id);
        auto *u = m->mutable_update_resident();
        u->set_resident_id("res-1");
        u->set_base_version(1);
        u->add_fields(field);
        if (std::string(field) == "phone") {
            u->mutable_values()->set_phone(value);
        } else {
            u->mutable_values()->set_email(value);
        }
        return QByteArray::fromStdString(push.SerializeAsString());
    };
    // Different fields from the same base, at once through different processes: both kept.
    const auto a = TestClient::wait(viaA.postAsync("/v1/push", edit("e-1", "phone", "07111111111"),
                                                   "application/x-protobuf",
                                                   {{"Authorization", "Bearer " + one.token}}));
    const auto b = TestClient::wait(
        viaB.postAsync("/v1/push", edit("e-2", "email", "new@example.org"),
                       "application/x-protobuf", {{"Authorization", "Bearer " + two.token}}));
    QCOMPARE(parseAs<PushResponse>(a.body).results(0).status(), MUTATION_STATUS_APPLIED);
    QCOMPARE(parseAs<PushResponse>(b.body).results(0).status(), MUTATION_STATUS_APPLIED);
    // The same field from the same base, with another value: a real conflict, kept.
    const auto c = viaA.post("/v1/push", edit("e-3", "phone", "07222222222"),
                             "application/x-protobuf", {{"Authorization", "Bearer " + one.token}});
    const auto conflict = parseAs<PushResponse>(c.body).results(0);
    QCOMPARE(conflict.status(), MUTATION_STATUS_CONFLICT);
    // Through the other process, the resident carries both edits.
    PullRequest pull;
    pull.set_page_size(2000);
    const auto page = parseAs<PullResponse>(viaB.call("/v1/pull", pull, two.token).body);
    bool found = false;
    for (const Change &ch : page.changes()) {
        if (ch.upsert().has_resident() && ch.upsert().resident().id() == "res-1") {
            found = true;
            QCOMPARE(ch.upsert().resident().phone(), std::string("07111111111"));
            QCOMPARE(ch.upsert().resident().email(), std::string("new@example.org"));
        }
    }
    QVERIFY(found);
}

void TestCluster::unreachableAtStartIsAClearError()
{
    ServerProcess s(m_dir->filePath("s"), m_url);
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    QVERIFY(m_cluster->stopDatabase());
    QProcess serve;
    endWithParent(serve);
    serve.start(ServerProcess::binary(),
                {"serve", "--store", m_url, "--insecure-loopback", "--port", "0"});
    QVERIFY(serve.waitForFinished(30000));
    QCOMPARE(serve.exitCode(), 1);
    const QString err = QString::fromUtf8(serve.readAllStandardError());
    QVERIFY2(err.contains("Cannot reach PostgreSQL"), qPrintable(err));
}

void TestCluster::unreachableMidRunIs503AndRecovers()
{
    QVERIFY(twoServers());
    TestClient client(m_a->port());
    const auto device = enrolDevice(*m_a, client, "off-a");
    PullRequest pull;
    QCOMPARE(client.call("/v1/pull", pull, device.token).status, 200);

    QVERIFY(m_cluster->stopDatabase());
    const auto down = client.call("/v1/pull", pull, device.token);
    QCOMPARE(down.status, 503);
    const auto error = parseAs<Error>(down.body);
    QCOMPARE(error.code(), ERROR_CODE_UNAVAILABLE);
    PushRequest push;
    *push.add_mutations() = note("m-while-down", "evt-while-down");
    QCOMPARE(client.call("/v1/push", push, device.token).status, 503);

    // PostgreSQL back (restarted on the same socket): the same servers carry on, and the
    // push refused while it was away now applies once.
    QVERIFY(m_cluster->resumeDatabase());
    QCOMPARE(client.call("/v1/pull", pull, device.token).status, 200);
    const auto pushed = client.call("/v1/push", push, device.token);
    QCOMPARE(pushed.status, 200);
    QCOMPARE(parseAs<PushResponse>(pushed.body).results(0).status(), MUTATION_STATUS_APPLIED);
    TestClient other(m_b->port());
    QCOMPARE(other.call("/v1/pull", pull, device.token).status, 200);
}

// After a failover the servers may reach a standby not yet promoted, which refuses writes
// (SQLSTATE 25006): that is "try again shortly", not a server fault, and loses nothing.
void TestCluster::readOnlyDatabaseIs503AndRecovers()
{
    QVERIFY(twoServers());
    TestClient client(m_a->port());
    const auto device = enrolDevice(*m_a, client, "off-a");
    const auto setReadOnly = [&](bool on) {
        PGconn *c = PQconnectdb(m_url.toUtf8().constData());
        // Two statements, two transactions: the second starts after the session's setting.
        PQclear(PQexec(c, "SET default_transaction_read_only = off"));
        PGresult *r =
            PQexec(c, on ? "ALTER DATABASE doorstep SET default_transaction_read_only = on"
                         : "ALTER DATABASE doorstep RESET default_transaction_read_only");
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok) {
            qWarning("%s", PQerrorMessage(c));
        }
        PQclear(r);
        PQfinish(c);
        m_cluster->terminateBackends(); // the servers' connections come back with the setting
        return ok;
    };
    QVERIFY(setReadOnly(true));
    PushRequest push;
    *push.add_mutations() = note("m-read-only", "evt-read-only");
    // The first request may meet a terminated connection; the store retries it on a new one.
    const auto refused = client.call("/v1/push", push, device.token);
    QCOMPARE(refused.status, 503);
    QCOMPARE(parseAs<Error>(refused.body).code(), ERROR_CODE_UNAVAILABLE);

    QVERIFY(setReadOnly(false));
    const auto pushed = client.call("/v1/push", push, device.token);
    QCOMPARE(pushed.status, 200);
    QCOMPARE(parseAs<PushResponse>(pushed.body).results(0).status(), MUTATION_STATUS_APPLIED);
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
