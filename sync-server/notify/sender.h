#pragma once

// Where notifications go. The dispatcher hands each due notification to one sender and
// records what it answered; a sender never touches the store.

#include "error/result.h"
#include "store/storesession.h"

#include <iosfwd>
#include <mutex>

namespace doorstep::server {

class NotificationSender
{
public:
    virtual ~NotificationSender() = default;
    // Delivers it, or fails with an error a council administrator can act on.
    virtual Status send(const Notification &n) = 0;
};

// The default: one key=value line per notification on the server's log, for a council that
// has not configured email yet and for demonstrations. The body is not logged (it may carry
// a resident's outcome summary); its length is.
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
