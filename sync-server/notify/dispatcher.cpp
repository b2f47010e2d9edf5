#include "notify/dispatcher.h"

#include <algorithm>

namespace doorstep::server {

std::int64_t NotificationDispatcher::retryDelayMs(int attempts)
{
    constexpr std::int64_t minute = 60 * 1000;
    return std::min<std::int64_t>(60 * minute, minute << std::min(std::max(attempts - 1, 0), 6));
}

Status NotificationDispatcher::record(const Notification &n, const DeliveryAttempt &attempt)
{
    return m_store.write(
        [&](StoreSession &session) { return session.recordDelivery(n.id, attempt); });
}

Result<NotificationDispatcher::Round> NotificationDispatcher::deliverDue(int limit)
{
    Round round;
    std::vector<Notification> due;
    Status read = m_store.read([&](StoreSession &session) -> Status {
        auto d = session.dueNotifications(m_clock.nowMs(), limit);
        if (!d) {
            return d.error();
        }
        due = std::move(*d);
        return {};
    });
    if (!read) {
        return read.error();
    }
    // A channel held now (asked to wait), or down in this round.
    bool held[2] = {m_clock.nowMs() < m_holdUntilMs[0], m_clock.nowMs() < m_holdUntilMs[1]};
    for (const Notification &n : due) {
        const int channel = n.address.find('@') != std::string::npos ? 1 : 0;
        if (held[channel]) {
            round.held = true;
            continue;
        }
        const SendAnswer answer = m_sender.send(n);
        DeliveryAttempt a;
        a.atMs = m_clock.nowMs();
        a.delivered = answer.ok();
        a.providerId = answer.providerId();
        a.error = answer.ok() ? std::string() : answer.error().message;
        const int attempts = n.attempts + 1;
        switch (answer.kind()) {
        case SendAnswer::Kind::Accepted:
            ++round.delivered;
            break;
        case SendAnswer::Kind::Refused:
            ++round.gaveUp;
            break;
        case SendAnswer::Kind::Throttled:
            // Not counted: the same notification goes first once the wait is over.
            a.counts = false;
            m_holdUntilMs[channel] = a.atMs + (answer.waitMs() > 0 ? answer.waitMs() : kThrottleMs);
            a.retryAtMs = m_holdUntilMs[channel];
            held[channel] = true;
            break;
        case SendAnswer::Kind::Failed:
        case SendAnswer::Kind::ProviderDown:
            if (attempts >= maxAttempts) {
                ++round.gaveUp;
            } else {
                ++round.failed;
                a.retryAtMs = a.atMs + retryDelayMs(attempts);
            }
            held[channel] = answer.kind() == SendAnswer::Kind::ProviderDown;
            break;
        }
        if (Status s = record(n, a); !s) {
            return s.error();
        }
        round.held = round.held || held[channel];
    }
    return round;
}

Result<NotificationDispatcher::Confirmation> NotificationDispatcher::confirmDelivered(int limit)
{
    Confirmation c;
    if (!m_sender.reportsBack()) {
        return c;
    }
    const std::int64_t now = m_clock.nowMs();
    std::vector<Notification> open;
    Status read = m_store.read([&](StoreSession &session) -> Status {
        auto u = session.unconfirmedNotifications(now - kRecheckMs, now - kConfirmForMs, limit);
        if (!u) {
            return u.error();
        }
        open = std::move(*u);
        return {};
    });
    if (!read) {
        return read.error();
    }
    for (const Notification &n : open) {
        auto report = m_sender.report(n);
        if (!report) {
            // The provider cannot say now; every other question would fail the same way.
            return report.error();
        }
        ProviderReport r;
        r.atMs = m_clock.nowMs();
        r.status = report->status;
        switch (report->outcome) {
        case DeliveryReport::Outcome::Pending:
            ++c.pending;
            break;
        case DeliveryReport::Outcome::Delivered:
            ++c.delivered;
            break;
        case DeliveryReport::Outcome::Retry:
            r.failed = true;
            r.error = report->reason;
            if (n.attempts >= maxAttempts) {
                ++c.failed;
            } else {
                ++c.retried;
                r.retryAtMs = r.atMs + retryDelayMs(n.attempts);
            }
            break;
        case DeliveryReport::Outcome::Failed:
            r.failed = true;
            r.error = report->reason;
            ++c.failed;
            break;
        }
        if (Status s = m_store.write(
                [&](StoreSession &session) { return session.recordProviderReport(n.id, r); });
            !s) {
            return s.error();
        }
    }
    return c;
}

} // namespace doorstep::server
