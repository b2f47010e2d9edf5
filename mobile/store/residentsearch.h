#pragma once

#include "db/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::mobile {

struct ResidentHit
{
    std::string residentId;
    std::string name;
    std::string address;
    std::string caseNumbers;
};

// Resident search over the FTS4 table resident_search, inside the encrypted store. One row
// per resident, its docid the resident's rowid, holding name, address and case numbers. Calls
// run in the caller's transaction, so the index changes with the records it mirrors.
class ResidentSearch
{
public:
    explicit ResidentSearch(db::Database &db) : m_db(db) {}

    // Rebuilds the resident's row from residents and cases; drops it if the resident is gone.
    Status refresh(const std::string &residentId);
    // Drops the resident's row. Call before deleting the resident (its rowid finds the row).
    Status remove(const std::string &residentId);
    // Builds the whole index again from residents and cases, in one pass: after a first sync,
    // which leaves the index to the end rather than keeping it in step page by page.
    Status rebuild();
    // Every word of `text` must prefix-match a word of the name, address or a case number.
    Result<std::vector<ResidentHit>> search(std::string_view text, int limit = 50);

    // The FTS4 MATCH expression for what the officer typed: only letters and digits survive,
    // lower-cased (so OR, NOT and NEAR are plain words) and each made a prefix term, so
    // punctuation in the input (-, ", *) cannot change the query's meaning.
    static std::string toMatchExpression(std::string_view text);

private:
    struct Row
    {
        std::int64_t rowid = 0;
        std::string body;
    };
    Result<std::optional<Row>> residentRow(const std::string &id);
    Status removeRow(std::int64_t rowid);
    Status insertRow(std::int64_t rowid, const std::string &residentId, const std::string &body);
    db::Database &m_db;
};

} // namespace doorstep::mobile
