#pragma once

#include "db/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace doorstep::mobile {

struct Draft
{
    std::string id;
    std::string visitId;
    std::string formId;
    int formVersion = 0;
    std::int64_t updatedAtMs = 0;
    // The work in progress, usually a serialized FormSubmission. Opaque here.
    std::string body;
};

// Forms and visit flows in progress, saved on every answer. They live only in the encrypted
// store: there is no plaintext draft file anywhere, and a committed save survives a kill.
class DraftStore
{
public:
    explicit DraftStore(db::Database &db) : m_db(db) {}

    Status save(const Draft &draft);
    Result<std::optional<Draft>> load(const std::string &id);
    // Newest first.
    Result<std::vector<Draft>> list();
    Status remove(const std::string &id);

private:
    db::Database &m_db;
};

} // namespace doorstep::mobile
