#pragma once

// Where notifications go. The dispatcher hands each due notification to one sender and
// records what it answered; a sender never touches the store.

#include "error/result.h"
#include "store/storesession.h"

#include <iosfwd>
#include <mutex>
#include <string>

namespace doorstep::server {

class NotificationSender
{
public:
    virtual ~NotificationSender() = default;
    // Delivers it, or fails with an error a council administrator can act on.
    virtual Status send(const Notification &n) = 0;
};

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
    Status send(const Notification &n) override;

private:
    std::ostream &m_out;
    std::mutex m_mutex;
};

} // namespace doorstep::server
