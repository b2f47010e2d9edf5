// AdminCommands, continued: the data commands (CSV import and export, backup, the audit
// log). Split from admincommands.cpp only to keep files short.

#include "admin/admincommands.h"
#include "admin/adminsupport.h"
#include "admin/commandline.h"
#include "admin/csvexporter.h"
#include "admin/csvimporter.h"
#include "admin/storecopy.h"
#include "auth/authenticator.h"
#include "db/migrator.h"
#include "db/statement.h"
#include "environment/timestamps.h"
#include "migrations/migrations.h"
#include "store/datadirlock.h"
#include "store/pgstore.h"
#include "store/sqlitestore.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>

namespace doorstep::server {

int AdminCommands::audit(const std::vector<std::string> &args)
{
    const std::string usage = "usage: audit --data DIR [--user USER] [--device DEVICE_ID] "
                              "[--action PREFIX] [--since YYYY-MM-DD] [--limit N]";
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl || !cl->positionals().empty()) {
        return fail(cl ? usage : cl.error().message + "\n" + usage, 2);
    }
    AuditQuery query;
    query.deviceId = cl->value("device");
    query.actionPrefix = cl->value("action");
    auto limit = cl->number("limit", 1000, 1, 1000000);
    if (!limit) {
        return fail(limit.error().message, 2);
    }
    query.limit = static_cast<int>(*limit);
    if (cl->has("since")) {
        int y = 0, m = 0, d = 0;
        char tail = 0;
        const std::string since = cl->value("since");
        if (std::sscanf(since.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
            m > 12 || d < 1 || d > 31) {
            return fail("--since must be YYYY-MM-DD", 2);
        }
        std::tm tm{};
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        query.sinceMs = static_cast<std::int64_t>(timegm(&tm)) * 1000;
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    std::vector<AuditRow> rows;
    Status s = (*store)->read([&](StoreSession &session) -> Status {
        if (cl->has("user")) {
            // A username or a user id.
            auto byName = session.findUserByName(cl->value("user"));
            if (!byName) {
                return byName.error();
            }
            query.userId = byName->has_value() ? (*byName)->id() : cl->value("user");
        }
        auto found = session.queryAudit(query);
        if (!found) {
            return found.error();
        }
        rows = std::move(*found);
        return {};
    });
    if (!s) {
        return fail(s.error().message);
    }
    // Newest first, one entry a line, tab-separated: time, user, device, action, record,
    // outcome, detail. Ids only: the log never holds resident data.
    for (const AuditRow &r : rows) {
        const AuditEntry &e = r.entry;
        const std::string record =
            e.recordId.empty() ? "-"
                               : (e.recordType == v1::RECORD_TYPE_UNSPECIFIED
                                      ? e.recordId
                                      : v1::RecordType_Name(e.recordType) + ":" + e.recordId);
        m_out << isoUtc(r.atMs) << '\t' << (e.userId.empty() ? "-" : e.userId) << '\t'
              << (e.deviceId.empty() ? "-" : e.deviceId) << '\t' << e.action << '\t' << record
              << '\t' << e.outcome << '\t' << (e.detail.empty() ? "-" : e.detail) << '\n';
    }
    return 0;
}

int AdminCommands::notifications(const std::vector<std::string> &args)
{
    const std::string usage = "usage: notifications --data DIR [--failed]";
    auto cl = CommandLine::parse(args, {"failed"});
    if (!cl || !cl->positionals().empty()) {
        return fail(cl ? usage : cl.error().message + "\n" + usage, 2);
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    std::vector<Notification> rows;
    Status s = (*store)->read([&](StoreSession &session) -> Status {
        auto found = session.listNotifications(cl->has("failed"));
        if (!found) {
            return found.error();
        }
        rows = std::move(*found);
        return {};
    });
    if (!s) {
        return fail(s.error().message);
    }
    // Newest first, one a line, tab-separated: created, state, attempts, kind, about,
    // recipient, address, last error, id. Never the body.
    for (const Notification &n : rows) {
        // With a provider that reports back, delivered only once it says so.
        const bool awaitingReceipt =
            !n.providerId.empty() && n.providerStatus != "delivered" && n.providerStatus != "sent";
        const std::string provider =
            n.providerId.empty()
                ? std::string()
                : " (GOV.UK Notify: " +
                      (n.providerStatus.empty() ? std::string("accepted") : n.providerStatus) + ")";
        const std::string state =
            n.deliveredAtMs
                ? (awaitingReceipt ? "sent " : "delivered ") + isoUtc(*n.deliveredAtMs) + provider
            : n.nextAttemptAtMs ? "retry at " + isoUtc(*n.nextAttemptAtMs) + provider
                                : "FAILED" + provider;
        m_out << isoUtc(n.createdAtMs) << '\t' << state << '\t' << n.attempts << '\t' << n.kind
              << '\t' << n.aboutId << '\t' << (n.recipientUserId.empty() ? "-" : n.recipientUserId)
              << '\t' << (n.address.empty() ? "-" : n.address) << '\t'
              << (n.lastError.empty() ? "-" : n.lastError) << '\t' << n.id << '\n';
    }
    return 0;
}

int AdminCommands::backup(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    auto to = cl->required("to");
    if (!to) {
        return fail(to.error().message, 2);
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    if (auto s = (*store)->backupTo(*to); !s) {
        return fail(s.error().message);
    }
    m_out << "backed up to " << *to << '\n';
    return 0;
}

int AdminCommands::copyStore(const std::vector<std::string> &args)
{
    static const char *usage = "usage: copy-store --from DIR --to postgresql://...";
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl || !cl->positionals().empty()) {
        return fail(cl ? usage : cl.error().message + "\n" + usage, 2);
    }
    auto from = cl->required("from");
    auto to = cl->required("to");
    if (!from || !to || !PgStore::accepts(*to)) {
        return fail(usage, 2);
    }
    // No server may write to the source meanwhile: what it acknowledged after the copy's
    // snapshot would be left behind.
    auto lock = DataDirLock::acquire(*from);
    if (!lock) {
        return fail("a server is serving " + *from + ": stop it before copying its store");
    }
    // Both at the newest schema first: the source as `serve` would bring it, the target new.
    if (auto source = SqliteStore::open(*from, false); !source) {
        return fail(source.error().message);
    }
    if (auto target = PgStore::open(*to, true); !target) {
        return fail(target.error().message);
    }
    auto connection = pg::Connection::connect(*to);
    if (!connection) {
        return fail(connection.error().message);
    }
    auto copied =
        copySqliteToPostgres(std::filesystem::path(*from) / SqliteStore::fileName, *connection);
    if (!copied) {
        return fail("nothing copied: " + copied.error().message);
    }
    std::int64_t rows = 0;
    for (const CopiedTable &t : *copied) {
        m_out << t.name << '\t' << t.rows << '\n';
        rows += t.rows;
    }
    m_out << "copied " << rows << " rows in " << copied->size() << " tables from " << *from
          << " to " << StoreLocation{*to}.describe() << '\n';
    return 0;
}

namespace {

// Ids from one column of a query on `db`.
Result<std::vector<std::string>> idsOf(db::Database &db, const char *sql)
{
    auto st = db.prepare(sql);
    if (!st) {
        return st.error();
    }
    std::vector<std::string> out;
    auto each = st->forEach([&]() -> Status {
        out.push_back(st->text(0));
        return {};
    });
    if (!each) {
        return each.error();
    }
    return out;
}

// Checks a copy of a backup and brings its schema up to date: an intact doorstep-server
// store, no newer than this build knows. Returns its schema version as found.
Result<int> checkBackup(const std::filesystem::path &copy, const std::string &name)
{
    auto db = db::Database::open(copy, db::Database::Mode::ReadWrite);
    if (!db) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         name + " cannot be opened: " + db.error().message);
    }
    auto check = db->prepare("PRAGMA integrity_check");
    auto row = check ? check->step() : Result<bool>(check.error());
    if (!row || !*row || check->text(0) != "ok") {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         name + " is damaged or is not a Doorstep store (" +
                             (!row    ? row.error().message
                              : !*row ? "no answer"
                                      : check->text(0)) +
                             ")");
    }
    auto tables = idsOf(*db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN"
                             " ('councils', 'devices', 'access_tokens', 'change_log')");
    if (!tables || tables->size() != 4) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, name + " is not a doorstep-server store");
    }
    db::Migrator migrator(*db, serverMigrations());
    auto current = migrator.currentVersion();
    if (!current || *current == 0) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, name + " is not a doorstep-server store");
    }
    if (*current > migrator.latestVersion()) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         name + " was made by a newer doorstep-server (schema " +
                             std::to_string(*current) + "; this one knows up to " +
                             std::to_string(migrator.latestVersion()) + ")");
    }
    if (auto m = migrator.migrate(); !m) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         name + " could not be brought up to date: " + m.error().message);
    }
    return *current;
}

// What the store being replaced says was revoked or disabled: its revoked devices' and
// disabled users' ids. A backup must not bring back a lost tablet or a leaver.
struct Revocations
{
    std::vector<std::string> devices;
    std::vector<std::string> users;
};

Result<Revocations> revocationsIn(const std::filesystem::path &store)
{
    auto db = db::Database::open(store, db::Database::Mode::ReadOnly);
    if (!db) {
        return db.error();
    }
    auto devices = idsOf(*db, "SELECT id FROM devices WHERE status = 2");
    auto users = idsOf(*db, "SELECT id FROM users WHERE disabled = 1");
    if (!devices || !users) {
        return !devices ? devices.error() : users.error();
    }
    return Revocations{std::move(*devices), std::move(*users)};
}

} // namespace

int AdminCommands::restore(const std::vector<std::string> &args)
{
    static const char *usage = "usage: restore --from BACKUP --data DIR [--replace yes]";
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl || !cl->positionals().empty()) {
        return fail(cl ? usage : cl.error().message + "\n" + usage, 2);
    }
    if (auto where = storeLocation(*cl); where && where->postgres()) {
        return fail("restore puts back a SQLite store's backup; a PostgreSQL store's backup "
                    "(a pg_dump file) goes back with pg_restore, with every server stopped:\n"
                    "  pg_restore --clean --if-exists --no-owner --dbname URL BACKUP",
                    2);
    }
    auto from = cl->required("from");
    auto data = cl->required("data");
    if (!from || !data) {
        return fail(usage, 2);
    }
    const bool replace = cl->value("replace") == "yes";
    const std::filesystem::path dir(*data);
    const std::string base = SqliteStore::fileName;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    // Never under a server: it would go on writing to the store it has open.
    auto lock = DataDirLock::acquire(dir);
    if (!lock) {
        return fail("a server is serving " + dir.string() + ": stop it before restoring");
    }
    // A store, or what is left of one (its write-ahead log pairs with whatever file takes
    // its name, so it must go with it).
    const std::vector<std::string> suffixes{"", "-wal", "-shm"};
    bool occupied = false;
    for (const auto &suffix : suffixes) {
        occupied = occupied || std::filesystem::exists(dir / (base + suffix), ec);
    }
    if (occupied && !replace) {
        return fail(dir.string() + " already has a store; --replace yes moves it aside (it is "
                                   "kept, never deleted) and restores in its place");
    }
    // Checked and brought up to date on a copy beside the store; the backup is never changed.
    const auto incoming = dir / (base + ".restoring");
    for (const auto &suffix : suffixes) {
        std::filesystem::remove(incoming.string() + suffix, ec);
    }
    std::filesystem::copy_file(*from, incoming, ec);
    if (ec) {
        return fail("cannot read " + *from + ": " + ec.message());
    }
    auto refuse = [&](const std::string &why) {
        for (const auto &suffix : suffixes) {
            std::filesystem::remove(incoming.string() + suffix, ec);
        }
        return fail("nothing restored: " + why);
    };
    auto version = checkBackup(incoming, *from);
    if (!version) {
        return refuse(version.error().message);
    }
    std::optional<Result<Revocations>> revoked;
    if (std::filesystem::exists(dir / base, ec)) {
        revoked = revocationsIn(dir / base);
    }
    // The store it replaces moves aside whole, under one new name SQLite pairs again.
    // 2026-12-06T21:20:00Z and 123 ms -> 20261206T212000.123Z
    const std::int64_t now = m_clock.nowMs();
    std::string stamp = isoUtc(now);
    stamp.erase(
        std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }),
        stamp.end());
    const std::string ms = std::to_string(1000 + now % 1000).substr(1);
    stamp.insert(stamp.size() - 1, "." + ms);
    const std::string aside = base + ".replaced-" + stamp;
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> moved;
    auto undo = [&] {
        for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
            std::filesystem::rename(it->second, it->first, ec);
        }
    };
    for (const auto &suffix : suffixes) {
        const auto file = dir / (base + suffix);
        const auto target = dir / (aside + suffix);
        if (!std::filesystem::exists(file, ec)) {
            continue;
        }
        if (std::filesystem::exists(target, ec)) {
            undo();
            return refuse(target.string() + " already exists; try again in a second");
        }
        std::filesystem::rename(file, target, ec);
        if (ec) {
            const std::string why = ec.message();
            undo();
            return refuse("cannot move " + file.string() + " aside: " + why);
        }
        moved.emplace_back(file, target);
    }
    std::filesystem::rename(incoming, dir / base, ec);
    if (ec) {
        const std::string why = ec.message();
        undo();
        return refuse("cannot put the copy in place: " + why);
    }
    auto store = SqliteStore::open(dir, false);
    if (!store) {
        return fail("restored, but the store does not open: " + store.error().message);
    }
    // Revocations made since the backup, made again through the store's own steps (audited,
    // and a disabled user reaches the desks like any change).
    std::string carried;
    if (revoked && !*revoked) {
        carried = "; the replaced store could not be read (" + revoked->error().message +
                  "), so revoke again any device and disable again any user revoked or "
                  "disabled since the backup";
    } else if (revoked) {
        int n = 0;
        Authenticator auth(**store, m_clock, m_ids, {});
        for (const std::string &id : (*revoked)->devices) {
            bool active = false;
            Status s = (*store)->read([&](StoreSession &session) -> Status {
                auto row = session.findDevice(id);
                active =
                    row && row->has_value() && (*row)->device.status() != v1::DEVICE_STATUS_REVOKED;
                return row ? Status() : Status(row.error());
            });
            auto done = s && active ? auth.revokeDevice(id) : Result<v1::Device>(v1::Device());
            if (!s || !done) {
                return fail("restored, but device " + id + " could not be revoked again: " +
                            (!s ? s.error() : done.error()).message);
            }
            n += active ? 1 : 0;
        }
        for (const std::string &id : (*revoked)->users) {
            Status s = (*store)->write([&](StoreSession &session) -> Status {
                auto u = findUser(session, id);
                if (!u || u->disabled()) {
                    return u ? Status() : Status(u.error());
                }
                ++n;
                return setUserDisabled(session, id, true, m_clock.nowMs());
            });
            if (!s) {
                return fail("restored, but user " + id +
                            " could not be disabled again: " + s.error().message);
            }
        }
        carried = "; " + std::to_string(n) + " revocation(s) made since the backup kept";
    }
    m_out << "restored " << *from << " into " << dir.string() << " (schema " << *version << ")"
          << (moved.empty() ? "" : "; the store it replaced is kept as " + (dir / aside).string())
          << carried << '\n';
    return 0;
}

int AdminCommands::importCsv(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    const auto &pos = cl->positionals();
    if (pos.size() != 2 || (pos[0] != "residents" && pos[0] != "cases")) {
        return fail("usage: import residents|cases --data DIR FILE.csv", 2);
    }
    std::ifstream in(pos[1], std::ios::binary);
    if (!in) {
        return fail("cannot read " + pos[1]);
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    const auto kind =
        pos[0] == "residents" ? CsvImporter::Kind::Residents : CsvImporter::Kind::Cases;
    auto report = CsvImporter::import(**store, kind, in, m_clock.nowMs());
    if (!report) {
        return fail(report.error().message);
    }
    for (const auto &e : report->errors) {
        m_err << pos[1] << ": " << e << '\n';
    }
    if (!report->errors.empty()) {
        return fail("nothing imported: fix the " + std::to_string(report->errors.size()) +
                    " problem(s) above and run the import again");
    }
    m_out << "imported " << report->imported << ' ' << pos[0] << '\n';
    return 0;
}

int AdminCommands::exportCsv(const std::vector<std::string> &args)
{
    static const char *usage =
        "usage: export outcomes|events --data DIR --to FILE.csv\n"
        "       export kpis --data DIR --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv]";
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    const auto &pos = cl->positionals();
    if (pos.size() != 1 || (pos[0] != "outcomes" && pos[0] != "events" && pos[0] != "kpis")) {
        return fail(usage, 2);
    }
    const bool kpis = pos[0] == "kpis";
    // The KPIs' --from and --to are the period, as a council reports it; the file is --out,
    // or standard output.
    auto to = cl->required("to");
    auto from = kpis ? cl->required("from") : Result<std::string>(std::string());
    if (!to || !from) {
        return fail(usage, 2);
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    const std::string file = kpis ? cl->value("out") : *to;
    // Written beside the file and renamed over it once complete: a failed export leaves
    // no file, or the one that was there.
    const std::string part = file + ".part";
    std::ofstream out;
    if (!file.empty()) {
        out.open(part, std::ios::binary | std::ios::trunc);
        if (!out) {
            return fail("cannot write " + file);
        }
    }
    std::ostream &sink = file.empty() ? m_out : out;
    auto rows = kpis ? CsvExporter::writeKpis(**store, *from, *to, sink)
                     : CsvExporter::write(**store,
                                          pos[0] == "outcomes" ? CsvExporter::Kind::Outcomes
                                                               : CsvExporter::Kind::CaseEvents,
                                          sink);
    if (!file.empty()) {
        out.close();
        std::error_code ec;
        if (!rows || !out) {
            std::filesystem::remove(part, ec);
            return fail(!rows ? rows.error().message : "cannot write " + file);
        }
        std::filesystem::rename(part, file, ec);
        if (ec) {
            std::filesystem::remove(part, ec);
            return fail("cannot write " + file + ": " + ec.message());
        }
        m_out << "exported " << *rows << " rows to " << file << '\n';
    } else if (!rows) {
        return fail(rows.error().message);
    }
    return 0;
}

} // namespace doorstep::server
