#include "store/pgstore.h"

#include "migrations/migrations.h"
#include "store/pgsession.h"

#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <system_error>

extern char **environ;

namespace doorstep::server {

namespace {

// Serialises migrating processes (several servers started at once) on one database.
constexpr std::int64_t kMigrationLock = 0x446f6f724d696772; // "DoorMigr"

// The newest version recorded, 0 when the database holds no store yet; read without
// creating anything.
Result<int> schemaVersion(pg::Connection &c)
{
    auto exists = c.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists) {
        return exists.error();
    }
    if (exists->int64(0, 0) == 0) {
        return 0;
    }
    auto v = c.exec("SELECT coalesce(max(version), 0)::bigint FROM schema_migrations");
    if (!v) {
        return v.error();
    }
    return static_cast<int>(v->int64(0, 0));
}

// The migration runner's rules, as for SQLite (core/db/migrator.h): versions recorded in
// schema_migrations, every missing step in one transaction, a newer database refused.
Status migrate(pg::Connection &c, bool create)
{
    const auto migrations = serverPgMigrations();
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    if (auto s = c.script("BEGIN"); !s) {
        return s;
    }
    auto run = [&]() -> Status {
        if (auto l = c.exec("SELECT pg_advisory_xact_lock($1)", pg::Params().int64(kMigrationLock));
            !l) {
            return l.error();
        }
        auto current = schemaVersion(c);
        if (!current) {
            return current.error();
        }
        if (*current == 0 && !create) {
            return makeError(v1::ERROR_CODE_NOT_FOUND,
                             "No Doorstep store in PostgreSQL database " + c.database() +
                                 ": run `doorstep-server init --store URL` first");
        }
        if (*current > latest) {
            return makeError(v1::ERROR_CODE_SCHEMA_TOO_NEW,
                             "This database uses schema version " + std::to_string(*current) +
                                 ", but this version of Doorstep understands only up to version " +
                                 std::to_string(latest) + ". Install a newer Doorstep.");
        }
        if (*current == latest) {
            return {};
        }
        if (auto s = c.script("CREATE TABLE IF NOT EXISTS schema_migrations ("
                              " version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
                              " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            !s) {
            return s;
        }
        for (const Migration &m : migrations) {
            if (m.version <= *current) {
                continue;
            }
            if (auto s = c.script(m.sql); !s) {
                return makeError(s.error().code, "Migration " + std::string(m.name) +
                                                     " failed: " + s.error().message);
            }
            if (auto r = c.exec("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                pg::Params().int64(m.version).text(m.name));
                !r) {
                return r.error();
            }
        }
        return {};
    };
    Status s = run();
    if (!s) {
        (void)c.script("ROLLBACK");
        return s;
    }
    return c.commit();
}

// The connection `url` names split in two: libpq's keyword=value form without the password,
// for a command line any user of the machine may read, and the password, for the child's
// environment (PGPASSWORD, as libpq's "Environment Variables" section documents).
struct Split
{
    std::string conninfo;
    std::string password;
};
Result<Split> splitPassword(const std::string &url)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(url.c_str(), &error);
    if (!options) {
        std::string why = error ? error : "out of memory";
        PQfreemem(error);
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Cannot read the store's URI: " + why);
    }
    Split split;
    for (PQconninfoOption *o = options; o->keyword; ++o) {
        if (!o->val) {
            continue;
        }
        if (std::strcmp(o->keyword, "password") == 0) {
            split.password = o->val;
            continue;
        }
        // Values quoted, backslashes and quotes escaped (libpq's "Keyword/Value Connection
        // Strings").
        std::string value;
        for (const char *c = o->val; *c; ++c) {
            if (*c == '\\' || *c == '\'') {
                value += '\\';
            }
            value += *c;
        }
        split.conninfo +=
            std::string(split.conninfo.empty() ? "" : " ") + o->keyword + "='" + value + "'";
    }
    PQconninfoFree(options);
    return split;
}

} // namespace

bool PgStore::accepts(const std::string &location)
{
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string &url, bool create, int connections)
{
    auto c = pg::Connection::connect(url);
    if (!c) {
        return c.error();
    }
    if (auto s = migrate(*c, create); !s) {
        return s.error();
    }
    std::unique_ptr<PgStore> store(new PgStore(url, c->database(), std::max(1, connections)));
    store->m_idle.push_back(std::move(c).value());
    return store;
}

Result<pg::Connection> PgStore::take(bool &pooled)
{
    {
        std::unique_lock lock(m_mutex);
        m_returned.wait(lock, [&] { return !m_idle.empty() || m_out < m_capacity; });
        ++m_out;
        if (!m_idle.empty()) {
            pg::Connection c = std::move(m_idle.back());
            m_idle.pop_back();
            pooled = true;
            return c;
        }
    }
    pooled = false;
    auto c = pg::Connection::connect(m_url);
    if (!c) {
        std::lock_guard lock(m_mutex);
        --m_out;
        m_returned.notify_one();
    }
    return c;
}

void PgStore::giveBack(pg::Connection connection)
{
    std::lock_guard lock(m_mutex);
    --m_out;
    if (connection.usable()) {
        m_idle.push_back(std::move(connection));
    }
    m_returned.notify_one();
}

bool PgStore::retryAfterDeath(bool pooled, bool lost, int attempt)
{
    if (!pooled || !lost || attempt > 0) {
        return false;
    }
    // The others idle beside it went with the same server: all are let go.
    std::lock_guard lock(m_mutex);
    m_idle.clear();
    return true;
}

Status PgStore::run(const Work &work, Kind kind)
{
    const char *begin = kind == Kind::Read ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN";
    // A pooled connection may have died while idle (PostgreSQL restarted): nothing has been
    // done on it yet, so the transaction starts again once on a new connection.
    for (int attempt = 0;; ++attempt) {
        bool pooled = false;
        auto c = take(pooled);
        if (!c) {
            return c.error();
        }
        // One statement in autocommit (a lookup) has nothing to begin or commit. Either way a
        // failure of the first statement has done nothing, so when it was a pooled connection
        // that had died while idle (PostgreSQL restarted), it runs again on a new one.
        if (kind == Kind::Lookup) {
            PgSession session(*c);
            Status s = work(session);
            const bool lost = !s && !c->usable();
            giveBack(std::move(c).value());
            if (retryAfterDeath(pooled, lost, attempt)) {
                continue;
            }
            return s;
        }
        if (Status s = c->script(begin); !s) {
            const bool lost = !c->usable();
            giveBack(std::move(c).value());
            if (retryAfterDeath(pooled, lost, attempt)) {
                continue;
            }
            return s;
        }
        PgSession session(*c);
        Status s = kind == Kind::Write ? session.lockChangeLog() : Status();
        if (s) {
            s = work(session);
        }
        if (s) {
            s = c->commit();
        } else if (c->usable()) {
            (void)c->script("ROLLBACK");
        }
        giveBack(std::move(c).value());
        return s;
    }
}

Status PgStore::write(const Work &work)
{
    return run(work, Kind::Write);
}

Status PgStore::writeHoldings(const Work &work)
{
    return run(work, Kind::Holdings);
}

Status PgStore::read(const Work &work)
{
    return run(work, Kind::Read);
}

Status PgStore::lookup(const Work &work)
{
    return run(work, Kind::Lookup);
}

void PgStore::analyze()
{
    const Status s =
        lookup([](StoreSession &session) { return static_cast<PgSession &>(session).analyze(); });
    if (!s) {
        std::cerr << "level=warning msg=analyze_failed error=\"" << s.error().message
                  << "\" hint=\"the planner catches up when autovacuum analyses the tables\"\n";
    }
}

Result<std::uint64_t> PgStore::bytesOnDisk()
{
    std::uint64_t bytes = 0;
    bool pooled = false;
    auto c = take(pooled);
    if (!c) {
        return c.error();
    }
    auto r = c->exec("SELECT pg_database_size(current_database())");
    if (r) {
        bytes = static_cast<std::uint64_t>(r->int64(0, 0));
    }
    giveBack(std::move(c).value());
    if (!r) {
        return r.error();
    }
    return bytes;
}

Status PgStore::backupTo(const std::filesystem::path &file)
{
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "Backup file " + file.string() + " already exists; choose a new name");
    }
    // pg_dump reads one snapshot, so the copy is consistent while servers keep writing; its
    // custom format is what pg_restore reads back.
    auto split = splitPassword(m_url);
    if (!split) {
        return split.error();
    }
    std::vector<std::string> args = {"pg_dump", "--format=custom", "--no-owner",
                                     "--file=" + file.string(), "--dbname=" + split->conninfo};
    std::vector<char *> argv;
    for (std::string &a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    std::vector<std::string> variables;
    for (char **e = environ; *e; ++e) {
        if (std::strncmp(*e, "PGPASSWORD=", 11) != 0 || split->password.empty()) {
            variables.emplace_back(*e);
        }
    }
    if (!split->password.empty()) {
        variables.push_back("PGPASSWORD=" + split->password);
    }
    std::vector<char *> envp;
    for (std::string &v : variables) {
        envp.push_back(v.data());
    }
    envp.push_back(nullptr);
    pid_t pid = 0;
    if (const int rc = posix_spawnp(&pid, "pg_dump", nullptr, nullptr, argv.data(), envp.data());
        rc != 0) {
        return makeError(v1::ERROR_CODE_IO, "Cannot run pg_dump (install postgresql-client-15): " +
                                                std::generic_category().message(rc));
    }
    int status = 0;
    pid_t waited = 0;
    do {
        waited = ::waitpid(pid, &status, 0);
    } while (waited < 0 && errno == EINTR);
    if (waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::filesystem::remove(file, ec);
        return makeError(v1::ERROR_CODE_IO, "pg_dump failed; its message is above");
    }
    return {};
}

} // namespace doorstep::server
