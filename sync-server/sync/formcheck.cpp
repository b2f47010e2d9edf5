#include "sync/formcheck.h"

#include "forms/compiledform.h"
#include "forms/visitcontext.h"

namespace doorstep::server {

Status checkFormSubmission(StoreSession &session, const v1::FormSubmission &submission,
                           const v1::Case &kase)
{
    if (submission.form_id().empty() || submission.form_id().size() > 100 ||
        submission.form_version() < 1) {
        return makeError(v1::ERROR_CODE_VALIDATION_FAILED,
                         "A form submission must name its form and version");
    }
    if (!submission.case_id().empty() && submission.case_id() != kase.id()) {
        return makeError(v1::ERROR_CODE_VALIDATION_FAILED,
                         "The form submission belongs to a different case than its event");
    }
    auto def =
        session.getRecord(v1::RECORD_TYPE_FORM_DEFINITION,
                          submission.form_id() + "@" + std::to_string(submission.form_version()));
    if (!def) {
        return def.error();
    }
    forms::FormRegistry registry;
    if (def->has_value()) {
        if (auto added = registry.add((*def)->form_definition()); !added) {
            // A definition the server holds but cannot compile was loaded by an admin without
            // the checks; refuse submissions against it rather than accept anything.
            return makeError(v1::ERROR_CODE_VALIDATION_FAILED,
                             "The form definition on the server is not valid: " +
                                 added.error().message);
        }
    }
    auto resident = session.getRecord(v1::RECORD_TYPE_RESIDENT, kase.resident_id());
    if (!resident) {
        return resident.error();
    }
    auto referrals = session.referralsOfCase(kase.id());
    if (!referrals) {
        return referrals.error();
    }
    auto events = session.caseEventsOf(kase.id());
    if (!events) {
        return events.error();
    }
    std::vector<v1::FormSubmission> sameVisit;
    if (!submission.visit_id().empty()) {
        for (const v1::CaseEvent &e : *events) {
            if (e.has_form_submission() &&
                e.form_submission().visit_id() == submission.visit_id()) {
                sameVisit.push_back(e.form_submission());
            }
        }
    }
    const v1::Resident *r = resident->has_value() ? &(*resident)->resident() : nullptr;
    const auto source =
        referrals->empty() ? v1::REFERRAL_SOURCE_UNSPECIFIED : referrals->front().source();
    return forms::validateSubmission(registry, submission,
                                     forms::visitContext(r, source, sameVisit));
}

} // namespace doorstep::server
