// The fault harness: the real doorstep-server and real app cores (faultagent) as separate
// processes on loopback, with a proxy between them, and faults injected trial after trial:
// SIGKILL of the app in a push and in a pull, SIGKILL of the server while it applies a push,
// connections cut mid-request and mid-response, duplicated and reordered (replayed) requests,
// a full disk on either side (RLIMIT_FSIZE: writes past the limit fail as on a full disk),
// and a tablet clock hours away from the server's.
//
// After each trial the harness checks what the device said it wrote against the server, syncs
// the device to quiescence and checks the invariants:
//   1. every mutation the device treats as acknowledged is on the server (and, at the end, the
//      audit log shows each applied exactly once);
//   2. no unacknowledged mutation is lost: each is still in the device's outbox, or on the
//      server after the quiescent sync;
//   3. the device and the server agree on every record in the officer's scope;
//   4. no record outside the scope is on the device.
// It prints one closing line; the exit status is non-zero when any invariant was violated.
//
//   faultharness --seed N --trials N        the short, seeded configuration (CI)
//   faultharness --seed N --minutes N       the long one: trials until the time is up
//   ... --store postgres                    two servers on one PostgreSQL database behind
//                                           HAProxy (pgcluster.h), with their own faults:
//                                           either server killed mid-push or mid-pull, a
//                                           server's connections ended mid-transaction
//                                           (pg_terminate_backend), PostgreSQL restarted
//                                           during a sync, one push sent to both at once

#include "faultproxy.h"
#include "pgcluster.h"
#include "serverprocess.h"
#include "testtablet.h"
#include "testworld.h"
#include "waituntil.h"

#include "doorstep/v1/sync.pb.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <set>

using namespace doorstep;

namespace {

constexpr const char *pin = "274915";

// A process environment whose disk fills up after `budget` bytes (none for -1).
QProcessEnvironment diskFullEnvironment(qint64 budget)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (budget >= 0) {
        env.insert("LD_PRELOAD", DOORSTEP_DISKFULL_LIBRARY);
        env.insert("DOORSTEP_DISK_BUDGET", QString::number(budget));
    }
    return env;
}

// One run of the app core: `faultagent run ...`, read line by line.
class Agent
{
public:
    struct Setup
    {
        qint64 clockOffsetMs = 0;
        int pushBatch = 50;
        int pageSize = 200;
        qint64 diskBudget = -1; // bytes the store may still write; -1 for no limit
        QString pin = QString::fromLatin1(::pin);
    };

    Agent(const QString &dir, const Setup &setup, std::function<void(const QString &)> onLine)
        : m_onLine(std::move(onLine))
    {
        m_process.setProcessEnvironment(diskFullEnvironment(setup.diskBudget));
        endWithParent(m_process);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this] { drain(); });
        m_process.start(QStringLiteral(DOORSTEP_FAULT_AGENT),
                        {"run", dir, setup.pin, QString::number(setup.clockOffsetMs),
                         QString::number(setup.pushBatch), QString::number(setup.pageSize)});
    }

    ~Agent() { kill(); }

    qint64 pid() const { return m_process.processId(); }
    bool running() const { return m_process.state() != QProcess::NotRunning; }

    void send(const QString &line) { m_process.write((line + "\n").toUtf8()); }

    // Waits for an answer starting with one of `prefixes`; returns it, or "" when the agent
    // died or `ms` passed first.
    QString waitFor(const QStringList &prefixes, int ms = 20000)
    {
        QElapsedTimer t;
        t.start();
        while (true) {
            for (; m_seen < m_lines.size(); ++m_seen) {
                for (const QString &p : prefixes) {
                    if (m_lines[m_seen].startsWith(p)) {
                        return m_lines[m_seen++];
                    }
                }
            }
            if (!running() || t.elapsed() > ms) {
                drain();
                if (m_seen < m_lines.size()) {
                    continue;
                }
                if (running()) {
                    // A bounded wait that ran out says what it waited for.
                    std::fprintf(stderr,
                                 "faultharness: no \"%s\" from the app core (pid %lld) within "
                                 "%d ms\n",
                                 qPrintable(prefixes.join("\" or \"")),
                                 static_cast<long long>(pid()), ms);
                }
                return {};
            }
            QEventLoop loop;
            QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &loop,
                             &QEventLoop::quit);
            QObject::connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(50, &loop, &QEventLoop::quit);
            loop.exec();
            drain();
        }
    }

    // SIGKILL now, then every line the agent wrote before it died is read.
    void kill()
    {
        if (running()) {
            ::kill(static_cast<pid_t>(m_process.processId()), SIGKILL);
            m_process.waitForFinished(10000);
        }
        drain();
    }

    void quit()
    {
        if (running()) {
            send("quit");
            if (!m_process.waitForFinished(10000)) {
                kill();
            }
        }
        drain();
    }

    QByteArray errors() { return m_process.readAllStandardError(); }

private:
    void drain()
    {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype end;
        while ((end = m_buffer.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(m_buffer.left(end));
            m_buffer.remove(0, end + 1);
            m_lines.append(line);
            m_onLine(line);
        }
    }

    std::function<void(const QString &)> m_onLine;
    QProcess m_process;
    QByteArray m_buffer;
    QStringList m_lines;
    qsizetype m_seen = 0;
};

// What the device holds, read from its encrypted store by `faultagent dump`.
struct DeviceView
{
    bool ok = false;
    std::map<QString, QByteArray> records; // "type id" -> hash of the body
    std::map<QString, int> outbox;         // mutation id -> state (0 pending, 1 quarantined)
    QString deviceId;
};

DeviceView dumpDevice(const QString &dir)
{
    QProcess p;
    endWithParent(p);
    p.start(QStringLiteral(DOORSTEP_FAULT_AGENT), {"dump", dir, pin});
    DeviceView view;
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        std::fprintf(stderr, "dump failed: %s\n", p.readAllStandardError().constData());
        return view;
    }
    const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> w = line.split(' ');
        if (w.value(0) == "record" && w.size() == 4) {
            view.records[QString::fromUtf8(w[1] + " " + w[2])] = w[3];
        } else if (w.value(0) == "outbox" && w.size() == 3) {
            view.outbox[QString::fromUtf8(w[1])] = w[2].toInt();
        } else if (w.value(0) == "device" && w.size() == 2) {
            view.deviceId = QString::fromUtf8(w[1]);
        } else if (w.value(0) == "end") {
            view.ok = true;
        }
    }
    return view;
}

QString recordKey(const v1::Record &r, QByteArray *hash)
{
    const google::protobuf::Message *body = nullptr;
    QString key;
    switch (r.record_case()) {
    case v1::Record::kResident:
        body = &r.resident();
        key = "resident " + QString::fromStdString(r.resident().id());
        break;
    case v1::Record::kCase:
        body = &r.case_();
        key = "case " + QString::fromStdString(r.case_().id());
        break;
    case v1::Record::kReferral:
        body = &r.referral();
        key = "referral " + QString::fromStdString(r.referral().id());
        break;
    case v1::Record::kVisit:
        body = &r.visit();
        key = "visit " + QString::fromStdString(r.visit().id());
        break;
    case v1::Record::kCaseEvent:
        body = &r.case_event();
        key = "case_event " + QString::fromStdString(r.case_event().id());
        break;
    case v1::Record::kFormDefinition:
        body = &r.form_definition();
        key = QString("form_definition %1@%2")
                  .arg(QString::fromStdString(r.form_definition().id()))
                  .arg(r.form_definition().version());
        break;
    case v1::Record::kUser:
        body = &r.user();
        key = "user " + QString::fromStdString(r.user().id());
        break;
    case v1::Record::kWard:
        body = &r.ward();
        key = "ward " + QString::fromStdString(r.ward().id());
        break;
    case v1::Record::RECORD_NOT_SET:
        return {};
    }
    if (hash) {
        *hash = QCryptographicHash::hash(QByteArray::fromStdString(body->SerializeAsString()),
                                         QCryptographicHash::Sha256)
                    .toHex();
    }
    return key;
}

struct Counts
{
    int trials = 0;
    std::map<QString, int> faults;
    int violations = 0;
    int total() const
    {
        int n = 0;
        for (const auto &[k, v] : faults) {
            n += v;
        }
        return n;
    }
};

class Harness
{
public:
    Harness(quint32 seed, bool verbose, bool postgres)
        : m_rng(seed), m_seed(seed), m_verbose(verbose)
    {
        if (postgres) {
            m_cluster = std::make_unique<PgCluster>(m_dir.path(), 2, false);
        }
    }

    bool setUp();
    void runTrial(int index);
    void finalChecks();
    // Last, as it destroys the tablet: wrong PINs with the app killed between and during
    // attempts, then the device revoked on the server.
    void lockoutAndWipe();
    const Counts &counts() const { return m_counts; }

private:
    enum class Kind {
        AppKillPush,
        AppKillPull,
        ServerKill,
        CutRequest,
        CutResponse,
        Duplicate,
        DiskFullApp,
        DiskFullServer,
        ClockSkew,
        // A coordinator's new desk killed part-way through its first sync of the council.
        AppKillFirstSync,
        // PostgreSQL mode only.
        TerminateBackends,
        RestartDatabase,
        PushToBoth,
    };
    static constexpr Kind kinds[] = {Kind::AppKillPush,     Kind::AppKillPull,    Kind::ServerKill,
                                     Kind::AppKillPush,     Kind::AppKillPull,    Kind::ServerKill,
                                     Kind::CutRequest,      Kind::CutResponse,    Kind::Duplicate,
                                     Kind::DiskFullApp,     Kind::DiskFullServer, Kind::ClockSkew,
                                     Kind::AppKillFirstSync};
    // With PostgreSQL the servers' disk is the database's: its faults take that place.
    static constexpr Kind pgKinds[] = {
        Kind::AppKillPush,       Kind::AppKillPull,     Kind::ServerKill,
        Kind::TerminateBackends, Kind::ServerKill,      Kind::TerminateBackends,
        Kind::RestartDatabase,   Kind::PushToBoth,      Kind::CutRequest,
        Kind::CutResponse,       Kind::Duplicate,       Kind::DiskFullApp,
        Kind::ClockSkew,         Kind::AppKillPush,     Kind::AppKillPull,
        Kind::RestartDatabase,   Kind::AppKillFirstSync};

    void violation(const QString &what)
    {
        ++m_counts.violations;
        std::fprintf(stderr, "VIOLATION (trial %d, seed %u): %s\n", m_trial, m_seed,
                     qPrintable(what));
    }
    void fault(const QString &kind) { ++m_counts.faults[kind]; }
    int between(int low, int high) { return low + int(m_rng.bounded(high - low + 1)); }

    // Whom the admin commands run through: the one server, or the cluster's first.
    ServerProcess &admin() { return m_cluster ? m_cluster->server(0) : *m_server; }
    bool setUpCluster();
    static QStringList serverOptions() { return {"--token-ttl", "86400", "--store-threads", "4"}; }
    // PostgreSQL mode: a fault injected at the n-th request of `path` (push or pull), after
    // `delay` ms (0: before the proxy forwards it).
    void atRequest(const QByteArray &path, int nth, int delay, std::function<void()> strike);
    void pgTrial(Kind kind);
    // Starts `serve`; on failure the server's log goes to failureLog, or to stderr without one.
    bool startServer(qint64 diskBudget = -1, QByteArray *failureLog = nullptr);
    std::unique_ptr<Agent> startAgent(const Agent::Setup &setup);
    void onAgentLine(const QString &line);
    QString newMutation(const QString &caseId);
    // Writes `n` notes on the officer's cases; returns how many the device confirmed.
    int writeNotes(Agent &agent, int n);
    // Server-side work by the coordinator, so that pulls have something to carry.
    void coordinatorWork();
    bool coordinatorPush(v1::Mutation m);
    // Every record `token` sees, by pulling from cursor 0.
    // Pulls every page after `cursor` into `view` ("type id" -> hash of the body), moving the
    // cursor; false when a pull failed.
    bool pullInto(const QByteArray &token, qint64 &cursor, std::map<QString, QByteArray> &view);
    // The coordinator sees every record, so its view only ever needs what changed since the
    // last look; the officer's scope is pulled from scratch each time as the independent oracle.
    const std::map<QString, QByteArray> *coordinatorView();
    std::map<QString, QByteArray> officerScope(bool *ok);
    void checkAfterFault();
    void quiesceAndCheck();
    void firstSyncTrial();
    bool syncKilledAt(Agent &agent, const char *route, int nth);

    QRandomGenerator m_rng;
    quint32 m_seed;
    bool m_verbose;
    Counts m_counts;
    int m_trial = 0;
    QTemporaryDir m_dir;
    std::unique_ptr<PgCluster> m_cluster; // PostgreSQL mode
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    FaultProxy m_proxy;
    QByteArray m_coordinatorToken;
    QByteArray m_mirrorToken; // a second device of the same officer: the server's view of scope
    qint64 m_clockOffset = 0;
    int m_nextMutation = 0;
    std::set<QString> m_written;     // every mutation the device confirmed it wrote
    std::set<QString> m_confirmedOn; // ... of which the server was seen to hold
    std::map<QString, QString> m_caseOf;
    std::map<QString, v1::Visit> m_visits; // the coordinator's latest copy
    std::map<QString, QByteArray> m_coordinatorView;
    qint64 m_coordinatorCursor = 0;
    std::vector<QByteArray> m_oldPushes; // captured pushes, for reordered replays
    std::shared_ptr<QObject> m_strikeGuard;
    std::shared_ptr<QMetaObject::Connection> m_strikeConnection;
};

bool Harness::startServer(qint64 diskBudget, QByteArray *failureLog)
{
    m_server->setEnvironment(diskFullEnvironment(diskBudget));
    if (!m_server->start({"--token-ttl", "86400"})) {
        const QByteArray log = m_server->log();
        if (failureLog) {
            *failureLog = log;
        } else {
            std::fprintf(stderr, "server: %s\n", log.constData());
        }
        return false;
    }
    m_client = std::make_unique<TestClient>(m_server->port());
    m_proxy.setUpstream(m_server->port());
    return true;
}

bool Harness::setUp()
{
    if (!m_dir.isValid() || !m_proxy.listen()) {
        return false;
    }
    if (m_cluster) {
        if (!setUpCluster()) {
            std::fprintf(stderr, "the cluster did not start\n");
            return false;
        }
    } else {
        m_server = std::make_unique<ServerProcess>(m_dir.filePath("server"));
        if (admin().admin({"init"}).exitCode != 0 ||
            !testworld::writeSnapshot(m_dir.filePath("world.pb")) ||
            admin().admin({"load-snapshot", m_dir.filePath("world.pb")}).exitCode != 0 ||
            !startServer()) {
            std::fprintf(stderr, "the server did not start\n");
            return false;
        }
    }
    m_coordinatorToken = enrolDevice(admin(), *m_client, "coo-1").token;
    m_mirrorToken = enrolDevice(admin(), *m_client, "off-a").token;
    if (m_coordinatorToken.isEmpty() || m_mirrorToken.isEmpty()) {
        return false;
    }
    auto agent = startAgent({});
    if (!agent) {
        return false;
    }
    const auto code = admin().admin({"device", "enrol-code", "off-a"}).out.trimmed();
    agent->send(QString("enrol http://127.0.0.1:%1 %2").arg(m_proxy.port()).arg(code));
    if (agent->waitFor({"enrolled", "enrol-failed"}) != "enrolled off-a") {
        std::fprintf(stderr, "enrolment failed: %s\n", agent->errors().constData());
        return false;
    }
    agent->send("sync");
    if (agent->waitFor({"synced", "sync-failed"}) != "synced") {
        return false;
    }
    agent->quit();
    return coordinatorView() != nullptr;
}

bool Harness::setUpCluster()
{
    if (!m_cluster->startDatabase() || admin().admin({"init"}).exitCode != 0 ||
        !testworld::writeSnapshot(m_dir.filePath("world.pb")) ||
        admin().admin({"load-snapshot", m_dir.filePath("world.pb")}).exitCode != 0 ||
        !m_cluster->startServer(0, serverOptions()) ||
        !m_cluster->startServer(1, serverOptions()) || !m_cluster->startBalancer()) {
        return false;
    }
    // The tablet, the coordinator and the officer's mirror all go through HAProxy.
    m_client = std::make_unique<TestClient>(m_cluster->frontPort());
    m_proxy.setUpstream(m_cluster->frontPort());
    return true;
}

void Harness::atRequest(const QByteArray &path, int nth, int delay, std::function<void()> strike)
{
    auto timers = std::make_shared<QObject>();
    auto c = std::make_shared<QMetaObject::Connection>();
    *c = QObject::connect(&m_proxy, &FaultProxy::requestStarted,
                          [=, seen = 0](const QByteArray &started) mutable {
                              if (!started.startsWith(path) || ++seen != nth) {
                                  return;
                              }
                              QObject::disconnect(*c);
                              if (delay == 0) {
                                  strike();
                              } else {
                                  QTimer::singleShot(delay, timers.get(), strike);
                              }
                          });
    m_strikeGuard = timers;
    m_strikeConnection = c;
}

void Harness::pgTrial(Kind kind)
{
    Agent::Setup small;
    small.pushBatch = 2;
    small.pageSize = 4;
    if (kind == Kind::PushToBoth) {
        // One coordinator push sent to both servers at the same moment: it applies once, the
        // other answers it as a duplicate, neither fails nor waits on the other for ever.
        v1::PushRequest push;
        for (int i = 0; i < between(1, 4); ++i) {
            *push.add_mutations() = mobile::test::noteMutation(
                QString("c-%1-%2").arg(m_seed).arg(m_nextMutation++).toStdString(),
                m_rng.bounded(2) ? "case-1" : "case-3", "Sent to both servers at once");
        }
        const QByteArray body = QByteArray::fromStdString(push.SerializeAsString());
        const TestClient::Headers auth{{"Authorization", "Bearer " + m_coordinatorToken}};
        TestClient a(m_cluster->serverPort(0));
        TestClient b(m_cluster->serverPort(1));
        QNetworkReply *ra = a.postAsync("/v1/push", body, "application/x-protobuf", auth);
        QNetworkReply *rb = b.postAsync("/v1/push", body, "application/x-protobuf", auth);
        const auto one = TestClient::wait(ra);
        const auto two = TestClient::wait(rb);
        if (one.status != 200 || two.status != 200) {
            violation(QString("a push sent to both servers at once failed: HTTP %1 and %2")
                          .arg(one.status)
                          .arg(two.status));
        } else {
            const auto pa = parseAs<v1::PushResponse>(one.body);
            const auto pb = parseAs<v1::PushResponse>(two.body);
            for (int i = 0; i < push.mutations_size(); ++i) {
                const auto sa = pa.results(i).status();
                const auto sb = pb.results(i).status();
                const bool once =
                    (sa == v1::MUTATION_STATUS_APPLIED && sb == v1::MUTATION_STATUS_DUPLICATE) ||
                    (sb == v1::MUTATION_STATUS_APPLIED && sa == v1::MUTATION_STATUS_DUPLICATE);
                if (!once) {
                    violation(QString("a push sent to both servers at once answered %1 and %2")
                                  .arg(v1::MutationStatus_Name(sa).c_str())
                                  .arg(v1::MutationStatus_Name(sb).c_str()));
                }
            }
        }
        fault("push sent to both servers at once");
    }
    // Enough requests of the kind for the n-th to come: 2 to 3 pushes of 2 notes, and pages
    // of the coordinator's work to pull.
    const QByteArray path = m_rng.bounded(2) ? "/v1/push" : "/v1/pull";
    if (path == "/v1/pull") {
        coordinatorWork();
    }
    auto agent = startAgent(small);
    if (!agent) {
        violation("the app core did not start");
        return;
    }
    writeNotes(*agent, between(3, 6));
    const int nth = between(1, 2);
    const int delay = m_rng.bounded(3) == 0 ? 0 : between(1, 15);
    bool struck = false;
    int victim = int(m_rng.bounded(2));
    switch (kind) {
    case Kind::ServerKill:
        atRequest(path, nth, delay, [&, victim] {
            struck = true;
            m_cluster->server(victim).kill();
        });
        break;
    case Kind::TerminateBackends:
        atRequest(path, nth, delay, [&] { struck = m_cluster->terminateBackends() > 0; });
        break;
    case Kind::RestartDatabase:
        atRequest(path, nth, delay, [&] {
            struck = true;
            m_cluster->beginRestart();
        });
        break;
    default:
        break;
    }
    agent->send("sync");
    agent->waitFor({"synced", "sync-failed"});
    m_strikeGuard.reset();
    if (m_strikeConnection) {
        QObject::disconnect(*m_strikeConnection);
    }
    agent->kill();
    switch (kind) {
    case Kind::ServerKill:
        if (struck) {
            fault(QString("server %1 killed in %2").arg(victim + 1).arg(path.mid(4)));
        } else {
            // The sync ended first: killed all the same, so every such trial is a cold start.
            m_cluster->server(victim).kill();
        }
        if (!m_cluster->startServer(victim, serverOptions())) {
            violation("a server did not restart after SIGKILL");
        }
        break;
    case Kind::TerminateBackends:
        if (struck) {
            fault(QString("connections ended in %1").arg(path.mid(4)));
        }
        break;
    case Kind::RestartDatabase:
        if (struck) {
            fault(QString("PostgreSQL restarted in %1").arg(path.mid(4)));
            if (!m_cluster->waitRestarted()) {
                violation("PostgreSQL did not come back");
            }
        }
        break;
    default:
        break;
    }
}

std::unique_ptr<Agent> Harness::startAgent(const Agent::Setup &setup)
{
    Agent::Setup s = setup;
    s.clockOffsetMs = m_clockOffset;
    auto agent = std::make_unique<Agent>(m_dir.filePath("tablet"), s,
                                         [this](const QString &line) { onAgentLine(line); });
    if (agent->waitFor({"ready", "unlock-failed"}) != "ready") {
        std::fprintf(stderr, "the app core did not start: %s\n", agent->errors().constData());
        return nullptr;
    }
    return agent;
}

void Harness::onAgentLine(const QString &line)
{
    if (line.startsWith("wrote ")) {
        m_written.insert(line.mid(6));
    }
    if (m_verbose) {
        std::fprintf(stderr, "  agent: %s\n", qPrintable(line));
    }
}

QString Harness::newMutation(const QString &caseId)
{
    const QString id = QString("m-%1-%2").arg(m_seed).arg(m_nextMutation++);
    m_caseOf[id] = caseId;
    return id;
}

int Harness::writeNotes(Agent &agent, int n)
{
    // Mostly case-1, which stays the officer's; case-3 moves between officers.
    for (int i = 0; i < n; ++i) {
        const QString caseId = m_rng.bounded(4) == 0 ? "case-3" : "case-1";
        agent.send(QString("write %1 %2").arg(newMutation(caseId), caseId));
    }
    int confirmed = 0;
    for (int i = 0; i < n; ++i) {
        const QString answer = agent.waitFor({"wrote", "write-failed"});
        if (answer.isEmpty()) {
            break;
        }
        confirmed += answer.startsWith("wrote");
    }
    return confirmed;
}

bool Harness::coordinatorPush(v1::Mutation m)
{
    v1::PushRequest push;
    *push.add_mutations() = std::move(m);
    const auto reply = m_client->call("/v1/push", push, m_coordinatorToken);
    return reply.status == 200;
}

void Harness::coordinatorWork()
{
    const int notes = between(1, 8);
    for (int i = 0; i < notes; ++i) {
        coordinatorPush(mobile::test::noteMutation(
            QString("c-%1-%2").arg(m_seed).arg(m_nextMutation++).toStdString(),
            m_rng.bounded(2) ? "case-1" : "case-3",
            "Contact centre: resident rang about the visit"));
    }
    if (m_rng.bounded(3) == 0 && m_visits.count("visit-3")) {
        // Case 3 moves to the other officer, or back: evictions on the next pull.
        v1::Visit visit = m_visits["visit-3"];
        v1::Mutation m;
        m.set_mutation_id(QString("c-%1-%2").arg(m_seed).arg(m_nextMutation++).toStdString());
        v1::AssignVisit &assign = *m.mutable_assign_visit();
        assign.set_base_version(visit.version());
        visit.set_officer_user_id(visit.officer_user_id() == "off-a" ? "off-b" : "off-a");
        *assign.mutable_visit() = visit;
        coordinatorPush(m);
    }
    if (m_rng.bounded(3) == 0) {
        v1::Mutation m;
        m.set_mutation_id(QString("c-%1-%2").arg(m_seed).arg(m_nextMutation++).toStdString());
        v1::UpdateResident &u = *m.mutable_update_resident();
        u.set_resident_id("res-1");
        u.set_base_version(0);
        u.mutable_values()->set_phone(
            QString("07700 9%1").arg(between(10000, 99999)).toStdString());
        u.add_fields("phone");
        coordinatorPush(m);
    }
}

bool Harness::pullInto(const QByteArray &token, qint64 &cursor, std::map<QString, QByteArray> &view)
{
    v1::PullRequest pull;
    pull.set_page_size(2000);
    for (int page = 0; page < 1000; ++page) {
        pull.set_cursor(cursor);
        const auto reply = m_client->call("/v1/pull", pull, token);
        if (reply.status != 200) {
            std::fprintf(stderr, "pull: HTTP %d\n", reply.status);
            return false;
        }
        const auto response = parseAs<v1::PullResponse>(reply.body);
        for (const auto &c : response.changes()) {
            if (!c.has_upsert()) {
                continue;
            }
            QByteArray hash;
            view[recordKey(c.upsert(), &hash)] = hash;
            if (token == m_coordinatorToken && c.upsert().has_visit()) {
                m_visits[QString::fromStdString(c.upsert().visit().id())] = c.upsert().visit();
            }
        }
        cursor = response.next_cursor();
        if (!response.has_more()) {
            return true;
        }
    }
    return false;
}

const std::map<QString, QByteArray> *Harness::coordinatorView()
{
    return pullInto(m_coordinatorToken, m_coordinatorCursor, m_coordinatorView) ? &m_coordinatorView
                                                                                : nullptr;
}

std::map<QString, QByteArray> Harness::officerScope(bool *ok)
{
    std::map<QString, QByteArray> scope;
    qint64 cursor = 0;
    *ok = pullInto(m_mirrorToken, cursor, scope);
    return scope;
}

// Right after the fault, before anything else talks to the server: whatever the device no
// longer holds in its outbox it has taken as acknowledged, so the server must have it.
void Harness::checkAfterFault()
{
    const DeviceView device = dumpDevice(m_dir.filePath("tablet"));
    if (!device.ok) {
        violation("the device's store could not be read after the fault");
        return;
    }
    const auto *view = coordinatorView();
    if (!view) {
        violation("the coordinator could not pull after the fault");
        return;
    }
    const auto &server = *view;
    for (const QString &m : m_written) {
        const auto inOutbox = device.outbox.find(m);
        const bool onServer = server.count("case_event evt-" + m) > 0;
        if (inOutbox == device.outbox.end() && !onServer) {
            violation(m + " left the outbox as acknowledged but is not on the server");
        }
        if (inOutbox != device.outbox.end() && inOutbox->second == 1 && onServer) {
            violation(m + " is quarantined on the device but applied on the server");
        }
        if (onServer) {
            m_confirmedOn.insert(m);
        }
    }
}

void Harness::quiesceAndCheck()
{
    auto agent = startAgent({});
    if (!agent) {
        violation("the app core did not restart after the fault");
        return;
    }
    QString result;
    for (int attempt = 0; attempt < 5 && result != "synced"; ++attempt) {
        agent->send("sync");
        result = agent->waitFor({"synced", "sync-failed", "wiped"});
    }
    agent->quit();
    if (result != "synced") {
        violation("no quiescent sync: " + result);
        return;
    }
    const DeviceView device = dumpDevice(m_dir.filePath("tablet"));
    bool mirrorOk = false;
    const auto *view = coordinatorView();
    const auto scope = officerScope(&mirrorOk);
    if (!device.ok || !view || !mirrorOk) {
        violation("could not read the device or the server after the quiescent sync");
        return;
    }
    const auto &server = *view;
    std::set<QString> quarantinedEvents;
    for (const auto &[m, state] : device.outbox) {
        if (state == 0) {
            violation(m + " is still pending after a successful sync");
        } else {
            quarantinedEvents.insert("case_event evt-" + m);
        }
    }
    for (const QString &m : m_written) {
        const bool onServer = server.count("case_event evt-" + m) > 0;
        const bool quarantined = device.outbox.count(m) > 0;
        if (!onServer && !quarantined) {
            violation(m + " was written on the device and is neither on the server nor kept");
        }
        if (onServer && quarantined) {
            violation(m + " is both applied on the server and quarantined on the device");
        }
    }
    for (const auto &[key, hash] : device.records) {
        const auto there = scope.find(key);
        if (there == scope.end()) {
            // A quarantined note stays on the device's timeline until the officer dismisses
            // it, if its case is still the officer's.
            if (!quarantinedEvents.count(key)) {
                violation("the device holds " + key + ", which is not in its scope");
            }
        } else if (there->second != hash) {
            violation("the device's copy of " + key + " differs from the server's");
        }
    }
    for (const auto &[key, hash] : scope) {
        (void)hash;
        if (!device.records.count(key)) {
            violation("the device is missing " + key + " from its scope");
        }
    }
}

void Harness::runTrial(int index)
{
    m_trial = index;
    ++m_counts.trials;
    const Kind kind =
        m_cluster ? pgKinds[index % std::size(pgKinds)] : kinds[index % std::size(kinds)];
    if (m_rng.bounded(2) == 0) {
        coordinatorWork();
    }
    // Most trials keep the tablet's clock; skew trials move it hours either way.
    if (kind == Kind::ClockSkew) {
        m_clockOffset = qint64(between(1, 12)) * 3600 * 1000 * (m_rng.bounded(2) ? 1 : -1) +
                        between(0, 59) * 60 * 1000;
        fault("clock skew");
    } else if (m_rng.bounded(4) == 0) {
        m_clockOffset = 0;
    }

    Agent::Setup small;
    small.pushBatch = 2;
    small.pageSize = 4;
    std::unique_ptr<Agent> agent;
    const bool clusterFault = kind == Kind::ServerKill || kind == Kind::TerminateBackends ||
                              kind == Kind::RestartDatabase || kind == Kind::PushToBoth;
    if (m_cluster && clusterFault) {
        pgTrial(kind);
    } else {
        switch (kind) {
        case Kind::AppKillPush:
        case Kind::AppKillPull: {
            const bool push = kind == Kind::AppKillPush;
            if (!push) {
                coordinatorWork();
            }
            agent = startAgent(small);
            if (!agent) {
                violation("the app core did not start");
                return;
            }
            writeNotes(*agent, push ? between(1, 6) : between(0, 2));
            const int nth = between(1, push ? 3 : 4);
            const bool killed = syncKilledAt(*agent, push ? "/v1/push" : "/v1/pull", nth);
            if (killed) {
                fault(push ? "app killed in push" : "app killed in pull");
            }
            break;
        }
        case Kind::ServerKill: {
            agent = startAgent(small);
            if (!agent) {
                violation("the app core did not start");
                return;
            }
            writeNotes(*agent, between(1, 6));
            const int nth = between(1, 3);
            const int delay = m_rng.bounded(3) == 0 ? 0 : between(1, 6);
            int seen = 0;
            bool killed = false;
            QObject timers;
            auto c = QObject::connect(&m_proxy, &FaultProxy::requestStarted,
                                      [&](const QByteArray &path) {
                                          if (!path.startsWith("/v1/push") || ++seen != nth) {
                                              return;
                                          }
                                          auto killServer = [&] {
                                              killed = true;
                                              m_server->kill();
                                          };
                                          if (delay == 0) {
                                              killServer();
                                          } else {
                                              QTimer::singleShot(delay, &timers, killServer);
                                          }
                                      });
            agent->send("sync");
            agent->waitFor({"synced", "sync-failed"});
            QObject::disconnect(c);
            agent->kill();
            if (killed) {
                fault("server killed in push");
            } else {
                // The sync finished before the kill landed; the server still runs and is restarted
                // all the same, so every trial of this kind exercises a cold start.
                m_server->kill();
            }
            if (!startServer()) {
                violation("the server did not restart after SIGKILL");
                return;
            }
            break;
        }
        case Kind::CutRequest:
        case Kind::CutResponse:
        case Kind::Duplicate: {
            agent = startAgent(small);
            if (!agent) {
                violation("the app core did not start");
                return;
            }
            writeNotes(*agent, between(1, 6));
            const int before = m_proxy.struck();
            const QByteArray path = m_rng.bounded(2) ? "/v1/push" : "/v1/pull";
            const auto f = kind == Kind::CutRequest    ? FaultProxy::Fault::CutRequest
                           : kind == Kind::CutResponse ? FaultProxy::Fault::CutResponse
                                                       : FaultProxy::Fault::Duplicate;
            m_proxy.arm(f, kind == Kind::Duplicate ? QByteArray("/v1/push") : path,
                        between(1, 400));
            agent->send("sync");
            agent->waitFor({"synced", "sync-failed"});
            m_proxy.disarm();
            if (kind == Kind::Duplicate && !m_oldPushes.empty()) {
                // And an older push again, out of order.
                const QByteArray old = m_oldPushes[m_rng.bounded(int(m_oldPushes.size()))];
                m_proxy.replay(old);
                fault("reordered push replayed");
            }
            // The duplicates reach the server before the checks.
            mobile::test::waitUntil([this] { return m_proxy.replaysInFlight() == 0; }, 15000);
            agent->kill();
            if (m_proxy.struck() > before) {
                fault(kind == Kind::CutRequest    ? "cut mid-request"
                      : kind == Kind::CutResponse ? "cut mid-response"
                                                  : "duplicated push");
            }
            break;
        }
        case Kind::DiskFullApp: {
            // The store may write a few pages more, then the disk is full.
            Agent::Setup full = small;
            full.diskBudget = between(0, 12) * 1024;
            coordinatorWork();
            agent = startAgent(full);
            if (!agent) {
                violation("the app core did not start");
                return;
            }
            const int asked = between(1, 6);
            const int wrote = writeNotes(*agent, asked);
            agent->send("sync");
            const QString result = agent->waitFor({"synced", "sync-failed"});
            agent->kill();
            if (wrote < asked || result != "synced") {
                fault("disk full on the tablet");
            }
            break;
        }
        case Kind::DiskFullServer: {
            m_server->kill();
            // The server may write a few pages more, then the disk is full.
            QByteArray refusal;
            if (!startServer(between(0, 48) * 1024, &refusal)) {
                // Refusing to start on a full disk is right, provided the administrator is told
                // why.
                if (!refusal.contains("disk")) {
                    violation("the server failed on a full disk without saying so: " +
                              QString::fromUtf8(refusal));
                }
                fault("server refused to start on a full disk");
                if (!startServer()) {
                    violation("the server did not start once its disk had room again");
                }
                return;
            }
            agent = startAgent(small);
            if (!agent) {
                violation("the app core did not start");
                return;
            }
            writeNotes(*agent, between(2, 6));
            agent->send("sync");
            const QString result = agent->waitFor({"synced", "sync-failed"});
            agent->kill();
            if (result != "synced") {
                fault("disk full on the server");
            }
            m_server->kill();
            if (!startServer()) {
                violation("the server did not restart after its disk filled");
                return;
            }
            break;
        }
        case Kind::ClockSkew: {
            agent = startAgent(small);
            if (!agent) {
                violation("the app core did not start");
                return;
            }
            writeNotes(*agent, between(1, 6));
            agent->send("sync");
            agent->waitFor({"synced", "sync-failed"});
            agent->kill();
            break;
        }
        case Kind::AppKillFirstSync:
            firstSyncTrial();
            break;
        case Kind::TerminateBackends:
        case Kind::RestartDatabase:
        case Kind::PushToBoth:
            break; // PostgreSQL mode only, in pgTrial
        }
    }
    for (const auto &c : m_proxy.history()) {
        if (c.path.startsWith("/v1/push")) {
            m_oldPushes.push_back(c.bytes);
        }
    }
    m_proxy.history().clear();
    if (m_oldPushes.size() > 50) {
        m_oldPushes.erase(m_oldPushes.begin(), m_oldPushes.end() - 50);
    }
    checkAfterFault();
    quiesceAndCheck();
}

// Syncs, killing the app core at its nth request to `route`, after a delay of 0 (before the
// proxy forwards it: the server applies it after the app died) up to well past the answer.
// True when the kill came before the sync ended; the agent is stopped either way.
bool Harness::syncKilledAt(Agent &agent, const char *route, int nth)
{
    const int delay = m_rng.bounded(3) == 0 ? 0 : between(1, 25);
    int seen = 0;
    Agent *target = &agent;
    QObject timers; // a kill still waiting when the trial moves on is dropped with it
    auto c = QObject::connect(
        &m_proxy, &FaultProxy::requestStarted, [&, target](const QByteArray &path) {
            if (!path.startsWith(route) || ++seen != nth) {
                return;
            }
            if (delay == 0) {
                target->kill();
            } else {
                QTimer::singleShot(delay, &timers, [target] { target->kill(); });
            }
        });
    agent.send("sync");
    agent.waitFor({"synced", "sync-failed"});
    QObject::disconnect(c);
    const bool killed = !agent.running();
    agent.kill();
    return killed;
}

// A coordinator's new desk pulls the whole council in pages of 3 (each asked for while the one
// before is stored) and is killed at a random pull, before or after the server answers. Started
// again, it must end holding exactly what the server has for a coordinator: nothing lost,
// nothing twice, nothing stale.
void Harness::firstSyncTrial()
{
    const QString dir = m_dir.filePath(QString("desk-%1").arg(m_trial));
    Agent::Setup pages;
    pages.pageSize = 3;
    auto quiet = [this](const QString &line) {
        if (m_verbose) {
            std::fprintf(stderr, "  desk: %s\n", qPrintable(line));
        }
    };
    auto desk = std::make_unique<Agent>(dir, pages, quiet);
    if (desk->waitFor({"ready", "unlock-failed"}) != "ready") {
        violation("the desk's app core did not start");
        return;
    }
    const auto code = admin().admin({"device", "enrol-code", "coo-1"}).out.trimmed();
    desk->send(QString("enrol http://127.0.0.1:%1 %2").arg(m_proxy.port()).arg(code));
    if (desk->waitFor({"enrolled", "enrol-failed"}) != "enrolled coo-1") {
        violation("the desk could not enrol: " + QString::fromUtf8(desk->errors()));
        return;
    }
    const bool killed = syncKilledAt(*desk, "/v1/pull", between(1, 12));
    if (killed) {
        fault("app killed in a first sync");
    }
    desk = std::make_unique<Agent>(dir, pages, quiet);
    if (desk->waitFor({"ready", "unlock-failed"}) != "ready") {
        violation("the desk's app core did not restart after the kill");
        return;
    }
    QString result;
    for (int attempt = 0; attempt < 5 && result != "synced"; ++attempt) {
        desk->send("sync");
        result = desk->waitFor({"synced", "sync-failed"});
    }
    desk->quit();
    if (result != "synced") {
        violation("the desk's first sync did not finish after the kill: " + result);
        return;
    }
    const DeviceView device = dumpDevice(dir);
    const auto *view = coordinatorView();
    if (!device.ok || !view) {
        violation("could not read the desk or the server after its first sync");
        return;
    }
    for (const auto &[key, hash] : *view) {
        const auto held = device.records.find(key);
        if (held == device.records.end()) {
            violation("the desk's first sync lost " + key);
        } else if (held->second != hash) {
            violation("the desk holds a stale " + key);
        }
    }
    for (const auto &[key, hash] : device.records) {
        if (!view->contains(key)) {
            violation("the desk holds " + key + ", which the server does not have");
        }
    }
    QDir(dir).removeRecursively();
}

// The audit log shows each of the device's mutations applied exactly once.
void Harness::finalChecks()
{
    const auto audit =
        admin().admin({"audit", "--action", "push.append_case_event", "--limit", "1000000"});
    if (audit.exitCode != 0) {
        violation("the audit log could not be read");
        return;
    }
    std::map<QString, int> applied;
    static const QRegularExpression line(
        QStringLiteral("(m-[0-9]+-[0-9]+)\\tMUTATION_STATUS_APPLIED"));
    auto it = line.globalMatch(audit.out);
    while (it.hasNext()) {
        ++applied[it.next().captured(1)];
    }
    for (const QString &m : m_written) {
        const int n = applied.count(m) ? applied[m] : 0;
        if (m_confirmedOn.count(m) && n != 1) {
            violation(QString("%1 was applied %2 times").arg(m).arg(n));
        }
    }
}

namespace {

// The right PIN tried through `faultagent dump`, which never creates a key: what unlocking
// says ("ok" when the store opened).
QString unlockWithoutSetUp(const QString &dir)
{
    QProcess p;
    endWithParent(p);
    p.start(QStringLiteral(DOORSTEP_FAULT_AGENT), {"dump", dir, pin});
    if (!p.waitForFinished(60000)) {
        return QStringLiteral("no answer");
    }
    return p.exitCode() == 0 ? QStringLiteral("ok")
                             : QString::fromUtf8(p.readAllStandardError()).simplified();
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = to + "/" + QDir(from).relativeFilePath(path);
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(path, target)) {
            return false;
        }
    }
    return true;
}

} // namespace

void Harness::lockoutAndWipe()
{
    m_trial = -1;
    constexpr int maxWrongPins = 10;
    Agent::Setup wrong;
    wrong.pin = QStringLiteral("604827");

    // An officer who mistypes nine times and then gets it right keeps the data, and the count
    // starts again: nine more wrong PINs still leave it.
    const QString officer = m_dir.filePath("officer");
    if (!copyTree(m_dir.filePath("tablet"), officer)) {
        violation("could not copy the tablet");
        return;
    }
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < maxWrongPins - 1; ++i) {
            Agent a(officer, wrong, [](const QString &) {});
            const QString answer = a.waitFor({"ready", "unlock-failed"});
            if (!answer.contains("PIN is not right")) {
                violation("wrong PIN " + QString::number(i + 1) + " answered: " + answer);
                return;
            }
        }
        Agent right(officer, {}, [](const QString &) {});
        if (right.waitFor({"ready", "unlock-failed"}) != "ready") {
            violation("the right PIN after nine wrong ones did not unlock");
            return;
        }
    }

    // An attacker with the tablet kills the app at random points of each attempt, hoping an
    // attempt goes uncounted. However it is done, at most ten attempts get an answer, and the
    // key is gone after the tenth.
    const QString stolen = m_dir.filePath("stolen");
    if (!copyTree(m_dir.filePath("tablet"), stolen)) {
        violation("could not copy the tablet");
        return;
    }
    // The erasing attempt may itself be killed before it answers, so look at the disk.
    const auto keyGone = [&] { return !QFileInfo::exists(stolen + "/keys/datakey.wrapped"); };
    int answered = 0;
    bool erased = false;
    for (int attempt = 0; attempt < 4 * maxWrongPins && !erased; ++attempt) {
        Agent a(stolen, wrong, [](const QString &) {});
        if (attempt % 2 == 0) {
            QThread::usleep(static_cast<unsigned long>(between(0, 60000)));
            if (a.running()) {
                a.kill();
                fault("app killed while checking a PIN");
                erased = keyGone();
                continue;
            }
        }
        const QString answer = a.waitFor({"ready", "unlock-failed"});
        if (answer == "ready") {
            violation("a wrong PIN unlocked the tablet");
            return;
        }
        if (answer.contains("PIN is not right")) {
            ++answered;
        } else if (!answer.contains("erased")) {
            violation("a wrong PIN was answered: " + answer);
        }
        erased = keyGone();
    }
    if (!erased || answered > maxWrongPins - 1) {
        violation(QString("%1 wrong PINs were answered and the key %2 erased")
                      .arg(answered)
                      .arg(erased ? "was" : "was not"));
    }
    // (Not through `run`, which would set the erased tablet up afresh, as the app does.)
    if (const QString a = unlockWithoutSetUp(stolen); !a.contains("wrong PIN was entered")) {
        violation("the right PIN on a tablet erased for too many wrong PINs answered: " + a);
    }
    if (QFileInfo::exists(stolen + "/store.db")) {
        violation("a tablet erased for too many wrong PINs kept its database file");
    }

    // Revoked on the server: the tablet's next sync erases it.
    const DeviceView device = dumpDevice(m_dir.filePath("tablet"));
    if (device.deviceId.isEmpty() ||
        admin().admin({"device", "revoke", device.deviceId}).exitCode != 0) {
        violation("could not revoke the tablet");
        return;
    }
    {
        auto agent = startAgent({});
        if (!agent) {
            violation("the app core did not start");
            return;
        }
        agent->send("sync");
        if (!agent->waitFor({"wiped", "synced", "sync-failed"}).startsWith("wiped")) {
            violation("a revoked tablet was not wiped on its next sync");
        }
    }
    if (const QString a = unlockWithoutSetUp(m_dir.filePath("tablet")); !a.contains("withdrawn")) {
        violation("the right PIN on a revoked tablet answered: " + a);
    }
    if (QFileInfo::exists(m_dir.filePath("tablet/store.db"))) {
        violation("a wiped tablet kept its database file");
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cl;
    cl.setApplicationDescription("Doorstep fault harness");
    cl.addHelpOption();
    cl.addOption({"seed", "Seed for every random choice.", "n", "20261123"});
    cl.addOption({"trials", "Trials to run (the short configuration).", "n", "0"});
    cl.addOption({"minutes", "Run trials until this many minutes have passed.", "n", "0"});
    cl.addOption({"verbose", "Print what the app core says."});
    cl.addOption(
        {"store", "sqlite (one server), or postgres (two behind HAProxy).", "kind", "sqlite"});
    cl.process(app);
    const int trials = cl.value("trials").toInt();
    const int minutes = cl.value("minutes").toInt();
    if ((trials <= 0) == (minutes <= 0)) {
        std::fprintf(stderr, "give --trials N or --minutes N\n");
        return 2;
    }
    const quint32 seed = cl.value("seed").toUInt();
    const QString store = cl.value("store");
    if (store != "sqlite" && store != "postgres") {
        std::fprintf(stderr, "--store is sqlite or postgres\n");
        return 2;
    }
    Harness harness(seed, cl.isSet("verbose"), store == "postgres");
    if (!harness.setUp()) {
        std::fprintf(stderr, "set-up failed\n");
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; trials > 0 ? i < trials : clock.elapsed() < qint64(minutes) * 60000; ++i) {
        harness.runTrial(i);
        if ((i + 1) % 50 == 0) {
            std::fprintf(stderr, "%d trials, %d faults, %d violations, %lld s\n", i + 1,
                         harness.counts().total(), harness.counts().violations,
                         clock.elapsed() / 1000);
        }
    }
    harness.finalChecks();
    harness.lockoutAndWipe();
    const Counts &c = harness.counts();
    QStringList parts;
    for (const auto &[kind, n] : c.faults) {
        parts << QString("%1 %2").arg(kind).arg(n);
    }
    std::printf("fault harness (%s): seed %u, %d trials, %d faults injected (%s), %d invariant "
                "violations, %lld s\n",
                qPrintable(store), seed, c.trials, c.total(), qPrintable(parts.join(", ")),
                c.violations, clock.elapsed() / 1000);
    return c.violations == 0 ? 0 : 1;
}
