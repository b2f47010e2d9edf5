#include "demo-council/generator.h"

#include "calendar/bankholidays.h"
#include "calendar/civildate.h"
#include "content/standardcontent.h"
#include "demo-council/councilbuilder.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace doorstep::demo {

namespace detail {

CouncilBuilder::CouncilBuilder(const GeneratorOptions &options, calendar::CouncilCalendar days,
                               std::vector<v1::FormDefinition> forms)
    : m_options(options), m_days(std::move(days)), m_baseDay(options.baseDayUnixSeconds / kDay),
      m_now(m_days.startOfDay(m_baseDay) / 1000), m_moment(momentOnBaseDay(options.momentUnixMs)),
      m_forms(std::move(forms))
{
    readForms();
    indexTemplates();
}

v1::CouncilSnapshot CouncilBuilder::build()
{
    makeCouncil();
    makeWards();
    makeUsers();
    makeResidents();
    planCases();
    scheduleWeek();
    writeCases();
    writeScheduledVisits();
    makeInbox();
    numberCases();
    for (auto &form : m_forms) {
        *m_snapshot.add_form_definitions() = std::move(form);
    }
    addWardVariants();
    setTime(m_snapshot.mutable_generated_at(), m_now);
    m_snapshot.set_seed(m_options.seed);
    return std::move(m_snapshot);
}
// Case numbers run in order of opening within each year: HV-2026-000001, ...
void CouncilBuilder::numberCases()
{
    const int n = m_snapshot.cases_size();
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        order[static_cast<std::size_t>(i)] = i;
    }
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_snapshot.cases(a).opened_at().seconds() <
               m_snapshot.cases(b).opened_at().seconds();
    });
    std::int64_t year = 0;
    int sequence = 0;
    const std::string prefix = m_snapshot.council().case_number_prefix();
    for (int i : order) {
        auto *c = m_snapshot.mutable_cases(i);
        const std::int64_t y = civilFromDays(dayOf(c->opened_at().seconds())).year;
        if (y != year) {
            year = y;
            sequence = 0;
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "-%04lld-%06d", static_cast<long long>(y), ++sequence);
        c->set_case_number(prefix + buf);
    }
}

} // namespace detail

namespace {

using calendar::daysFromCivil;
using detail::CouncilBuilder;
using detail::kDay;

Status validate(const GeneratorOptions &o)
{
    const auto bad = [](std::string message) {
        return Status(makeError(v1::ERROR_CODE_INVALID_ARGUMENT, std::move(message)));
    };
    if (o.residents < 1 || o.residents > 2'000'000) {
        return bad("The number of residents must be between 1 and 2,000,000.");
    }
    if (o.eventsPerCase < 1 || o.eventsPerCase > 1000) {
        return bad("Events per case must be between 1 and 1,000.");
    }
    if (o.wards < 1 || o.wards > 999) {
        return bad("The number of wards must be between 1 and 999.");
    }
    if (o.officers < 0 || o.officers > 100'000 || o.coordinators < 0 || o.coordinators > 100'000) {
        return bad("Officer and coordinator counts must be between 0 (automatic) and 100,000.");
    }
    if (o.wardMembersPerWard < 0 || o.wardMembersPerWard > 10) {
        return bad("Ward members per ward must be between 0 and 10.");
    }
    if (o.formDefinitions < 0 || o.formDefinitions > 10'000) {
        return bad("Form definitions must be between 0 (the standard forms) and 10,000.");
    }
    if (o.visitDays < 1 || o.visitDays > 90) {
        return bad("Visit days must be between 1 and 90.");
    }
    if (o.baseDayUnixSeconds % kDay != 0) {
        return bad("The base day must be a whole day (a multiple of 86400 seconds).");
    }
    v1::Council council;
    if (auto c = calendar::setCouncilCalendar(council, o.timeZone, o.bankHolidayDivision,
                                              calendar::shippedBankHolidays());
        !c) {
        return c;
    }
    if (o.baseDayUnixSeconds < daysFromCivil(2005, 1, 1) * kDay ||
        o.baseDayUnixSeconds >= daysFromCivil(2100, 1, 1) * kDay) {
        return bad("The base day must be between 2005-01-01 and 2099-12-31.");
    }
    return {};
}

} // namespace

Result<v1::CouncilSnapshot> generateCouncil(const GeneratorOptions &options)
{
    if (Status s = validate(options); !s) {
        return s.error();
    }
    auto forms = loadStandardContent();
    if (!forms) {
        return forms.error();
    }
    v1::Council council;
    (void)calendar::setCouncilCalendar(council, options.timeZone, options.bankHolidayDivision,
                                       calendar::shippedBankHolidays());
    auto days = calendar::CouncilCalendar::of(council);
    if (!days) {
        return days.error();
    }
    CouncilBuilder builder(options, std::move(*days), std::move(forms).value());
    return builder.build();
}

} // namespace doorstep::demo
