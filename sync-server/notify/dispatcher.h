#pragma once

// Delivers the notification outbox: each due notification goes to the sender outside any
// transaction, and the attempt is recorded. A failure is retried with exponential back-off
// (1 minute, doubling, at most 1 hour apart); after `maxAttempts` the notification is given
// up on and stays listed as failed (`doorstep-server notifications --failed`), with its
// last error, until an administrator acts. One the sender refuses outright (a number that
// is not a UK mobile) is given up on at once, and so is a visit's reminder still undelivered
// when the visit starts (never sent late). Email goes first, then texts, each channel read
// on its own with alerts first: when the provider is down, nothing more goes by that channel
// in this round; when it asks us to slow down, nothing more goes by that channel until the
// time it asked for. The other channel carries on: a lone-working alert's email must not wait
// for a text gateway's trouble.
//
// Every server process runs a dispatcher; each notification is claimed in the store before it
// is sent (StoreSession::claimDueNotification), so it goes once, whichever server takes it.
//
// A provider that reports back (GOV.UK Notify) is asked, at most once a minute per
// notification and for up to 7 days, what became of each one it accepted: delivered; not
// delivered but worth sending again (a phone switched off), which counts as an attempt; or
// not delivered for good (no such number), which is a failure like any other.

#include "environment/clock.h"
#include "notify/sender.h"
#include "store/store.h"

namespace doorstep::server {

class NotificationDispatcher
{
public:
    static constexpr int maxAttempts = 8;
    static constexpr std::int64_t kRecheckMs = 60 * 1000;
    static constexpr std::int64_t kConfirmForMs = 7LL * 24 * 3600 * 1000;
    // How long a notification claimed for sending is left to its sender before another server
    // process may send it: beyond any send's own limit (GOV.UK Notify 20 s in all; SMTP three
    // steps' timeouts in all, 60 s by default), so only a server that died mid-send leaves one
    // to run out, and then it goes again, not never. The servers' clocks are assumed to agree
    // to well within it (NTP).
    static constexpr std::int64_t kClaimMs = 2 * 60 * 1000;
    // How long to hold off after a 429 that does not say.
    static constexpr std::int64_t kThrottleMs = 60 * 1000;

    NotificationDispatcher(Store &store, const Clock &clock, NotificationSender &sender)
        : m_store(store), m_clock(clock), m_sender(sender)
    {}

    struct Round
    {
        int delivered = 0;
        int failed = 0;    // will be retried
        int gaveUp = 0;    // failed for the last time, or refused
        bool held = false; // a channel was held: provider down, or asked us to wait
    };
    // One pass over what is due now.
    Result<Round> deliverDue(int limit = 100);

    struct Confirmation
    {
        int delivered = 0;  // the provider confirmed delivery
        int pending = 0;    // not known yet
        int retried = 0;    // not delivered; due again
        int failed = 0;     // not delivered, given up on
        int unanswered = 0; // the provider could not say; asked again later
    };
    // One pass over what the provider has to report; nothing without such a provider. Kept
    // short: it runs between delivery rounds, on the same thread.
    Result<Confirmation> confirmDelivered(int limit = 20);

    // The delay before attempt number `attempts + 1`, after `attempts` failures.
    static std::int64_t retryDelayMs(int attempts);

private:
    Status record(const Notification &n, const DeliveryAttempt &attempt);

    Store &m_store;
    const Clock &m_clock;
    NotificationSender &m_sender;
    // Nothing goes by the channel before then (429): [0] texts, [1] email.
    std::int64_t m_holdUntilMs[2] = {0, 0};
};

} // namespace doorstep::server
