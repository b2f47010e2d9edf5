// SqliteSession, continued: the notification outbox.

#include "db/statement.h"
#include "store/sqlitesession.h"

namespace doorstep::server {

namespace {

constexpr const char *kColumns =
    "SELECT id, kind, about_id, recipient_user_id, address, subject, body, created_at, attempts,"
    " next_attempt_at, delivered_at, last_error, personalisation, provider_id, provider_status"
    " FROM notifications";

Notification readNotification(const db::Statement &st)
{
    Notification n;
    n.id = st.text(0);
    n.kind = st.text(1);
    n.aboutId = st.text(2);
    n.recipientUserId = st.text(3);
    n.address = st.text(4);
    n.subject = st.text(5);
    n.body = st.text(6);
    n.createdAtMs = st.int64(7);
    n.attempts = static_cast<int>(st.int64(8));
    if (!st.isNull(9)) {
        n.nextAttemptAtMs = st.int64(9);
    }
    if (!st.isNull(10)) {
        n.deliveredAtMs = st.int64(10);
    }
    n.lastError = st.text(11);
    n.personalisation = st.text(12);
    n.providerId = st.text(13);
    n.providerStatus = st.text(14);
    return n;
}

Result<std::vector<Notification>> readAll(db::Statement &st)
{
    std::vector<Notification> out;
    if (Status s = st.forEach([&]() -> Status {
            out.push_back(readNotification(st));
            return {};
        });
        !s) {
        return s.error();
    }
    return out;
}

} // namespace

Status SqliteSession::enqueueNotification(const Notification &n)
{
    auto st = m_db.prepare(
        "INSERT INTO notifications (id, kind, about_id, recipient_user_id, address, subject,"
        " body, created_at, next_attempt_at, personalisation)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
        " ON CONFLICT (kind, about_id, recipient_user_id, address) DO NOTHING");
    if (!st) {
        return st.error();
    }
    st->bind(1, n.id).bind(2, n.kind).bind(3, n.aboutId).bind(4, n.recipientUserId);
    st->bind(5, n.address).bind(6, n.subject).bind(7, n.body).bind(8, n.createdAtMs);
    st->bind(9, n.personalisation.empty() ? std::string("{}") : n.personalisation);
    return st->run();
}

namespace {

Result<std::vector<v1::Visit>> readVisits(db::Statement &st)
{
    std::vector<v1::Visit> out;
    if (Status s = st.forEach([&]() -> Status {
            v1::Visit v;
            const std::string body = st.blob(0);
            if (!v.ParseFromString(body)) {
                return makeError(v1::ERROR_CODE_INTERNAL, "A stored visit is unreadable");
            }
            out.push_back(std::move(v));
            return {};
        });
        !s) {
        return s.error();
    }
    return out;
}

} // namespace

Result<std::vector<v1::Visit>> SqliteSession::visitsInAlert()
{
    auto st = m_db.prepare("SELECT body FROM visits WHERE status = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, static_cast<std::int64_t>(v1::VISIT_STATUS_ALERT));
    return readVisits(*st);
}

Result<std::vector<v1::Visit>> SqliteSession::visitsOfCase(std::string_view caseId)
{
    auto st = m_db.prepare("SELECT body FROM visits WHERE case_id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, caseId);
    return readVisits(*st);
}

Result<int> SqliteSession::openAlertCount()
{
    auto st = m_db.prepare("SELECT count(*) FROM visits WHERE status = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, static_cast<std::int64_t>(v1::VISIT_STATUS_ALERT));
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    return static_cast<int>(st->int64(0));
}

Result<StoreHealth> SqliteSession::health()
{
    auto st = m_db.prepare("SELECT"
                           " (SELECT count(*) FROM notifications"
                           "   WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL),"
                           " (SELECT coalesce(min(created_at), 0) FROM notifications"
                           "   WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL),"
                           " (SELECT count(*) FROM notifications"
                           "   WHERE delivered_at IS NULL AND next_attempt_at IS NULL)");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    StoreHealth h;
    h.notificationsPending = static_cast<int>(st->int64(0));
    h.oldestPendingCreatedMs = st->int64(1);
    h.notificationsFailed = static_cast<int>(st->int64(2));
    auto alerts = openAlertCount();
    if (!alerts) {
        return alerts.error();
    }
    h.openAlerts = *alerts;
    return h;
}

Result<std::vector<v1::Visit>> SqliteSession::visitsOut(std::int64_t sinceMs, std::int64_t nowMs)
{
    // The scheduled ones through visits_scheduled_by_start: no visit's window is a day long.
    auto st = m_db.prepare(
        "SELECT body FROM visits WHERE status IN (2, 3, 4)"
        " UNION ALL SELECT body FROM visits WHERE status = 1 AND window_start >= ?1 - 86400000"
        " AND window_start < ?2 AND window_end >= ?1 AND window_end < ?2");
    if (!st) {
        return st.error();
    }
    st->bind(1, sinceMs).bind(2, nowMs);
    return readVisits(*st);
}

Result<std::vector<v1::Visit>> SqliteSession::visitsToRemind(std::int64_t fromMs, std::int64_t toMs)
{
    // Every planning round looks a day ahead; the visits already reminded are skipped here,
    // through the outbox's (kind, about_id, ...) unique index, rather than looked up again.
    auto st = m_db.prepare(
        "SELECT v.body FROM visits v WHERE v.status = 1 AND v.window_start >= ?1"
        " AND v.window_start < ?2 AND NOT EXISTS (SELECT 1 FROM notifications n"
        " WHERE n.kind = 'visit_reminder' AND n.about_id = v.id || '@' || v.window_start)"
        " ORDER BY v.window_start");
    if (!st) {
        return st.error();
    }
    st->bind(1, fromMs).bind(2, toMs);
    return readVisits(*st);
}

Result<std::optional<Notification>>
SqliteSession::claimDueNotification(std::int64_t nowMs, bool email, std::int64_t claimUntilMs)
{
    // In the write transaction: one writer at a time, so nobody else claims it meanwhile.
    static const std::string sql =
        std::string(kColumns) +
        " WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?1"
        " AND (instr(address, '@') > 0) = ?2"
        " ORDER BY kind IN ('alert', 'alert_escalation', 'overdue_alert') DESC,"
        " next_attempt_at, created_at, id LIMIT 1";
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    st->bind(1, nowMs).bind(2, email ? 1 : 0);
    auto due = readAll(*st);
    if (!due) {
        return due.error();
    }
    if (due->empty()) {
        return std::optional<Notification>();
    }
    auto claim = m_db.prepare("UPDATE notifications SET next_attempt_at = ?2 WHERE id = ?1");
    if (!claim) {
        return claim.error();
    }
    claim->bind(1, due->front().id).bind(2, claimUntilMs);
    if (Status s = claim->run(); !s) {
        return s.error();
    }
    return std::optional<Notification>(std::move(due->front()));
}

Status SqliteSession::recordDelivery(std::string_view id, const DeliveryAttempt &a)
{
    // A new attempt starts afresh with the provider: its id, no status yet.
    auto st = m_db.prepare("UPDATE notifications SET attempts = attempts + ?5,"
                           " delivered_at = ?2, next_attempt_at = ?3, last_error = ?4,"
                           " provider_id = ?6, provider_status = '', status_checked_at = NULL"
                           " WHERE id = ?1 AND (?7 IS NULL OR next_attempt_at = ?7)");
    if (!st) {
        return st.error();
    }
    st->bind(1, id);
    if (a.delivered) {
        st->bind(2, a.atMs);
    } else {
        st->bindNull(2);
    }
    if (!a.delivered && a.retryAtMs) {
        st->bind(3, *a.retryAtMs);
    } else {
        st->bindNull(3);
    }
    st->bind(4, a.delivered ? std::string() : a.error);
    st->bind(5, a.counts ? 1 : 0);
    st->bind(6, a.delivered ? a.providerId : std::string());
    if (a.claimedUntilMs) {
        st->bind(7, *a.claimedUntilMs);
    } else {
        st->bindNull(7);
    }
    return st->run();
}

Result<std::vector<Notification>> SqliteSession::claimUnconfirmedNotifications(
    std::int64_t checkedBeforeMs, std::int64_t acceptedAfterMs, std::int64_t nowMs, int limit)
{
    // The same condition as the notifications_tracked index.
    static const std::string sql =
        std::string(kColumns) +
        " WHERE provider_id != '' AND provider_status IN ('', 'created', 'sending', 'pending')"
        " AND coalesce(status_checked_at, 0) < ?1 AND delivered_at > ?2"
        " ORDER BY coalesce(status_checked_at, 0), delivered_at LIMIT ?3";
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    st->bind(1, checkedBeforeMs).bind(2, acceptedAfterMs).bind(3, limit);
    auto open = readAll(*st);
    if (!open) {
        return open.error();
    }
    auto claim = m_db.prepare("UPDATE notifications SET status_checked_at = ?2 WHERE id = ?1");
    if (!claim) {
        return claim.error();
    }
    for (const Notification &n : *open) {
        claim->reset();
        claim->bind(1, n.id).bind(2, nowMs);
        if (Status s = claim->run(); !s) {
            return s.error();
        }
    }
    return open;
}

Status SqliteSession::recordProviderReport(std::string_view id, const ProviderReport &r)
{
    // Not delivered after all: out of the delivered ones, and either due again (a new attempt,
    // which clears the provider's id) or failed with the provider's reason.
    auto st = r.failed ? m_db.prepare("UPDATE notifications SET provider_status = ?2,"
                                      " status_checked_at = ?3, delivered_at = NULL,"
                                      " next_attempt_at = ?4, last_error = ?5 WHERE id = ?1")
                       : m_db.prepare("UPDATE notifications SET provider_status = ?2,"
                                      " status_checked_at = ?3 WHERE id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, id).bind(2, r.status).bind(3, r.atMs);
    if (r.failed) {
        if (r.retryAtMs) {
            st->bind(4, *r.retryAtMs);
        } else {
            st->bindNull(4);
        }
        st->bind(5, r.error);
    }
    return st->run();
}

Result<std::vector<Notification>> SqliteSession::listNotifications(bool failedOnly)
{
    static const std::string all = std::string(kColumns) + " ORDER BY created_at DESC, id";
    static const std::string failed = std::string(kColumns) +
                                      " WHERE delivered_at IS NULL AND next_attempt_at IS NULL"
                                      " ORDER BY created_at DESC, id";
    auto st = m_db.prepare(failedOnly ? failed : all);
    if (!st) {
        return st.error();
    }
    return readAll(*st);
}

} // namespace doorstep::server
