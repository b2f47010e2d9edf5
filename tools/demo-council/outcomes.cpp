// What a visit records: the outcome form, the signposting checklist and onward referrals,
// and the consent form.

#include "demo-council/councilbuilder.h"

namespace doorstep::demo::detail {

namespace {

std::string joinList(const std::vector<std::string> &items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += (i + 1 == items.size()) ? " and " : ", ";
        }
        out += items[i];
    }
    return out;
}

// A checklist label inside a sentence: "Behind with council tax" -> "behind with council tax",
// but names stay as they are ("Pension Credit", "Age UK services").
std::string inSentence(std::string_view label)
{
    std::string out(label);
    const std::size_t space = out.find(' ');
    const bool nameLike = (out.size() > 1 && std::isupper(static_cast<unsigned char>(out[1]))) ||
                          (space != std::string::npos && space + 1 < out.size() &&
                           std::isupper(static_cast<unsigned char>(out[space + 1])));
    if (!out.empty() && !nameLike) {
        out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    }
    return out;
}

std::string joinWith(const std::vector<std::string> &items, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += items[i];
    }
    return out;
}

} // namespace

// Records what a completed visit found and did: checklist, outcome, onward referrals.
CouncilBuilder::Outcome
CouncilBuilder::recordVisitOutcome(const ResidentState &r, const TextVars &vars,
                                   const std::string &visitId, int officer, std::int64_t checkIn,
                                   std::int64_t checkOut, bool followUpNeeded)
{
    Random &rng = m_rng;
    Outcome result;
    std::int64_t at = checkOut + rng.uniformInt(1, 5) * kMinute;

    // Signposting: 2-4 checklist items discussed, some referred to their partner. What
    // comes up follows the referral's concern and the resident's needs.
    std::vector<std::size_t> chosen;
    if (!m_checklist.empty()) {
        std::vector<double> weights(m_checklist.size(), 1.0);
        for (std::size_t k = 0; k < m_checklist.size(); ++k) {
            const std::string &area = m_checklist[k].area;
            double &w = weights[k];
            w *= area == m_concernArea ? 8.0 : 1.0;
            if (area == "hearing_loss") {
                w *= r.hearing ? 6.0 : 0.05;
            } else if (area == "digital_inclusion") {
                w *= r.digitallyExcluded ? 3.0 : 0.4;
            } else if (area == "benefits_and_money" || area == "council_tax") {
                w *= r.financialHardship ? 2.5 : 1.0;
            } else if (area == "health_and_wellbeing") {
                w *= r.isolated ? 1.5 : 1.0;
            } else if (area == "ward_member") {
                w *= 0.3;
            }
        }
        const int want = std::min<int>(rng.uniformInt(2, 4), static_cast<int>(m_checklist.size()));
        // The first item is always one from the concern the resident was referred with.
        std::vector<double> concernOnly(weights.size(), 0.0);
        for (std::size_t k = 0; k < m_checklist.size(); ++k) {
            concernOnly[k] = m_checklist[k].area == m_concernArea ? weights[k] : 0.0;
        }
        if (std::any_of(concernOnly.begin(), concernOnly.end(), [](double w) { return w > 0; })) {
            const std::size_t k = rng.weightedIndex(concernOnly);
            weights[k] = 0;
            chosen.push_back(k);
        }
        for (int n = static_cast<int>(chosen.size()); n < want; ++n) {
            const std::size_t k = rng.weightedIndex(weights);
            weights[k] = 0;
            chosen.push_back(k);
        }
        std::sort(chosen.begin(), chosen.end());
    }
    std::vector<std::pair<v1::Partner, std::size_t>> referrals;
    for (std::size_t k : chosen) {
        const ChecklistItem &item = m_checklist[k];
        result.areaLabels.push_back(inSentence(item.label));
        const bool alreadyReferred =
            std::any_of(referrals.begin(), referrals.end(),
                        [&](const auto &pr) { return pr.first == item.partner; });
        if (item.partner != v1::PARTNER_UNSPECIFIED && !alreadyReferred && rng.bernoulli(0.35)) {
            referrals.emplace_back(item.partner, k);
        }
    }
    if (m_checklist.empty() && rng.bernoulli(0.4)) {
        const auto &service = rng.pick(partnerServices());
        referrals.emplace_back(service.partner, 0);
    }

    // Visits of the week before the base day carry the consent form, so their follow-up
    // calls are due (some late) on the coordinator's desk. Its answers follow the
    // submission count, not the random stream, so the rest of the council stays as it was.
    if (m_consentVersion > 0 && dayOf(checkOut) < m_baseDay && dayOf(checkOut) >= m_baseDay - 7) {
        addConsentForm(visitId, officer, at);
    }
    if (!m_checklist.empty()) {
        auto &e = addEvent(at, v1::CASE_EVENT_KIND_FORM_SUBMISSION, officer);
        auto *s = e.mutable_form_submission();
        s->set_id(numbered("sub", static_cast<std::uint64_t>(++m_submissionCount), 6));
        s->set_form_id(m_checklistId);
        s->set_form_version(m_checklistVersion);
        s->set_case_id(m_caseId);
        s->set_visit_id(visitId);
        s->set_submitted_by_user_id(userId(officer));
        setTime(s->mutable_submitted_at(), at);
        for (std::size_t k = 0; k < m_checklist.size(); ++k) {
            auto *a = s->add_answers();
            a->set_question_id(m_checklist[k].id);
            v1::ChecklistItemState state = v1::CHECKLIST_ITEM_STATE_NOT_RELEVANT;
            if (std::find(chosen.begin(), chosen.end(), k) != chosen.end()) {
                const bool referred = std::any_of(referrals.begin(), referrals.end(),
                                                  [&](const auto &pr) { return pr.second == k; });
                state = referred ? v1::CHECKLIST_ITEM_STATE_REFERRED
                                 : v1::CHECKLIST_ITEM_STATE_DISCUSSED;
            } else if (rng.bernoulli(0.04)) {
                state = v1::CHECKLIST_ITEM_STATE_DECLINED;
            }
            a->set_checklist_state(state);
        }
        at += rng.uniformInt(1, 10) * kMinute;
    }

    std::vector<std::string> actions;
    const auto actionPool = outcomeActions();
    const int actionCount = rng.uniformInt(1, 3);
    for (int k = 0; k < actionCount; ++k) {
        std::string action = fill(rng.pick(actionPool), vars);
        if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
            actions.push_back(std::move(action));
        }
    }
    for (const auto &[partner, item] : referrals) {
        for (const auto &service : partnerServices()) {
            if (service.partner == partner) {
                result.partnerNames.emplace_back(service.name);
                actions.push_back("Referred to " + std::string(service.name));
                if (std::find(m_casePartners.begin(), m_casePartners.end(), partner) ==
                    m_casePartners.end()) {
                    m_casePartners.push_back(partner);
                    m_casePartnerNames.push_back(service.name);
                }
            }
        }
    }

    const std::string areas =
        result.areaLabels.empty() ? std::string(m_topic) : joinWith(result.areaLabels, "; ");
    auto &e = addEvent(at, v1::CASE_EVENT_KIND_OUTCOME, officer);
    auto *o = e.mutable_outcome();
    o->set_id(numbered("out", static_cast<std::uint64_t>(++m_outcomeCount), 6));
    o->set_case_id(m_caseId);
    o->set_visit_id(visitId);
    std::string summary = fill("Visited {title} at home. {Pronoun} is ", vars);
    summary += fill(rng.pick(residentSituations()), vars);
    summary += ". Went through the signposting checklist: " + areas + ".";
    if (!result.partnerNames.empty()) {
        summary += " Referred to " + joinList(result.partnerNames) + " with consent.";
    }
    o->set_summary(std::move(summary));
    for (auto &action : actions) {
        o->add_actions_taken(std::move(action));
    }
    o->set_follow_up_needed(followUpNeeded);
    if (followUpNeeded) {
        o->set_follow_up_notes(result.partnerNames.empty()
                                   ? fill(rng.pick(followUpNotes()), vars)
                                   : "Check in two weeks that " + result.partnerNames.front() +
                                         " has been in touch.");
    }
    std::string shareable =
        "Home visit completed on " + longDate(checkIn) + ". Topics covered: " + areas + ".";
    if (!result.partnerNames.empty()) {
        shareable += " Referrals made to " + joinList(result.partnerNames) + ".";
    }
    shareable += followUpNeeded ? " We are following this up with the resident."
                                : " No further visits are planned.";
    o->set_shareable_summary(std::move(shareable));
    o->set_recorded_by_user_id(userId(officer));
    setTime(o->mutable_recorded_at(), at);
    for (std::size_t k : chosen) {
        o->add_signposting_areas(m_checklist[k].id);
    }

    for (const auto &[partner, item] : referrals) {
        at += rng.uniformInt(1, 6) * kMinute;
        const PartnerService *service = nullptr;
        for (const auto &s : partnerServices()) {
            if (s.partner == partner) {
                service = &s;
            }
        }
        auto &pe = addEvent(at, v1::CASE_EVENT_KIND_PARTNER_REFERRAL, officer);
        auto *pr = pe.mutable_partner_referral();
        pr->set_id(numbered("pref", static_cast<std::uint64_t>(++m_partnerReferralCount), 6));
        pr->set_case_id(m_caseId);
        pr->set_visit_id(visitId);
        pr->set_partner(partner);
        // A referral from the checklist says which item it came from; without a checklist,
        // a typical reason for that partner.
        pr->set_reason(!m_checklist.empty() ? m_checklist[item].label
                       : service != nullptr ? std::string(rng.pick(service->reasons))
                                            : std::string(m_topic));
        pr->set_resident_consented_to_share(true);
        pr->set_made_by_user_id(userId(officer));
        setTime(pr->mutable_made_at(), at);
    }

    if (rng.bernoulli(0.02)) {
        const std::int64_t raised = checkIn + rng.uniformInt(15, 40) * kMinute;
        auto &se = addEvent(raised, v1::CASE_EVENT_KIND_SAFEGUARDING, officer);
        auto *s = se.mutable_safeguarding();
        s->set_visit_id(visitId);
        s->set_concern_id(m_safeguardingQuestions.empty() ? std::string("safeguarding")
                                                          : m_rng.pick(m_safeguardingQuestions));
        s->set_details(fill(rng.pick(safeguardingDetails()), vars));
        // A concern of more than two weeks ago was handled: the case's coordinator closed
        // it two days later (not from the random stream, so the council stays as it was).
        const std::int64_t closed = raised + 2 * kDay;
        if (closed < m_now - 12 * kDay) {
            const std::size_t concern = m_events.size() - 1;
            auto &step =
                addEvent(closed, v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION, m_caseCoordinator);
            auto *a = step.mutable_safeguarding_action();
            a->set_concern_event_id("#" + std::to_string(concern));
            a->set_step(v1::SAFEGUARDING_STEP_CLOSED);
            a->set_text("Passed to the council's safeguarding lead, who has taken it on.");
        }
    }
    result.lastAt = at;
    return result;
}

void CouncilBuilder::addConsentForm(const std::string &visitId, int officer, std::int64_t at)
{
    const std::uint64_t n = static_cast<std::uint64_t>(++m_submissionCount);
    auto &e = addEvent(at, v1::CASE_EVENT_KIND_FORM_SUBMISSION, officer);
    auto *s = e.mutable_form_submission();
    s->set_id(numbered("sub", n, 6));
    s->set_form_id("consent");
    s->set_form_version(m_consentVersion);
    s->set_case_id(m_caseId);
    s->set_visit_id(visitId);
    s->set_submitted_by_user_id(userId(officer));
    setTime(s->mutable_submitted_at(), at);
    auto answer = [&](const char *id) {
        auto *a = s->add_answers();
        a->set_question_id(id);
        return a;
    };
    answer("share_with_partners")->set_consent_given(true);
    const bool call = n % 5 != 0;
    answer("follow_up_call_consent")->set_consent_given(call);
    if (call) {
        static constexpr const char *kChannels[] = {"phone", "phone", "text", "video_call"};
        const char *channel = kChannels[n % 4];
        answer("follow_up_channel")->set_choice(channel);
        if (std::string_view(channel) != "text") {
            answer("follow_up_best_time")->set_choice(n % 2 ? "morning" : "afternoon");
        }
    }
    answer("consent_given_by")->set_choice("resident");
    answer("can_sign")->set_yes_no(true);
    answer("resident_signature")->set_blob_ref(numbered("blob-sig", n, 6));
}

} // namespace doorstep::demo::detail
