#pragma once

// A thin owner of one libpq connection (PostgreSQL's own C client, from Debian's libpq-dev).
// Statements are prepared once per connection and sent with typed binary parameters; every
// result comes back in binary, so integers and bytea need no text parsing or unescaping.
// Errors come back as values, never exceptions, like the rest of the server.

#include "error/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace doorstep::server::pg {

// The parameters of one statement, $1, $2, ... in order.
class Params
{
public:
    Params &text(std::string_view value);
    Params &bytes(std::string_view value); // bytea
    Params &int64(std::int64_t value);
    Params &nullText();
    Params &nullInt64();

    int size() const { return static_cast<int>(m_types.size()); }

private:
    friend class Connection;
    // The arrays libpq takes, pointing into this Params.
    struct Wire
    {
        std::vector<const char *> values;
        std::vector<int> lengths;
        std::vector<int> formats;
    };
    Wire wire() const;
    Params &add(unsigned type, std::string value, bool isNull);

    std::vector<unsigned> m_types;
    std::vector<std::string> m_values;
    std::vector<bool> m_null;
};

// A statement's result rows, all columns in binary.
class Rows
{
public:
    Rows() = default;
    explicit Rows(pg_result *result);
    int size() const;
    bool isNull(int row, int col) const;
    // text and bytea columns: the raw bytes.
    std::string text(int row, int col) const;
    // bigint, integer and smallint columns.
    std::int64_t int64(int row, int col) const;
    // Rows an INSERT, UPDATE or DELETE changed.
    std::int64_t affected() const;

private:
    struct Clear
    {
        void operator()(pg_result *r) const;
    };
    std::unique_ptr<pg_result, Clear> m_result;
};

class Connection
{
public:
    // Connects with a libpq connection URI (postgresql://...) or key=value string. Fails with
    // ERROR_CODE_UNAVAILABLE when the server cannot be reached.
    static Result<Connection> connect(const std::string &conninfo);

    Connection(Connection &&) noexcept = default;
    Connection &operator=(Connection &&) noexcept = default;
    ~Connection();

    // Runs one statement, prepared on first use on this connection.
    Result<Rows> exec(std::string_view sql, const Params &params = {});
    // Runs a query through a cursor, a batch of rows at a time, so a large export never holds
    // the whole result in memory; `fn` may run other statements meanwhile. Only inside a
    // transaction (a cursor lives in one). Stops at the first failing `fn`.
    Status forEach(std::string_view sql, const Params &params,
                   const std::function<Status(const Rows &rows, int row)> &fn);
    // Runs a script of statements with no parameters and no results (migrations).
    Status script(std::string_view sql);
    // Commits the open transaction. PostgreSQL answers a COMMIT of a transaction a failed
    // statement aborted with ROLLBACK, not an error: that is a failure here, never success.
    Status commit();

    // False once the connection is lost, or its server refused a write as read-only (25006);
    // such a connection is dropped, never reused.
    bool usable() const;
    // The database's name, for messages.
    std::string database() const;

private:
    struct Finish
    {
        void operator()(pg_conn *c) const;
    };
    explicit Connection(pg_conn *conn);
    Result<std::string> prepared(std::string_view sql, const Params &params);
    // One statement sent as it is (DECLARE and FETCH cannot be prepared), results in binary.
    Result<Rows> execUnprepared(const std::string &sql, const Params &params);
    Error failure(pg_result *result, std::string_view sql) const;
    // Takes the result: its rows, or (cleared) the failure it reports.
    Result<Rows> rowsOf(pg_result *result, std::string_view sql) const;

    std::unique_ptr<pg_conn, Finish> m_conn;
    std::unordered_map<std::string, std::string> m_statements;
    int m_cursorDepth = 0;
    mutable bool m_refusesWrites = false;
};

} // namespace doorstep::server::pg
