#include "admin/storecopy.h"

#include "db/database.h"
#include "db/statement.h"

#include <algorithm>
#include <iostream>
#include <map>

namespace doorstep::server {

namespace {

// Parents before the tables whose foreign keys name them; the rest follow in name order.
constexpr const char *kParentsFirst[] = {"councils", "wards",     "users",
                                         "devices",  "residents", "cases"};

int rank(const std::string &table)
{
    const auto *end = std::end(kParentsFirst);
    const auto *it = std::find(std::begin(kParentsFirst), end, table);
    return it == end ? static_cast<int>(std::size(kParentsFirst))
                     : static_cast<int>(it - std::begin(kParentsFirst));
}

Result<std::vector<std::string>> sqliteTables(db::Database &db)
{
    auto st = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'"
                         " AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'"
                         " ORDER BY name");
    if (!st) {
        return st.error();
    }
    std::vector<std::string> out;
    if (Status s = st->forEach([&]() -> Status {
            out.push_back(st->text(0));
            return {};
        });
        !s) {
        return s.error();
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const std::string &a, const std::string &b) { return rank(a) < rank(b); });
    return out;
}

// The PostgreSQL store's column types of `table`: bigint, text or bytea.
Result<std::map<std::string, std::string>> pgColumns(pg::Connection &to, const std::string &table)
{
    auto rows = to.exec("SELECT column_name::text, data_type::text FROM information_schema.columns"
                        " WHERE table_schema = current_schema() AND table_name = $1",
                        pg::Params().text(table));
    if (!rows) {
        return rows.error();
    }
    std::map<std::string, std::string> out;
    for (int i = 0; i < rows->size(); ++i) {
        out[rows->text(i, 0)] = rows->text(i, 1);
    }
    return out;
}

Result<std::int64_t> copyTable(db::Database &db, pg::Connection &to, const std::string &table)
{
    auto types = pgColumns(to, table);
    if (!types) {
        return types.error();
    }
    if (types->empty()) {
        return makeError(v1::ERROR_CODE_INTERNAL,
                         "The SQLite store's table " + table +
                             " has no home in the PostgreSQL store; nothing was copied");
    }
    auto st = db.prepare("SELECT * FROM \"" + table + "\"");
    if (!st) {
        return st.error();
    }
    std::vector<std::string> columns;
    std::string insert = "INSERT INTO " + table + " (";
    std::string values;
    for (int c = 0; c < st->columnCount(); ++c) {
        const std::string name = st->columnName(c);
        if (!types->contains(name)) {
            return makeError(v1::ERROR_CODE_INTERNAL,
                             "The SQLite store's column " + table + "." + name +
                                 " has no home in the PostgreSQL store; nothing was copied");
        }
        columns.push_back(name);
        insert += (c ? ", " : "") + name;
        values += (c ? ", $" : "$") + std::to_string(c + 1);
    }
    // Identity columns (the change log's seq, the audit log's id) take the stored values.
    insert += ") OVERRIDING SYSTEM VALUE VALUES (" + values + ")";
    std::int64_t copied = 0;
    Status each = st->forEach([&]() -> Status {
        pg::Params p;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const int col = static_cast<int>(c);
            const std::string &type = (*types)[columns[c]];
            if (type == "bigint") {
                st->isNull(col) ? p.nullInt64() : p.int64(st->int64(col));
            } else if (type == "bytea") {
                st->isNull(col) ? p.nullText() : p.bytes(st->blob(col));
            } else if (st->isNull(col)) {
                p.nullText();
            } else {
                p.text(st->text(col));
            }
        }
        // NULL bytea is typed text above; no bytea column of the store is nullable.
        auto r = to.exec(insert, p);
        if (!r) {
            return Error{r.error().code, "Copying " + table + ": " + r.error().message};
        }
        ++copied;
        return {};
    });
    if (!each) {
        return each.error();
    }
    return copied;
}

} // namespace

Result<std::vector<CopiedTable>> copySqliteToPostgres(const std::filesystem::path &from,
                                                      pg::Connection &to)
{
    auto db = db::Database::open(from, db::Database::Mode::ReadOnly);
    if (!db) {
        return db.error();
    }
    // One snapshot of the source, even if a server is still writing to it.
    auto tx = db::Transaction::begin(*db, false);
    if (!tx) {
        return tx.error();
    }
    auto tables = sqliteTables(*db);
    if (!tables) {
        return tables.error();
    }
    if (auto s = to.script("BEGIN"); !s) {
        return s.error();
    }
    auto run = [&]() -> Result<std::vector<CopiedTable>> {
        for (const char *check : {"councils", "change_log", "users"}) {
            auto any = to.exec(std::string("SELECT 1 FROM ") + check + " LIMIT 1");
            if (!any) {
                return any.error();
            }
            if (any->size() > 0) {
                return makeError(v1::ERROR_CODE_CONFLICT,
                                 "The PostgreSQL database " + to.database() +
                                     " already holds a store; copy into a new, empty one");
            }
        }
        std::vector<CopiedTable> out;
        for (const std::string &table : *tables) {
            auto n = copyTable(*db, to, table);
            if (!n) {
                return n.error();
            }
            out.push_back({table, *n});
        }
        // The identities go on from the copied values.
        for (const char *seq : {"SELECT setval(pg_get_serial_sequence('change_log', 'seq'),"
                                " coalesce((SELECT max(seq) FROM change_log), 0) + 1, false)",
                                "SELECT setval(pg_get_serial_sequence('audit_log', 'id'),"
                                " coalesce((SELECT max(id) FROM audit_log), 0) + 1, false)"}) {
            if (auto r = to.exec(seq); !r) {
                return r.error();
            }
        }
        return out;
    };
    auto copied = run();
    if (!copied) {
        (void)to.script("ROLLBACK");
        return copied.error();
    }
    if (auto s = to.script("COMMIT"); !s) {
        return s.error();
    }
    // Statistics for the planner before the first pull (Store::analyze). The copy has
    // committed: a failure here is said, not reported as the copy failing.
    if (auto s = to.script("ANALYZE"); !s) {
        std::cerr << "level=warning msg=analyze_failed error=\"" << s.error().message << "\"\n";
    }
    return copied;
}

} // namespace doorstep::server
