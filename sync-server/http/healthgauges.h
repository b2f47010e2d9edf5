#pragma once

#include "environment/clock.h"
#include "store/store.h"

#include <filesystem>
#include <string>

namespace doorstep::server {

// What an operator watches, read from the store at each scrape of GET /metrics and written
// as Prometheus gauges: lone-worker alerts open, the notification outbox (pending, the age
// of the oldest, failed), devices (active and revoked, each one's last contact, and how many
// have not been seen for 7 and 30 days) and the store's size on disk. The alert rules in
// packaging/prometheus/doorstep-alerts.yml and docs/runbook.md are written against these.
class HealthGauges
{
public:
    HealthGauges(Store &store, const Clock &clock) : m_store(store), m_clock(clock) {}
    std::string render() const;

private:
    Store &m_store;
    const Clock &m_clock;
};

} // namespace doorstep::server
