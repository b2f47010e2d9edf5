#include "notify/dispatcher.h"

#include <algorithm>
#include <optional>
#include <string>

namespace doorstep::server {

std::int64_t NotificationDispatcher::retryDelayMs(int attempts)
{
    constexpr std::int64_t minute = 60 * 1000;
    return std::min<std::int64_t>(60 * minute, minute << std::min(std::max(attempts - 1, 0), 6));
}

namespace {

// When a message is no use any more: a visit's reminder once the visit has started (its subject
// is "<visit id>@<start ms>", planner.cpp). Nothing else expires: an alert is tried until it
// is delivered or given up.
std::optional<std::int64_t> staleFrom(const Notification &n)
{
    const auto at = n.aboutId.rfind('@');
    if (n.kind != "visit_reminder" || at == std::string::npos) {
        return std::nullopt;
    }
    try {
        return std::stoll(n.aboutId.substr(at + 1));
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

} // namespace

Status NotificationDispatcher::record(const Notification &n, const DeliveryAttempt &attempt)
{
    return m_store.write(
        [&](StoreSession &session) { return session.recordDelivery(n.id, attempt); });
}

Result<NotificationDispatcher::Round> NotificationDispatcher::deliverDue(int limit)
{
    Round round;
    // Email first, each channel on its own: a text gateway that is slow, down or throttled
    // never holds up a lone-working alert's email. Within a channel, alerts go first.
    for (const int channel : {1, 0}) {
        if (m_clock.nowMs() < m_holdUntilMs[channel]) {
            round.held = true;
            continue;
        }
        for (int taken = 0; taken < limit; ++taken) {
            // Claimed before it is sent: another server process on the same database leaves
            // it alone until the claim runs out (kClaimMs), long after a send's own time limit.
            std::optional<Notification> due;
            std::int64_t claimedUntil = 0;
            Status claim = m_store.write([&](StoreSession &session) -> Status {
                const std::int64_t now = m_clock.nowMs();
                claimedUntil = now + kClaimMs;
                auto d = session.claimDueNotification(now, channel == 1, claimedUntil);
                if (!d) {
                    return d.error();
                }
                due = std::move(*d);
                return {};
            });
            if (!claim) {
                return claim.error();
            }
            if (!due) {
                break;
            }
            const Notification &n = *due;
            if (const auto stale = staleFrom(n); stale && m_clock.nowMs() >= *stale) {
                DeliveryAttempt late;
                late.atMs = m_clock.nowMs();
                late.error = "The visit has started: the reminder was not sent (last problem: " +
                             (n.lastError.empty() ? std::string("none") : n.lastError) + ")";
                late.counts = false;
                late.claimedUntilMs = claimedUntil;
                if (Status s = record(n, late); !s) {
                    return s.error();
                }
                ++round.gaveUp;
                continue;
            }
            const SendAnswer answer = m_sender.send(n);
            DeliveryAttempt a;
            a.atMs = m_clock.nowMs();
            a.delivered = answer.ok();
            a.providerId = answer.providerId();
            a.error = answer.ok() ? std::string() : answer.error().message;
            a.claimedUntilMs = claimedUntil;
            const int attempts = n.attempts + 1;
            bool held = false;
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
                m_holdUntilMs[channel] =
                    a.atMs + (answer.waitMs() > 0 ? answer.waitMs() : kThrottleMs);
                a.retryAtMs = m_holdUntilMs[channel];
                held = true;
                break;
            case SendAnswer::Kind::Failed:
            case SendAnswer::Kind::ProviderDown:
                if (attempts >= maxAttempts) {
                    ++round.gaveUp;
                } else {
                    ++round.failed;
                    a.retryAtMs = a.atMs + retryDelayMs(attempts);
                }
                held = answer.kind() == SendAnswer::Kind::ProviderDown;
                break;
            }
            if (Status s = record(n, a); !s) {
                return s.error();
            }
            if (held) {
                round.held = true;
                break; // nothing more by this channel in this round
            }
        }
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
    Status read = m_store.write([&](StoreSession &session) -> Status {
        auto u = session.claimUnconfirmedNotifications(now - kRecheckMs, now - kConfirmForMs, now,
                                                       limit);
        if (!u) {
            return u.error();
        }
        open = std::move(*u);
        return {};
    });
    if (!read) {
        return read.error();
    }
    int unanswered = 0;
    for (const Notification &n : open) {
        auto report = m_sender.report(n);
        if (!report) {
            // Asked again in a minute, after the others: one unreadable answer must not stop
            // every receipt. Three in a row is the provider down: stop this round.
            if (Status s = m_store.write([&](StoreSession &session) {
                    ProviderReport same;
                    same.atMs = m_clock.nowMs();
                    same.status = n.providerStatus;
                    return session.recordProviderReport(n.id, same);
                });
                !s) {
                return s.error();
            }
            ++c.unanswered;
            if (++unanswered >= 3) {
                return report.error();
            }
            continue;
        }
        unanswered = 0;
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
