// Every field the desk's reader gives a row reaches QML: DeskModel serves rows by role, and a
// field with no role is `undefined` on the card (an alert card once read "Call Sam Taylor:
// undefined" and "ALERT from Sam Taylor at" with no time). Reads every view of a generated
// council, with an open alert on one visit, and checks each field is a role.

#include "models/appcontroller.h"
#include "models/deskactions.h"
#include "models/deskmodel.h"
#include "store/deskreader.h"
#include "store/prototime.h"
#include "store/recordstore.h"

#include "calendar/councilcalendar.h"
#include "demo-council/generator.h"

#include "../storefixture.h"

#include <QtTest>

#include <set>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

class TestDeskModel : public QObject
{
    Q_OBJECT

private slots:
    void everyFieldOfEveryViewIsARole()
    {
        demo::GeneratorOptions options;
        options.seed = 7;
        options.residents = 200;
        auto snapshot = demo::generateCouncil(options);
        QVERIFY(snapshot);
        const std::int64_t now = options.baseDayUnixSeconds * 1000 + 11 * 3600 * 1000;

        v1::PullResponse page;
        for (const auto &x : snapshot->users()) {
            *page.add_changes()->mutable_upsert()->mutable_user() = x;
        }
        for (const auto &x : snapshot->residents()) {
            *page.add_changes()->mutable_upsert()->mutable_resident() = x;
        }
        for (const auto &x : snapshot->cases()) {
            *page.add_changes()->mutable_upsert()->mutable_case_() = x;
        }
        for (const auto &x : snapshot->referrals()) {
            *page.add_changes()->mutable_upsert()->mutable_referral() = x;
        }
        bool alerted = false;
        for (auto x : snapshot->visits()) {
            if (!alerted && x.status() == v1::VISIT_STATUS_SCHEDULED) {
                // An officer in trouble: checked in, then the alert, acknowledged.
                x.set_status(v1::VISIT_STATUS_ALERT);
                *x.mutable_checked_in_at() = timestampOf(now - 20 * 60000);
                *x.mutable_lone_worker_deadline() = timestampOf(now + 40 * 60000);
                v1::VisitAlert &a = *x.mutable_alert();
                a.set_event_id("alert-1");
                *a.mutable_raised_at() = timestampOf(now - 60000);
                *a.mutable_received_at() = timestampOf(now - 59000);
                *a.mutable_acknowledged_at() = timestampOf(now - 30000);
                a.set_acknowledged_by_user_id(snapshot->users(0).id());
                a.mutable_position()->set_has_fix(true);
                a.mutable_position()->set_latitude(53.7);
                a.mutable_position()->set_longitude(-1.5);
                alerted = true;
            }
            *page.add_changes()->mutable_upsert()->mutable_visit() = x;
        }
        QVERIFY(alerted);
        for (const auto &x : snapshot->case_events()) {
            *page.add_changes()->mutable_upsert()->mutable_case_event() = x;
        }
        // A safeguarding concern raised at a visit this morning.
        v1::CaseEvent &concern = *page.add_changes()->mutable_upsert()->mutable_case_event();
        concern.set_id("safeguarding-1");
        concern.set_case_id(snapshot->cases(0).id());
        concern.set_kind(v1::CASE_EVENT_KIND_SAFEGUARDING);
        concern.set_actor_user_id(snapshot->users(0).id());
        *concern.mutable_occurred_at() = timestampOf(now - 3600 * 1000);
        concern.mutable_safeguarding()->set_concern_id("officer_note");
        concern.mutable_safeguarding()->set_details("Bruising on both arms; says she fell.");
        for (int i = 0; i < page.changes_size(); ++i) {
            page.mutable_changes(i)->set_seq(i + 1);
        }
        page.set_next_cursor(page.changes_size());
        StoreFixture f;
        QVERIFY(f.ok());
        QVERIFY(RecordStore(f.db()).applyPullPage(page));

        auto calendar = calendar::CouncilCalendar::of(v1::Council());
        QVERIFY(calendar);
        DeskReader desk(f.db(), *calendar);
        const std::int64_t day = calendar->startOfDay(calendar->dayOf(now));
        const std::int64_t next = calendar->startOfDay(calendar->dayOf(now) + 1);
        const std::vector<std::pair<const char *, Result<QVariantList>>> views = {
            {"inbox", desk.referralInbox(now, 5)},
            {"board", desk.board(day, next, now)},
            {"workload", desk.workload(day, 5)},
            {"follow-up calls", desk.followUpCalls(now)},
            {"safeguarding", desk.safeguarding(now - 90 * 24 * 3600 * 1000LL)},
            {"my referrals", desk.myReferrals(now, 5)},
        };

        std::set<QString> roles;
        DeskModel model;
        for (const QByteArray &name : model.roleNames()) {
            roles.insert(QString::fromLatin1(name));
        }
        bool sawAlert = false;
        QStringList missing;
        for (const auto &[view, rows] : views) {
            QVERIFY2(rows, view);
            // The generated council records no follow-up consent, so that view can be empty;
            // tst_deskreader reads its rows from events it writes.
            QVERIFY2(!rows->isEmpty() || std::string(view) == "follow-up calls", view);
            for (const QVariant &row : *rows) {
                const QVariantMap m = row.toMap();
                sawAlert = sawAlert || m.value("column").toString() == "alert";
                for (auto it = m.begin(); it != m.end(); ++it) {
                    const QString what = QString("%1: %2").arg(view, it.key());
                    if (!roles.count(it.key()) && !missing.contains(what)) {
                        missing << what;
                    }
                }
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable("not roles: " + missing.join(", ")));
        QVERIFY(sawAlert);

        // Finding one referral among hundreds: by postcode (typed without its space, in any
        // case), by case number, by name; and narrowing by ward and urgency.
        const QVariantList inbox = *views.front().second;
        QVERIFY2(inbox.size() > 10, qPrintable(QString::number(inbox.size())));
        QVariantMap target;
        for (const QVariant &row : inbox) {
            if (!row.toMap().value("caseNumber").toString().isEmpty() &&
                !row.toMap().value("postcode").toString().isEmpty()) {
                target = row.toMap();
            }
        }
        QVERIFY(!target.isEmpty());
        auto found = [&](const DeskModel::Filter &f) {
            QVariantList out;
            for (const QVariant &row : inbox) {
                if (DeskModel::matches(row.toMap(), f)) {
                    out << row;
                }
            }
            return out;
        };
        const QString postcode = target.value("postcode").toString();
        const QVariantList byPostcode = found({postcode.toLower().remove(' '), {}, {}, 0});
        QVERIFY(byPostcode.contains(target));
        QVERIFY(byPostcode.size() < inbox.size());
        for (const QVariant &row : byPostcode) {
            QVERIFY(
                row.toMap()
                        .value("postcode")
                        .toString()
                        .remove(' ')
                        .compare(QString(postcode).remove(' '), Qt::CaseInsensitive) == 0 ||
                row.toMap().value("address").toString().contains(postcode, Qt::CaseInsensitive));
        }
        const QVariantList byCase = found({target.value("caseNumber").toString(), {}, {}, 0});
        QVERIFY(byCase.contains(target));
        for (const QVariant &row : byCase) {
            QCOMPARE(row.toMap().value("caseNumber"), target.value("caseNumber"));
        }
        const QString family = target.value("residentName").toString().section(' ', -1);
        QVERIFY(found({family.toUpper(), {}, {}, 0}).contains(target));
        QVERIFY(found({"no such resident anywhere", {}, {}, 0}).isEmpty());
        const QVariantList inWard = found({{}, target.value("wardId").toString(), {}, 0});
        QVERIFY(inWard.contains(target) && inWard.size() < inbox.size());
        const int urgency = target.value("urgency").toInt();
        for (const QVariant &row : found({{}, {}, {}, urgency})) {
            QCOMPARE(row.toMap().value("urgency").toInt(), urgency);
        }
        // Officer: the board's rows.
        const QVariantList board = *views.at(1).second;
        QVERIFY(!board.isEmpty());
        const QString officer = board.front().toMap().value("officerId").toString();
        for (const QVariant &row : board) {
            QCOMPARE(DeskModel::matches(row.toMap(), {{}, {}, officer, 0}),
                     row.toMap().value("officerId").toString() == officer);
        }
    }

    // "Last quarter" is the financial quarter before today's, not a rolling 91 days.
    void lastQuarterIsTheFinancialQuarterBefore_data()
    {
        QTest::addColumn<QDate>("today");
        QTest::addColumn<QDate>("first");
        QTest::addColumn<QDate>("last");
        QTest::newRow("December: July to September")
            << QDate(2026, 12, 6) << QDate(2026, 7, 1) << QDate(2026, 9, 30);
        QTest::newRow("first day of a quarter")
            << QDate(2026, 10, 1) << QDate(2026, 7, 1) << QDate(2026, 9, 30);
        QTest::newRow("April: January to March")
            << QDate(2027, 4, 15) << QDate(2027, 1, 1) << QDate(2027, 3, 31);
        QTest::newRow("February: October to December of the year before")
            << QDate(2028, 2, 29) << QDate(2027, 10, 1) << QDate(2027, 12, 31);
        QTest::newRow("June: January to March")
            << QDate(2026, 6, 30) << QDate(2026, 1, 1) << QDate(2026, 3, 31);
    }
    void lastQuarterIsTheFinancialQuarterBefore()
    {
        QFETCH(QDate, today);
        QFETCH(QDate, first);
        QFETCH(QDate, last);
        const auto [from, to] = DeskActions::previousFinancialQuarter(today);
        QCOMPARE(from, first);
        QCOMPARE(to, last);
    }
};

QTEST_GUILESS_MAIN(TestDeskModel)
#include "tst_deskmodel.moc"
