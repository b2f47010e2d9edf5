#pragma once

// Where notifications go. The dispatcher hands each due notification to one sender and
// records what it answered; a sender never touches the store.

#include "error/result.h"
#include "store/storesession.h"

#include <iosfwd>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace doorstep::server {

// What a sender answered for one notification. A failure carries an error a council
// administrator can act on, and says what the dispatcher should do next.
class SendAnswer
{
public:
    enum class Kind {
        Accepted,     // taken for delivery
        Failed,       // not taken this time: try it again after the back-off
        Refused,      // can never be taken as it stands (a number that is not a mobile, a
                      // template's field missing): give up on it now
        ProviderDown, // the provider failed or refused us (5xx, a rejected key): try it again
                      // after the back-off, and leave the rest of this round alone
        Throttled,    // the provider asked us to slow down (429): not this notification's
                      // fault; wait `waitMs` before sending anything more
    };

    // Accepted; `providerId` is the provider's id for it when the provider reports back.
    static SendAnswer accepted(std::string providerId = {})
    {
        SendAnswer a;
        a.m_providerId = std::move(providerId);
        return a;
    }
    static SendAnswer failed(Kind kind, Error error, std::int64_t waitMs = 0)
    {
        SendAnswer a;
        a.m_kind = kind;
        a.m_error = std::move(error);
        a.m_waitMs = waitMs;
        return a;
    }
    // An error is an ordinary failure; a Status is accepted when it is ok.
    SendAnswer(Error error) : m_kind(Kind::Failed), m_error(std::move(error)) {}
    SendAnswer(const Status &s)
        : m_kind(s ? Kind::Accepted : Kind::Failed), m_error(s ? Error() : s.error())
    {}

    Kind kind() const { return m_kind; }
    bool ok() const { return m_kind == Kind::Accepted; }
    const std::string &providerId() const { return m_providerId; }
    const Error &error() const { return m_error; }
    std::int64_t waitMs() const { return m_waitMs; }

private:
    SendAnswer() = default;
    Kind m_kind = Kind::Accepted;
    std::string m_providerId;
    Error m_error;
    std::int64_t m_waitMs = 0;
};

// What a provider that reports back says now about a notification it accepted.
struct DeliveryReport
{
    enum class Outcome {
        Pending,   // not known yet: ask again later
        Delivered, // delivered (or, for a text abroad, sent with no receipt to come)
        Retry,     // not delivered, but sending it again may work (a phone switched off)
        Failed,    // not delivered, and never will be as it stands (no such number)
    };
    Outcome outcome = Outcome::Pending;
    std::string status; // the provider's own word, as the outbox records it
    std::string reason; // for a failure, in words an administrator can act on
};

class NotificationSender
{
public:
    virtual ~NotificationSender() = default;
    virtual SendAnswer send(const Notification &n) = 0;
    // A sender whose provider reports back later (GOV.UK Notify) reads one report; others
    // have nothing to say, and the dispatcher never asks them.
    virtual bool reportsBack() const { return false; }
    virtual Result<DeliveryReport> report(const Notification &n)
    {
        (void)n;
        return makeError(v1::ERROR_CODE_INTERNAL, "This sender does not report back");
    }
};

// A message's template fields as the outbox keeps them (Notification::personalisation): a
// JSON object of strings.
std::string templateFields(const std::vector<std::pair<std::string, std::string>> &fields);

// RFC 4648 base64 with padding (SMTP AUTH and encoded headers); base64url drops the padding
// and uses "-" and "_" (RFC 4648 section 5, as JSON Web Tokens need).
std::string base64(const std::string &in);
std::string base64url(const std::string &in);

// An address as logs may carry it: enough to tell recipients apart, not to reach anyone
// ("a***@***.uk", "***123"). Who it was is in the notification outbox.
std::string maskedAddress(const std::string &address);

// The default: one key=value line per notification on the server's log, for a council that
// has not configured email yet and for demonstrations. The body is not logged (it may carry
// a resident's outcome summary), nor the address in full (a resident's phone number); the
// body's length and a masked address are.
class LogSender final : public NotificationSender
{
public:
    explicit LogSender(std::ostream &out) : m_out(out) {}
    SendAnswer send(const Notification &n) override;

private:
    std::ostream &m_out;
    std::mutex m_mutex;
};

} // namespace doorstep::server
