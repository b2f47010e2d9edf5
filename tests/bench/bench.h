#pragma once

// Shared pieces of doorstep-bench: options, waiting on the event loop, the app core's store
// host, and the server's demo council.

#include "report.h"
#include "serverprocess.h"
#include "store/storehost.h"
#include "time/systemclock.h"

#include "doorstep/v1/admin.pb.h"

#include <QDir>
#include <QString>
#include <QVariant>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bench {

struct Size
{
    QString name;
    int residents = 2000;
    int forms = 40;
};

struct Options
{
    std::vector<Size> sizes;
    int rounds = 1000;           // W2
    std::vector<int> devices;    // W3
    double seconds = 10;         // W3, per N
    int searchResidents = 50000; // W4 search (the L dataset)
    int visitCount = 10000;      // W4 visit list
    int searchQueries = 300;
    QString peer;      // node_modules with pouchdb and pouchdb-server; empty: no peer
    QString work;      // scratch directory
    QString json;      // where the JSON goes
    QString appBinary; // the doorstep app, for cold start
    // The server stores W1-W3 run against, in turn: sqlite (one process), postgres (one
    // process), cluster (two processes on one PostgreSQL database behind HAProxy).
    QStringList stores{"sqlite"};
};

// Runs the event loop until `done` or the timeout; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs);
// Waits for a store request's answer; nullopt (and a message on stderr) on failure.
std::optional<QVariant> answer(doorstep::mobile::StoreHost &host, quint64 request,
                               int timeoutMs = 600000);
// Wall-clock milliseconds of `work`.
double timeMs(const std::function<void()> &work);

// The bench's day: today as the council counts days, taken once at start. The server's demo
// council and every generated snapshot are built for it, so nothing assumes a date.
std::int64_t benchDay();
// The demo council the server was loaded with, generated again (it is deterministic).
doorstep::v1::CouncilSnapshot council(int residents, int forms);
// True when the snapshot has a visit assigned to the user: an officer with a caseload.
bool hasVisits(const doorstep::v1::CouncilSnapshot &s, const std::string &userId);

// The PIN every bench tablet uses, the clock they run on, and a fixed raw key for scratch
// SQLCipher stores that no PIN guards.
inline constexpr const char *kPin = "482916";
const doorstep::mobile::SystemClock &systemClock();
std::array<std::uint8_t, 32> scratchKey();

void fail(const QString &message);
// Fails the bench with `doing` and the error when `s` failed.
void check(const doorstep::Status &s, const QString &doing);
// Writes the snapshot's residents and cases (and so the search index) in the caller's
// transaction, as pulled pages would.
void insertResidentsAndCases(doorstep::db::Database &db, const doorstep::v1::CouncilSnapshot &s);

// The workloads; each adds its figures to the report.
struct ServerUnderTest
{
    ServerProcess *server = nullptr; // admin commands go through it
    doorstep::v1::CouncilSnapshot *snapshot = nullptr;
    Size size;
    quint16 port = 0; // where devices connect: the server, or HAProxy before several
    // The processes whose CPU is the server's: "pid", or several, "pid+" with its children
    // (PostgreSQL's backends under the postmaster).
    QString cpuPids;
    // After the workload's name in the report: "" for SQLite, " pg", " pg x2".
    QString tag;
    // The peer runs beside the first store only; the others are compared with its figures.
    bool runPeer = true;
    std::map<int, double> *peerSyncsPerSecond = nullptr; // W3, by N
};
// `doorstep-bench tablet <dir> <server url> <enrolment code>`: W1 and W5 run the app core in a
// process of its own, so that its peak memory is the app's alone. Creates the key, enrols,
// syncs to the end and prints "first-sync <ms> <VmHWM MiB>"; exits non-zero on failure.
int runTabletProcess(int argc, char **argv);

void runInitialSync(const Options &o, ServerUnderTest &s, Report &r);
void runCoordinatorFirstSync(const Options &o, ServerUnderTest &s, Report &r);
void runDeltaSync(const Options &o, ServerUnderTest &s, Report &r);
void runCapacity(const Options &o, ServerUnderTest &s, Report &r);
void runApp(const Options &o, ServerUnderTest &s, Report &r);

} // namespace bench
