#include "time/councilclock.h"

#include "visits/late.h"

#include "calendar/civildate.h"

#include <QLocale>

namespace doorstep::mobile {

CouncilClock::CouncilClock() : m_lateGraceMs(visits::kLateGraceMs)
{
    if (auto london = calendar::CouncilCalendar::of(v1::Council())) {
        m_calendar = std::move(*london);
    }
}

bool CouncilClock::setCouncil(const v1::Council &council)
{
    auto next = calendar::CouncilCalendar::of(council);
    if (!next) {
        return false;
    }
    m_calendar = std::move(*next);
    m_lateGraceMs = visits::graceOf(council);
    return true;
}

QDateTime CouncilClock::local(std::int64_t utcMs) const
{
    const int offset = m_calendar.zone().offsetAt(calendar::floorDiv(utcMs, 1000));
    return QDateTime::fromMSecsSinceEpoch(utcMs, Qt::OffsetFromUTC, offset);
}

bool CouncilClock::deviceDiffers(std::int64_t utcMs) const
{
    const int device = QDateTime::fromMSecsSinceEpoch(utcMs, Qt::LocalTime).offsetFromUtc();
    return device != m_calendar.zone().offsetAt(calendar::floorDiv(utcMs, 1000));
}

namespace {
// QDate's Julian day of 1970-01-01, day 0 of the calendar's day numbers.
constexpr qint64 kJulianEpoch = 2440588;
} // namespace

std::int64_t CouncilClock::dayNumber(const QDate &date)
{
    return date.toJulianDay() - kJulianEpoch;
}

QDate CouncilClock::dateOfDay(std::int64_t day)
{
    return QDate::fromJulianDay(day + kJulianEpoch);
}

QDate CouncilClock::dateOf(std::int64_t utcMs) const
{
    return dateOfDay(m_calendar.dayOf(utcMs));
}

std::int64_t CouncilClock::startOf(const QDate &date) const
{
    return m_calendar.startOfDay(dayNumber(date));
}

QString CouncilClock::format(std::int64_t utcMs, const QString &pattern) const
{
    static const QLocale british(QLocale::English, QLocale::UnitedKingdom);
    QString text = british.toString(local(utcMs), pattern);
    const bool showsTime = pattern.contains(QLatin1Char('H')) || pattern.contains(QLatin1Char('h'));
    if (showsTime && deviceDiffers(utcMs)) {
        text += QLatin1Char(' ') + QString::fromStdString(m_calendar.zoneAbbreviation(utcMs));
    }
    return text;
}

QString CouncilClock::format(const QDateTime &when, const QString &pattern) const
{
    return when.isValid() ? format(when.toMSecsSinceEpoch(), pattern) : QString();
}

} // namespace doorstep::mobile
