// Follow-up calls due: a satisfaction call after each visit, until answered or lapsed.

#include "store/deskreader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "store/deskquery.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/wording.h"

#include <algorithm>
#include <map>
#include <vector>

namespace doorstep::mobile {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// A satisfaction call a month after the visit is no use to anyone: older tasks lapse.
constexpr std::int64_t kFollowUpWindowMs = 30 * kDayMs;

const v1::Answer *answer(const v1::FormSubmission &f, const char *questionId)
{
    for (const v1::Answer &a : f.answers()) {
        if (a.question_id() == questionId) {
            return &a;
        }
    }
    return nullptr;
}

} // namespace

Result<QVariantList> DeskReader::followUpCalls(std::int64_t nowMs, int maxAttempts)
{
    // Only recent visits can still owe a call: start from them (visits_by_window), not from
    // every consent form ever taken, since this runs after every sync.
    struct Candidate
    {
        v1::Visit visit;
        v1::Resident resident;
        std::string caseNumber;
    };
    std::vector<Candidate> candidates;
    auto s = eachRow(
        m_db,
        "SELECT v.body, c.case_number, r.body FROM visits v JOIN cases c ON c.id = v.case_id"
        " LEFT JOIN residents r ON r.id = c.resident_id"
        " WHERE v.window_start >= ? AND v.status = 5",
        [&](db::Statement &q) { q.bind(1, nowMs - kFollowUpWindowMs); },
        [&](db::Statement &q) -> Status {
            Candidate c;
            if (!c.visit.ParseFromString(q.blob(0)) ||
                (!q.isNull(2) && !c.resident.ParseFromString(q.blob(2)))) {
                return unreadable("visit");
            }
            c.caseNumber = q.text(1);
            candidates.push_back(std::move(c));
            return {};
        });
    if (!s) {
        return s.error();
    }
    QVariantList out;
    for (const Candidate &c : candidates) {
        const v1::Visit &visit = c.visit;
        const std::int64_t checkedOut = unixMs(visit.checked_out_at());
        // Due from the start of the first working day after the visit's day to the end of the
        // second, in the council's days.
        const std::int64_t day = m_days.dayOf(checkedOut);
        const std::int64_t dueFrom = m_days.startOfDay(m_days.addWorkingDays(day, 1));
        const std::int64_t dueBy = m_days.startOfDay(m_days.addWorkingDays(day, 2) + 1) - 1;
        if (nowMs < dueFrom) {
            continue;
        }
        std::int64_t lastTry = 0;
        int tries = 0;
        // The case's consent forms and calls: did the resident agree for this visit, and has
        // a call been made since (one naming this visit, or any after the check-out when the
        // call names none)?
        const v1::Answer *channel = nullptr;
        const v1::Answer *bestTime = nullptr;
        bool consented = false;
        bool called = false;
        std::vector<v1::CaseEvent> forms;
        auto e = eachRow(
            m_db, "SELECT body FROM case_events WHERE case_id = ? AND kind IN (7, 10)",
            [&](db::Statement &q) { q.bind(1, visit.case_id()); },
            [&](db::Statement &q) -> Status {
                v1::CaseEvent ev;
                if (!ev.ParseFromString(q.blob(0))) {
                    return unreadable("case event");
                }
                if (ev.has_follow_up_call()) {
                    const std::string &forVisit = ev.follow_up_call().visit_id();
                    if (forVisit == visit.id() ||
                        (forVisit.empty() && unixMs(ev.occurred_at()) >= checkedOut)) {
                        // No answer: tried again; anything else answers the call.
                        if (ev.follow_up_call().result() == v1::FOLLOW_UP_RESULT_NO_ANSWER) {
                            ++tries;
                            lastTry = std::max(lastTry, unixMs(ev.occurred_at()));
                        } else {
                            called = true;
                        }
                    }
                } else if (ev.form_submission().form_id() == "consent" &&
                           ev.form_submission().visit_id() == visit.id()) {
                    forms.push_back(std::move(ev));
                }
                return {};
            });
        if (!e) {
            return e.error();
        }
        for (const v1::CaseEvent &form : forms) {
            const v1::Answer *yes = answer(form.form_submission(), "follow_up_call_consent");
            if (yes && yes->consent_given()) {
                consented = true;
                channel = answer(form.form_submission(), "follow_up_channel");
                bestTime = answer(form.form_submission(), "follow_up_best_time");
            }
        }
        if (!consented || called || tries >= maxAttempts) {
            continue;
        }
        std::int64_t from = dueFrom;
        std::int64_t by = dueBy;
        if (tries > 0) {
            // Due again the next working day after the last try, that day.
            const std::int64_t next = m_days.addWorkingDays(m_days.dayOf(lastTry), 1);
            from = m_days.startOfDay(next);
            by = m_days.startOfDay(next + 1) - 1;
            if (nowMs < from) {
                continue;
            }
        }
        out.append(QVariantMap{{"visitId", qs(visit.id())},
                               {"attempt", tries + 1},
                               {"maxAttempts", maxAttempts},
                               {"caseId", qs(visit.case_id())},
                               {"caseNumber", qs(c.caseNumber)},
                               {"residentName", wording::residentName(c.resident)},
                               {"phone", qs(c.resident.phone())},
                               {"channel", channel ? qs(channel->choice()) : QString()},
                               {"bestTime", bestTime ? qs(bestTime->choice()) : QString()},
                               {"checkedOutAt", msToDateTime(checkedOut)},
                               {"dueFrom", msToDateTime(from)},
                               {"dueBy", msToDateTime(by)},
                               {"late", nowMs > by}});
    }
    std::stable_sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value("dueBy").toDateTime() < b.toMap().value("dueBy").toDateTime();
    });
    return out;
}

} // namespace doorstep::mobile
