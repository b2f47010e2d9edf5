#pragma once

// Text between the store's UTF-8 std::string (as protobuf and SQLite hold it) and Qt's QString.

#include <QString>

#include <string>

namespace doorstep::mobile {

inline QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

inline std::string utf8(const QString &s)
{
    return s.toStdString();
}

// A field as a person typed it, without the spaces around it.
inline std::string trimmedUtf8(const QString &s)
{
    return s.trimmed().toStdString();
}

} // namespace doorstep::mobile
