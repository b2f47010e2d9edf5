#include "store/draftstore.h"

#include "db/statement.h"

namespace doorstep::mobile {

namespace {

Draft readDraft(const db::Statement &q)
{
    Draft d;
    d.id = q.text(0);
    d.visitId = q.text(1);
    d.formId = q.text(2);
    d.formVersion = static_cast<int>(q.int64(3));
    d.updatedAtMs = q.int64(4);
    d.body = q.blob(5);
    return d;
}

constexpr const char *columns = "SELECT id, coalesce(visit_id, ''), coalesce(form_id, ''), "
                                "coalesce(form_version, 0), updated_at, body FROM drafts";

} // namespace

Status DraftStore::save(const Draft &draft)
{
    if (draft.id.empty()) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "A draft needs an id");
    }
    auto q = m_db.prepare("INSERT OR REPLACE INTO drafts "
                          "(id, visit_id, form_id, form_version, updated_at, body) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
    if (!q) {
        return q.error();
    }
    q->bind(1, draft.id);
    if (draft.visitId.empty()) {
        q->bindNull(2);
    } else {
        q->bind(2, draft.visitId);
    }
    q->bind(3, draft.formId).bind(4, draft.formVersion).bind(5, draft.updatedAtMs);
    q->bindBlob(6, draft.body);
    return q->run();
}

Result<std::optional<Draft>> DraftStore::load(const std::string &id)
{
    auto q = m_db.prepare(std::string(columns) + " WHERE id = ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, id);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    return *row ? std::optional<Draft>(readDraft(*q)) : std::nullopt;
}

Result<std::vector<Draft>> DraftStore::list()
{
    auto q = m_db.prepare(std::string(columns) + " ORDER BY updated_at DESC, id");
    if (!q) {
        return q.error();
    }
    std::vector<Draft> drafts;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        drafts.push_back(readDraft(*q));
    }
    return drafts;
}

Status DraftStore::remove(const std::string &id)
{
    auto q = m_db.prepare("DELETE FROM drafts WHERE id = ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, id);
    return q->run();
}

} // namespace doorstep::mobile
