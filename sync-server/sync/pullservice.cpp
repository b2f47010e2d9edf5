#include "sync/pullservice.h"

#include "environment/timestamps.h"
#include "sync/scope.h"

#include <algorithm>
#include <set>

namespace doorstep::server {

Result<v1::PullResponse> PullService::pull(const Principal &principal,
                                           const v1::PullRequest &request)
{
    if (request.cursor() < 0) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "cursor must not be negative");
    }
    if (request.has_stored_cursor() && request.stored_cursor() < 0) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "stored_cursor must not be negative");
    }
    if (request.page_size() < 0) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "page_size must not be negative");
    }
    const int pageSize =
        request.page_size() == 0 ? defaultPageSize : std::min(request.page_size(), maxPageSize);
    const std::int64_t now = m_clock.nowMs();
    v1::PullResponse response;
    bool sweptNow = false;
    bool sweptFull = false;
    // A write transaction: the pull records what the device now holds.
    Status s = m_store.writeHoldings([&](StoreSession &session) -> Status {
        response.Clear();
        sweptNow = false;
        auto last = session.lastSeq();
        if (!last) {
            return last.error();
        }
        if (request.cursor() > *last) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                             "cursor is ahead of this server's change log (was the server "
                             "restored from a backup?): pull again from cursor 0");
        }
        // The council once: its retention for the sweep and the scope, and its settings for
        // the device.
        auto council = session.council();
        if (!council) {
            return council.error();
        }
        const std::int64_t retention = closedCaseRetentionMs(*council);
        const std::int64_t sweptAt = m_sweptAtMs.load();
        sweptFull = false;
        if (sweptAt == kNeverSwept || now < sweptAt || now - sweptAt >= sweepEveryMs) {
            auto swept = sweepClosedCases(session, now, retention);
            if (!swept) {
                return swept.error();
            }
            sweptFull = *swept >= sweepBatch;
            sweptNow = true;
            // The sweep may have appended to the log; the cursor handed back must cover it.
            last = session.lastSeq();
            if (!last) {
                return last.error();
            }
        }
        auto scope = Scope::load(session, principal, now, retention);
        if (!scope) {
            return scope.error();
        }
        const std::string &deviceId = principal.device.id();
        // Asking from a cursor acknowledges the evictions below it, unless the device says it
        // has stored less (it asked for this page ahead, while still storing the one before).
        const std::int64_t stored = request.has_stored_cursor()
                                        ? std::min(request.stored_cursor(), request.cursor())
                                        : request.cursor();
        if (auto f = session.forgetAcknowledgedEvictions(deviceId, stored); !f) {
            return f;
        }
        // One extra row tells whether another page follows.
        auto rows = scope->role() == v1::ROLE_OFFICER
                        ? session.officerChangesAfter(request.cursor(), pageSize + 1, deviceId,
                                                      scope->cases(), scope->residents())
                        : session.changesAfter(request.cursor(), pageSize + 1);
        if (!rows) {
            return rows.error();
        }
        // Only what had committed before the scope was read: a store whose writers run side by
        // side may have committed more since, judged against a scope that did not know it. It
        // comes on the next pull, from a cursor no further than `last`.
        std::erase_if(*rows, [&](const ChangeRow &row) { return row.seq > *last; });
        const bool hasMore = static_cast<int>(rows->size()) > pageSize;
        if (hasMore) {
            rows->resize(static_cast<std::size_t>(pageSize));
        }
        // The page's records in one read, and what the device now holds in one write.
        auto records = session.getRecords(*rows);
        if (!records) {
            return records.error();
        }
        // Where a user's events follow their case (Scope::eventsFollowCase), what the device
        // holds of them is filed once under the case, not once an event: most of a council's
        // records are events, and each would be a row written per pull.
        const bool eventsByCase = scope->eventsFollowCase();
        std::vector<ChangeRow> sent;
        // Each holding once a page (a store may write them in one statement).
        std::set<std::pair<int, std::string>> filed;
        auto file = [&](ChangeRow row) {
            if (filed.emplace(int(row.recordType), row.recordId).second) {
                sent.push_back(std::move(row));
            }
        };
        for (std::size_t i = 0; i < rows->size(); ++i) {
            const ChangeRow &row = (*rows)[i];
            std::optional<v1::Record> &record = (*records)[i];
            if (!record) {
                continue;
            }
            const bool event = row.recordType == v1::RECORD_TYPE_CASE_EVENT && !row.caseId.empty();
            if (auto visible = scope->view(std::move(*record))) {
                v1::Change &change = *response.add_changes();
                change.set_seq(row.seq);
                *change.mutable_upsert() = std::move(*visible);
                file(event && eventsByCase
                         ? ChangeRow{row.seq, v1::RECORD_TYPE_CASE, row.caseId, row.caseId}
                         : row);
                continue;
            }
            // An event is held if it was filed on its own or under its case (for any role:
            // one whose role changed keeps what it was sent, and must be told to let it go).
            auto holds = session.deviceHolds(deviceId, row.recordType, row.recordId);
            if (holds && !*holds && event) {
                holds = session.deviceHolds(deviceId, v1::RECORD_TYPE_CASE, row.caseId);
            }
            if (!holds) {
                return holds.error();
            }
            if (*holds) {
                v1::Change &change = *response.add_changes();
                change.set_seq(row.seq);
                v1::Eviction &evict = *change.mutable_evict();
                evict.set_record_type(row.recordType);
                evict.set_record_id(row.recordId);
                evict.set_reason(scope->evictionReason(*record));
                if (auto h = session.evictionSent(deviceId, row.recordType, row.recordId, row.seq);
                    !h) {
                    return h;
                }
            }
        }
        if (auto h = session.recordsSent(deviceId, sent); !h) {
            return h;
        }
        // Entries left out of the last page were superseded by newer ones already read, so the
        // end of the log is a safe cursor when no page follows.
        if (response.changes_size() > 0) {
            AuditEntry audit{principal.user.id(),
                             principal.device.id(),
                             "pull",
                             v1::RECORD_TYPE_UNSPECIFIED,
                             "",
                             "ok",
                             std::to_string(response.changes_size()) + " changes"};
            if (auto a = session.appendAudit(audit, now); !a) {
                return a;
            }
        }
        if (council->has_value() && (*council)->revision() != request.council_revision()) {
            *response.mutable_council() = **council;
        }
        if (principal.user.role() == v1::ROLE_COORDINATOR) {
            auto alerts = session.openAlertCount();
            if (!alerts) {
                return alerts.error();
            }
            response.set_open_alerts(*alerts);
        }
        response.set_next_cursor(hasMore ? rows->back().seq : *last);
        response.set_has_more(hasMore);
        response.set_log_end(*last);
        *response.mutable_server_time() = fromMs(now);
        return {};
    });
    if (!s) {
        return s.error();
    }
    if (sweptNow && !sweptFull) {
        m_sweptAtMs.store(now);
    }
    return response;
}

} // namespace doorstep::server
