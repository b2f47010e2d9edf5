#pragma once

// Conversions between the wire's google.protobuf.Timestamp and the store's Unix milliseconds.
// Dates and times written for people come from calendar::CouncilCalendar, in the council's zone.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <ctime>
#include <string>

namespace doorstep::server {

inline std::int64_t toMs(const google::protobuf::Timestamp &t)
{
    return t.seconds() * 1000 + t.nanos() / 1000000;
}

inline google::protobuf::Timestamp fromMs(std::int64_t ms)
{
    google::protobuf::Timestamp t;
    t.set_seconds(ms / 1000);
    t.set_nanos(static_cast<std::int32_t>((ms % 1000) * 1000000));
    return t;
}

// An instant for logs and admin listings: "2026-11-23T09:00:00Z".
inline std::string isoUtc(std::int64_t ms)
{
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

} // namespace doorstep::server
