// PgSession, continued: the notification outbox and the visits it watches.

#include "store/pgsession.h"

namespace doorstep::server {

namespace {

constexpr const char *kColumns =
    "SELECT id, kind, about_id, recipient_user_id, address, subject, body, created_at, attempts,"
    " next_attempt_at, delivered_at, last_error, personalisation, provider_id, provider_status"
    " FROM notifications";

Result<std::vector<Notification>> notifications(Result<pg::Rows> rows)
{
    if (!rows) {
        return rows.error();
    }
    std::vector<Notification> out;
    for (int i = 0; i < rows->size(); ++i) {
        Notification n;
        n.id = rows->text(i, 0);
        n.kind = rows->text(i, 1);
        n.aboutId = rows->text(i, 2);
        n.recipientUserId = rows->text(i, 3);
        n.address = rows->text(i, 4);
        n.subject = rows->text(i, 5);
        n.body = rows->text(i, 6);
        n.createdAtMs = rows->int64(i, 7);
        n.attempts = static_cast<int>(rows->int64(i, 8));
        if (!rows->isNull(i, 9)) {
            n.nextAttemptAtMs = rows->int64(i, 9);
        }
        if (!rows->isNull(i, 10)) {
            n.deliveredAtMs = rows->int64(i, 10);
        }
        n.lastError = rows->text(i, 11);
        n.personalisation = rows->text(i, 12);
        n.providerId = rows->text(i, 13);
        n.providerStatus = rows->text(i, 14);
        out.push_back(std::move(n));
    }
    return out;
}

Result<int> count(Result<pg::Rows> rows)
{
    if (!rows) {
        return rows.error();
    }
    return static_cast<int>(rows->int64(0, 0));
}

} // namespace

Status PgSession::enqueueNotification(const Notification &n)
{
    auto r = m_c.exec(
        "INSERT INTO notifications (id, kind, about_id, recipient_user_id, address, subject,"
        " body, created_at, next_attempt_at, personalisation)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)"
        " ON CONFLICT (kind, about_id, recipient_user_id, address) DO NOTHING",
        pg::Params()
            .text(n.id)
            .text(n.kind)
            .text(n.aboutId)
            .text(n.recipientUserId)
            .text(n.address)
            .text(n.subject)
            .text(n.body)
            .int64(n.createdAtMs)
            .text(n.personalisation.empty() ? std::string("{}") : n.personalisation));
    return r ? Status() : Status(r.error());
}

Result<std::vector<v1::Visit>> PgSession::visitsInAlert()
{
    return bodies<v1::Visit>("SELECT body FROM visits WHERE status = $1",
                             pg::Params().int64(v1::VISIT_STATUS_ALERT), "visit");
}

Result<std::vector<v1::Visit>> PgSession::visitsOfCase(std::string_view caseId)
{
    return bodies<v1::Visit>("SELECT body FROM visits WHERE case_id = $1",
                             pg::Params().text(caseId), "visit");
}

Result<int> PgSession::openAlertCount()
{
    return count(m_c.exec("SELECT count(*) FROM visits WHERE status = $1",
                          pg::Params().int64(v1::VISIT_STATUS_ALERT)));
}

Result<StoreHealth> PgSession::health()
{
    auto rows = m_c.exec("SELECT"
                         " (SELECT count(*) FROM notifications"
                         "   WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL),"
                         " (SELECT coalesce(min(created_at), 0) FROM notifications"
                         "   WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL),"
                         " (SELECT count(*) FROM notifications"
                         "   WHERE delivered_at IS NULL AND next_attempt_at IS NULL)");
    if (!rows) {
        return rows.error();
    }
    StoreHealth h;
    h.notificationsPending = static_cast<int>(rows->int64(0, 0));
    h.oldestPendingCreatedMs = rows->int64(0, 1);
    h.notificationsFailed = static_cast<int>(rows->int64(0, 2));
    auto alerts = openAlertCount();
    if (!alerts) {
        return alerts.error();
    }
    h.openAlerts = *alerts;
    return h;
}

Result<std::vector<v1::Visit>> PgSession::visitsOut(std::int64_t sinceMs, std::int64_t nowMs)
{
    // The scheduled ones through visits_scheduled_by_start: no visit's window is a day long.
    return bodies<v1::Visit>(
        "SELECT body FROM visits WHERE status IN (2, 3, 4)"
        " UNION ALL SELECT body FROM visits WHERE status = 1 AND window_start >= $1 - 86400000"
        " AND window_start < $2 AND window_end >= $1 AND window_end < $2",
        pg::Params().int64(sinceMs).int64(nowMs), "visit");
}

Result<std::vector<v1::Visit>> PgSession::visitsToRemind(std::int64_t fromMs, std::int64_t toMs)
{
    return bodies<v1::Visit>(
        "SELECT v.body FROM visits v WHERE v.status = 1 AND v.window_start >= $1"
        " AND v.window_start < $2 AND NOT EXISTS (SELECT 1 FROM notifications n"
        " WHERE n.kind = 'visit_reminder' AND n.about_id = v.id || '@' || v.window_start)"
        " ORDER BY v.window_start",
        pg::Params().int64(fromMs).int64(toMs), "visit");
}

Result<std::optional<Notification>> PgSession::claimDueNotification(std::int64_t nowMs, bool email,
                                                                    std::int64_t claimUntilMs)
{
    // SKIP LOCKED: one another server is claiming is passed over, not waited for.
    static const std::string sql =
        std::string(kColumns) +
        " WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1"
        " AND (strpos(address, '@') > 0) = ($2 = 1)"
        " ORDER BY kind IN ('alert', 'alert_escalation', 'overdue_alert') DESC,"
        " next_attempt_at, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";
    auto due = notifications(m_c.exec(sql, pg::Params().int64(nowMs).int64(email ? 1 : 0)));
    if (!due) {
        return due.error();
    }
    if (due->empty()) {
        return std::optional<Notification>();
    }
    auto claimed = m_c.exec("UPDATE notifications SET next_attempt_at = $2 WHERE id = $1",
                            pg::Params().text(due->front().id).int64(claimUntilMs));
    if (!claimed) {
        return claimed.error();
    }
    return std::optional<Notification>(std::move(due->front()));
}

Status PgSession::recordDelivery(std::string_view id, const DeliveryAttempt &a)
{
    // A new attempt starts afresh with the provider: its id, no status yet.
    pg::Params p;
    p.text(id);
    a.delivered ? p.int64(a.atMs) : p.nullInt64();
    !a.delivered &&a.retryAtMs ? p.int64(*a.retryAtMs) : p.nullInt64();
    p.text(a.delivered ? std::string() : a.error);
    p.int64(a.counts ? 1 : 0);
    p.text(a.delivered ? a.providerId : std::string());
    a.claimedUntilMs ? p.int64(*a.claimedUntilMs) : p.nullInt64();
    auto r = m_c.exec("UPDATE notifications SET attempts = attempts + $5,"
                      " delivered_at = $2, next_attempt_at = $3, last_error = $4,"
                      " provider_id = $6, provider_status = '', status_checked_at = NULL"
                      " WHERE id = $1 AND ($7::bigint IS NULL OR next_attempt_at = $7)",
                      p);
    return r ? Status() : Status(r.error());
}

Result<std::vector<Notification>>
PgSession::claimUnconfirmedNotifications(std::int64_t checkedBeforeMs, std::int64_t acceptedAfterMs,
                                         std::int64_t nowMs, int limit)
{
    // The same condition as the notifications_tracked index.
    static const std::string sql =
        std::string(kColumns) +
        " WHERE provider_id != '' AND provider_status IN ('', 'created', 'sending', 'pending')"
        " AND coalesce(status_checked_at, 0) < $1 AND delivered_at > $2"
        " ORDER BY coalesce(status_checked_at, 0), delivered_at LIMIT $3 FOR UPDATE SKIP LOCKED";
    auto open = notifications(
        m_c.exec(sql, pg::Params().int64(checkedBeforeMs).int64(acceptedAfterMs).int64(limit)));
    if (!open) {
        return open.error();
    }
    for (const Notification &n : *open) {
        auto claimed = m_c.exec("UPDATE notifications SET status_checked_at = $2 WHERE id = $1",
                                pg::Params().text(n.id).int64(nowMs));
        if (!claimed) {
            return claimed.error();
        }
    }
    return open;
}

Status PgSession::recordProviderReport(std::string_view id, const ProviderReport &r)
{
    // Not delivered after all: out of the delivered ones, and either due again (a new attempt,
    // which clears the provider's id) or failed with the provider's reason.
    pg::Params p;
    p.text(id).text(r.status).int64(r.atMs);
    if (r.failed) {
        r.retryAtMs ? p.int64(*r.retryAtMs) : p.nullInt64();
        p.text(r.error);
    }
    auto done = r.failed ? m_c.exec("UPDATE notifications SET provider_status = $2,"
                                    " status_checked_at = $3, delivered_at = NULL,"
                                    " next_attempt_at = $4, last_error = $5 WHERE id = $1",
                                    p)
                         : m_c.exec("UPDATE notifications SET provider_status = $2,"
                                    " status_checked_at = $3 WHERE id = $1",
                                    p);
    return done ? Status() : Status(done.error());
}

Result<std::vector<Notification>> PgSession::listNotifications(bool failedOnly)
{
    static const std::string all = std::string(kColumns) + " ORDER BY created_at DESC, id";
    static const std::string failed = std::string(kColumns) +
                                      " WHERE delivered_at IS NULL AND next_attempt_at IS NULL"
                                      " ORDER BY created_at DESC, id";
    return notifications(m_c.exec(failedOnly ? failed : all));
}

} // namespace doorstep::server
