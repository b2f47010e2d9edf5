#include "notify/sender.h"

#include <chrono>
#include <ctime>
#include <ostream>

namespace doorstep::server {

Status LogSender::send(const Notification &n)
{
    if (n.address.empty()) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "The recipient has no email address or phone number on record");
    }
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char ts[32];
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::lock_guard lock(m_mutex);
    m_out << "ts=" << ts << " level=info msg=notification id=" << n.id << " kind=" << n.kind
          << " about=" << n.aboutId << " to=" << n.address << " body_bytes=" << n.body.size()
          << '\n';
    m_out.flush();
    if (!m_out) {
        return makeError(v1::ERROR_CODE_IO, "The notification log could not be written");
    }
    return {};
}

} // namespace doorstep::server
