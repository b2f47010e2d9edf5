#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace doorstep::server {

// Counters and histograms for GET /metrics, in the Prometheus text format. Labels are route
// names and codes only, never anything a client sent, so the series stay bounded.
class Metrics
{
public:
    void recordRequest(const std::string &route, int status, double seconds);
    void recordError(const std::string &code);
    void recordPull(int changes);
    void recordPushResult(const std::string &status);
    std::string render() const;

private:
    static constexpr std::array<double, 11> bounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                   0.5,   1.0,  2.5,   5.0,  10.0};
    struct Histogram
    {
        std::array<std::uint64_t, bounds.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };

    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, int>, std::uint64_t> m_requests;
    std::map<std::string, Histogram> m_latency;
    std::map<std::string, std::uint64_t> m_errors;
    std::map<std::string, std::uint64_t> m_pushResults;
    Histogram m_pullSizes;
    std::uint64_t m_pulledChanges = 0;
};

} // namespace doorstep::server
