#include "forms/visitresults.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace doorstep::forms {

namespace {

const v1::FormSubmission *find(const CompletedVisit &visit, std::string_view formId)
{
    for (const auto &s : visit.submissions) {
        if (s.form_id() == formId) {
            return &s;
        }
    }
    return nullptr;
}

const v1::Answer *answerIn(const v1::FormSubmission *s, std::string_view questionId)
{
    if (!s) {
        return nullptr;
    }
    for (const auto &a : s->answers()) {
        if (a.question_id() == questionId) {
            return &a;
        }
    }
    return nullptr;
}

void setTime(google::protobuf::Timestamp *t, std::int64_t ms)
{
    t->set_seconds(ms / 1000);
    t->set_nanos(static_cast<int>(ms % 1000) * 1000000);
}

} // namespace

Result<std::vector<v1::CaseEvent>>
visitResults(const FormRegistry &registry, const CompletedVisit &visit, const FormContext &context)
{
    const v1::FormSubmission *outcome = find(visit, "outcome");
    if (!outcome) {
        return Error{v1::ERROR_CODE_VALIDATION_FAILED,
                     "A visit is completed with its outcome: fill in the outcome form first"};
    }
    for (const auto &s : visit.submissions) {
        if (auto ok = validateSubmission(registry, s, context); !ok) {
            return ok.error();
        }
    }
    std::vector<v1::CaseEvent> events;
    const auto event = [&](const std::string &suffix, v1::CaseEventKind kind) -> v1::CaseEvent & {
        v1::CaseEvent &e = events.emplace_back();
        e.set_id(visit.visitId + "-" + suffix);
        e.set_case_id(visit.caseId);
        e.set_kind(kind);
        e.set_actor_user_id(visit.userId);
        e.set_device_id(visit.deviceId);
        setTime(e.mutable_occurred_at(), visit.nowMs);
        return e;
    };

    // The forms, as filled.
    for (const auto &s : visit.submissions) {
        v1::CaseEvent &e = event("form-" + s.form_id(), v1::CASE_EVENT_KIND_FORM_SUBMISSION);
        *e.mutable_form_submission() = s;
        e.mutable_form_submission()->set_case_id(visit.caseId);
        e.mutable_form_submission()->set_visit_id(visit.visitId);
    }

    // Each safeguarding concern answered yes, with the details asked after it.
    for (const auto &s : visit.submissions) {
        auto form = registry.find(s.form_id(), s.form_version());
        const auto &questions = form->questions();
        for (std::size_t i = 0; i < questions.size(); ++i) {
            const v1::Question &q = *questions[i];
            const v1::Answer *a = answerIn(&s, q.id());
            if (!q.escalates_to_safeguarding() || !a || !a->has_yes_no() || !a->yes_no()) {
                continue;
            }
            v1::CaseEvent &e = event("safeguarding-" + q.id(), v1::CASE_EVENT_KIND_SAFEGUARDING);
            v1::SafeguardingEscalation &sg = *e.mutable_safeguarding();
            sg.set_visit_id(visit.visitId);
            sg.set_concern_id(q.id());
            for (std::size_t j = i + 1; j < questions.size(); ++j) {
                const v1::Question &d = *questions[j];
                if (d.type() == v1::QUESTION_TYPE_LONG_TEXT &&
                    d.relevant_if().find(q.id()) != std::string::npos) {
                    if (const v1::Answer *details = answerIn(&s, d.id())) {
                        sg.set_details(details->text());
                    }
                    break;
                }
            }
        }
    }

    // Onward referrals: checklist items marked "referred" and organisations chosen on the
    // outcome form, one referral per partner.
    const v1::FormSubmission *checklist = find(visit, "signposting_checklist");
    const v1::Answer *sharing = answerIn(find(visit, "consent"), "share_with_partners");
    const bool consented = sharing && sharing->has_consent_given() && sharing->consent_given();
    std::map<v1::Partner, std::vector<std::string>> reasons;
    std::vector<v1::Partner> order;
    const auto refer = [&](v1::Partner p, std::string reason) {
        if (p == v1::PARTNER_UNSPECIFIED) {
            return;
        }
        if (!reasons.contains(p)) {
            order.push_back(p);
        }
        reasons[p].push_back(std::move(reason));
    };
    std::vector<std::string> areas;
    if (checklist) {
        auto form = registry.find(checklist->form_id(), checklist->form_version());
        for (const v1::Question *q : form->questions()) {
            const v1::Answer *a = answerIn(checklist, q->id());
            if (!a) {
                continue;
            }
            const auto state = a->checklist_state();
            if (state == v1::CHECKLIST_ITEM_STATE_REFERRED) {
                refer(partnerOf(q->partner()), q->label());
            }
            if ((state == v1::CHECKLIST_ITEM_STATE_REFERRED ||
                 state == v1::CHECKLIST_ITEM_STATE_DISCUSSED) &&
                std::find(areas.begin(), areas.end(), q->area()) == areas.end()) {
                areas.push_back(q->area());
            }
        }
    }
    if (const v1::Answer *chosen = answerIn(outcome, "partner_referrals")) {
        const v1::Answer *notes = answerIn(outcome, "referral_notes");
        for (const std::string &p : chosen->choices().values()) {
            refer(partnerOf(p), notes ? notes->text() : std::string("Referred at the visit"));
        }
    }
    for (v1::Partner p : order) {
        std::string name = v1::Partner_Name(p).substr(std::string("PARTNER_").size());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        v1::CaseEvent &e = event("referral-" + name, v1::CASE_EVENT_KIND_PARTNER_REFERRAL);
        v1::PartnerReferral &r = *e.mutable_partner_referral();
        r.set_id(e.id());
        r.set_case_id(visit.caseId);
        r.set_visit_id(visit.visitId);
        r.set_partner(p);
        std::string reason;
        for (const auto &why : reasons[p]) {
            reason += (reason.empty() ? "" : "; ") + why;
        }
        r.set_reason(reason);
        r.set_resident_consented_to_share(consented);
        r.set_made_by_user_id(visit.userId);
        setTime(r.mutable_made_at(), visit.nowMs);
    }

    // The outcome itself.
    v1::CaseEvent &e = event("outcome", v1::CASE_EVENT_KIND_OUTCOME);
    v1::Outcome &o = *e.mutable_outcome();
    o.set_id(e.id());
    o.set_case_id(visit.caseId);
    o.set_visit_id(visit.visitId);
    if (const v1::Answer *a = answerIn(outcome, "visit_summary")) {
        o.set_summary(a->text());
    }
    if (const v1::Answer *a = answerIn(outcome, "actions_taken")) {
        for (const auto &v : a->choices().values()) {
            o.add_actions_taken(v);
        }
    }
    if (const v1::Answer *a = answerIn(outcome, "follow_up_needed")) {
        o.set_follow_up_needed(a->has_yes_no() && a->yes_no());
    }
    if (const v1::Answer *a = answerIn(outcome, "follow_up_details")) {
        o.set_follow_up_notes(a->text());
    }
    // Asked only when the resident agreed to share it with the referring ward member, and
    // the submission holds only answers to questions that were asked.
    if (const v1::Answer *a = answerIn(outcome, "shareable_summary")) {
        o.set_shareable_summary(a->text());
    }
    for (const auto &area : areas) {
        o.add_signposting_areas(area);
    }
    o.set_recorded_by_user_id(visit.userId);
    setTime(o.mutable_recorded_at(), visit.nowMs);
    return events;
}

v1::Partner partnerOf(const std::string &name)
{
    std::string upper = "PARTNER_" + name;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    v1::Partner p = v1::PARTNER_UNSPECIFIED;
    return v1::Partner_Parse(upper, &p) ? p : v1::PARTNER_UNSPECIFIED;
}

} // namespace doorstep::forms
