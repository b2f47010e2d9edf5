// Case events: contacts, notes and follow-up calls, and visits, both past ones and the ones
// worked on the demo's day.

#include "demo-council/councilbuilder.h"

namespace doorstep::demo::detail {

// --- case stories --------------------------------------------------------------------

v1::CaseEvent &CouncilBuilder::addEvent(std::int64_t at, v1::CaseEventKind kind, int actor)
{
    m_events.push_back({at, v1::CaseEvent{}});
    v1::CaseEvent &e = m_events.back().event;
    e.set_case_id(m_caseId);
    e.set_kind(kind);
    setTime(e.mutable_occurred_at(), at);
    e.set_actor_user_id(userId(actor));
    return e;
}

v1::ContactKind CouncilBuilder::contactKind(const ResidentState &r)
{
    Random &rng = m_rng;
    const double p = rng.uniformReal();
    switch (r.channel) {
    case v1::CONTACT_CHANNEL_TEXT:
        if (r.hearing) {
            return p < 0.75 ? v1::CONTACT_KIND_TEXT
                            : (p < 0.9 ? v1::CONTACT_KIND_LETTER : v1::CONTACT_KIND_VIDEO_CALL);
        }
        return p < 0.7 ? v1::CONTACT_KIND_TEXT : v1::CONTACT_KIND_PHONE;
    case v1::CONTACT_CHANNEL_VIDEO_CALL:
        return p < 0.65 ? v1::CONTACT_KIND_VIDEO_CALL
                        : (p < 0.9 ? v1::CONTACT_KIND_TEXT : v1::CONTACT_KIND_LETTER);
    case v1::CONTACT_CHANNEL_LETTER:
        return p < 0.8 || !(r.mobile || r.landline) || r.hearing ? v1::CONTACT_KIND_LETTER
                                                                 : v1::CONTACT_KIND_PHONE;
    case v1::CONTACT_CHANNEL_EMAIL:
        return p < 0.7 ? v1::CONTACT_KIND_EMAIL
                       : (r.hearing ? v1::CONTACT_KIND_TEXT : v1::CONTACT_KIND_PHONE);
    case v1::CONTACT_CHANNEL_PHONE:
        return p < 0.8 ? v1::CONTACT_KIND_PHONE : v1::CONTACT_KIND_LETTER;
    default:
        break;
    }
    if (r.mobile || r.landline) {
        return p < 0.85 ? v1::CONTACT_KIND_PHONE : v1::CONTACT_KIND_LETTER;
    }
    return v1::CONTACT_KIND_LETTER;
}

void CouncilBuilder::addContact(std::int64_t at, int actor, const ResidentState &r,
                                ContactPurpose purpose, const TextVars &vars)
{
    const v1::ContactKind kind = contactKind(r);
    const ContactTemplate *t = pickFresh(m_contacts[kind][static_cast<int>(purpose)]);
    if (t == nullptr) {
        // The preferred kind has nothing to say here: a letter always works, whatever the
        // resident's needs.
        t = pickFresh(m_contacts[v1::CONTACT_KIND_LETTER][static_cast<int>(purpose)]);
    }
    if (t == nullptr) {
        t = pickFresh(
            m_contacts[v1::CONTACT_KIND_LETTER][static_cast<int>(ContactPurpose::BeforeVisit)]);
    }
    auto &e = addEvent(at, v1::CASE_EVENT_KIND_CONTACT, actor);
    auto *c = e.mutable_contact();
    c->set_kind(t->kind);
    c->set_inbound(t->inbound);
    c->set_summary(fill(t->text, withPartner(vars, t->text)));
}

void CouncilBuilder::addNote(std::int64_t at, int actor, std::string text)
{
    addEvent(at, v1::CASE_EVENT_KIND_NOTE, actor).mutable_note()->set_text(std::move(text));
}

// {partner} in a text: one of the partners this case was referred to.
TextVars CouncilBuilder::withPartner(const TextVars &vars, std::string_view text)
{
    TextVars v = vars;
    if (text.find("{partner}") != std::string_view::npos && !m_casePartnerNames.empty()) {
        v.partner = m_rng.pick(m_casePartnerNames);
    }
    return v;
}

v1::GeoPosition CouncilBuilder::positionNear(const ResidentState &r, std::int64_t at)
{
    v1::GeoPosition pos;
    setTime(pos.mutable_fixed_at(), at);
    // Indoors, tablets sometimes have no fix; that is recorded, not left out.
    if (m_rng.bernoulli(0.08)) {
        pos.set_has_fix(false);
        return pos;
    }
    const Offset off = randomInDisc(m_rng, 0.02);
    pos.set_has_fix(true);
    pos.set_latitude(roundMicro(r.latitude + off.northKm / kKmPerDegreeLatitude));
    pos.set_longitude(roundMicro(r.longitude + off.eastKm / kKmPerDegreeLongitude));
    pos.set_accuracy_m(static_cast<double>(m_rng.uniformInt(4, 35)));
    return pos;
}

int CouncilBuilder::coveringOfficer(const ResidentState &r)
{
    const auto &patch =
        m_wards[static_cast<std::size_t>(m_wards[static_cast<std::size_t>(r.ward)].patch)];
    return m_rng.pick(patch.officers);
}

// A visit of the case being written, with its window and status.
v1::Visit *CouncilBuilder::addVisit(int officer, std::int64_t start, std::int64_t end,
                                    v1::VisitStatus status, bool followUpVisit)
{
    auto *visit = m_snapshot.add_visits();
    visit->set_id(numbered("visit", static_cast<std::uint64_t>(++m_visitCount), 6));
    visit->set_case_id(m_caseId);
    visit->set_officer_user_id(userId(officer));
    setTime(visit->mutable_window()->mutable_start(), start);
    setTime(visit->mutable_window()->mutable_end(), end);
    visit->set_status(status);
    visit->set_purpose(std::string(followUpVisit ? "Follow-up visit: " : "First visit: ") +
                       std::string(m_topic));
    visit->set_version(1);
    return visit;
}

// The officer at the door: checked in, checked out and written up (COMPLETED), or nobody
// answered (NO_ACCESS). An in-progress visit (IN_PROGRESS) is checked in with its
// lone-working timer running.
CouncilBuilder::VisitAttempt CouncilBuilder::workVisit(v1::Visit &visit, const ResidentState &r,
                                                       const TextVars &vars, int officer,
                                                       v1::VisitStatus status, bool moreToCome,
                                                       std::int64_t checkIn, std::int64_t checkOut)
{
    Random &rng = m_rng;
    VisitAttempt result;
    result.status = status;
    const std::int64_t start = visit.window().start().seconds();
    if (status == v1::VISIT_STATUS_NO_ACCESS) {
        const std::int64_t at = start + rng.uniformInt(2, 4) * 5 * kMinute;
        visit.set_version(2);
        auto &ev = addEvent(at, v1::CASE_EVENT_KIND_VISIT, officer);
        ev.mutable_visit()->set_visit_id(visit.id());
        ev.mutable_visit()->set_from_status(v1::VISIT_STATUS_SCHEDULED);
        ev.mutable_visit()->set_to_status(v1::VISIT_STATUS_NO_ACCESS);
        *ev.mutable_visit()->mutable_position() = positionNear(r, at);
        addNote(at + 3 * kMinute, officer, fill(rng.pick(noAccessNotes()), vars));
        result.lastAt = at + 3 * kMinute;
        return result;
    }
    if (checkIn == 0) {
        checkIn = start + rng.uniformInt(-2, 3) * 5 * kMinute;
        checkOut = checkIn + rng.uniformInt(7, 17) * 5 * kMinute;
    }
    setTime(visit.mutable_checked_in_at(), checkIn);
    *visit.mutable_check_in_position() = positionNear(r, checkIn);
    auto &in = addEvent(checkIn, v1::CASE_EVENT_KIND_VISIT, officer);
    in.mutable_visit()->set_visit_id(visit.id());
    in.mutable_visit()->set_from_status(v1::VISIT_STATUS_SCHEDULED);
    in.mutable_visit()->set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
    *in.mutable_visit()->mutable_position() = visit.check_in_position();
    result.lastAt = checkIn;
    if (status == v1::VISIT_STATUS_IN_PROGRESS) {
        // The timer the officer set at the door (`checkOut` is the window's end), with room
        // for a long conversation.
        setTime(visit.mutable_lone_worker_deadline(), checkOut + kInProgressTimerMargin);
        visit.set_version(2);
        return result;
    }
    setTime(visit.mutable_lone_worker_deadline(), checkIn + 90 * kMinute);
    setTime(visit.mutable_checked_out_at(), checkOut);
    *visit.mutable_check_out_position() = positionNear(r, checkOut);
    visit.set_version(4);
    auto &out = addEvent(checkOut, v1::CASE_EVENT_KIND_VISIT, officer);
    out.mutable_visit()->set_visit_id(visit.id());
    out.mutable_visit()->set_from_status(v1::VISIT_STATUS_IN_PROGRESS);
    out.mutable_visit()->set_to_status(v1::VISIT_STATUS_COMPLETED);
    *out.mutable_visit()->mutable_position() = visit.check_out_position();
    const Outcome outcome =
        recordVisitOutcome(r, vars, visit.id(), officer, checkIn, checkOut, moreToCome);
    result.checkOut = checkOut;
    result.lastAt = outcome.lastAt;
    return result;
}

// A visit of the base day that started by the demo's moment. One whose window has closed
// was worked: nobody answered, or it is done and written up. One whose window is open is
// under way, its timer set to an hour past the window.
void CouncilBuilder::workToday(const ResidentState &r, const TextVars &vars, ScheduledVisit &s,
                               bool followUp)
{
    Random &rng = m_rng;
    v1::Visit *visit = addVisit(s.officer, s.start, s.end, v1::VISIT_STATUS_SCHEDULED, followUp);
    s.written = true;
    std::int64_t checkIn = s.start + rng.uniformInt(-2, 3) * 5 * kMinute;
    if (s.end > m_moment) {
        visit->set_status(v1::VISIT_STATUS_IN_PROGRESS);
        workVisit(*visit, r, vars, s.officer, v1::VISIT_STATUS_IN_PROGRESS, true,
                  std::min(checkIn, m_moment - kMinute), s.end);
        return;
    }
    if (rng.bernoulli(0.08)) {
        visit->set_status(v1::VISIT_STATUS_NO_ACCESS);
        workVisit(*visit, r, vars, s.officer, v1::VISIT_STATUS_NO_ACCESS, true);
        return;
    }
    // Checked out in time to be written up by the moment.
    const std::int64_t checkOut =
        std::min(checkIn + rng.uniformInt(7, 17) * 5 * kMinute, m_moment - kWriteUpTime);
    checkIn = std::min(checkIn, checkOut - 20 * kMinute);
    visit->set_status(v1::VISIT_STATUS_COMPLETED);
    workVisit(*visit, r, vars, s.officer, v1::VISIT_STATUS_COMPLETED, rng.bernoulli(0.5), checkIn,
              checkOut);
}

// A past visit: arranged with the resident, then completed, missed or cancelled. Returns
// UNSPECIFIED if it would not have happened before the base day.
CouncilBuilder::VisitAttempt CouncilBuilder::pastVisit(const ResidentState &r,
                                                       const TextVars &baseVars, int coordinator,
                                                       std::int64_t after, v1::VisitStatus status,
                                                       bool followUpVisit, bool moreToCome,
                                                       bool urgent)
{
    Random &rng = m_rng;
    VisitAttempt result;
    const std::int64_t arrangeDay = addWorkingDays(dayOf(after), rng.uniformInt(0, 2));
    std::int64_t arrangeAt = officeTime(rng, arrangeDay);
    if (arrangeAt <= after) {
        arrangeAt = after + rng.uniformInt(2, 18) * 5 * kMinute;
    }
    const std::int64_t visitDay =
        addWorkingDays(dayOf(arrangeAt), urgent ? rng.uniformInt(1, 2) : rng.uniformInt(2, 8));
    if (visitDay >= m_baseDay) {
        return result;
    }
    const int minutes = visitMinutes(r);
    int officer = coveringOfficer(r);
    int slot = rng.uniformInt(0, 4);
    // An officer is never booked twice in one slot.
    for (int tries = 0; tries < 8; ++tries) {
        const std::uint64_t key = (static_cast<std::uint64_t>(officer) << 40) ^
                                  (static_cast<std::uint64_t>(visitDay) << 3) ^
                                  static_cast<std::uint64_t>(slot);
        if (m_busy.insert(key).second) {
            break;
        }
        if (tries % 2 == 0) {
            slot = (slot + 1) % 5;
        } else {
            officer = coveringOfficer(r);
        }
    }
    const std::int64_t start = at(visitDay, kSlotStarts[slot]);
    const std::int64_t end = start + minutes * kMinute;

    TextVars vars = baseVars;
    vars.date = longDate(start);
    vars.time = clockTime(start);
    addContact(arrangeAt, coordinator, r, ContactPurpose::ArrangeVisit, vars);
    if (r.interpreter) {
        addNote(arrangeAt + 5 * kMinute, coordinator,
                "Booked a " + r.language + " interpreter for the visit on " + vars.date + ".");
    }

    v1::Visit *visit = addVisit(officer, start, end, status, followUpVisit);
    result.status = status;
    if (status == v1::VISIT_STATUS_COMPLETED || status == v1::VISIT_STATUS_NO_ACCESS) {
        const VisitAttempt worked = workVisit(*visit, r, baseVars, officer, status, moreToCome);
        result.checkOut = worked.checkOut;
        result.lastAt = worked.lastAt;
        const std::int64_t shareAt = status == v1::VISIT_STATUS_COMPLETED
                                         ? officeTime(rng, addWorkingDays(visitDay, 1))
                                         : m_now;
        if (m_shareWithMember >= 0 && shareAt < m_now) {
            addNote(shareAt, coordinator,
                    "Outcome summary shared with " +
                        m_snapshot.users(m_shareWithMember).display_name() +
                        ", with the resident's consent.");
            result.lastAt = std::max(result.lastAt, shareAt);
        }
    } else {
        // Cancelled from the office, after booking and before the day.
        std::int64_t at = officeTime(rng, visitDay) - kDay;
        at = std::clamp(at, arrangeAt + 30 * kMinute, start - 30 * kMinute);
        visit->set_version(2);
        auto &ev = addEvent(at, v1::CASE_EVENT_KIND_VISIT, coordinator);
        ev.mutable_visit()->set_visit_id(visit->id());
        ev.mutable_visit()->set_from_status(v1::VISIT_STATUS_SCHEDULED);
        ev.mutable_visit()->set_to_status(v1::VISIT_STATUS_CANCELLED);
        addNote(at + kMinute, coordinator, fill(rng.pick(cancellationReasons()), baseVars));
        result.lastAt = at + kMinute;
    }
    return result;
}

void CouncilBuilder::addFollowUpCall(std::int64_t at, int coordinator, const TextVars &vars)
{
    Random &rng = m_rng;
    auto &e = addEvent(at, v1::CASE_EVENT_KIND_FOLLOW_UP_CALL, coordinator);
    auto *call = e.mutable_follow_up_call();
    int score = 0;
    if (rng.bernoulli(0.85)) {
        static constexpr double kScores[] = {0.03, 0.05, 0.12, 0.30, 0.50};
        score = static_cast<int>(rng.weightedIndex(kScores)) + 1;
    }
    std::vector<std::string_view> comments;
    for (const auto &c : followUpComments()) {
        if (c.score == score) {
            comments.push_back(c.text);
        }
    }
    call->set_reached(score > 0);
    call->set_satisfaction_score(score);
    // A resident not reached is one of the three honest results, taken in turn (not from
    // the random stream, which the rest of the council depends on).
    static constexpr v1::FollowUpResult kNotReached[] = {v1::FOLLOW_UP_RESULT_NO_ANSWER,
                                                         v1::FOLLOW_UP_RESULT_DECLINED_SURVEY,
                                                         v1::FOLLOW_UP_RESULT_UNREACHABLE};
    call->set_result(score > 0 ? v1::FOLLOW_UP_RESULT_REACHED
                               : kNotReached[m_notReachedCalls++ % 3]);
    if (!comments.empty()) {
        call->set_comments(fill(rng.pick(comments), vars));
    }
}

// Events go into the snapshot in time order, numbered as they go.
void CouncilBuilder::flushEvents()
{
    m_order.resize(m_events.size());
    for (std::size_t k = 0; k < m_events.size(); ++k) {
        m_order[k] = k;
    }
    std::stable_sort(m_order.begin(), m_order.end(), [this](std::size_t a, std::size_t b) {
        return m_events[a].at < m_events[b].at;
    });
    for (std::size_t k : m_order) {
        m_events[k].event.set_id(numbered("evt", static_cast<std::uint64_t>(++m_eventCount), 7));
    }
    // A step on a concern named it by its place in m_events ("#k"): now it has its id.
    for (auto &pending : m_events) {
        if (pending.event.has_safeguarding_action()) {
            auto *a = pending.event.mutable_safeguarding_action();
            const std::size_t k = std::stoul(a->concern_event_id().substr(1));
            a->set_concern_event_id(m_events[k].event.id());
        }
    }
    auto *out = m_snapshot.mutable_case_events();
    for (std::size_t k : m_order) {
        *out->Add() = std::move(m_events[k].event);
    }
}

} // namespace doorstep::demo::detail
