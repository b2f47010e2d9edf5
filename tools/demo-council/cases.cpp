// Cases and referrals: each case's story from referral to triage, visits and close,
// written into the snapshot, and the referrals still waiting in the inbox.

#include "demo-council/councilbuilder.h"

namespace doorstep::demo::detail {

const Concern &CouncilBuilder::pickConcern(const ResidentState &r)
{
    const auto concerns = referralConcerns();
    for (;;) {
        const Concern &c = m_rng.pick(concerns);
        const bool fits = c.fit == ConcernFit::Anyone ||
                          (c.fit == ConcernFit::HearingLoss && r.hearing) ||
                          (c.fit == ConcernFit::SightLoss && r.sightLoss) ||
                          (c.fit == ConcernFit::Interpreter && r.interpreter) ||
                          (c.fit == ConcernFit::Sheltered && r.sheltered);
        if (fits) {
            return c;
        }
    }
}

CouncilBuilder::ReferralDraft CouncilBuilder::draftReferral(const ResidentState &r,
                                                            std::int64_t receivedAt,
                                                            const Concern *concern)
{
    Random &rng = m_rng;
    ReferralDraft d;
    d.concern = concern != nullptr ? concern : &pickConcern(r);
    v1::Referral &ref = d.referral;
    ref.set_id(numbered("ref", static_cast<std::uint64_t>(++m_referralCount), 6));
    ref.set_resident_id(m_residentId);
    const auto &members = m_wards[static_cast<std::size_t>(r.ward)].members;
    double sources[] = {0.5, members.empty() ? 0.0 : 0.2, 0.2, 0.1};
    const auto source = static_cast<v1::ReferralSource>(rng.weightedIndex(sources) + 1);
    ref.set_source(source);
    bool consentToShare = false;
    bool consented = rng.bernoulli(0.92);
    switch (source) {
    case v1::REFERRAL_SOURCE_WARD_MEMBER:
        ref.set_referrer_user_id(userId(rng.pick(members)));
        // Ward members refer only with the resident's agreement.
        consented = true;
        consentToShare = rng.bernoulli(0.8);
        break;
    case v1::REFERRAL_SOURCE_PARTNER:
        ref.set_referrer_name(std::string(rng.pick(referringPartners()).name));
        consentToShare = rng.bernoulli(0.6);
        break;
    case v1::REFERRAL_SOURCE_SELF:
        consented = true;
        if (rng.bernoulli(0.6)) {
            ref.set_referrer_name(r.given + " " + r.family);
        } else {
            static constexpr std::string_view kRelations[] = {"daughter", "son", "neighbour",
                                                              "niece", "friend"};
            const std::string_view relation = rng.pick(kRelations);
            const Sex sex = relation == "son" ? Sex::Male
                            : relation == "daughter" || relation == "niece"
                                ? Sex::Female
                                : (rng.bernoulli(0.5) ? Sex::Female : Sex::Male);
            const std::string_view given =
                m_names.given(rng, Community::British, sex, Cohort::Younger);
            ref.set_referrer_name(std::string(given) + " " + r.family + " (" +
                                  std::string(relation) + ")");
        }
        break;
    default:
        break;
    }
    ref.set_concern(fill(d.concern->text, varsFor(r)));
    static constexpr double kUrgency[] = {0.6, 0.3, 0.1};
    const auto drawn = static_cast<v1::Urgency>(rng.weightedIndex(kUrgency) + 1);
    ref.set_urgency(std::max(drawn, d.concern->leastUrgency));
    ref.set_resident_consented_to_referral(consented);
    ref.set_consent_to_share_outcome(consentToShare);
    ref.set_status(v1::REFERRAL_STATUS_RECEIVED);
    setTime(ref.mutable_received_at(), receivedAt);
    ref.set_version(1);
    return d;
}

// The REFERRAL event records the referral as it arrived.
void CouncilBuilder::addReferralEvent(const ReferralDraft &d, int coordinator)
{
    const v1::Referral &ref = d.referral;
    int actor = coordinator;
    if (ref.source() == v1::REFERRAL_SOURCE_WARD_MEMBER) {
        actor = m_userIndex.at(ref.referrer_user_id());
    }
    auto &e = addEvent(ref.received_at().seconds(), v1::CASE_EVENT_KIND_REFERRAL, actor);
    *e.mutable_referral() = ref;
    e.mutable_referral()->set_case_id(m_caseId);
}

std::int64_t CouncilBuilder::receivedTime(std::int64_t day, v1::ReferralSource source)
{
    // The contact centre works office hours; councillors, partners and families write any
    // day. Moving a date earlier never pushes a referral past the base day.
    if (source == v1::REFERRAL_SOURCE_CONTACT_CENTRE) {
        return officeTime(m_rng, workingDayOnOrBefore(day), 8 * 60, 18 * 60);
    }
    return officeTime(m_rng, day, 8 * 60, 20 * 60);
}

std::int64_t CouncilBuilder::triageTime(std::int64_t received, v1::Urgency urgency)
{
    if (urgency == v1::URGENCY_URGENT) {
        // Same day if the office is open, first thing next working day if not.
        const std::int64_t t = received + m_rng.uniformInt(4, 36) * 5 * kMinute;
        const calendar::LocalTime local = m_days.local(t * 1000);
        const std::int64_t minute = local.hour * 60 + local.minute;
        if (isWorkingDay(dayOf(t)) && minute >= 8 * 60 + 30 && minute <= 17 * 60 + 30) {
            return t;
        }
        const std::int64_t day =
            minute < 8 * 60 + 30 && isWorkingDay(dayOf(t)) ? dayOf(t) : addWorkingDays(dayOf(t), 1);
        return std::max(officeTime(m_rng, day, 8 * 60 + 30, 10 * 60), received + 20 * kMinute);
    }
    const int days = urgency == v1::URGENCY_SOON ? m_rng.uniformInt(0, 1) : m_rng.uniformInt(1, 4);
    std::int64_t day =
        days == 0 ? workingDayOnOrAfter(dayOf(received)) : addWorkingDays(dayOf(received), days);
    const std::int64_t t = officeTime(m_rng, day, 9 * 60, 16 * 60 + 30);
    return std::max(t, received + 20 * kMinute);
}

std::int64_t CouncilBuilder::paddingTime(std::int64_t lo, std::int64_t hi)
{
    if (hi <= lo) {
        return hi;
    }
    for (int tries = 0; tries < 12; ++tries) {
        const std::int64_t day = m_rng.uniformInt64(dayOf(lo), dayOf(hi));
        if (!isWorkingDay(day)) {
            continue;
        }
        const std::int64_t t = officeTime(m_rng, day);
        if (t >= lo && t <= hi) {
            return t;
        }
    }
    // No office hours in the window (a weekend): any time in it, to the minute.
    return lo + m_rng.uniformInt64(0, (hi - lo) / kMinute) * kMinute;
}

void CouncilBuilder::writeCases()
{
    const int n = m_options.residents;
    m_snapshot.mutable_cases()->Reserve(n);
    m_snapshot.mutable_referrals()->Reserve(n + n / 5 + 64);
    m_snapshot.mutable_visits()->Reserve(n + static_cast<int>(m_schedule.size()));
    m_snapshot.mutable_case_events()->Reserve(static_cast<int>(std::min<std::int64_t>(
        std::int64_t{n} * m_options.eventsPerCase + std::int64_t{n} * 2, std::int64_t{1} << 30)));
    for (int u = 0; u < m_snapshot.users_size(); ++u) {
        m_userIndex.emplace(m_snapshot.users(u).id(), u);
    }
    for (int i = 0; i < n; ++i) {
        writeCase(i);
    }
}

void CouncilBuilder::writeCase(int i)
{
    Random &rng = m_rng;
    const ResidentState &r = m_residents[static_cast<std::size_t>(i)];
    CasePlan &plan = m_plans[static_cast<std::size_t>(i)];
    const TextVars vars = varsFor(r);
    const int coordinator = plan.coordinator;
    const std::int64_t limit = m_now - 1;
    m_caseId = numbered("case", static_cast<std::uint64_t>(i + 1), 6);
    m_caseCoordinator = coordinator;
    m_residentId = m_snapshot.residents(i).id();
    m_events.clear();
    m_usedTexts.clear();
    m_casePartners.clear();
    m_casePartnerNames.clear();
    m_shareWithMember = -1;

    // First referral, triage, and the case opening.
    std::vector<ReferralDraft> referrals;
    referrals.push_back(draftReferral(r, 0, nullptr));
    const v1::Urgency urgency = referrals.front().referral.urgency();
    int ageDays = 0;
    switch (plan.stage) {
    case Stage::Awaiting:
        // Urgent referrals do not wait weeks for a first visit.
        ageDays = rng.uniformInt(1, urgency == v1::URGENCY_URGENT ? 3 : 21);
        break;
    case Stage::Visited:
        ageDays = rng.uniformInt(16, 240);
        break;
    case Stage::Closed:
        ageDays = rng.uniformInt(120, 730);
        break;
    }
    const std::int64_t received =
        receivedTime(m_baseDay - ageDays, referrals.front().referral.source());
    setTime(referrals.front().referral.mutable_received_at(), received);
    std::int64_t opened = triageTime(received, urgency);
    if (opened > limit - 30 * kMinute) {
        opened = std::max(received + 5 * kMinute, limit - rng.uniformInt(1, 24) * 5 * kMinute);
    }
    m_topic = referrals.front().concern->topic;
    m_concernArea = referrals.front().concern->area;
    plan.topic = m_topic;
    addReferralEvent(referrals.front(), coordinator);
    const auto &first = referrals.front().referral;
    if (first.source() == v1::REFERRAL_SOURCE_WARD_MEMBER && first.consent_to_share_outcome()) {
        m_shareWithMember = m_userIndex.at(first.referrer_user_id());
    }

    // The story of visits so far.
    std::int64_t cursor = opened;
    std::int64_t firstCheckOut = 0;
    std::int64_t closedAt = 0;
    bool anyVisit = false;
    if (plan.stage != Stage::Awaiting) {
        const bool urgent = urgency == v1::URGENCY_URGENT;
        const bool declined = plan.stage == Stage::Closed && rng.bernoulli(0.05);
        if (declined) {
            const std::int64_t at = officeTime(rng, addWorkingDays(dayOf(cursor), 1));
            addContact(at, coordinator, r, ContactPurpose::BeforeVisit, vars);
            cursor = at;
        } else {
            // Earlier attempts that did not get in.
            if (rng.bernoulli(0.04)) {
                const VisitAttempt a = pastVisit(r, vars, coordinator, cursor,
                                                 v1::VISIT_STATUS_CANCELLED, false, true, urgent);
                cursor = a.status != v1::VISIT_STATUS_UNSPECIFIED ? a.lastAt : cursor;
                anyVisit = anyVisit || a.status != v1::VISIT_STATUS_UNSPECIFIED;
            }
            if (rng.bernoulli(0.12)) {
                const VisitAttempt a = pastVisit(r, vars, coordinator, cursor,
                                                 v1::VISIT_STATUS_NO_ACCESS, false, true, urgent);
                cursor = a.status != v1::VISIT_STATUS_UNSPECIFIED ? a.lastAt : cursor;
                anyVisit = anyVisit || a.status != v1::VISIT_STATUS_UNSPECIFIED;
            }
            const bool secondVisit = rng.bernoulli(0.15);
            const bool moreToCome = plan.stage == Stage::Visited || secondVisit;
            const VisitAttempt a =
                pastVisit(r, vars, coordinator, cursor, v1::VISIT_STATUS_COMPLETED, false,
                          moreToCome || rng.bernoulli(0.2), urgent);
            if (a.status != v1::VISIT_STATUS_UNSPECIFIED) {
                anyVisit = true;
                firstCheckOut = a.checkOut;
                cursor = a.lastAt;
                if (secondVisit) {
                    const std::int64_t after = cursor + rng.uniformInt(10, 40) * kDay;
                    const VisitAttempt b = pastVisit(r, vars, coordinator, std::min(after, limit),
                                                     v1::VISIT_STATUS_COMPLETED, true,
                                                     plan.stage == Stage::Visited, false);
                    cursor = b.status != v1::VISIT_STATUS_UNSPECIFIED ? b.lastAt : cursor;
                }
            }
        }
        // The satisfaction call a few weeks later.
        if (firstCheckOut > 0 && (plan.stage == Stage::Closed || rng.bernoulli(0.5))) {
            const std::int64_t day = workingDayOnOrAfter(dayOf(cursor) + rng.uniformInt(15, 40));
            const std::int64_t at = officeTime(rng, day);
            if (at <= limit && at > cursor) {
                addFollowUpCall(at, coordinator, vars);
                cursor = at;
            }
        }
        if (plan.stage == Stage::Closed) {
            const std::int64_t at =
                officeTime(rng, workingDayOnOrAfter(dayOf(cursor) + rng.uniformInt(1, 14)));
            if (at <= limit && at > cursor) {
                closedAt = at;
                const NoteTemplate *reason =
                    firstCheckOut == 0 ? m_closingDeclined : pickFresh(m_closingAfterVisit);
                addNote(at, coordinator, fill(reason->text, vars));
            } else {
                plan.open = true; // its story ran into today: still open
            }
        }
    }
    const bool open = plan.open;

    // The visit booked for this week.
    if (plan.scheduled >= 0) {
        const ScheduledVisit &s = m_schedule[static_cast<std::size_t>(plan.scheduled)];
        const std::int64_t lo = std::max(cursor, opened) + 10 * kMinute;
        std::int64_t at =
            officeTime(rng, workingDayOnOrBefore(m_baseDay - 1 - rng.uniformInt(0, 3)));
        at = std::min(std::max(at, lo), limit);
        TextVars v = vars;
        v.date = longDate(s.start);
        v.time = clockTime(s.start);
        addContact(at, coordinator, r, ContactPurpose::ArrangeVisit, v);
        if (r.interpreter) {
            addNote(std::min(at + 5 * kMinute, limit), coordinator,
                    "Booked a " + r.language + " interpreter for the visit on " + v.date + ".");
        }
        anyVisit = true;
        if (m_moment > 0 && s.officer != m_officers.front() && s.start <= m_moment) {
            workToday(r, vars, m_schedule[static_cast<std::size_t>(plan.scheduled)],
                      plan.stage != Stage::Awaiting);
        }
    }

    // Further referrals about the same resident, linked to the open case.
    const std::int64_t storyEnd = closedAt > 0 ? closedAt - kMinute : limit;
    if (plan.stage != Stage::Awaiting && rng.bernoulli(0.15)) {
        const int extra = rng.bernoulli(0.2) ? 2 : 1;
        for (int k = 0; k < extra; ++k) {
            const std::int64_t lo = opened + 3 * kDay;
            if (lo >= storyEnd - kDay) {
                break;
            }
            ReferralDraft d = draftReferral(r, 0, nullptr);
            const std::int64_t day = dayOf(rng.uniformInt64(lo, storyEnd - kDay));
            const std::int64_t at =
                std::clamp(receivedTime(day, d.referral.source()), lo, storyEnd - kDay);
            setTime(d.referral.mutable_received_at(), at);
            referrals.push_back(std::move(d));
            addReferralEvent(referrals.back(), coordinator);
        }
    }

    // Notes and contacts fill the rest of the case's budget. Cases whose story alone
    // overran their budget are paid back from later cases, so the average holds.
    const auto story = static_cast<std::int64_t>(m_events.size());
    const std::int64_t padding = std::max<std::int64_t>(0, plan.budget - m_overrun - story);
    m_overrun = std::max<std::int64_t>(0, m_overrun + story + padding - plan.budget);
    const auto neighbour = rng.uniformInt(1, 60);
    for (int k = 0; k < padding; ++k) {
        const std::int64_t at = paddingTime(opened + 5 * kMinute, storyEnd);
        const bool afterVisit = firstCheckOut > 0 && at > firstCheckOut;
        if (rng.bernoulli(0.55)) {
            addContact(at, coordinator, r,
                       afterVisit ? ContactPurpose::AfterVisit : ContactPurpose::BeforeVisit, vars);
        } else {
            const auto &pool =
                afterVisit && rng.bernoulli(0.7) ? m_notesAfterVisit : m_notesAnyTime;
            TextVars v = vars;
            v.neighbour = neighbour;
            const NoteTemplate *note = pickFresh(pool);
            if (note == nullptr) {
                note = pickFresh(m_notesAnyTime);
            }
            addNote(at, coordinator, fill(note->text, withPartner(v, note->text)));
        }
    }

    // The case record, and referrals as they stand now.
    auto *c = m_snapshot.add_cases();
    c->set_id(m_caseId);
    c->set_resident_id(m_residentId);
    c->set_status(open ? v1::CASE_STATUS_OPEN : v1::CASE_STATUS_CLOSED);
    setTime(c->mutable_opened_at(), opened);
    if (!open) {
        setTime(c->mutable_closed_at(), closedAt);
    }
    c->set_coordinator_user_id(userId(coordinator));
    c->set_version(open ? static_cast<int>(referrals.size()) : 2);

    for (std::size_t k = 0; k < referrals.size(); ++k) {
        v1::Referral &ref = referrals[k].referral;
        ref.set_case_id(m_caseId);
        const std::int64_t triaged =
            k == 0 ? opened : ref.received_at().seconds() + rng.uniformInt(1, 36) * 5 * kMinute;
        setTime(ref.mutable_triaged_at(), std::min(triaged, storyEnd));
        const v1::ReferralStatus status = !open      ? v1::REFERRAL_STATUS_CLOSED
                                          : anyVisit ? v1::REFERRAL_STATUS_VISIT_SCHEDULED
                                                     : v1::REFERRAL_STATUS_TRIAGED;
        ref.set_status(status);
        ref.set_version(status == v1::REFERRAL_STATUS_TRIAGED  ? 2
                        : status == v1::REFERRAL_STATUS_CLOSED ? 4
                                                               : 3);
        *m_snapshot.add_referrals() = std::move(ref);
    }

    flushEvents();
}

// New referrals nobody has triaged yet: the coordinators' inbox. Some are older than the
// five-working-day target, so the demo shows overdue ones.
void CouncilBuilder::makeInbox()
{
    Random &rng = m_rng = Random::stream(m_options.seed, 7);
    const int n = m_options.residents;
    const int count = std::min(n, rng.uniformInt(20, 40) * std::max(1, n / 2000));
    std::unordered_set<int> used;
    for (int k = 0; k < count; ++k) {
        int i = static_cast<int>(rng.index(static_cast<std::size_t>(n)));
        // Mostly people whose earlier case has closed, referred again.
        for (int tries = 0;
             tries < 4 && (m_plans[static_cast<std::size_t>(i)].open || used.count(i) > 0);
             ++tries) {
            i = static_cast<int>(rng.index(static_cast<std::size_t>(n)));
        }
        if (!used.insert(i).second) {
            continue;
        }
        const ResidentState &r = m_residents[static_cast<std::size_t>(i)];
        m_residentId = m_snapshot.residents(i).id();
        const std::int64_t day = m_baseDay - rng.uniformInt(1, 10);
        ReferralDraft d = draftReferral(r, 0, nullptr);
        setTime(d.referral.mutable_received_at(), receivedTime(day, d.referral.source()));
        *m_snapshot.add_referrals() = std::move(d.referral);
    }
}

} // namespace doorstep::demo::detail
