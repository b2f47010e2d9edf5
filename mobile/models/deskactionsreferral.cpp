// A ward member's referral form: what it still needs, in words, and the referral it makes.

#include "models/deskactions.h"

#include "models/appcontroller.h"
#include "store/qtext.h"

#include "doorstep/v1/sync.pb.h"

namespace doorstep::mobile {

QVariantList DeskActions::referralErrors(const QVariantMap &form) const
{
    // Messages as the GOV.UK Design System writes them (design-system.service.gov.uk,
    // "Error message" and the date input and radios components): say what to do.
    QVariantList errors;
    auto add = [&](const char *field, const QString &message) {
        errors.append(QVariantMap{{"field", QString::fromLatin1(field)}, {"message", message}});
    };
    auto text = [&](const char *key) {
        return form.value(QString::fromLatin1(key)).toString().trimmed();
    };
    if (text("givenName").isEmpty()) {
        add("givenName", tr("Enter the resident's first name"));
    }
    if (text("familyName").isEmpty()) {
        add("familyName", tr("Enter the resident's last name"));
    }
    const QString day = text("dobDay");
    const QString month = text("dobMonth");
    const QString year = text("dobYear");
    if (!day.isEmpty() || !month.isEmpty() || !year.isEmpty()) {
        bool okDay = false;
        bool okMonth = false;
        bool okYear = false;
        const QDate dob(year.toInt(&okYear), month.toInt(&okMonth), day.toInt(&okDay));
        const QDate today =
            m_app ? CouncilClock::dateOfDay(m_app->councilClock().calendar().dayOf(nowMs()))
                  : QDate();
        if (day.isEmpty() || month.isEmpty() || year.isEmpty()) {
            add("dob", tr("Date of birth must include a day, month and year"));
        } else if (!okDay || !okMonth || !okYear || year.size() != 4 || !dob.isValid()) {
            add("dob", tr("Date of birth must be a real date"));
        } else if (today.isValid() && dob >= today) {
            add("dob", tr("Date of birth must be in the past"));
        }
    }
    if (text("addressLine").isEmpty()) {
        add("addressLine", tr("Enter the first line of the resident's address"));
    }
    if (text("concern").isEmpty()) {
        add("concern", tr("Enter your concern about the resident"));
    }
    if (text("immediateRisk") != QLatin1String("yes") &&
        text("immediateRisk") != QLatin1String("no")) {
        add("immediateRisk", tr("Select yes if the resident is at immediate risk"));
    }
    if (form.value("interpreterNeeded").toBool() && text("interpreterLanguage").isEmpty()) {
        add("interpreterLanguage", tr("Enter the language the interpreter needs to speak"));
    }
    if (!form.value("consentedToReferral").toBool()) {
        add("consentedToReferral", tr("Select if the resident agrees to be referred"));
    }
    return errors;
}

void DeskActions::makeReferral(const QVariantMap &form)
{
    const QVariantList errors = referralErrors(form);
    if (!errors.isEmpty()) {
        emit done(false, errors.first().toMap().value("message").toString());
        return;
    }
    auto text = [&](const char *key) {
        return trimmedUtf8(form.value(QString::fromLatin1(key)).toString());
    };
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::CreateReferral &c = *m.mutable_create_referral();
    v1::Resident &r = *c.mutable_new_resident();
    r.set_id(newId());
    r.set_given_name(text("givenName"));
    r.set_family_name(text("familyName"));
    if (!text("dobYear").empty()) {
        const QDate dob(form.value("dobYear").toInt(), form.value("dobMonth").toInt(),
                        form.value("dobDay").toInt());
        r.set_date_of_birth(trimmedUtf8(dob.toString(Qt::ISODate)));
    }
    r.mutable_address()->set_line1(text("addressLine"));
    r.mutable_address()->set_postcode(
        trimmedUtf8(form.value("postcode").toString().trimmed().toUpper()));
    r.set_phone(text("phone"));
    v1::ContactNeeds &needs = *r.mutable_contact_needs();
    needs.set_hearing_loss(form.value("hearingLoss").toBool());
    needs.set_interpreter_needed(form.value("interpreterNeeded").toBool());
    if (needs.interpreter_needed()) {
        needs.set_interpreter_language(text("interpreterLanguage"));
    }
    const int channel = form.value("preferredChannel").toInt();
    if (v1::ContactChannel_IsValid(channel)) {
        needs.set_preferred_channel(static_cast<v1::ContactChannel>(channel));
    }
    v1::Referral &f = *c.mutable_referral();
    f.set_id(newId());
    f.set_resident_id(r.id());
    f.set_source(v1::REFERRAL_SOURCE_WARD_MEMBER);
    f.set_concern(text("concern"));
    f.set_immediate_risk(text("immediateRisk") == "yes");
    if (f.immediate_risk()) {
        f.set_urgency(v1::URGENCY_URGENT);
    }
    f.set_resident_consented_to_referral(true);
    f.set_consent_to_share_outcome(form.value("consentToShareOutcome").toBool());
    record(m, tr("Referral saved; it goes to the Home Visiting Service when you have signal"));
}

} // namespace doorstep::mobile
