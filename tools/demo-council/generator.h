#pragma once

// The deterministic demo council: a whole "Eastmoor District Council" Home Visiting Service
// (wards, staff, residents, cases, referrals, visits and case timelines) made from a seed.
//
// The same options always give the same snapshot, byte for byte under deterministic
// serialisation, on every platform: the demo, the end-to-end tests and the benchmarks all
// rely on it. Different seeds give different councils.
//
// Record ids are readable, prefixed and sequential, in generation order:
//   ward-01            wards
//   usr-off-001        officers (usr-off-001 is "demo.officer", Sam Taylor)
//   usr-coo-001        coordinators (usr-coo-001 is "demo.coordinator")
//   usr-cllr-001       ward members (usr-cllr-001 is "demo.councillor")
//   usr-adm-001        the administrator ("demo.admin")
//   res-000001         residents
//   case-000001        cases; case-N belongs to res-N
//   ref-000001         referrals
//   visit-000001       visits (past visits first, then the scheduled week)
//   evt-0000001        case events
//   out-000001, pref-000001   outcomes and partner referrals inside case events
// Numbers widen past their padding rather than wrap, so ids stay unique at any size.
// Real devices make UUIDs; the prefixes keep demo records recognisable in logs and exports.

#include "doorstep/v1/admin.pb.h"
#include "error/result.h"

#include <cstdint>
#include <string>

namespace doorstep::demo {

struct GeneratorOptions
{
    std::uint64_t seed = 20261122;
    int residents = 2000;
    // Average number of case events per case. Every case has at least its own story (referral,
    // contacts, visits, outcomes); notes and contacts fill the rest of the budget.
    int eventsPerCase = 10;
    // Up to 14 wards have their own names; more reuse them with a number ("Abbey 2").
    int wards = 14;
    // 0: about one officer per 160 residents, at least 4.
    int officers = 0;
    // 0: one coordinator per 4 officers, at least 2.
    int coordinators = 0;
    int wardMembersPerWard = 2;
    // The day the demo is built for, "today" in the app, as its day number times 86400 (so
    // 2026-11-23 is 1795392000). It starts at midnight in the council's zone; nothing happens
    // after that except scheduled visits. Default 2026-11-23, a Monday: the command-line tools
    // default to today instead.
    std::int64_t baseDayUnixSeconds = 1795392000;
    // The moment the demo starts, in ms since the epoch; `doorstep-server demo` passes its
    // clock. When it falls on the base day, that day's visits that started by then were
    // worked, as a day in the field leaves them: those whose window has closed checked out
    // and written up, or no access; those whose window is open under way, the timer set to an
    // hour past the window. demo.officer's own day is left to be worked in the app. 0, or a
    // moment on another day: every base-day visit is still scheduled.
    std::int64_t momentUnixMs = 0;
    // The council's zone and GOV.UK bank-holiday division: office hours, visit slots and
    // working days are the council's.
    std::string timeZone = "Europe/London";
    std::string bankHolidayDivision = "england-and-wales";
    // Days of scheduled visits from the base day. Weekends and bank holidays are skipped, except
    // that the base day has visits even at a weekend, so the demo always has a "today".
    int visitDays = 7;
    // Form definitions in the snapshot. 0: the standard forms only. More adds ward variants of
    // the standard forms ("Signposting checklist (Abbey)", id "signposting_checklist_ward_01"),
    // as councils with locality teams keep, until there are this many; the case histories
    // still use the standard forms. The benchmarks' S size asks for 40.
    int formDefinitions = 0;
};

// Fails with ERROR_CODE_INVALID_ARGUMENT for options out of range, or with the error of
// loadStandardContent() if the standard forms do not load.
Result<v1::CouncilSnapshot> generateCouncil(const GeneratorOptions &options);

} // namespace doorstep::demo
