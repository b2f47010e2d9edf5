#include "forms/visitcontext.h"

#include <algorithm>
#include <cctype>

namespace doorstep::forms {

namespace {

// REFERRAL_SOURCE_WARD_MEMBER -> "ward_member"
std::string sourceName(v1::ReferralSource source)
{
    if (source == v1::REFERRAL_SOURCE_UNSPECIFIED || !v1::ReferralSource_IsValid(source)) {
        return {};
    }
    std::string name =
        v1::ReferralSource_Name(source).substr(std::string("REFERRAL_SOURCE_").size());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
}

} // namespace

FormContext visitContext(const v1::Resident *resident, v1::ReferralSource referralSource,
                         std::span<const v1::FormSubmission> sameVisit)
{
    FormContext c;
    if (const std::string source = sourceName(referralSource); !source.empty()) {
        c.variables["referral_source"] = Value::string(source);
    }
    if (resident) {
        c.variables["resident.hearing_loss"] =
            Value::string(resident->contact_needs().hearing_loss() ? "yes" : "no");
    }
    for (const v1::FormSubmission &s : sameVisit) {
        for (const v1::Answer &a : s.answers()) {
            if (s.form_id() == "consent" && a.question_id() == "share_outcome_with_ward_member" &&
                a.value_case() == v1::Answer::kConsentGiven) {
                c.variables["consent.share_outcome_with_ward_member"] =
                    Value::string(a.consent_given() ? "yes" : "no");
            }
            if (s.form_id() == "signposting_checklist" &&
                a.value_case() == v1::Answer::kChecklistState) {
                switch (a.checklist_state()) {
                case v1::CHECKLIST_ITEM_STATE_DISCUSSED:
                    ++c.checklistStates["discussed"];
                    break;
                case v1::CHECKLIST_ITEM_STATE_REFERRED:
                    ++c.checklistStates["referred"];
                    break;
                case v1::CHECKLIST_ITEM_STATE_DECLINED:
                    ++c.checklistStates["declined"];
                    break;
                case v1::CHECKLIST_ITEM_STATE_NOT_RELEVANT:
                    ++c.checklistStates["not_relevant"];
                    break;
                default:
                    break;
                }
            }
        }
    }
    return c;
}

} // namespace doorstep::forms
