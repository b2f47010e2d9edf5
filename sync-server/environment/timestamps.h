#pragma once

// Conversions between the wire's google.protobuf.Timestamp and the store's Unix milliseconds,
// and the date as written in messages to people.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <cstdio>
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

// A day as people in the UK write it, "23 November 2026" (UTC), for messages to people.
inline std::string formatDate(const google::protobuf::Timestamp &t)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    const std::time_t seconds = static_cast<std::time_t>(t.seconds());
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return std::to_string(utc.tm_mday) + " " + months[utc.tm_mon] + " " +
           std::to_string(utc.tm_year + 1900);
}

// A time of day, "14:05" (UTC), for messages to people.
inline std::string formatTime(const google::protobuf::Timestamp &t)
{
    const std::time_t seconds = static_cast<std::time_t>(t.seconds());
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char out[8];
    std::snprintf(out, sizeof out, "%02d:%02d", utc.tm_hour, utc.tm_min);
    return out;
}

} // namespace doorstep::server
