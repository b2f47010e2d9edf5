#include "http/metrics.h"

#include <sstream>

namespace doorstep::server {

void Metrics::recordRequest(const std::string &route, int status, double seconds)
{
    std::lock_guard lock(m_mutex);
    ++m_requests[{route, status}];
    Histogram &h = m_latency[route];
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (seconds <= bounds[i]) {
            ++h.buckets[i];
        }
    }
    ++h.count;
    h.sum += seconds;
}

void Metrics::recordError(const std::string &code)
{
    std::lock_guard lock(m_mutex);
    ++m_errors[code];
}

void Metrics::recordPull(int changes)
{
    std::lock_guard lock(m_mutex);
    m_pulledChanges += static_cast<std::uint64_t>(changes);
    // The same bucket bounds, read as a number of changes x 1000.
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (changes <= bounds[i] * 1000) {
            ++m_pullSizes.buckets[i];
        }
    }
    ++m_pullSizes.count;
    m_pullSizes.sum += changes;
}

void Metrics::recordPushResult(const std::string &status)
{
    std::lock_guard lock(m_mutex);
    ++m_pushResults[status];
}

std::string Metrics::render() const
{
    std::lock_guard lock(m_mutex);
    std::ostringstream out;
    out << "# HELP doorstep_http_requests_total HTTP requests by route and status.\n"
        << "# TYPE doorstep_http_requests_total counter\n";
    for (const auto &[key, n] : m_requests) {
        out << "doorstep_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << n << '\n';
    }
    out << "# HELP doorstep_http_request_duration_seconds Time to answer a request.\n"
        << "# TYPE doorstep_http_request_duration_seconds histogram\n";
    for (const auto &[route, h] : m_latency) {
        for (std::size_t i = 0; i < bounds.size(); ++i) {
            out << "doorstep_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
                << bounds[i] << "\"} " << h.buckets[i] << '\n';
        }
        out << "doorstep_http_request_duration_seconds_bucket{route=\"" << route
            << "\",le=\"+Inf\"} " << h.count << '\n';
        out << "doorstep_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum
            << '\n';
        out << "doorstep_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count
            << '\n';
    }
    out << "# HELP doorstep_pull_changes Changes sent per pull page.\n"
        << "# TYPE doorstep_pull_changes histogram\n";
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        out << "doorstep_pull_changes_bucket{le=\"" << bounds[i] * 1000 << "\"} "
            << m_pullSizes.buckets[i] << '\n';
    }
    out << "doorstep_pull_changes_bucket{le=\"+Inf\"} " << m_pullSizes.count << '\n'
        << "doorstep_pull_changes_sum " << m_pullSizes.sum << '\n'
        << "doorstep_pull_changes_count " << m_pullSizes.count << '\n';
    out << "# HELP doorstep_push_mutations_total Pushed mutations by result.\n"
        << "# TYPE doorstep_push_mutations_total counter\n";
    for (const auto &[status, n] : m_pushResults) {
        out << "doorstep_push_mutations_total{result=\"" << status << "\"} " << n << '\n';
    }
    out << "# HELP doorstep_errors_total Error answers by error code.\n"
        << "# TYPE doorstep_errors_total counter\n";
    for (const auto &[code, n] : m_errors) {
        out << "doorstep_errors_total{code=\"" << code << "\"} " << n << '\n';
    }
    return out.str();
}

} // namespace doorstep::server
