// The officer's Today is the council's day: a visit just after midnight in summer (BST) is on
// the day the officer's clock shows, not the UTC day before.

#include "models/appcontroller.h"
#include "models/visitlistmodel.h"
#include "store/casereader.h"
#include "store/prototime.h"
#include "store/recordstore.h"

#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"

#include "../councildays.h"
#include "../storefixture.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

namespace {

constexpr std::int64_t kHour = 3600LL * 1000;

} // namespace

class TestVisitListModel : public QObject
{
    Q_OBJECT

private slots:
    void aVisitAfterMidnightInSummerIsOnTodayOfItsCouncilDay()
    {
        StoreFixture f;
        QVERIFY(f.ok());
        // 00:30 to 01:30 BST on Tuesday 14 July 2026 is 23:30 UTC on the 13th.
        const std::int64_t start = councilTime(2026, 7, 14, 0, 30);
        QCOMPARE(start, (calendar::daysFromCivil(2026, 7, 13) * 24 + 23) * kHour + 30 * 60000);
        v1::PullResponse page;
        v1::Case &c = *page.add_changes()->mutable_upsert()->mutable_case_();
        c.set_id("case-1");
        c.set_case_number("HV-2026-000001");
        c.set_status(v1::CASE_STATUS_OPEN);
        v1::Visit &v = *page.add_changes()->mutable_upsert()->mutable_visit();
        v.set_id("v-night");
        v.set_case_id("case-1");
        v.set_officer_user_id("off-1");
        v.set_status(v1::VISIT_STATUS_SCHEDULED);
        *v.mutable_window()->mutable_start() = timestampOf(start);
        *v.mutable_window()->mutable_end() = timestampOf(start + kHour);
        for (int i = 0; i < page.changes_size(); ++i) {
            page.mutable_changes(i)->set_seq(i + 1);
        }
        page.set_next_cursor(page.changes_size());
        QVERIFY(RecordStore(f.db()).applyPullPage(page));

        const auto today = [&](std::int64_t now) {
            const auto [from, to] = VisitListModel::window(london(), now, 1);
            auto visits = CaseReader(f.db()).visits(from, to);
            return visits ? int(visits->size()) : -1;
        };
        // At 10:00 BST on the 14th, Today has it; at 22:00 BST on the 13th (21:00 UTC, the
        // same UTC day as the visit's start) Today does not, and the next days do.
        QCOMPARE(today(councilTime(2026, 7, 14, 10, 0)), 1);
        QCOMPARE(today(councilTime(2026, 7, 14, 0, 5)), 1);
        QCOMPARE(today(councilTime(2026, 7, 13, 22, 0)), 0);
        const auto [from, to] =
            VisitListModel::window(london(), councilTime(2026, 7, 13, 22, 0), 2);
        QCOMPARE(to - from, 48 * kHour);
        QCOMPARE(today(councilTime(2026, 7, 15, 0, 5)), 0);

        // A visit the officer is still inside at midnight stays on the new day's Today.
        v1::PullResponse late;
        v1::Visit &inside = *late.add_changes()->mutable_upsert()->mutable_visit();
        inside.set_id("v-inside");
        inside.set_case_id("case-1");
        inside.set_officer_user_id("off-1");
        inside.set_status(v1::VISIT_STATUS_IN_PROGRESS);
        *inside.mutable_window()->mutable_start() = timestampOf(councilTime(2026, 7, 14, 22, 0));
        *inside.mutable_window()->mutable_end() = timestampOf(councilTime(2026, 7, 14, 23, 0));
        late.mutable_changes(0)->set_seq(page.changes_size() + 1);
        late.set_next_cursor(page.changes_size() + 1);
        QVERIFY(RecordStore(f.db()).applyPullPage(late));
        QCOMPARE(today(councilTime(2026, 7, 15, 0, 5)), 1);
    }
};

QTEST_GUILESS_MAIN(TestVisitListModel)
#include "tst_visitlistmodel.moc"
