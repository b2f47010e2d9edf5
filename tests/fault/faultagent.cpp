// A real app core (store host and sync client, the app's own classes) as a process of its own,
// driven by the fault harness over stdin and stdout so that the harness can SIGKILL it at any
// moment.
//
//   faultagent run <dir> <pin> <clock offset ms> <push batch> <page size>
//     commands, one per line:  enrol <url> <code> | write <mutation id> <case id> | sync | quit
//     answers, one per line:   ready | enrolled <user> | enrol-failed <message>
//                              | wrote <mutation id> | write-failed <mutation id> <message>
//                              | synced | sync-failed <code> <message>
//   faultagent dump <dir> <pin>
//     prints what the device holds, from the encrypted store:
//       record <type> <id> <sha-256 of the stored body>   one per record in scope
//       outbox <mutation id> <state>                       0 pending, 1 quarantined
//       device <device id>
//       end
//
// The clock offset puts the tablet's clock hours away from the server's. The answer "wrote"
// comes only after the local transaction committed: from then on the change must never be
// lost, which is what the harness holds the device to.

#include "crypto/keystore.h"
#include "db/statement.h"
#include "store/encryptedstore.h"
#include "store/storehost.h"
#include "sync/syncclient.h"
#include "testtablet.h"
#include "time/clock.h"

#include "doorstep/v1/sync.pb.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSocketNotifier>
#include <QUrl>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace doorstep;
using namespace doorstep::mobile;

namespace {

class OffsetClock final : public Clock
{
public:
    explicit OffsetClock(std::int64_t offsetMs) : m_offset(offsetMs) {}
    TimePoint now() const override
    {
        return std::chrono::system_clock::now() + std::chrono::milliseconds(m_offset);
    }

private:
    std::int64_t m_offset;
};

StoreConfig configFor(const QString &dir)
{
    return test::fastStoreConfig(dir, std::chrono::hours(24), std::chrono::hours(24 * 30));
}

void say(const std::string &line)
{
    std::string out = line + "\n";
    // One write per answer, unbuffered, so a kill right after it cannot lose it.
    const char *p = out.data();
    std::size_t left = out.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, left);
        if (n <= 0) {
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

std::string oneLine(const QString &s)
{
    return s.simplified().toStdString();
}

// The stored body of each record, hashed, as the harness hashes the server's copy.
int dump(const QString &dir, const std::string &pin)
{
    const StoreConfig c = configFor(dir);
    KeyStore keys(c.keys);
    auto key = keys.unlock(pin);
    if (!key) {
        std::fprintf(stderr, "unlock: %s\n", key.error().message.c_str());
        return 1;
    }
    const OffsetClock clock(0);
    auto store = EncryptedStore::open(c.keys.databasePath, key->key256(), clock);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", store.error().message.c_str());
        return 1;
    }
    db::Database &db = store->database();
    const struct
    {
        const char *type;
        const char *sql;
    } tables[] = {
        {"ward", "SELECT id, body FROM wards"},
        {"user", "SELECT id, body FROM users"},
        {"resident", "SELECT id, body FROM residents"},
        {"case", "SELECT id, body FROM cases"},
        {"referral", "SELECT id, body FROM referrals"},
        {"visit", "SELECT id, body FROM visits"},
        {"case_event", "SELECT id, body FROM case_events"},
        {"form_definition", "SELECT id || '@' || version, body FROM form_definitions"},
    };
    std::string out;
    for (const auto &t : tables) {
        auto stmt = db.prepare(t.sql);
        if (!stmt) {
            std::fprintf(stderr, "%s\n", stmt.error().message.c_str());
            return 1;
        }
        const Status s = stmt->forEach([&]() -> Status {
            const std::string body = stmt->blob(1);
            const QByteArray hash = QCryptographicHash::hash(QByteArray::fromStdString(body),
                                                             QCryptographicHash::Sha256)
                                        .toHex();
            out += std::string("record ") + t.type + " " + stmt->text(0) + " " +
                   hash.toStdString() + "\n";
            return {};
        });
        if (!s) {
            std::fprintf(stderr, "%s\n", s.error().message.c_str());
            return 1;
        }
    }
    auto device = db.prepare("SELECT value FROM sync_state WHERE key = 'device_id'");
    if (!device) {
        return 1;
    }
    if (auto row = device->step(); row && *row) {
        out += "device " + device->text(0) + "\n";
    }
    auto outbox = db.prepare("SELECT mutation_id, state FROM outbox ORDER BY seq");
    if (!outbox) {
        return 1;
    }
    const Status s = outbox->forEach([&]() -> Status {
        out += "outbox " + outbox->text(0) + " " + std::to_string(outbox->int64(1)) + "\n";
        return {};
    });
    if (!s) {
        std::fprintf(stderr, "%s\n", s.error().message.c_str());
        return 1;
    }
    std::fputs(out.c_str(), stdout);
    std::fputs("end\n", stdout);
    return 0;
}

// Reads stdin without blocking the event loop and hands over whole lines.
class Commands : public QObject
{
public:
    explicit Commands(std::function<void(const QString &)> onLine)
        : m_onLine(std::move(onLine)), m_notifier(STDIN_FILENO, QSocketNotifier::Read)
    {
        connect(&m_notifier, &QSocketNotifier::activated, this, [this] { readMore(); });
    }

private:
    void readMore()
    {
        char buffer[4096];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            // The harness went away: nothing more will come.
            QCoreApplication::exit(0);
            return;
        }
        m_pending.append(buffer, n);
        qsizetype end;
        while ((end = m_pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(m_pending.left(end)).trimmed();
            m_pending.remove(0, end + 1);
            if (!line.isEmpty()) {
                m_onLine(line);
            }
        }
    }

    std::function<void(const QString &)> m_onLine;
    QSocketNotifier m_notifier;
    QByteArray m_pending;
};

QByteArray noteOn(const std::string &mutationId, const std::string &caseId)
{
    return QByteArray::fromStdString(
        test::noteMutation(mutationId, caseId, "Resident asked for a call back about the boiler")
            .SerializeAsString());
}

int run(int argc, char **argv)
{
    const QString dir = QString::fromLocal8Bit(argv[2]);
    const QString pin = QString::fromLocal8Bit(argv[3]);
    const OffsetClock clock(std::atoll(argv[4]));
    StoreHost host(configFor(dir), clock);
    SyncClient::Options o;
    o.pushBatch = std::atoi(argv[5]);
    o.pageSize = std::atoi(argv[6]);
    // The harness's small pages are what put faults between pages: catching up too.
    o.catchUpPageSize = o.pageSize;
    o.period = std::chrono::milliseconds(0);
    // The harness decides when to sync; a retry of the client's own would race its model.
    o.retryBase = std::chrono::hours(1);
    o.retryCap = std::chrono::hours(1);
    o.requestTimeout = std::chrono::seconds(10);
    SyncClient sync(host, o);
    (void)argc;
    bool enrolling = false;

    QObject::connect(&sync, &SyncClient::enrolled, [&](const QString &, const QString &user) {
        enrolling = false;
        say("enrolled " + user.toStdString());
    });
    QObject::connect(&sync, &SyncClient::synced, [] { say("synced"); });
    QObject::connect(&sync, &SyncClient::failed, [&](int code, const QString &message, bool) {
        say((enrolling ? "enrol-failed " : "sync-failed ") + std::to_string(code) + " " +
            oneLine(message));
        enrolling = false;
    });
    QObject::connect(&sync, &SyncClient::wiped,
                     [](const QString &reason) { say("wiped " + oneLine(reason)); });

    Commands commands([&](const QString &line) {
        const QStringList words = line.split(' ', Qt::SkipEmptyParts);
        const QString verb = words.value(0);
        if (verb == "enrol" && words.size() == 3) {
            enrolling = true;
            sync.enrol(QUrl(words[1]), words[2], "Fault harness tablet");
        } else if (verb == "write" && words.size() == 3) {
            const std::string id = words[1].toStdString();
            const quint64 r = host.recordLocalChange(noteOn(id, words[2].toStdString()));
            host.then(
                r, &host, [id](const QVariant &) { say("wrote " + id); },
                [id](int, const QString &message) {
                    say("write-failed " + id + " " + oneLine(message));
                });
        } else if (verb == "sync") {
            sync.syncNow();
        } else if (verb == "quit") {
            QCoreApplication::exit(0);
        } else {
            say("unknown " + line.toStdString());
        }
    });

    const bool fresh = !KeyStore(configFor(dir).keys).hasKey();
    const quint64 r = fresh ? host.createKey(pin) : host.unlock(pin);
    host.then(
        r, &host, [](const QVariant &) { say("ready"); },
        [](int, const QString &message) {
            say("unlock-failed " + oneLine(message));
            QCoreApplication::exit(1);
        });
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "dump" && argc == 4) {
        return dump(QString::fromLocal8Bit(argv[2]), argv[3]);
    }
    if (mode == "run" && argc == 7) {
        return run(argc, argv);
    }
    std::fprintf(stderr, "usage: faultagent run <dir> <pin> <clock offset ms> <push batch> "
                         "<page size>\n       faultagent dump <dir> <pin>\n");
    return 2;
}
