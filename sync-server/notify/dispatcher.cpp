#include "notify/dispatcher.h"

#include <algorithm>

namespace doorstep::server {

std::int64_t NotificationDispatcher::retryDelayMs(int attempts)
{
    constexpr std::int64_t minute = 60 * 1000;
    return std::min<std::int64_t>(60 * minute, minute << std::min(std::max(attempts - 1, 0), 6));
}

Result<NotificationDispatcher::Round> NotificationDispatcher::deliverDue(int limit)
{
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
    Round round;
    for (const Notification &n : due) {
        const Status sent = m_sender.send(n);
        const std::int64_t now = m_clock.nowMs();
        const int attempts = n.attempts + 1;
        std::optional<std::int64_t> retryAt;
        if (sent) {
            ++round.delivered;
        } else if (attempts >= maxAttempts) {
            ++round.gaveUp;
        } else {
            ++round.failed;
            retryAt = now + retryDelayMs(attempts);
        }
        Status recorded = m_store.write([&](StoreSession &session) {
            return session.recordDelivery(
                n.id, now, sent.ok(), sent ? std::string_view() : sent.error().message, retryAt);
        });
        if (!recorded) {
            return recorded.error();
        }
    }
    return round;
}

} // namespace doorstep::server
