#include "store/residentsearch.h"

#include "db/statement.h"
#include "doorstep/v1/resident.pb.h"

#include <cctype>

namespace doorstep::mobile {

namespace {

void appendPart(std::string &out, const std::string &part)
{
    if (part.empty()) {
        return;
    }
    if (!out.empty()) {
        out += ", ";
    }
    out += part;
}

} // namespace

std::string ResidentSearch::toMatchExpression(std::string_view text)
{
    std::string expr;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) {
            if (!expr.empty()) {
                expr += ' ';
            }
            expr += word + '*';
            word.clear();
        }
    };
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        // Bytes of multi-byte UTF-8 characters count as letters: the tokenizer folds them.
        if (std::isalnum(u) || u >= 0x80) {
            word += static_cast<char>(std::tolower(u));
        } else {
            flush();
        }
    }
    flush();
    return expr;
}

Status ResidentSearch::removeRow(std::int64_t rowid)
{
    // By docid alone: FTS4 finds a row by docid directly, but not through `docid IN (SELECT
    // ...)`, which reads the whole index and made every refresh cost the size of the council.
    auto q = m_db.prepare("DELETE FROM resident_search WHERE docid = ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, rowid);
    return q->run();
}

Result<std::optional<ResidentSearch::Row>> ResidentSearch::residentRow(const std::string &id)
{
    auto r = m_db.prepare("SELECT rowid, body FROM residents WHERE id = ?");
    if (!r) {
        return r.error();
    }
    r->bind(1, id);
    auto found = r->step();
    if (!found) {
        return found.error();
    }
    return *found ? std::optional<Row>(Row{r->int64(0), r->blob(1)}) : std::nullopt;
}

Status ResidentSearch::remove(const std::string &residentId)
{
    auto row = residentRow(residentId);
    if (!row) {
        return row.error();
    }
    return *row ? removeRow((*row)->rowid) : Status{};
}

Status ResidentSearch::insertRow(std::int64_t rowid, const std::string &residentId,
                                 const std::string &body)
{
    v1::Resident resident;
    if (!resident.ParseFromString(body)) {
        return makeError(v1::ERROR_CODE_STORAGE, "A stored resident record is damaged");
    }
    std::string name = resident.given_name();
    if (!resident.family_name().empty()) {
        name += (name.empty() ? "" : " ") + resident.family_name();
    }
    std::string address;
    appendPart(address, resident.address().line1());
    appendPart(address, resident.address().line2());
    appendPart(address, resident.address().town());
    appendPart(address, resident.address().postcode());

    auto cases =
        m_db.prepare("SELECT case_number FROM cases WHERE resident_id = ? ORDER BY case_number");
    if (!cases) {
        return cases.error();
    }
    cases->bind(1, residentId);
    std::string caseNumbers;
    if (auto s = cases->forEach([&]() -> Status {
            caseNumbers += (caseNumbers.empty() ? "" : " ") + cases->text(0);
            return {};
        });
        !s) {
        return s;
    }
    auto ins = m_db.prepare("INSERT INTO resident_search "
                            "(docid, resident_id, name, address, case_numbers) "
                            "VALUES (?, ?, ?, ?, ?)");
    if (!ins) {
        return ins.error();
    }
    ins->bind(1, rowid).bind(2, residentId).bind(3, name).bind(4, address).bind(5, caseNumbers);
    return ins->run();
}

Status ResidentSearch::refresh(const std::string &residentId)
{
    auto row = residentRow(residentId);
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return {};
    }
    if (auto s = removeRow((*row)->rowid); !s) {
        return s;
    }
    return insertRow((*row)->rowid, residentId, (*row)->body);
}

Status ResidentSearch::rebuild()
{
    if (auto s = m_db.exec("DELETE FROM resident_search"); !s) {
        return s;
    }
    // In docid order, so FTS4 appends to its segments rather than scattering across them.
    auto all = m_db.prepare("SELECT rowid, id, body FROM residents ORDER BY rowid");
    if (!all) {
        return all.error();
    }
    return all->forEach([&] { return insertRow(all->int64(0), all->text(1), all->blob(2)); });
}

Result<std::vector<ResidentHit>> ResidentSearch::search(std::string_view text, int limit)
{
    std::vector<ResidentHit> hits;
    const std::string expr = toMatchExpression(text);
    if (expr.empty()) {
        return hits;
    }
    auto q = m_db.prepare("SELECT resident_id, name, address, case_numbers FROM resident_search "
                          "WHERE resident_search MATCH ? ORDER BY name LIMIT ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, expr).bind(2, limit);
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        hits.push_back({q->text(0), q->text(1), q->text(2), q->text(3)});
    }
    return hits;
}

} // namespace doorstep::mobile
