#include "store/outbox.h"

#include "db/statement.h"
#include "store/recordstore.h"

#include <set>

namespace doorstep::mobile {

Status Outbox::enqueue(const v1::Mutation &mutation, std::int64_t createdAtMs)
{
    if (mutation.mutation_id().empty() || mutation.op_case() == v1::Mutation::OP_NOT_SET) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "A local change needs a mutation id and an operation");
    }
    auto q = m_db.prepare(
        "INSERT INTO outbox (mutation_id, created_at, body, priority) VALUES (?, ?, ?, ?)");
    if (!q) {
        return q.error();
    }
    // An officer's alert jumps the queue: it is the one change that cannot wait.
    const bool alert = mutation.has_append_case_event() &&
                       mutation.append_case_event().kind() == v1::CASE_EVENT_KIND_LONE_WORKER_ALERT;
    q->bind(1, mutation.mutation_id())
        .bind(2, createdAtMs)
        .bindBlob(3, mutation.SerializeAsString())
        .bind(4, std::int64_t{alert ? 1 : 0});
    return q->run();
}

Result<std::vector<OutboxEntry>> Outbox::list(const char *sql, int limit)
{
    auto q = m_db.prepare(sql);
    if (!q) {
        return q.error();
    }
    q->bind(1, limit);
    std::vector<OutboxEntry> entries;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        OutboxEntry &e = entries.emplace_back();
        e.seq = q->int64(0);
        e.mutationId = q->text(1);
        e.createdAtMs = q->int64(2);
        e.state = static_cast<OutboxEntry::State>(q->int64(3));
        e.attempts = static_cast<int>(q->int64(4));
        e.errorCode = static_cast<v1::ErrorCode>(q->int64(5));
        e.errorMessage = q->text(6);
        if (!e.mutation.ParseFromString(q->blob(7))) {
            return makeError(v1::ERROR_CODE_STORAGE, "A stored outbox entry is damaged");
        }
    }
    return entries;
}

Result<std::vector<OutboxEntry>> Outbox::pending(int limit)
{
    return list("SELECT seq, mutation_id, created_at, state, attempts, error_code, error_message,"
                " body FROM outbox WHERE state = 0 ORDER BY priority DESC, seq LIMIT ?",
                limit);
}

Result<std::vector<OutboxEntry>> Outbox::quarantined()
{
    return list("SELECT seq, mutation_id, created_at, state, attempts, error_code, error_message,"
                " body FROM outbox WHERE state = 1 ORDER BY seq LIMIT ?",
                -1);
}

Result<int> Outbox::pendingCount()
{
    auto q = m_db.prepare("SELECT count(*) FROM outbox WHERE state = 0");
    if (!q) {
        return q.error();
    }
    if (auto row = q->step(); !row) {
        return row.error();
    }
    return static_cast<int>(q->int64(0));
}

namespace {

bool undoneWhenRefused(v1::CaseEventKind kind)
{
    return kind == v1::CASE_EVENT_KIND_CASE_CLOSED ||
           kind == v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION ||
           kind == v1::CASE_EVENT_KIND_FOLLOW_UP_CALL;
}

// Whether the server's copy is at least as new as the one held (or none is held).
Result<bool> notOlderThanHeld(RecordStore &records, const v1::Record &current)
{
    const auto compare = [](const auto &held, std::int64_t version) -> Result<bool> {
        if (!held) {
            return held.error();
        }
        return !held->has_value() || (*held)->version() <= version;
    };
    switch (current.record_case()) {
    case v1::Record::kCase:
        return compare(records.caseById(current.case_().id()), current.case_().version());
    case v1::Record::kReferral:
        return compare(records.referral(current.referral().id()), current.referral().version());
    case v1::Record::kResident:
        return compare(records.resident(current.resident().id()), current.resident().version());
    case v1::Record::kVisit:
        return compare(records.visit(current.visit().id()), current.visit().version());
    default:
        return true;
    }
}

} // namespace

Status Outbox::applyPushResponse(const v1::PushRequest &sent, const v1::PushResponse &response)
{
    auto tx = db::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto remove = m_db.prepare("DELETE FROM outbox WHERE mutation_id = ?");
    auto quarantine = m_db.prepare("UPDATE outbox SET state = 1, attempts = attempts + 1, "
                                   "error_code = ?, error_message = ? WHERE mutation_id = ?");
    auto retry = m_db.prepare("UPDATE outbox SET attempts = attempts + 1 WHERE mutation_id = ?");
    if (!remove || !quarantine || !retry) {
        return (!remove ? remove.error() : !quarantine ? quarantine.error() : retry.error());
    }
    RecordStore records(m_db);
    std::set<std::string> answered;
    for (const v1::MutationResult &r : response.results()) {
        answered.insert(r.mutation_id());
        Status s;
        switch (r.status()) {
        case v1::MUTATION_STATUS_APPLIED:
        case v1::MUTATION_STATUS_DUPLICATE:
            remove->reset();
            remove->bind(1, r.mutation_id());
            s = remove->run();
            break;
        case v1::MUTATION_STATUS_CONFLICT:
        case v1::MUTATION_STATUS_REJECTED: {
            // The record as the server has it, when it says: the local change did not hold.
            // A refusal replayed from an earlier push may carry an older copy than this
            // device holds: that one is kept.
            if (r.has_current() && r.current().record_case() != v1::Record::RECORD_NOT_SET) {
                auto newer = r.status() == v1::MUTATION_STATUS_CONFLICT
                                 ? Result<bool>(true)
                                 : notOlderThanHeld(records, r.current());
                if (!newer) {
                    s = newer.error();
                    break;
                }
                if (*newer) {
                    s = records.upsert(r.current());
                }
                if (!s) {
                    break;
                }
            }
            const bool conflict = r.status() == v1::MUTATION_STATUS_CONFLICT;
            std::string message = r.error().message();
            if (message.empty()) {
                message = conflict ? "The record was changed by someone else before this change "
                                     "reached the server."
                                   : "The server did not accept this change.";
            }
            // A desk's step the server refused (closing a case, a safeguarding step, a
            // follow-up call) never happened: it leaves the desk, and stays in the outbox, set
            // aside, for a person to look at. An officer's own words (notes, outcomes, forms)
            // stay on their timeline.
            if (!conflict) {
                for (const v1::Mutation &m : sent.mutations()) {
                    if (m.mutation_id() == r.mutation_id() && m.has_append_case_event() &&
                        undoneWhenRefused(m.append_case_event().kind())) {
                        s = records.evict(v1::RECORD_TYPE_CASE_EVENT, m.append_case_event().id());
                    }
                }
                if (!s) {
                    break;
                }
            }
            quarantine->reset();
            quarantine
                ->bind(1, std::int64_t(r.error().code() != v1::ERROR_CODE_UNSPECIFIED
                                           ? r.error().code()
                                       : conflict ? v1::ERROR_CODE_CONFLICT
                                                  : v1::ERROR_CODE_VALIDATION_FAILED))
                .bind(2, message)
                .bind(3, r.mutation_id());
            s = quarantine->run();
            break;
        }
        default:
            // An answer this build does not understand: keep the entry pending.
            answered.erase(r.mutation_id());
            break;
        }
        if (!s) {
            return s;
        }
    }
    for (const v1::Mutation &m : sent.mutations()) {
        if (!answered.contains(m.mutation_id())) {
            retry->reset();
            retry->bind(1, m.mutation_id());
            if (auto s = retry->run(); !s) {
                return s;
            }
        }
    }
    return tx->commit();
}

Status Outbox::dismiss(const std::string &mutationId)
{
    auto tx = db::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto q = m_db.prepare("SELECT body FROM outbox WHERE mutation_id = ? AND state = 1");
    if (!q) {
        return q.error();
    }
    q->bind(1, mutationId);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(v1::ERROR_CODE_NOT_FOUND,
                         "Only a change the server refused can be dismissed");
    }
    v1::Mutation mutation;
    if (mutation.ParseFromString(q->blob(0)) && mutation.has_append_case_event()) {
        auto del = m_db.prepare("DELETE FROM case_events WHERE id = ?");
        if (!del) {
            return del.error();
        }
        del->bind(1, mutation.append_case_event().id());
        if (auto s = del->run(); !s) {
            return s;
        }
    }
    auto del = m_db.prepare("DELETE FROM outbox WHERE mutation_id = ? AND state = 1");
    if (!del) {
        return del.error();
    }
    del->bind(1, mutationId);
    if (auto s = del->run(); !s) {
        return s;
    }
    return tx->commit();
}

} // namespace doorstep::mobile
