#include "http/healthgauges.h"

#include "environment/timestamps.h"

#include <sstream>
#include <system_error>

namespace doorstep::server {

namespace {

void gauge(std::ostringstream &out, const char *name, const char *help)
{
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n";
}

} // namespace

std::string HealthGauges::render() const
{
    const std::int64_t now = m_clock.nowMs();
    StoreHealth health;
    std::vector<v1::Device> devices;
    const Status read = m_store.read([&](StoreSession &session) -> Status {
        auto h = session.health();
        if (!h) {
            return h.error();
        }
        health = *h;
        auto d = session.listDevices({});
        if (!d) {
            return d.error();
        }
        devices = std::move(*d);
        return {};
    });
    std::ostringstream out;
    gauge(out, "doorstep_store_readable", "1 when the store answered this scrape, else 0.");
    out << "doorstep_store_readable " << (read ? 1 : 0) << '\n';
    std::error_code ec;
    auto size = m_store.bytesOnDisk();
    const std::uint64_t bytes = size ? *size : 0;
    gauge(out, "doorstep_store_bytes",
          "The store's size on disk (SQLite: with its write-ahead log).");
    out << "doorstep_store_bytes " << bytes << '\n';
    if (!read) {
        return out.str();
    }
    gauge(out, "doorstep_lone_worker_alerts_open",
          "Lone-worker alerts raised by officers and not yet closed by a coordinator.");
    out << "doorstep_lone_worker_alerts_open " << health.openAlerts << '\n';
    gauge(out, "doorstep_notifications_pending", "Notifications waiting to be delivered.");
    out << "doorstep_notifications_pending " << health.notificationsPending << '\n';
    gauge(out, "doorstep_notifications_oldest_pending_age_seconds",
          "How long the oldest waiting notification has waited; 0 when none wait.");
    out << "doorstep_notifications_oldest_pending_age_seconds "
        << (health.oldestPendingCreatedMs ? (now - health.oldestPendingCreatedMs) / 1000 : 0)
        << '\n';
    gauge(out, "doorstep_notifications_failed",
          "Notifications given up on (doorstep-server notifications --failed lists them).");
    out << "doorstep_notifications_failed " << health.notificationsFailed << '\n';

    int active = 0;
    int revoked = 0;
    int unseen7 = 0;
    int unseen30 = 0;
    std::ostringstream seen;
    for (const auto &d : devices) {
        if (d.status() == v1::DEVICE_STATUS_REVOKED) {
            ++revoked;
            continue;
        }
        ++active;
        const std::int64_t last =
            toMs(d.last_seen_at().seconds() ? d.last_seen_at() : d.enrolled_at());
        unseen7 += now - last > 7 * 24 * 3600 * 1000LL ? 1 : 0;
        unseen30 += now - last > 30 * 24 * 3600 * 1000LL ? 1 : 0;
        // Device ids are the server's own, one series per enrolled tablet.
        seen << "doorstep_device_last_seen_timestamp_seconds{device=\"" << d.id() << "\"} "
             << last / 1000 << '\n';
    }
    gauge(out, "doorstep_devices", "Enrolled devices by status.");
    out << "doorstep_devices{status=\"active\"} " << active << '\n'
        << "doorstep_devices{status=\"revoked\"} " << revoked << '\n';
    gauge(out, "doorstep_devices_unseen",
          "Active devices that have not renewed their token for more than `days` days.");
    out << "doorstep_devices_unseen{days=\"7\"} " << unseen7 << '\n'
        << "doorstep_devices_unseen{days=\"30\"} " << unseen30 << '\n';
    gauge(out, "doorstep_device_last_seen_timestamp_seconds",
          "When each active device last renewed its token (Unix time).");
    out << seen.str();
    return out.str();
}

} // namespace doorstep::server
