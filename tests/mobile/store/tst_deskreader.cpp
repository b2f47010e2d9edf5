// The coordinator's desk read from a real encrypted store: working days, the board's columns
// and overdue rules, and the KPIs of a whole generated council checked against figures this
// test works out from the generator's snapshot on its own.

#include "store/deskreader.h"
#include "store/prototime.h"
#include "store/recordstore.h"

#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "demo-council/generator.h"
#include "doorstep/v1/admin.pb.h"

#include "../councildays.h"
#include "../storefixture.h"

#include <QtTest>

#include <map>
#include <set>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kHour = 3600LL * 1000;
// Monday 2026-11-23 00:00 UTC, the generator's default "today".
constexpr std::int64_t kMonday = 1795392000LL * 1000;

std::int64_t ms(const google::protobuf::Timestamp &t)
{
    return t.seconds() * 1000 + t.nanos() / 1'000'000;
}

// Applies the page as the sync client would, each change numbered in order.
Status apply(StoreFixture &f, v1::PullResponse &page)
{
    for (int i = 0; i < page.changes_size(); ++i) {
        page.mutable_changes(i)->set_seq(i + 1);
    }
    page.set_next_cursor(page.changes_size());
    return RecordStore(f.db()).applyPullPage(page);
}

Status load(StoreFixture &f, const v1::CouncilSnapshot &s)
{
    v1::PullResponse page;
    for (const auto &x : s.users()) {
        *page.add_changes()->mutable_upsert()->mutable_user() = x;
    }
    for (const auto &x : s.residents()) {
        *page.add_changes()->mutable_upsert()->mutable_resident() = x;
    }
    for (const auto &x : s.cases()) {
        *page.add_changes()->mutable_upsert()->mutable_case_() = x;
    }
    for (const auto &x : s.referrals()) {
        *page.add_changes()->mutable_upsert()->mutable_referral() = x;
    }
    for (const auto &x : s.visits()) {
        *page.add_changes()->mutable_upsert()->mutable_visit() = x;
    }
    for (const auto &x : s.case_events()) {
        *page.add_changes()->mutable_upsert()->mutable_case_event() = x;
    }
    return apply(f, page);
}

v1::Visit visit(const std::string &id, v1::VisitStatus status, std::int64_t start)
{
    v1::Visit v;
    v.set_id(id);
    v.set_case_id("case-1");
    v.set_officer_user_id("off-1");
    v.set_status(status);
    *v.mutable_window()->mutable_start() = timestampOf(start);
    *v.mutable_window()->mutable_end() = timestampOf(start + kHour);
    v.set_version(1);
    return v;
}

} // namespace

class TestDeskReader : public QObject
{
    Q_OBJECT

private slots:
    void workingDaysSkipWeekends();
    void boardColumnsAndOverdueRules();
    void kpisMatchTheGeneratedCouncil();
    void aVisitAfterMidnightInSummerIsOnItsCouncilDay();
    void referralTargetsSkipBankHolidays();
    void followUpCallAfterABankHolidayWeekendIsDueTuesday();
    void myReferralsShowOnlyTheOutcomeOfTheirOwnWork();
};

void TestDeskReader::workingDaysSkipWeekends()
{
    StoreFixture f;
    QVERIFY(f.ok());
    DeskReader desk(f.db(), london());
    const std::int64_t friday = kMonday + 4 * kDay + 10 * kHour;
    QCOMPARE(desk.addWorkingDays(kMonday, 0), kMonday);
    QCOMPARE(desk.addWorkingDays(kMonday, 1), kMonday + kDay);
    QCOMPARE(desk.addWorkingDays(kMonday, 5), kMonday + 7 * kDay);
    QCOMPARE(desk.addWorkingDays(friday, 1), friday + 3 * kDay);
    QCOMPARE(desk.addWorkingDays(friday + kDay, 1), friday + 3 * kDay); // Saturday
    QCOMPARE(desk.addWorkingDays(friday, 10), friday + 14 * kDay);
}

void TestDeskReader::boardColumnsAndOverdueRules()
{
    StoreFixture f;
    QVERIFY(f.ok());
    const std::int64_t nine = kMonday + 9 * kHour;
    const std::int64_t now = kMonday + 12 * kHour;
    v1::PullResponse page;
    v1::Record &c = *page.add_changes()->mutable_upsert();
    c.mutable_case_()->set_id("case-1");
    c.mutable_case_()->set_case_number("HV-2026-000001");
    c.mutable_case_()->set_resident_id("res-1");
    c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
    v1::Record &u = *page.add_changes()->mutable_upsert();
    u.mutable_user()->set_id("coo-1");
    u.mutable_user()->set_display_name("Priya Shah");

    auto put = [&](v1::Visit v) { *page.add_changes()->mutable_upsert()->mutable_visit() = v; };
    put(visit("v-scheduled", v1::VISIT_STATUS_SCHEDULED, nine + 5 * kHour));
    // 11:00 to 12:00 and not started at 12:00: late since 11:30. 11:45 to 12:45 is within
    // the 30 minutes' grace.
    put(visit("v-late", v1::VISIT_STATUS_SCHEDULED, nine + 2 * kHour));
    put(visit("v-starting", v1::VISIT_STATUS_SCHEDULED, nine + 2 * kHour + 45 * 60000));
    // En route, the timer ran out at 11:30.
    v1::Visit enRoute = visit("v-enroute-late", v1::VISIT_STATUS_EN_ROUTE, nine);
    *enRoute.mutable_lone_worker_deadline() = timestampOf(nine + 150 * 60000);
    put(enRoute);
    // Inside with the timer still running.
    v1::Visit inside = visit("v-inside", v1::VISIT_STATUS_IN_PROGRESS, nine + 2 * kHour);
    *inside.mutable_lone_worker_deadline() = timestampOf(now + 30 * 60000);
    put(inside);
    // Inside, no timer, and the window ended at 10:00 with no check-out.
    put(visit("v-no-checkout", v1::VISIT_STATUS_IN_PROGRESS, nine));
    // 09:00 to 10:00 and nobody checked in: late at 09:30, overdue since the window closed.
    put(visit("v-never-started", v1::VISIT_STATUS_SCHEDULED, nine));
    // The same as v-no-checkout, but a coordinator reached the officer: safe, closed.
    put(visit("v-safe", v1::VISIT_STATUS_IN_PROGRESS, nine));
    // Never started, overdue, then closed: back to late. And one from last week, overdue only
    // because nobody checked out, closed: off today's board.
    put(visit("v-unstarted-safe", v1::VISIT_STATUS_SCHEDULED, nine));
    put(visit("v-old-safe", v1::VISIT_STATUS_IN_PROGRESS, kMonday - 3 * kDay));
    // Marked overdue by the server last week: on the board whatever its window.
    v1::Visit old = visit("v-old-overdue", v1::VISIT_STATUS_OVERDUE, kMonday - 3 * kDay);
    *old.mutable_lone_worker_deadline() = timestampOf(kMonday - 3 * kDay + 2 * kHour);
    put(old);
    put(visit("v-done", v1::VISIT_STATUS_COMPLETED, nine));
    put(visit("v-no-access", v1::VISIT_STATUS_NO_ACCESS, nine));
    put(visit("v-cancelled", v1::VISIT_STATUS_CANCELLED, nine));
    // Completed last week: not on today's board.
    put(visit("v-last-week", v1::VISIT_STATUS_COMPLETED, kMonday - 3 * kDay));

    // Where the en-route officer was last seen, and two acknowledgements: one from before
    // the visit went overdue (does not count) and one after.
    auto event = [&](const std::string &id, std::int64_t at) -> v1::CaseEvent & {
        v1::CaseEvent &e = *page.add_changes()->mutable_upsert()->mutable_case_event();
        e.set_id(id);
        e.set_case_id("case-1");
        e.set_actor_user_id("coo-1");
        *e.mutable_occurred_at() = timestampOf(at);
        return e;
    };
    v1::CaseEvent &moved = event("e-moved", nine + 10 * 60000);
    moved.set_kind(v1::CASE_EVENT_KIND_VISIT);
    moved.mutable_visit()->set_visit_id("v-enroute-late");
    moved.mutable_visit()->set_to_status(v1::VISIT_STATUS_EN_ROUTE);
    moved.mutable_visit()->mutable_position()->set_has_fix(true);
    moved.mutable_visit()->mutable_position()->set_latitude(53.75);
    moved.mutable_visit()->mutable_position()->set_longitude(-1.6);
    v1::CaseEvent &early = event("e-ack-early", nine + 60 * 60000);
    early.set_kind(v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED);
    early.mutable_overdue_acknowledgement()->set_visit_id("v-enroute-late");
    v1::CaseEvent &noCheckout = event("e-ack-checkout", nine + 90 * 60000);
    noCheckout.set_kind(v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED);
    noCheckout.mutable_overdue_acknowledgement()->set_visit_id("v-no-checkout");
    noCheckout.mutable_overdue_acknowledgement()->set_action("Texted Sam");
    v1::CaseEvent &safe = event("e-safe", nine + 90 * 60000);
    safe.set_kind(v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED);
    safe.mutable_overdue_acknowledgement()->set_visit_id("v-safe");
    safe.mutable_overdue_acknowledgement()->set_resolution(v1::ALERT_RESOLUTION_OFFICER_SAFE);
    safe.mutable_overdue_acknowledgement()->set_action("Officer safe");
    for (const char *id : {"v-unstarted-safe", "v-old-safe"}) {
        v1::CaseEvent &closed = event(std::string("e-safe-") + id, nine + 3 * kHour);
        closed.set_kind(v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED);
        closed.mutable_overdue_acknowledgement()->set_visit_id(id);
        closed.mutable_overdue_acknowledgement()->set_resolution(v1::ALERT_RESOLUTION_OFFICER_SAFE);
    }
    QVERIFY(apply(f, page));

    auto board = DeskReader(f.db(), london()).board(kMonday, kMonday + kDay, now);
    QVERIFY(board);
    std::map<QString, QVariantMap> byId;
    for (const QVariant &row : *board) {
        byId[row.toMap().value("visitId").toString()] = row.toMap();
    }
    const std::map<QString, QString> expected{
        {"v-scheduled", "scheduled"},   {"v-late", "late"},
        {"v-starting", "scheduled"},    {"v-enroute-late", "overdue"},
        {"v-inside", "in_progress"},    {"v-no-checkout", "overdue"},
        {"v-old-overdue", "overdue"},   {"v-done", "completed"},
        {"v-no-access", "no_access"},   {"v-cancelled", "cancelled"},
        {"v-never-started", "overdue"}, {"v-safe", "in_progress"},
        {"v-unstarted-safe", "late"}};
    QCOMPARE(byId.size(), expected.size());
    for (const auto &[id, column] : expected) {
        QCOMPARE(byId[id].value("column").toString(), column);
    }
    QCOMPARE(byId["v-late"].value("lateSince").toDateTime().toMSecsSinceEpoch(),
             nine + 2 * kHour + 30 * 60000);
    const QVariantMap late = byId["v-enroute-late"];
    QCOMPARE(late.value("overdueSince").toDateTime().toMSecsSinceEpoch(), nine + 150 * 60000);
    QVERIFY(late.value("hasLastPosition").toBool());
    QCOMPARE(late.value("lastLatitude").toDouble(), 53.75);
    QCOMPARE(late.value("lastSeenAt").toDateTime().toMSecsSinceEpoch(), nine + 10 * 60000);
    QVERIFY(!late.value("acknowledged").toBool());
    const QVariantMap checkout = byId["v-no-checkout"];
    QCOMPARE(checkout.value("overdueSince").toDateTime().toMSecsSinceEpoch(), nine + kHour);
    QVERIFY(checkout.value("acknowledged").toBool());
    QCOMPARE(checkout.value("acknowledgedBy").toString(), QString("Priya Shah"));
    QCOMPARE(checkout.value("acknowledgement").toString(), QString("Texted Sam"));
    QVERIFY(!checkout.value("overdueClosed").toBool());
    QCOMPARE(byId["v-never-started"].value("overdueSince").toDateTime().toMSecsSinceEpoch(),
             nine + kHour);
    const QVariantMap safeRow = byId["v-safe"];
    QVERIFY(safeRow.value("overdueClosed").toBool());
    QCOMPARE(safeRow.value("closedBy").toString(), QString("Priya Shah"));
    QCOMPARE(safeRow.value("closedAt").toDateTime().toMSecsSinceEpoch(), nine + 90 * 60000);
    QCOMPARE(safeRow.value("overdueSince").toDateTime().toMSecsSinceEpoch(), nine + kHour);
    QCOMPARE(safeRow.value("acknowledgement").toString(), QString("Officer safe, closed"));
    QCOMPARE(byId["v-unstarted-safe"].value("lateSince").toDateTime().toMSecsSinceEpoch(),
             nine + 30 * 60000);

    // An hour later the running timer has run out too.
    auto later = DeskReader(f.db(), london()).board(kMonday, kMonday + kDay, now + kHour);
    QVERIFY(later);
    bool sawInside = false;
    for (const QVariant &row : *later) {
        if (row.toMap().value("visitId") == "v-inside") {
            sawInside = true;
            QCOMPARE(row.toMap().value("column").toString(), QString("overdue"));
        }
    }
    QVERIFY(sawInside);
}

void TestDeskReader::kpisMatchTheGeneratedCouncil()
{
    demo::GeneratorOptions options;
    options.seed = 5;
    options.residents = 400;
    auto snapshot = demo::generateCouncil(options);
    QVERIFY(snapshot);
    const v1::CouncilSnapshot &s = *snapshot;
    StoreFixture f;
    QVERIFY(f.ok());
    QVERIFY(load(f, s));

    // The quarter before the demo's "today".
    const std::int64_t to = kMonday;
    const std::int64_t from = to - 91 * kDay;
    auto got = DeskReader(f.db(), london()).kpis(from, to);
    QVERIFY(got);
    const QVariantMap k = *got;
    auto in = [&](std::int64_t t) { return t >= from && t < to; };

    // Referrals, by source, and days to the first attended visit of their case.
    int received = 0;
    std::map<v1::ReferralSource, int> bySource;
    double daysSum = 0;
    int withVisit = 0;
    for (const auto &r : s.referrals()) {
        if (!in(ms(r.received_at()))) {
            continue;
        }
        ++received;
        ++bySource[r.source()];
        std::int64_t first = 0;
        for (const auto &v : s.visits()) {
            const bool attended = v.status() == v1::VISIT_STATUS_IN_PROGRESS ||
                                  v.status() == v1::VISIT_STATUS_OVERDUE ||
                                  v.status() == v1::VISIT_STATUS_COMPLETED ||
                                  v.status() == v1::VISIT_STATUS_NO_ACCESS;
            if (!r.case_id().empty() && v.case_id() == r.case_id() && attended &&
                ms(v.window().end()) >= ms(r.received_at()) &&
                (first == 0 || ms(v.window().start()) < first)) {
                first = ms(v.window().start());
            }
        }
        if (first != 0) {
            ++withVisit;
            daysSum += double(std::max<std::int64_t>(0, first - ms(r.received_at()))) / kDay;
        }
    }
    QVERIFY(received > 10);
    QCOMPARE(k.value("referralsReceived").toInt(), received);
    int sourceTotal = 0;
    for (const QVariant &row : k.value("referralsBySource").toList()) {
        sourceTotal += row.toMap().value("count").toInt();
    }
    QCOMPARE(sourceTotal, received);
    QCOMPARE(int(k.value("referralsBySource").toList().size()), int(bySource.size()));
    QVERIFY(withVisit > 0);
    QCOMPARE(k.value("firstVisitReferrals").toInt(), withVisit);
    QVERIFY(qAbs(k.value("meanDaysToFirstVisit").toDouble() - daysSum / withVisit) < 1e-9);

    // Visits completed and no access, by the start of their window.
    int completed = 0;
    int noAccess = 0;
    for (const auto &v : s.visits()) {
        if (in(ms(v.window().start()))) {
            completed += v.status() == v1::VISIT_STATUS_COMPLETED;
            noAccess += v.status() == v1::VISIT_STATUS_NO_ACCESS;
        }
    }
    QVERIFY(completed > 0 && noAccess > 0);
    QCOMPARE(k.value("visitsCompleted").toInt(), completed);
    QCOMPARE(k.value("visitsNoAccess").toInt(), noAccess);

    // Outcomes by area, partner referrals, follow-up calls and satisfaction.
    int outcomes = 0;
    int partnerReferrals = 0;
    int calls = 0;
    int reached = 0;
    int scoreSum = 0;
    std::map<std::string, int> areas;
    std::map<int, int> scores;
    std::map<std::string, std::vector<std::int64_t>> contacts; // by resident
    std::map<std::string, std::string> residentOfCase;
    for (const auto &c : s.cases()) {
        residentOfCase[c.id()] = c.resident_id();
    }
    for (const auto &e : s.case_events()) {
        const std::int64_t at = ms(e.occurred_at());
        const bool contact = e.kind() == v1::CASE_EVENT_KIND_CONTACT ||
                             e.kind() == v1::CASE_EVENT_KIND_REFERRAL ||
                             e.kind() == v1::CASE_EVENT_KIND_FOLLOW_UP_CALL ||
                             (e.kind() == v1::CASE_EVENT_KIND_VISIT &&
                              (e.visit().to_status() == v1::VISIT_STATUS_COMPLETED ||
                               e.visit().to_status() == v1::VISIT_STATUS_NO_ACCESS));
        if (contact && at < to) {
            contacts[residentOfCase[e.case_id()]].push_back(at);
        }
        if (!in(at)) {
            continue;
        }
        if (e.has_outcome()) {
            ++outcomes;
            for (const auto &a : e.outcome().signposting_areas()) {
                ++areas[a];
            }
        }
        partnerReferrals += e.has_partner_referral();
        if (e.has_follow_up_call()) {
            ++calls;
            if (e.follow_up_call().reached()) {
                ++reached;
                scoreSum += e.follow_up_call().satisfaction_score();
                ++scores[e.follow_up_call().satisfaction_score()];
            }
        }
    }
    QVERIFY(outcomes > 0 && partnerReferrals > 0 && reached > 0);
    QCOMPARE(k.value("outcomes").toInt(), outcomes);
    QCOMPARE(k.value("partnerReferrals").toInt(), partnerReferrals);
    QCOMPARE(k.value("followUpCalls").toInt(), calls);
    QCOMPARE(k.value("callsReached").toInt(), reached);
    QVERIFY(qAbs(k.value("meanSatisfaction").toDouble() - double(scoreSum) / reached) < 1e-9);
    for (int score = 1; score <= 5; ++score) {
        QCOMPARE(k.value("satisfactionCounts").toList().at(score - 1).toInt(), scores[score]);
    }
    const QVariantList byArea = k.value("outcomesByArea").toList();
    QCOMPARE(int(byArea.size()), int(areas.size()));
    for (const QVariant &row : byArea) {
        const std::string label =
            row.toMap().value("label").toString().toLower().replace(' ', '_').toStdString();
        QCOMPARE(row.toMap().value("count").toInt(), areas[label]);
    }

    // Repeat contacts, by brute force: for each contact in the period, how many of the
    // resident's contacts fall in the 30 days up to it.
    std::set<QString> repeaters;
    for (auto &[resident, times] : contacts) {
        std::size_t most = 0;
        for (std::int64_t t : times) {
            if (!in(t)) {
                continue;
            }
            std::size_t n = 0;
            for (std::int64_t u : times) {
                n += u <= t && t - u <= 30 * kDay;
            }
            most = std::max(most, n);
        }
        if (most >= 3) {
            repeaters.insert(QString::fromStdString(resident));
        }
    }
    std::set<QString> listed;
    for (const QVariant &row : k.value("repeatContacts").toList()) {
        listed.insert(row.toMap().value("residentId").toString());
        QVERIFY(row.toMap().value("contacts").toInt() >= 3);
        QVERIFY(!row.toMap().value("residentName").toString().isEmpty());
    }
    QVERIFY(!repeaters.empty());
    QCOMPARE(listed, repeaters);
}

void TestDeskReader::aVisitAfterMidnightInSummerIsOnItsCouncilDay()
{
    StoreFixture f;
    QVERIFY(f.ok());
    // 00:30 to 01:30 BST on Tuesday 14 July 2026 is 23:30 UTC on the 13th.
    const std::int64_t start = councilTime(2026, 7, 14, 0, 30);
    QCOMPARE(start, (calendar::daysFromCivil(2026, 7, 13) * 24 + 23) * kHour + 30 * 60000);
    v1::PullResponse page;
    v1::Record &c = *page.add_changes()->mutable_upsert();
    c.mutable_case_()->set_id("case-1");
    c.mutable_case_()->set_case_number("HV-2026-000001");
    c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
    *page.add_changes()->mutable_upsert()->mutable_visit() =
        visit("v-night", v1::VISIT_STATUS_COMPLETED, start);
    QVERIFY(apply(f, page));

    const std::int64_t july14 = calendar::daysFromCivil(2026, 7, 14);
    DeskReader desk(f.db(), london());
    const auto onBoard = [&](std::int64_t day) {
        auto board = desk.board(london().startOfDay(day), london().startOfDay(day + 1),
                                london().startOfDay(day + 1));
        return board && board->size() == 1;
    };
    QVERIFY(onBoard(july14));
    QVERIFY(!onBoard(july14 - 1));
    auto kpis = desk.kpis(london().startOfDay(july14), london().startOfDay(july14 + 1));
    QVERIFY(kpis);
    QCOMPARE(kpis->value("visitsCompleted").toInt(), 1);
    auto before = desk.kpis(london().startOfDay(july14 - 1), london().startOfDay(july14));
    QVERIFY(before);
    QCOMPARE(before->value("visitsCompleted").toInt(), 0);
    // Its workload day is the 14th too.
    auto workload = desk.workload(london().startOfDay(july14 - 1), 2);
    QVERIFY(workload);
    QCOMPARE(workload->size(), 1);
    const QVariantList days = workload->front().toMap().value("days").toList();
    QCOMPARE(days.value(0).toInt(), 0);
    QCOMPARE(days.value(1).toInt(), 1);
}

void TestDeskReader::referralTargetsSkipBankHolidays()
{
    StoreFixture f;
    QVERIFY(f.ok());
    // Thursday 24 December 2026: Christmas Day (Friday) and the Boxing Day substitute (Monday
    // 28th) are bank holidays, and so is New Year's Day (Friday). Five working days later is
    // Tuesday 5 January 2027; counting weekdays only it would be Thursday 31 December.
    const std::int64_t received = councilTime(2026, 12, 24, 10, 0);
    v1::PullResponse page;
    v1::Referral &r = *page.add_changes()->mutable_upsert()->mutable_referral();
    r.set_id("ref-1");
    r.set_resident_id("res-1");
    r.set_status(v1::REFERRAL_STATUS_RECEIVED);
    *r.mutable_received_at() = timestampOf(received);
    QVERIFY(apply(f, page));
    DeskReader desk(f.db(), london());
    const auto row = [&](std::int64_t now) {
        auto inbox = desk.referralInbox(now, 5);
        return inbox && inbox->size() == 1 ? inbox->front().toMap() : QVariantMap();
    };
    const std::int64_t dueBy = councilTime(2027, 1, 5, 10, 0);
    QCOMPARE(row(received).value("dueBy").toDateTime().toMSecsSinceEpoch(), dueBy);
    QVERIFY(!row(councilTime(2026, 12, 31, 17, 0)).value("overdue").toBool());
    QVERIFY(!row(councilTime(2027, 1, 4, 17, 0)).value("overdue").toBool());
    QVERIFY(row(councilTime(2027, 1, 5, 10, 1)).value("overdue").toBool());
    // The ward member's "My referrals" counts the same way.
    auto mine = desk.myReferrals(councilTime(2027, 1, 5, 10, 1), 5);
    QVERIFY(mine);
    QCOMPARE(mine->size(), 1);
    QCOMPARE(mine->front().toMap().value("dueBy").toDateTime().toMSecsSinceEpoch(), dueBy);
    QVERIFY(mine->front().toMap().value("overdue").toBool());
}

void TestDeskReader::followUpCallAfterABankHolidayWeekendIsDueTuesday()
{
    StoreFixture f;
    QVERIFY(f.ok());
    // A visit on Friday 22 May 2026; Monday 25 May is the spring bank holiday.
    v1::PullResponse page;
    v1::Record &c = *page.add_changes()->mutable_upsert();
    c.mutable_case_()->set_id("case-1");
    c.mutable_case_()->set_case_number("HV-2026-000001");
    c.mutable_case_()->set_resident_id("res-1");
    c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
    v1::Visit v = visit("v-friday", v1::VISIT_STATUS_COMPLETED, councilTime(2026, 5, 22, 14, 0));
    *v.mutable_checked_out_at() = timestampOf(councilTime(2026, 5, 22, 15, 0));
    *page.add_changes()->mutable_upsert()->mutable_visit() = v;
    v1::CaseEvent &form = *page.add_changes()->mutable_upsert()->mutable_case_event();
    form.set_id("e-consent");
    form.set_case_id("case-1");
    form.set_kind(v1::CASE_EVENT_KIND_FORM_SUBMISSION);
    *form.mutable_occurred_at() = timestampOf(councilTime(2026, 5, 22, 14, 10));
    form.mutable_form_submission()->set_form_id("consent");
    form.mutable_form_submission()->set_visit_id("v-friday");
    v1::Answer &yes = *form.mutable_form_submission()->add_answers();
    yes.set_question_id("follow_up_call_consent");
    yes.set_consent_given(true);
    QVERIFY(apply(f, page));
    DeskReader desk(f.db(), london());
    auto monday = desk.followUpCalls(councilTime(2026, 5, 25, 12, 0));
    QVERIFY(monday);
    QCOMPARE(monday->size(), 0);
    auto tuesday = desk.followUpCalls(councilTime(2026, 5, 26, 9, 0));
    QVERIFY(tuesday);
    QCOMPARE(tuesday->size(), 1);
    const QVariantMap call = tuesday->front().toMap();
    QCOMPARE(call.value("dueFrom").toDateTime().toMSecsSinceEpoch(),
             london().startOfDay(calendar::daysFromCivil(2026, 5, 26)));
    QCOMPARE(call.value("dueBy").toDateTime().toMSecsSinceEpoch(),
             london().startOfDay(calendar::daysFromCivil(2026, 5, 28)) - 1);
    QVERIFY(!call.value("late").toBool());
}

void TestDeskReader::myReferralsShowOnlyTheOutcomeOfTheirOwnWork()
{
    StoreFixture f;
    QVERIFY(f.ok());
    // A ward member's referral of 26 November on a case that had an outcome in August: a
    // device that was sent the old outcome (as servers did before) must not show it.
    const std::int64_t referred = councilTime(2026, 11, 26, 10, 0);
    v1::PullResponse page;
    v1::Referral &r = *page.add_changes()->mutable_upsert()->mutable_referral();
    r.set_id("ref-1");
    r.set_case_id("case-1");
    r.set_consent_to_share_outcome(true);
    r.set_status(v1::REFERRAL_STATUS_VISIT_SCHEDULED);
    *r.mutable_received_at() = timestampOf(referred);
    const auto outcome = [&](const std::string &id, std::int64_t at, const std::string &text) {
        v1::CaseEvent &e = *page.add_changes()->mutable_upsert()->mutable_case_event();
        e.set_id(id);
        e.set_case_id("case-1");
        e.set_kind(v1::CASE_EVENT_KIND_OUTCOME);
        *e.mutable_occurred_at() = timestampOf(at);
        e.mutable_outcome()->set_shareable_summary(text);
    };
    outcome("e-august", councilTime(2026, 8, 13, 11, 0), "Home visit completed in August");
    QVERIFY(apply(f, page));
    DeskReader desk(f.db(), london());
    auto mine = desk.myReferrals(referred + kDay, 5);
    QVERIFY(mine);
    QCOMPARE(mine->size(), 1);
    QCOMPARE(mine->front().toMap().value("outcomeSummary").toString(), QString());

    v1::PullResponse later;
    v1::CaseEvent &e = *later.add_changes()->mutable_upsert()->mutable_case_event();
    e.set_id("e-december");
    e.set_case_id("case-1");
    e.set_kind(v1::CASE_EVENT_KIND_OUTCOME);
    *e.mutable_occurred_at() = timestampOf(councilTime(2026, 12, 3, 15, 0));
    e.mutable_outcome()->set_shareable_summary("Visited on 3 December");
    for (int i = 0; i < later.changes_size(); ++i) {
        later.mutable_changes(i)->set_seq(page.changes_size() + i + 1);
    }
    later.set_next_cursor(page.changes_size() + later.changes_size());
    QVERIFY(RecordStore(f.db()).applyPullPage(later));
    mine = desk.myReferrals(referred + 8 * kDay, 5);
    QVERIFY(mine);
    QCOMPARE(mine->front().toMap().value("outcomeSummary").toString(),
             QString("Visited on 3 December"));
}

QTEST_GUILESS_MAIN(TestDeskReader)
#include "tst_deskreader.moc"
