#pragma once

#include "calendar/councilcalendar.h"
#include "doorstep/v1/identity.pb.h"

#include <QDateTime>
#include <QString>

#include <cstdint>

namespace doorstep::mobile {

// What the screens need of the council's calendar: its days and times as people read them.
// Every time on screen is the council's wall clock, whatever zone the tablet is set to; when
// the tablet's own zone would read differently, the time carries the council zone's name
// ("09:00 GMT"), so an officer never mistakes whose clock it is.
class CouncilClock
{
public:
    // Europe/London with England and Wales' bank holidays until the council record arrives.
    CouncilClock();

    // Takes the council's zone and bank holidays; false (keeping the old ones) when the zone is
    // not known on this device.
    bool setCouncil(const v1::Council &council);
    const calendar::CouncilCalendar &calendar() const { return m_calendar; }
    // When a visit nobody has started becomes late: the council's grace (visits/late.h).
    std::int64_t lateGraceMs() const { return m_lateGraceMs; }

    // The instant formatted with a QDateTime pattern ("ddd d MMM, HH:mm") in the council's zone,
    // in British English. A pattern that shows a time gets the zone's abbreviation when the
    // device's own zone has another offset at that instant. An invalid time gives "".
    QString format(const QDateTime &when, const QString &pattern) const;
    QString format(std::int64_t utcMs, const QString &pattern) const;
    // The council's wall clock at that instant, for QDate arithmetic (offset from UTC set).
    QDateTime local(std::int64_t utcMs) const;
    // Whether the device's zone reads a different offset from the council's at that instant.
    bool deviceDiffers(std::int64_t utcMs) const;

    // The council's day holding the instant, and the first instant of a day, as QDates.
    QDate dateOf(std::int64_t utcMs) const;
    std::int64_t startOf(const QDate &date) const;
    static std::int64_t dayNumber(const QDate &date);
    static QDate dateOfDay(std::int64_t day);

private:
    calendar::CouncilCalendar m_calendar;
    std::int64_t m_lateGraceMs;
};

} // namespace doorstep::mobile
