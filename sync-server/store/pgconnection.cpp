#include "store/pgconnection.h"

#include <libpq-fe.h>

#include <endian.h>

#include <cstring>

namespace doorstep::server::pg {

namespace {

// Type OIDs from PostgreSQL's catalog (src/include/catalog/pg_type.dat), stable across
// versions; the wire carries them with every binary parameter.
constexpr unsigned kByteaOid = 17;
constexpr unsigned kInt8Oid = 20;
constexpr unsigned kTextOid = 25;

std::string trimmed(const char *message)
{
    std::string s = message ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

// What a failure means to the caller, from its SQLSTATE (PostgreSQL's "Errors and Messages"
// appendix): lost or refused connections, serialisation failures, a server that is read-only
// for now (25006: a standby not yet promoted after a failover) or has no connection left
// (53300) are worth trying again later (503 UNAVAILABLE), constraint violations are
// conflicts, values it cannot hold are invalid arguments, the rest a storage fault.
ErrorCode codeFor(std::string_view state, bool connectionLost)
{
    if (connectionLost || state.starts_with("08") || state == "57P01" || state == "57P02" ||
        state == "57P03" || state == "40001" || state == "40P01" || state == "25006" ||
        state == "53300") {
        return v1::ERROR_CODE_UNAVAILABLE;
    }
    if (state.starts_with("23")) {
        return v1::ERROR_CODE_CONFLICT;
    }
    // Data exceptions: a value PostgreSQL cannot hold, such as a NUL byte in text, which
    // SQLite would have kept. It came from the request, so the request is refused.
    if (state.starts_with("22")) {
        return v1::ERROR_CODE_INVALID_ARGUMENT;
    }
    if (state == "53100") {
        return v1::ERROR_CODE_IO;
    }
    return v1::ERROR_CODE_STORAGE;
}

} // namespace

Params &Params::add(unsigned type, std::string value, bool isNull)
{
    m_types.push_back(type);
    m_values.push_back(std::move(value));
    m_null.push_back(isNull);
    return *this;
}

Params::Wire Params::wire() const
{
    Wire w;
    w.values.resize(m_values.size());
    w.lengths.resize(m_values.size());
    w.formats.assign(m_values.size(), 1); // every parameter in binary
    for (std::size_t i = 0; i < m_values.size(); ++i) {
        w.values[i] = m_null[i] ? nullptr : m_values[i].data();
        w.lengths[i] = static_cast<int>(m_values[i].size());
    }
    return w;
}

Params &Params::text(std::string_view value)
{
    return add(kTextOid, std::string(value), false);
}

Params &Params::bytes(std::string_view value)
{
    return add(kByteaOid, std::string(value), false);
}

Params &Params::int64(std::int64_t value)
{
    const std::uint64_t big = htobe64(static_cast<std::uint64_t>(value));
    std::string raw(sizeof big, '\0');
    std::memcpy(raw.data(), &big, sizeof big);
    return add(kInt8Oid, std::move(raw), false);
}

Params &Params::nullText()
{
    return add(kTextOid, {}, true);
}

Params &Params::nullInt64()
{
    return add(kInt8Oid, {}, true);
}

void Rows::Clear::operator()(pg_result *r) const
{
    PQclear(r);
}

Rows::Rows(pg_result *result) : m_result(result) {}

int Rows::size() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

bool Rows::isNull(int row, int col) const
{
    return PQgetisnull(m_result.get(), row, col) != 0;
}

std::string Rows::text(int row, int col) const
{
    return std::string(PQgetvalue(m_result.get(), row, col),
                       static_cast<std::size_t>(PQgetlength(m_result.get(), row, col)));
}

std::int64_t Rows::int64(int row, int col) const
{
    const char *raw = PQgetvalue(m_result.get(), row, col);
    switch (PQgetlength(m_result.get(), row, col)) {
    case 8: {
        std::uint64_t v;
        std::memcpy(&v, raw, sizeof v);
        return static_cast<std::int64_t>(be64toh(v));
    }
    case 4: {
        std::uint32_t v;
        std::memcpy(&v, raw, sizeof v);
        return static_cast<std::int32_t>(be32toh(v));
    }
    case 2: {
        std::uint16_t v;
        std::memcpy(&v, raw, sizeof v);
        return static_cast<std::int16_t>(be16toh(v));
    }
    case 1: // boolean
        return raw[0] ? 1 : 0;
    default:
        return 0; // NULL
    }
}

std::int64_t Rows::affected() const
{
    const char *n = m_result ? PQcmdTuples(m_result.get()) : "";
    return *n ? std::stoll(n) : 0;
}

void Connection::Finish::operator()(pg_conn *c) const
{
    PQfinish(c);
}

Connection::Connection(pg_conn *conn) : m_conn(conn) {}

Connection::~Connection() = default;

Result<Connection> Connection::connect(const std::string &conninfo)
{
    PGconn *conn = PQconnectdb(conninfo.c_str());
    if (!conn) {
        return makeError(v1::ERROR_CODE_UNAVAILABLE, "PostgreSQL: out of memory connecting");
    }
    Connection c(conn);
    if (PQstatus(conn) != CONNECTION_OK) {
        return makeError(v1::ERROR_CODE_UNAVAILABLE,
                         "Cannot reach PostgreSQL: " + trimmed(PQerrorMessage(conn)));
    }
    // Notices (NOTICE, WARNING) would go to stderr unasked; the server logs its own way.
    PQsetNoticeProcessor(
        conn, [](void *, const char *) {}, nullptr);
    return c;
}

bool Connection::usable() const
{
    return m_conn && PQstatus(m_conn.get()) == CONNECTION_OK && !m_refusesWrites;
}

std::string Connection::database() const
{
    return m_conn ? PQdb(m_conn.get()) : "";
}

Error Connection::failure(pg_result *result, std::string_view sql) const
{
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const bool lost = PQstatus(m_conn.get()) != CONNECTION_OK;
    // A server that refuses writes (a standby after a failover) stays so for this connection:
    // it is not pooled again, and the next one may reach the new primary.
    m_refusesWrites = m_refusesWrites || (state && std::string_view(state) == "25006");
    std::string message = trimmed(result ? PQresultErrorMessage(result) : "");
    if (message.empty()) {
        message = trimmed(PQerrorMessage(m_conn.get()));
    }
    const ErrorCode code = codeFor(state ? state : "", lost);
    std::string text = code == v1::ERROR_CODE_UNAVAILABLE
                           ? "PostgreSQL is unavailable, try again: " + message
                           : "PostgreSQL: " + message;
    if (code == v1::ERROR_CODE_STORAGE) {
        text += " (in: " + std::string(sql.substr(0, 120)) + ")";
    }
    return makeError(code, text);
}

Result<Rows> Connection::rowsOf(pg_result *result, std::string_view sql) const
{
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        Error e = failure(result, sql);
        PQclear(result);
        return e;
    }
    return Rows(result);
}

Result<std::string> Connection::prepared(std::string_view sql, const Params &params)
{
    const std::string key(sql);
    if (auto it = m_statements.find(key); it != m_statements.end()) {
        return it->second;
    }
    const std::string name = "s" + std::to_string(m_statements.size() + 1);
    auto done = rowsOf(
        PQprepare(m_conn.get(), name.c_str(), key.c_str(), params.size(), params.m_types.data()),
        sql);
    if (!done) {
        return done.error();
    }
    m_statements.emplace(key, name);
    return name;
}

Result<Rows> Connection::exec(std::string_view sql, const Params &params)
{
    auto name = prepared(sql, params);
    if (!name) {
        return name.error();
    }
    const Params::Wire wire = params.wire();
    return rowsOf(PQexecPrepared(m_conn.get(), name->c_str(), params.size(), wire.values.data(),
                                 wire.lengths.data(), wire.formats.data(), 1),
                  sql);
}

Result<Rows> Connection::execUnprepared(const std::string &sql, const Params &params)
{
    const Params::Wire wire = params.wire();
    return rowsOf(PQexecParams(m_conn.get(), sql.c_str(), params.size(), params.m_types.data(),
                               wire.values.data(), wire.lengths.data(), wire.formats.data(), 1),
                  sql);
}

Status Connection::forEach(std::string_view sql, const Params &params,
                           const std::function<Status(const Rows &rows, int row)> &fn)
{
    // One cursor name per nesting level, so a callback may run a forEach of its own.
    const std::string cursor = "doorstep_each_" + std::to_string(++m_cursorDepth);
    struct Leave
    {
        int &depth;
        ~Leave() { --depth; }
    } leave{m_cursorDepth};
    if (auto declared = execUnprepared(
            "DECLARE " + cursor + " NO SCROLL CURSOR FOR " + std::string(sql), params);
        !declared) {
        return declared.error();
    }
    for (;;) {
        auto batch = execUnprepared("FETCH 500 FROM " + cursor, {});
        if (!batch) {
            return batch.error();
        }
        for (int i = 0; i < batch->size(); ++i) {
            if (Status s = fn(*batch, i); !s) {
                return s; // the transaction ends with the failure, and the cursor with it
            }
        }
        if (batch->size() < 500) {
            break;
        }
    }
    auto closed = execUnprepared("CLOSE " + cursor, {});
    return closed ? Status() : Status(closed.error());
}

Status Connection::commit()
{
    PGresult *res = PQexec(m_conn.get(), "COMMIT");
    const bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK &&
                    std::string_view(PQcmdStatus(res)) == "COMMIT";
    if (!ok) {
        Error e = res && PQresultStatus(res) == PGRES_COMMAND_OK
                      ? makeError(v1::ERROR_CODE_STORAGE,
                                  "PostgreSQL rolled the transaction back: a statement in it "
                                  "failed and its error was not passed on")
                      : failure(res, "COMMIT");
        PQclear(res);
        return e;
    }
    PQclear(res);
    return {};
}

Status Connection::script(std::string_view sql)
{
    auto done = rowsOf(PQexec(m_conn.get(), std::string(sql).c_str()), sql);
    return done ? Status() : Status(done.error());
}

} // namespace doorstep::server::pg
