// AdminCommands, continued: the data commands (CSV import and export, backup, the audit
// log). Split from admincommands.cpp only to keep files short.

#include "admin/admincommands.h"
#include "admin/commandline.h"
#include "admin/csvexporter.h"
#include "admin/csvimporter.h"
#include "store/sqlitestore.h"

#include <cstdio>
#include <ctime>
#include <fstream>

namespace doorstep::server {

namespace {

const std::set<std::string> noFlags;

Result<std::unique_ptr<SqliteStore>> openStore(const CommandLine &cl)
{
    auto dir = cl.required("data");
    if (!dir) {
        return dir.error();
    }
    return SqliteStore::open(*dir, false);
}

std::string isoTime(std::int64_t ms)
{
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

} // namespace

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
        m_out << isoTime(r.atMs) << '\t' << (e.userId.empty() ? "-" : e.userId) << '\t'
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
    // recipient, address, last error. Never the body.
    for (const Notification &n : rows) {
        const std::string state = n.deliveredAtMs     ? "delivered " + isoTime(*n.deliveredAtMs)
                                  : n.nextAttemptAtMs ? "retry at " + isoTime(*n.nextAttemptAtMs)
                                                      : std::string("FAILED");
        m_out << isoTime(n.createdAtMs) << '\t' << state << '\t' << n.attempts << '\t' << n.kind
              << '\t' << n.aboutId << '\t' << (n.recipientUserId.empty() ? "-" : n.recipientUserId)
              << '\t' << (n.address.empty() ? "-" : n.address) << '\t'
              << (n.lastError.empty() ? "-" : n.lastError) << '\n';
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
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    const auto &pos = cl->positionals();
    auto to = cl->required("to");
    if (pos.size() != 1 || (pos[0] != "outcomes" && pos[0] != "events") || !to) {
        return fail("usage: export outcomes|events --data DIR --to FILE.csv", 2);
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    std::ofstream out(*to, std::ios::binary | std::ios::trunc);
    if (!out) {
        return fail("cannot write " + *to);
    }
    auto rows = CsvExporter::write(
        **store, pos[0] == "outcomes" ? CsvExporter::Kind::Outcomes : CsvExporter::Kind::CaseEvents,
        out);
    if (!rows) {
        return fail(rows.error().message);
    }
    m_out << "exported " << *rows << " rows to " << *to << '\n';
    return 0;
}

} // namespace doorstep::server
