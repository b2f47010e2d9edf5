#pragma once

// Protobuf timestamps as the store and the screens use them: Unix milliseconds, and UTC
// QDateTimes that are invalid when the timestamp was never set.

#include <google/protobuf/timestamp.pb.h>

#include <QDateTime>

#include <cstdint>

namespace doorstep::mobile {

inline std::int64_t unixMs(const google::protobuf::Timestamp &t)
{
    return t.seconds() * 1000 + t.nanos() / 1'000'000;
}

inline QDateTime toDateTime(const google::protobuf::Timestamp &t)
{
    if (t.seconds() == 0 && t.nanos() == 0) {
        return {};
    }
    return QDateTime::fromMSecsSinceEpoch(unixMs(t), Qt::UTC);
}

inline QDateTime msToDateTime(std::int64_t ms)
{
    return ms == 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace doorstep::mobile
