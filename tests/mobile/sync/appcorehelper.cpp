// Test helper for tst_syncclient: a real app core (store host and sync client) that records
// local changes and is then killed with SIGKILL by the test.
//   appcorehelper <dir> <pin> <now ms> <tag> <count> write   record the notes, say "written"
//   appcorehelper <dir> <pin> <now ms> <tag> <count> push    and start a sync, say "pushing"
// <now ms> is the test's clock, so the lock policy sees the same time as the test's app core.
// Notes are on case-1 with mutation ids "m-<tag>-<i>" and event ids "evt-m-<tag>-<i>".

#include "store/storehost.h"
#include "sync/syncclient.h"
#include "time/clock.h"

#include "../testtablet.h"

#include "doorstep/v1/sync.pb.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

using namespace doorstep;
using namespace doorstep::mobile;

namespace {

class FixedClock final : public Clock
{
public:
    explicit FixedClock(std::int64_t ms) : m_ms(ms) {}
    TimePoint now() const override { return fromUnixMs(m_ms); }

private:
    std::int64_t m_ms;
};

bool await(StoreHost &host, quint64 request)
{
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&host, &StoreHost::finished, &loop, [&](quint64 r, const QVariant &) {
        if (r == request) {
            ok = true;
            loop.quit();
        }
    });
    QObject::connect(&host, &StoreHost::failed, &loop, [&](quint64 r, int, const QString &m) {
        if (r == request) {
            std::fprintf(stderr, "%s\n", qPrintable(m));
            loop.quit();
        }
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 7) {
        std::fprintf(stderr,
                     "usage: appcorehelper <dir> <pin> <now ms> <tag> <count> write|push\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    const FixedClock clock(std::atoll(argv[3]));
    StoreHost host(test::fastStoreConfig(dir, std::chrono::hours(1), std::chrono::hours(24 * 7)),
                   clock);
    if (!await(host, host.unlock(QString::fromLocal8Bit(argv[2])))) {
        return 1;
    }
    const std::string tag = argv[4];
    const int count = std::atoi(argv[5]);
    for (int i = 0; i < count; ++i) {
        const v1::Mutation m = test::noteMutation("m-" + tag + "-" + std::to_string(i), "case-1",
                                                  "Resident asked for a call back");
        if (!await(host,
                   host.recordLocalChange(QByteArray::fromStdString(m.SerializeAsString())))) {
            return 1;
        }
    }
    std::printf("written\n");
    std::fflush(stdout);
    SyncClient::Options o;
    o.period = std::chrono::milliseconds(0);
    SyncClient sync(host, o);
    if (std::string(argv[6]) == "push") {
        sync.syncNow();
        std::printf("pushing\n");
        std::fflush(stdout);
    }
    // Runs until the test kills it.
    return app.exec();
}
