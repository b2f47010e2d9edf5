// AdminCommands, continued: the data commands (CSV import and export, backup). Split from
// admincommands.cpp only to keep files short.

#include "admin/admincommands.h"
#include "admin/commandline.h"
#include "admin/csvexporter.h"
#include "admin/csvimporter.h"
#include "store/sqlitestore.h"

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

} // namespace

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
