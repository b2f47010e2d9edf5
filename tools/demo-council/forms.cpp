// The standard forms as the stories use them: the checklist's items and the templates
// of the case notes, and the ward variants of the forms that bigger councils keep.

#include "demo-council/councilbuilder.h"

namespace doorstep::demo::detail {

void CouncilBuilder::addWardVariants()
{
    const int standard = m_snapshot.form_definitions_size();
    for (int i = 0; m_snapshot.form_definitions_size() < m_options.formDefinitions; ++i) {
        const v1::Ward &ward = m_snapshot.wards(i / standard % m_snapshot.wards_size());
        v1::FormDefinition variant = m_snapshot.form_definitions(i % standard);
        std::string suffix = ward.id();
        std::replace(suffix.begin(), suffix.end(), '-', '_');
        variant.set_id(variant.id() + "_" + suffix); // form ids are lower_snake_case
        variant.set_title(variant.title() + " (" + ward.name() + ")");
        *m_snapshot.add_form_definitions() = std::move(variant);
    }
}

// --- setup ---------------------------------------------------------------------------

void CouncilBuilder::readForms()
{
    const v1::FormDefinition *checklist = nullptr;
    for (const auto &form : m_forms) {
        if (form.kind() == v1::FORM_KIND_CHECKLIST &&
            (checklist == nullptr || form.id() == "signposting_checklist")) {
            checklist = &form;
        }
        for (const auto &section : form.sections()) {
            for (const auto &q : section.questions()) {
                if (q.escalates_to_safeguarding()) {
                    m_safeguardingQuestions.push_back(q.id());
                }
            }
        }
    }
    for (const auto &form : m_forms) {
        if (form.id() == "consent") {
            m_consentVersion = form.version();
        }
    }
    if (checklist == nullptr) {
        return;
    }
    m_checklistId = checklist->id();
    m_checklistVersion = checklist->version();
    for (const auto &section : checklist->sections()) {
        for (const auto &q : section.questions()) {
            if (q.type() != v1::QUESTION_TYPE_CHECKLIST_ITEM) {
                continue;
            }
            ChecklistItem item{q.id(), q.label(), q.area(), v1::PARTNER_UNSPECIFIED};
            std::string name = q.partner();
            for (char &c : name) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            if (!name.empty() && !v1::Partner_Parse(name, &item.partner)) {
                v1::Partner_Parse("PARTNER_" + name, &item.partner);
            }
            m_checklist.push_back(std::move(item));
        }
    }
}

void CouncilBuilder::indexTemplates()
{
    for (const auto &t : contactTemplates()) {
        // What can be said at any time goes in both the before- and after-visit pools.
        if (t.purpose == ContactPurpose::AnyTime) {
            m_contacts[t.kind][static_cast<int>(ContactPurpose::BeforeVisit)].push_back(&t);
            m_contacts[t.kind][static_cast<int>(ContactPurpose::AfterVisit)].push_back(&t);
        } else {
            m_contacts[t.kind][static_cast<int>(t.purpose)].push_back(&t);
        }
    }
    for (const auto &n : closingReasons()) {
        if (n.afterVisit) {
            m_closingAfterVisit.push_back(&n);
        } else {
            m_closingDeclined = &n;
        }
    }
    for (const auto &n : noteTemplates()) {
        (n.afterVisit ? m_notesAfterVisit : m_notesAnyTime).push_back(&n);
    }
}

} // namespace doorstep::demo::detail
