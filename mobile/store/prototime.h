#pragma once

// Protobuf timestamps as the app core and the screens use them: to and from Unix
// milliseconds, and UTC QDateTimes that are invalid when the timestamp was never set.

#include <google/protobuf/timestamp.pb.h>

#include <QDateTime>

#include <cstdint>

namespace doorstep::mobile {

inline std::int64_t unixMs(const google::protobuf::Timestamp &t)
{
    return t.seconds() * 1000 + t.nanos() / 1'000'000;
}

inline google::protobuf::Timestamp timestampOf(std::int64_t ms)
{
    google::protobuf::Timestamp t;
    t.set_seconds(ms / 1000);
    t.set_nanos(static_cast<int>(ms % 1000) * 1'000'000);
    return t;
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
