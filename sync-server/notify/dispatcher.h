#pragma once

// Delivers the notification outbox: each due notification goes to the sender outside any
// transaction, and the attempt is recorded. A failure is retried with exponential back-off
// (1 minute, doubling, at most 1 hour apart); after `maxAttempts` the notification is given
// up on and stays listed as failed (`doorstep-server notifications --failed`), with its
// last error, until an administrator acts.

#include "environment/clock.h"
#include "notify/sender.h"
#include "store/store.h"

namespace doorstep::server {

class NotificationDispatcher
{
public:
    static constexpr int maxAttempts = 8;

    NotificationDispatcher(Store &store, const Clock &clock, NotificationSender &sender)
        : m_store(store), m_clock(clock), m_sender(sender)
    {}

    struct Round
    {
        int delivered = 0;
        int failed = 0; // will be retried
        int gaveUp = 0; // failed for the last time
    };
    // One pass over what is due now.
    Result<Round> deliverDue(int limit = 100);

    // The delay before attempt number `attempts + 1`, after `attempts` failures.
    static std::int64_t retryDelayMs(int attempts);

private:
    Store &m_store;
    const Clock &m_clock;
    NotificationSender &m_sender;
};

} // namespace doorstep::server
