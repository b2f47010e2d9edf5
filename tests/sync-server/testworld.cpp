#include "testworld.h"

#include <QFile>

namespace testworld {

using namespace doorstep::v1;

CouncilSnapshot snapshot()
{
    CouncilSnapshot s;
    s.mutable_council()->set_id("council-t");
    s.mutable_council()->set_name("Testmoor");
    s.mutable_council()->set_case_number_prefix("HV");
    Ward *w = s.add_wards();
    w->set_id("ward-1");
    w->set_name("Abbey");
    const struct
    {
        const char *id;
        Role role;
    } users[] = {{"off-a", ROLE_OFFICER},
                 {"off-b", ROLE_OFFICER},
                 {"coo-1", ROLE_COORDINATOR},
                 {"cllr-1", ROLE_WARD_MEMBER},
                 {"cllr-2", ROLE_WARD_MEMBER}};
    for (const auto &u : users) {
        User *x = s.add_users();
        x->set_id(u.id);
        x->set_username(u.id);
        x->set_display_name(u.id);
        x->set_role(u.role);
        x->set_ward_id("ward-1");
    }
    for (int i = 1; i <= 3; ++i) {
        const std::string n = std::to_string(i);
        Resident *r = s.add_residents();
        r->set_id("res-" + n);
        r->set_given_name("Given" + n);
        r->set_family_name("Family" + n);
        r->set_phone("0700000000" + n);
        r->set_email("res" + n + "@example.org");
        r->set_ward_id("ward-1");
        r->set_version(1);
        Case *c = s.add_cases();
        c->set_id("case-" + n);
        c->set_case_number("HV-2026-00000" + n);
        c->set_resident_id("res-" + n);
        c->set_status(CASE_STATUS_OPEN);
        c->set_version(1);
        Visit *v = s.add_visits();
        v->set_id("visit-" + n);
        v->set_case_id("case-" + n);
        v->set_officer_user_id(i == 2 ? "off-b" : "off-a");
        v->set_status(VISIT_STATUS_SCHEDULED);
        v->mutable_window()->mutable_start()->set_seconds(1795392000 + i * 3600);
        v->mutable_window()->mutable_end()->set_seconds(1795392000 + i * 3600 + 1800);
        v->set_version(1);
        Referral *f = s.add_referrals();
        f->set_id("ref-" + n);
        f->set_case_id("case-" + n);
        f->set_resident_id("res-" + n);
        f->set_source(REFERRAL_SOURCE_WARD_MEMBER);
        f->set_referrer_user_id(i == 3 ? "cllr-2" : "cllr-1");
        f->set_concern("concern " + n);
        f->set_resident_consented_to_referral(true);
        f->set_consent_to_share_outcome(i != 2);
        f->set_status(REFERRAL_STATUS_VISIT_SCHEDULED);
        f->mutable_received_at()->set_seconds(1790000000);
        f->set_version(1);
    }
    for (int i = 1; i <= 2; ++i) {
        const std::string n = std::to_string(i);
        CaseEvent *e = s.add_case_events();
        e->set_id("evt-" + n);
        e->set_case_id("case-" + n);
        e->set_kind(CASE_EVENT_KIND_OUTCOME);
        e->mutable_occurred_at()->set_seconds(1791000000);
        Outcome *o = e->mutable_outcome();
        o->set_id("out-" + n);
        o->set_case_id("case-" + n);
        o->set_summary("private summary " + n);
        o->set_shareable_summary("shared summary " + n);
        o->add_actions_taken("private action " + n);
    }
    CaseEvent *note = s.add_case_events();
    note->set_id("evt-3");
    note->set_case_id("case-1");
    note->set_kind(CASE_EVENT_KIND_NOTE);
    note->mutable_note()->set_text("private note");
    FormDefinition *form = s.add_form_definitions();
    form->set_id("form-1");
    form->set_version(1);
    form->set_title("Visit assessment");
    // A small valid form with skip logic on a context variable the server derives itself
    // (every case here was referred by a ward member).
    FormDefinition *check = s.add_form_definitions();
    check->set_id("visit_check");
    check->set_version(1);
    check->set_kind(FORM_KIND_FORM);
    check->set_title("Visit check");
    Section *sec = check->add_sections();
    sec->set_id("check");
    sec->set_title("Check");
    Question *well = sec->add_questions();
    well->set_id("feeling_well");
    well->set_type(QUESTION_TYPE_YES_NO);
    well->set_label("Is the resident feeling well today?");
    well->mutable_validation()->set_required(true);
    Question *score = sec->add_questions();
    score->set_id("wellbeing_score");
    score->set_type(QUESTION_TYPE_NUMBER);
    score->set_label("Wellbeing score");
    score->mutable_validation()->set_min(0);
    score->mutable_validation()->set_max(10);
    Question *share = sec->add_questions();
    share->set_id("share_outcome");
    share->set_type(QUESTION_TYPE_CONSENT);
    share->set_label("May we tell the ward member what happened?");
    share->set_relevant_if("referral_source == \"ward_member\"");
    share->mutable_validation()->set_required(true);
    return s;
}

bool writeSnapshot(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        return false;
    }
    const std::string bytes = snapshot().SerializeAsString();
    return f.write(bytes.data(), static_cast<qint64>(bytes.size())) ==
           static_cast<qint64>(bytes.size());
}

} // namespace testworld
