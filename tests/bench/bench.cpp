// doorstep-bench: Doorstep's sync measured against the physical limit and a real peer, in one
// run on one machine (docs/performance.md). scripts/bench installs the peer and runs it.
//
//   doorstep-bench [--sizes S,L] [--rounds N] [--devices 50,500,2000] [--seconds S]
//                  [--search-residents N] [--visits N] [--peer NODE_MODULES] [--json FILE]
//                  [--work DIR] [--small]
//
// --small is the short run the test command makes: tiny sizes, a few rounds, no peer. It
// prints its figures and checks that every workload did what it says, never how fast.

#include "bench.h"
#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "db/database.h"
#include "demo-council/generator.h"
#include "pgcluster.h"
#include "store/recordstore.h"
#include "waituntil.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>

#include <QJsonArray>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <string_view>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>

namespace bench {

void fail(const QString &message)
{
    QTextStream(stderr) << "doorstep-bench: " << message << "\n";
    std::fflush(stderr);
    std::_Exit(1);
}

void check(const doorstep::Status &s, const QString &doing)
{
    if (!s) {
        fail(doing + ": " + QString::fromStdString(s.error().message));
    }
}

const doorstep::mobile::SystemClock &systemClock()
{
    static const doorstep::mobile::SystemClock clock;
    return clock;
}

std::array<std::uint8_t, 32> scratchKey()
{
    std::array<std::uint8_t, 32> key{};
    std::mt19937 rng(11);
    for (auto &b : key) {
        b = static_cast<std::uint8_t>(rng());
    }
    return key;
}

void insertResidentsAndCases(doorstep::db::Database &db, const doorstep::v1::CouncilSnapshot &s)
{
    doorstep::mobile::RecordStore records(db);
    doorstep::v1::Record rec;
    for (const auto &x : s.residents()) {
        *rec.mutable_resident() = x;
        check(records.upsert(rec), "resident " + QString::fromStdString(x.id()));
    }
    for (const auto &x : s.cases()) {
        *rec.mutable_case_() = x;
        check(records.upsert(rec), "case " + QString::fromStdString(x.id()));
    }
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    return doorstep::mobile::test::waitUntil(done, timeoutMs);
}

std::optional<QVariant> answer(doorstep::mobile::StoreHost &host, quint64 request, int timeoutMs)
{
    std::optional<QVariant> result;
    QString error;
    bool done = false;
    host.then(
        request, &host,
        [&](const QVariant &v) {
            result = v;
            done = true;
        },
        [&](int, const QString &message) {
            error = message;
            done = true;
        });
    if (!waitUntil([&] { return done; }, timeoutMs) || !result) {
        QTextStream(stderr) << "store request failed: " << error << "\n";
        return std::nullopt;
    }
    return result;
}

double timeMs(const std::function<void()> &work)
{
    QElapsedTimer t;
    t.start();
    work();
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

std::int64_t benchDay()
{
    static const std::int64_t day = [] {
        auto days = doorstep::calendar::CouncilCalendar::of(doorstep::v1::Council());
        if (!days) {
            fail("the council's calendar: " + QString::fromStdString(days.error().message));
        }
        return days->dayOf(QDateTime::currentMSecsSinceEpoch());
    }();
    return day;
}

doorstep::v1::CouncilSnapshot council(int residents, int forms)
{
    doorstep::demo::GeneratorOptions o;
    o.baseDayUnixSeconds = benchDay() * doorstep::calendar::kSecondsPerDay;
    o.residents = residents;
    o.formDefinitions = forms;
    auto s = doorstep::demo::generateCouncil(o);
    if (!s) {
        fail("generate the council: " + QString::fromStdString(s.error().message));
    }
    return std::move(s).value();
}

bool hasVisits(const doorstep::v1::CouncilSnapshot &s, const std::string &userId)
{
    return std::any_of(s.visits().begin(), s.visits().end(),
                       [&](const auto &v) { return v.officer_user_id() == userId; });
}

namespace {

QJsonObject machine()
{
    QString cpu;
    QFile info("/proc/cpuinfo");
    if (info.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : info.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
                break;
            }
        }
    }
    return {{"cpu", cpu},
            {"cores", QThread::idealThreadCount()},
            {"kernel", QSysInfo::kernelVersion()},
            {"os", QSysInfo::prettyProductName()},
            {"qt", qVersion()},
            {"sqlcipher_sqlite", QString::fromStdString(doorstep::db::Database::engineVersion())}};
}

std::vector<int> numbers(const QString &list)
{
    std::vector<int> out;
    for (const QString &s : list.split(',', Qt::SkipEmptyParts)) {
        out.push_back(s.toInt());
    }
    return out;
}

} // namespace

} // namespace bench

using namespace bench;

int main(int argc, char **argv)
{
    if (argc > 1 && std::string_view(argv[1]) == "tablet") {
        return runTabletProcess(argc, argv);
    }
    QGuiApplication application(argc, argv);
    QCommandLineParser cli;
    cli.setApplicationDescription("Doorstep's benchmark suite (docs/performance.md)");
    cli.addHelpOption();
    const QCommandLineOption sizes("sizes", "Dataset sizes for W1 and W5: S, L (default S).",
                                   "LIST", "S");
    const QCommandLineOption rounds("rounds", "W2 rounds.", "N", "1000");
    const QCommandLineOption devices("devices", "W3 device counts.", "LIST", "50,500,2000");
    const QCommandLineOption seconds("seconds", "W3 seconds per device count.", "S", "10");
    const QCommandLineOption searchResidents("search-residents", "W4 search dataset residents.",
                                             "N", "50000");
    const QCommandLineOption visits("visits", "W4 visit-list size.", "N", "10000");
    const QCommandLineOption peer("peer", "node_modules holding pouchdb and pouchdb-server.",
                                  "DIR");
    const QCommandLineOption json("json", "Write the results here.", "FILE", "bench-results.json");
    const QCommandLineOption work("work", "Scratch directory (default: a temporary one).", "DIR");
    const QCommandLineOption small("small", "The short run of the test command.");
    const QCommandLineOption only("only", "Run only these workloads, e.g. W1,W4.", "LIST",
                                  "W1,W2,W3,W4,W5");
    const QCommandLineOption stores("stores",
                                    "Stores W1-W3 and W5 run against: sqlite, postgres (one "
                                    "server), cluster (two behind HAProxy).",
                                    "LIST", "sqlite");
    cli.addOptions({sizes, rounds, devices, seconds, searchResidents, visits, peer, json, work,
                    small, only, stores});
    cli.process(application);

    // One socket per simulated device on each side of loopback.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    Options o;
    for (const QString &name : cli.value(sizes).split(',', Qt::SkipEmptyParts)) {
        o.sizes.push_back(name == "L" ? Size{"L", 50000, 40} : Size{"S", 2000, 40});
    }
    o.rounds = cli.value(rounds).toInt();
    o.devices = numbers(cli.value(devices));
    o.seconds = cli.value(seconds).toDouble();
    o.searchResidents = cli.value(searchResidents).toInt();
    o.visitCount = cli.value(visits).toInt();
    o.peer = cli.value(peer);
    if (cli.isSet(small)) {
        o.sizes = {Size{"tiny", 150, 40}};
        o.rounds = 20;
        o.devices = {4, 16};
        o.seconds = 1;
        o.searchResidents = 1000;
        o.visitCount = 500;
        o.searchQueries = 50;
        o.peer.clear();
    }
    const QStringList workloads = cli.value(only).split(',');
    o.stores = cli.value(stores).split(',', Qt::SkipEmptyParts);
    for (const QString &store : o.stores) {
        if (store != "sqlite" && store != "postgres" && store != "cluster") {
            fail("--stores: sqlite, postgres or cluster, not " + store);
        }
    }
    QTemporaryDir scratch;
    o.work = cli.isSet(work) ? cli.value(work) : scratch.path();
    QDir().mkpath(o.work);
    o.appBinary = DOORSTEP_APP_BINARY;
    if (!o.peer.isEmpty()) {
        QFile::remove(o.work + "/peer.js");
        QFile::copy(QString(DOORSTEP_BENCH_SOURCE_DIR) + "/peer.js", o.work + "/peer.js");
    }

    Report report;
    report.setMachine(machine());
    QTextStream out(stdout);
    std::map<int, double> peerSyncsPerSecond; // W3's peer, measured beside the first store
    for (std::size_t i = 0; i < o.sizes.size(); ++i) {
        const Size &size = o.sizes[i];
        out << "== size " << size.name << ": " << size.residents << " residents, " << size.forms
            << " form definitions\n";
        out.flush();
        auto snapshot = council(size.residents, size.forms);
        for (int k = 0; k < o.stores.size(); ++k) {
            const QString &store = o.stores[k];
            const bool sqlite = store == "sqlite";
            const QString tag = sqlite ? "" : store == "postgres" ? " pg" : " pg x2";
            // SQLite: one process, as shipped. PostgreSQL: one process, or two behind HAProxy;
            // a durable cluster (every commit synced, as SQLite's store does) of its own.
            std::unique_ptr<ServerProcess> single;
            std::unique_ptr<PgCluster> cluster;
            ServerProcess *admin = nullptr;
            const QString where = o.work + "/server-" + size.name + QString(tag).remove(' ');
            QDir(where).removeRecursively();
            if (sqlite) {
                single = std::make_unique<ServerProcess>(where, QString());
                admin = single.get();
            } else {
                QDir().mkpath(where);
                cluster = std::make_unique<PgCluster>(where, store == "cluster" ? 2 : 1, true);
                if (!cluster->startDatabase()) {
                    fail("PostgreSQL did not start for " + store);
                }
                admin = &cluster->server(0);
            }
            ServerProcess::Run loaded;
            const double loadMs = timeMs([&] {
                loaded =
                    admin->admin({"demo", "--residents", QString::number(size.residents), "--forms",
                                  QString::number(size.forms), "--base-day",
                                  QString::fromStdString(doorstep::calendar::isoDate(benchDay()))});
            });
            if (loaded.exitCode != 0) {
                fail("demo: " + loaded.err);
            }
            report.note(QString("size %1%2: %3 (%4 s)")
                            .arg(size.name, tag, loaded.out.trimmed())
                            .arg(loadMs / 1000, 0, 'f', 1));
            ServerUnderTest s;
            s.server = admin;
            s.snapshot = &snapshot;
            s.size = size;
            s.tag = tag;
            s.runPeer = k == 0;
            s.peerSyncsPerSecond = &peerSyncsPerSecond;
            // W3 makes a server log thousands of requests a second: a file, not memory.
            const QStringList common{"--threads", "2", "--token-ttl", "86400"};
            if (sqlite) {
                single->setLogFile(where + ".log");
                if (!single->start(common + QStringList{"--store-threads", "2"})) {
                    fail("the server did not start: " + single->log());
                }
                s.port = single->port();
                s.cpuPids = QString::number(single->pid());
            } else {
                QStringList pids;
                for (int j = 0; j < cluster->servers(); ++j) {
                    cluster->server(j).setLogFile(where + "/server-" + QString::number(j) + ".log");
                    if (!cluster->startServer(j, common + QStringList{"--store-threads", "4"})) {
                        fail("a server did not start: " + cluster->server(j).log());
                    }
                    pids << QString::number(cluster->server(j).pid());
                }
                s.port = cluster->serverPort(0);
                if (cluster->servers() > 1) {
                    if (!cluster->startBalancer()) {
                        fail("HAProxy did not start");
                    }
                    s.port = cluster->frontPort();
                    pids << QString::number(cluster->balancerPid());
                }
                pids << QString::number(cluster->databasePid()) + "+";
                s.cpuPids = pids.join(',');
            }
            if (k == 0) {
                report.note(QString("size %1: %2 case events, %3 form definitions")
                                .arg(size.name)
                                .arg(snapshot.case_events_size())
                                .arg(snapshot.form_definitions_size()));
            }
            const auto step = [&](const QString &name, const std::function<void()> &run) {
                if (!workloads.contains(name)) {
                    return;
                }
                out << "-- " << name << " " << size.name << tag << "\n";
                out.flush();
                // The previous workload's dirty pages (the peer's LevelDB above all) are
                // written back now, not during this workload's fsyncs.
                ::sync();
                run();
            };
            step("W1", [&] { runInitialSync(o, s, report); });
            step("W5", [&] { runCoordinatorFirstSync(o, s, report); });
            if (i == 0) {
                step("W2", [&] { runDeltaSync(o, s, report); });
                step("W3", [&] { runCapacity(o, s, report); });
                if (sqlite) {
                    step("W4", [&] { runApp(o, s, report); });
                }
            }
        }
    }
    report.print();
    const QJsonObject settings{{"rounds", o.rounds},
                               {"seconds", o.seconds},
                               {"search_residents", o.searchResidents},
                               {"visits", o.visitCount},
                               {"peer", !o.peer.isEmpty()},
                               {"small", cli.isSet(small)},
                               {"stores", o.stores.join(",")}};
    if (!report.writeJson(cli.value(json), settings)) {
        fail("cannot write " + cli.value(json));
    }
    out << "results: " << cli.value(json) << "\n";
    return 0;
}
