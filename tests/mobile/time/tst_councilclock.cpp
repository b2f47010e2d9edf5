// Times on screen are the council's wall clock, whatever zone the tablet is set to, and say
// whose clock they are when the tablet's zone reads differently.

#include "calendar/civildate.h"
#include "time/councilclock.h"

#include <QtTest>

#include <ctime>

using namespace doorstep;
using namespace doorstep::mobile;

namespace {

std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm)
{
    return calendar::daysFromCivil(y, m, d) * calendar::kMsPerDay + hh * 3600000LL + mm * 60000LL;
}

void setDeviceZone(const char *zone)
{
    qputenv("TZ", zone);
    ::tzset();
}

} // namespace

class TestCouncilClock : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { setDeviceZone("Europe/London"); }

    void aTabletInTheCouncilsZoneShowsPlainTimes()
    {
        setDeviceZone("Europe/London");
        const CouncilClock clock;
        QCOMPARE(clock.format(utc(2026, 7, 14, 8, 0), "HH:mm"), QString("09:00"));
        QCOMPARE(clock.format(utc(2026, 12, 2, 12, 30), "ddd d MMM, HH:mm"),
                 QString("Wed 2 Dec, 12:30"));
        QVERIFY(!clock.deviceDiffers(utc(2026, 7, 14, 8, 0)));
    }

    void aTabletInAnotherZoneShowsCouncilTimesLabelled()
    {
        setDeviceZone("America/New_York");
        const CouncilClock clock;
        // 12:30 in Eastmoor is 07:30 in New York: the tablet still says 12:30, and whose.
        QCOMPARE(clock.format(utc(2026, 12, 2, 12, 30), "HH:mm"), QString("12:30 GMT"));
        QCOMPARE(clock.format(utc(2026, 7, 14, 8, 0), "HH:mm"), QString("09:00 BST"));
        // A date alone needs no label, and is the council's date.
        QCOMPARE(clock.format(utc(2026, 7, 13, 23, 30), "dddd d MMMM"), QString("Tuesday 14 July"));
        QCOMPARE(clock.dateOf(utc(2026, 7, 13, 23, 30)), QDate(2026, 7, 14));
        QCOMPARE(clock.format(QDateTime(), "HH:mm"), QString());
    }

    void councilDaysAsQDates()
    {
        const CouncilClock clock;
        QCOMPARE(clock.startOf(QDate(2026, 7, 14)), utc(2026, 7, 13, 23, 0));
        QCOMPARE(CouncilClock::dateOfDay(CouncilClock::dayNumber(QDate(2028, 2, 29))),
                 QDate(2028, 2, 29));
        QCOMPARE(CouncilClock::dayNumber(QDate(1970, 1, 1)), 0);
    }

    void theCouncilRecordSetsTheZone()
    {
        setDeviceZone("Europe/London");
        CouncilClock clock;
        v1::Council council;
        council.set_time_zone("Europe/Dublin");
        QVERIFY(clock.setCouncil(council));
        QCOMPARE(clock.calendar().zone().name(), std::string("Europe/Dublin"));
        council.set_time_zone("Nowhere/Else");
        QVERIFY(!clock.setCouncil(council)); // an unknown zone keeps the one it had
        QCOMPARE(clock.calendar().zone().name(), std::string("Europe/Dublin"));
    }
};

QTEST_GUILESS_MAIN(TestCouncilClock)
#include "tst_councilclock.moc"
