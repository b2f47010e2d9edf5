#pragma once

// Conversions between the wire's google.protobuf.Timestamp and the store's Unix milliseconds.
// Dates and times written for people come from calendar::CouncilCalendar, in the council's zone.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

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

} // namespace doorstep::server
