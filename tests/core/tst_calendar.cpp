// The council's calendar: the time zone read from the system's tz database, days and times
// across the clock changes, bank holidays in GOV.UK's format, and working days.

#include "calendar/bankholidays.h"
#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "calendar/timezone.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::calendar;

namespace {

constexpr std::int64_t kHour = 3600LL * 1000;

std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm)
{
    return daysFromCivil(y, m, d) * kMsPerDay + hh * kHour + mm * 60000LL;
}

CouncilCalendar london()
{
    auto c = CouncilCalendar::of(v1::Council());
    return c ? std::move(*c) : CouncilCalendar();
}

} // namespace

class TestCalendar : public QObject
{
    Q_OBJECT

private slots:
    void civilDates();
    void londonOffsetsAcrossTheYear();
    void theNightTheClocksGoForward();
    void theNightTheClocksGoBack();
    void instantsPastTheLastListedTransitionFollowTheRule();
    void unknownZonesAreRefused();
    void timesAreWrittenInTheCouncilsZone();
    void theShippedLists();
    void workingDaysSkipBankHolidays();
    void aCouncilRecordCarriesItsDivision();
    void malformedHolidayFilesAreRefusedWithTheLine_data();
    void malformedHolidayFilesAreRefusedWithTheLine();
};

void TestCalendar::civilDates()
{
    QCOMPARE(parseIsoDate("2028-02-29"), std::optional<std::int64_t>(daysFromCivil(2028, 2, 29)));
    QVERIFY(!parseIsoDate("2027-02-29"));
    QVERIFY(!parseIsoDate("2026-13-01"));
    QVERIFY(!parseIsoDate("26-12-01"));
    QCOMPARE(isoDate(daysFromCivil(2028, 2, 29)), std::string("2028-02-29"));
    // For people: no leading zero, the month in full, no comma.
    QCOMPARE(longDate(daysFromCivil(1959, 12, 2)), std::string("2 December 1959"));
    QCOMPARE(longDate(daysFromCivil(1938, 2, 28)), std::string("28 February 1938"));
    QCOMPARE(isoWeekday(daysFromCivil(2026, 11, 23)), 1); // a Monday
    QCOMPARE(isoWeekday(daysFromCivil(2028, 2, 29)), 2);  // a Tuesday
}

void TestCalendar::londonOffsetsAcrossTheYear()
{
    auto zone = TimeZone::load("Europe/London");
    QVERIFY2(zone, zone ? "" : zone.error().message.c_str());
    QCOMPARE(zone->offsetAt(utc(2026, 1, 15, 12, 0) / 1000), 0);
    QCOMPARE(zone->offsetAt(utc(2026, 7, 14, 12, 0) / 1000), 3600);
    QCOMPARE(zone->abbreviationAt(utc(2026, 7, 14, 12, 0) / 1000), std::string("BST"));
    QCOMPARE(zone->abbreviationAt(utc(2026, 12, 1, 12, 0) / 1000), std::string("GMT"));
    // The change itself: 01:00 UTC on the last Sunday of March 2026, the 29th.
    QCOMPARE(zone->offsetAt(utc(2026, 3, 29, 0, 59) / 1000), 0);
    QCOMPARE(zone->offsetAt(utc(2026, 3, 29, 1, 0) / 1000), 3600);
    // And back at 01:00 UTC on the last Sunday of October, the 25th.
    QCOMPARE(zone->offsetAt(utc(2026, 10, 25, 0, 59) / 1000), 3600);
    QCOMPARE(zone->offsetAt(utc(2026, 10, 25, 1, 0) / 1000), 0);

    const CouncilCalendar days = london();
    // 00:30 BST on 14 July is 23:30 UTC on the 13th, and is the 14th's.
    QCOMPARE(days.dayOf(utc(2026, 7, 13, 23, 30)), daysFromCivil(2026, 7, 14));
    QCOMPARE(days.at(daysFromCivil(2026, 7, 14), 30), utc(2026, 7, 13, 23, 30));
    QCOMPARE(days.startOfDay(daysFromCivil(2026, 7, 14)), utc(2026, 7, 13, 23, 0));
    QCOMPARE(days.startOfDay(daysFromCivil(2026, 12, 31)), utc(2026, 12, 31, 0, 0));
    // 23:50 on New Year's Eve is still the 31st; ten minutes later it is 2027.
    QCOMPARE(days.dayOf(utc(2026, 12, 31, 23, 50)), daysFromCivil(2026, 12, 31));
    QCOMPARE(days.dayOf(utc(2027, 1, 1, 0, 0)), daysFromCivil(2027, 1, 1));
}

void TestCalendar::theNightTheClocksGoForward()
{
    const CouncilCalendar days = london();
    const std::int64_t sunday = daysFromCivil(2026, 3, 29);
    QCOMPARE(days.startOfDay(sunday), utc(2026, 3, 29, 0, 0));
    // The 23-hour day: the next midnight is 23:00 UTC.
    QCOMPARE(days.startOfDay(sunday + 1), utc(2026, 3, 29, 23, 0));
    // 00:30 exists (GMT); 01:30 does not, and lands after the change, at 02:30 BST.
    QCOMPARE(days.at(sunday, 30), utc(2026, 3, 29, 0, 30));
    QCOMPARE(days.at(sunday, 90), utc(2026, 3, 29, 1, 30));
    QCOMPARE(days.formatTime(days.at(sunday, 90)), std::string("02:30"));
    QCOMPARE(days.at(sunday, 150), utc(2026, 3, 29, 1, 30));
    QCOMPARE(days.local(utc(2026, 3, 29, 1, 30)).hour, 2);
    QCOMPARE(days.dayOf(utc(2026, 3, 29, 22, 59)), sunday);
    QCOMPARE(days.dayOf(utc(2026, 3, 29, 23, 0)), sunday + 1);
}

void TestCalendar::theNightTheClocksGoBack()
{
    const CouncilCalendar days = london();
    const std::int64_t sunday = daysFromCivil(2026, 10, 25);
    QCOMPARE(days.startOfDay(sunday), utc(2026, 10, 24, 23, 0));
    QCOMPARE(days.startOfDay(sunday + 1), utc(2026, 10, 26, 0, 0)); // a 25-hour day
    // 01:30 happens twice; the first, in BST, is the one meant.
    QCOMPARE(days.at(sunday, 90), utc(2026, 10, 25, 0, 30));
    QCOMPARE(days.formatTime(utc(2026, 10, 25, 0, 30)), std::string("01:30"));
    QCOMPARE(days.formatTime(utc(2026, 10, 25, 1, 30)), std::string("01:30"));
    QCOMPARE(days.zoneAbbreviation(utc(2026, 10, 25, 0, 30)), std::string("BST"));
    QCOMPARE(days.zoneAbbreviation(utc(2026, 10, 25, 1, 30)), std::string("GMT"));
    QCOMPARE(days.at(sunday, 150), utc(2026, 10, 25, 2, 30));
}

void TestCalendar::instantsPastTheLastListedTransitionFollowTheRule()
{
    auto zone = TimeZone::load("Europe/London");
    QVERIFY(zone);
    // Debian's files list changes to 2037; after that the footer's POSIX rule decides.
    QCOMPARE(zone->offsetAt(utc(2050, 7, 1, 12, 0) / 1000), 3600);
    QCOMPARE(zone->offsetAt(utc(2050, 12, 1, 12, 0) / 1000), 0);
    // Last Sunday of March 2050 is the 27th.
    QCOMPARE(zone->offsetAt(utc(2050, 3, 27, 0, 59) / 1000), 0);
    QCOMPARE(zone->offsetAt(utc(2050, 3, 27, 1, 0) / 1000), 3600);
    auto york = TimeZone::load("America/New_York");
    QVERIFY(york);
    QCOMPARE(york->offsetAt(utc(2026, 1, 15, 12, 0) / 1000), -5 * 3600);
    QCOMPARE(york->offsetAt(utc(2060, 7, 1, 12, 0) / 1000), -4 * 3600);
}

void TestCalendar::unknownZonesAreRefused()
{
    QVERIFY(!TimeZone::load("Europe/Nowhere"));
    QVERIFY(!TimeZone::load("../../etc/passwd"));
    QVERIFY(!TimeZone::load("/etc/localtime"));
    QVERIFY(!TimeZone::fromTzif("broken", "TZif2 not really"));
    v1::Council council;
    council.set_time_zone("Mars/Olympus_Mons");
    QVERIFY(!CouncilCalendar::of(council));
    QVERIFY(TimeZone::load("UTC"));
}

void TestCalendar::timesAreWrittenInTheCouncilsZone()
{
    const CouncilCalendar days = london();
    // A 09:00 BST visit is at 08:00 UTC and is written 09:00.
    const std::int64_t nine = utc(2026, 7, 14, 8, 0);
    QCOMPARE(days.formatTime(nine), std::string("09:00"));
    QCOMPARE(days.formatDate(nine), std::string("14 July 2026"));
    QCOMPARE(days.formatWeekdayDate(nine), std::string("Tuesday 14 July"));
    QCOMPARE(days.formatDate(utc(2026, 7, 13, 23, 30)), std::string("14 July 2026"));
    QCOMPARE(days.formatTime(utc(2026, 12, 2, 9, 0)), std::string("09:00"));
}

void TestCalendar::theShippedLists()
{
    const BankHolidayDivisions &all = shippedBankHolidays();
    QCOMPARE(all.size(), std::size_t(3));
    for (const char *division : {"england-and-wales", "scotland", "northern-ireland"}) {
        QVERIFY2(all.count(division) == 1, division);
        const auto &days = all.at(division);
        for (int year = 2025; year <= 2028; ++year) {
            const bool listed = std::any_of(days.begin(), days.end(), [&](const BankHoliday &h) {
                return civilFromDays(h.day).year == year;
            });
            QVERIFY2(listed, qPrintable(QString("%1 %2").arg(division).arg(year)));
        }
    }
    const auto has = [&](const char *division, const char *date) {
        const auto day = *parseIsoDate(date);
        const auto &days = all.at(division);
        return std::any_of(days.begin(), days.end(),
                           [&](const BankHoliday &h) { return h.day == day; });
    };
    QVERIFY(has("england-and-wales", "2026-12-25"));
    QVERIFY(has("england-and-wales", "2026-12-28")); // Boxing Day's substitute
    QVERIFY(!has("england-and-wales", "2026-11-30"));
    QVERIFY(has("scotland", "2026-11-30")); // St Andrew's Day
    QVERIFY(has("northern-ireland", "2026-03-17"));
    QVERIFY(!has("northern-ireland", "2026-11-30"));
}

void TestCalendar::workingDaysSkipBankHolidays()
{
    const CouncilCalendar days = london();
    const std::int64_t christmasEve = daysFromCivil(2026, 12, 24);
    QVERIFY(days.isWorkingDay(christmasEve));
    QVERIFY(!days.isWorkingDay(christmasEve + 1)); // Christmas Day
    QVERIFY(!days.isWorkingDay(christmasEve + 4)); // Monday 28th, the substitute
    QCOMPARE(days.addWorkingDays(christmasEve, 1), daysFromCivil(2026, 12, 29));
    QCOMPARE(days.addWorkingDays(christmasEve, 5), daysFromCivil(2027, 1, 5));
    QVERIFY(days.isWorkingDay(daysFromCivil(2028, 2, 29)));
    // Same wall-clock time, across the clocks going forward.
    QCOMPARE(days.addWorkingDaysMs(utc(2026, 3, 27, 10, 0), 1), utc(2026, 3, 30, 9, 0));
    // A council without bank holidays counts weekdays only.
    const CouncilCalendar plain(TimeZone::utc(), {});
    QCOMPARE(plain.addWorkingDays(christmasEve, 1), christmasEve + 1);
}

void TestCalendar::aCouncilRecordCarriesItsDivision()
{
    v1::Council council;
    QVERIFY(setCouncilCalendar(council, "", "scotland", shippedBankHolidays()));
    QCOMPARE(council.time_zone(), std::string("Europe/London"));
    QCOMPARE(council.bank_holiday_division(), std::string("scotland"));
    auto days = CouncilCalendar::of(council);
    QVERIFY(days);
    QVERIFY(!days->isWorkingDay(daysFromCivil(2026, 11, 30)));
    auto wrong = setCouncilCalendar(council, "", "wales", shippedBankHolidays());
    QVERIFY(!wrong);
    QVERIFY(QString::fromStdString(wrong.error().message).contains("england-and-wales"));
    QCOMPARE(council.bank_holiday_division(), std::string("scotland"));
}

void TestCalendar::malformedHolidayFilesAreRefusedWithTheLine_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const QByteArray head = "{\n \"england-and-wales\": {\n  \"division\": \"england-and-wales\",\n"
                            "  \"events\": [\n";
    QTest::newRow("not a date") << head + "   {\"title\": \"Boxing Day\", \"date\": \"2026-02-30\"}"
                                          "\n  ]\n }\n}\n"
                                << "line 5: \"2026-02-30\" is not a date";
    QTest::newRow("GOV.UK's old day-first dates")
        << head + "   {\"title\": \"Boxing Day\", \"date\": \"26/12/2026\"}\n  ]\n }\n}\n"
        << "line 5:";
    QTest::newRow("no title") << head + "   {\"date\": \"2026-12-26\"}\n  ]\n }\n}\n"
                              << "line 5: an event has no \"title\"";
    QTest::newRow("cut short") << head + "   {\"title\": \"Boxing Day\", \"date\": \"2026-12-2"
                               << "line 5: a string is not closed";
    QTest::newRow("no events") << QByteArray("{\n \"scotland\": {\"division\": \"scotland\"}\n}\n")
                               << "line 2:";
    QTest::newRow("a trailing comma")
        << head + "   {\"title\": \"Boxing Day\", \"date\": \"2026-12-26\"},\n  ]\n }\n}\n"
        << "line 6: unexpected character ']'";
    QTest::newRow("not an object") << QByteArray("[]\n") << "line 1:";
    QTest::newRow("empty") << QByteArray("") << "line 1:";
}

void TestCalendar::malformedHolidayFilesAreRefusedWithTheLine()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    auto parsed = parseBankHolidays(json.toStdString());
    QVERIFY(!parsed);
    const QString message = QString::fromStdString(parsed.error().message);
    QVERIFY2(message.startsWith(expected), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestCalendar)
#include "tst_calendar.moc"
