#include "admin/csvexporter.h"

#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "csv/csvcell.h"
#include "environment/timestamps.h"
#include "kpi/kpis.h"

#include <algorithm>
#include <map>

namespace doorstep::server {

namespace {

std::string iso(const google::protobuf::Timestamp &t)
{
    return t.seconds() == 0 && t.nanos() == 0 ? std::string() : isoUtc(toMs(t));
}

std::string row(std::initializer_list<std::string> cells)
{
    std::string out;
    for (const auto &c : cells) {
        out += (out.empty() ? "" : ",") + csv::cell(c);
    }
    return out + "\r\n";
}

std::string summaryOf(const v1::CaseEvent &e)
{
    switch (e.detail_case()) {
    case v1::CaseEvent::kContact:
        return e.contact().summary();
    case v1::CaseEvent::kNote:
        return e.note().text();
    case v1::CaseEvent::kVisit:
        return v1::VisitStatus_Name(e.visit().from_status()) + " -> " +
               v1::VisitStatus_Name(e.visit().to_status());
    case v1::CaseEvent::kOutcome:
        return e.outcome().summary();
    case v1::CaseEvent::kReferral:
        return e.referral().concern();
    case v1::CaseEvent::kPartnerReferral:
        return v1::Partner_Name(e.partner_referral().partner()) + ": " +
               e.partner_referral().reason();
    case v1::CaseEvent::kFormSubmission:
        return "form submission";
    case v1::CaseEvent::kSafeguarding:
        return e.safeguarding().details();
    case v1::CaseEvent::kFollowUpCall:
        if (e.follow_up_call().result() != v1::FOLLOW_UP_RESULT_UNSPECIFIED &&
            e.follow_up_call().result() != v1::FOLLOW_UP_RESULT_REACHED) {
            return "follow-up call: " + v1::FollowUpResult_Name(e.follow_up_call().result());
        }
        return "satisfaction " + std::to_string(e.follow_up_call().satisfaction_score());
    case v1::CaseEvent::kCaseClosure:
        return "case closed: " + e.case_closure().reason();
    case v1::CaseEvent::kSafeguardingAction:
        return "safeguarding " + v1::SafeguardingStep_Name(e.safeguarding_action().step()) + ": " +
               (e.safeguarding_action().step() == v1::SAFEGUARDING_STEP_ASSIGNED
                    ? e.safeguarding_action().assignee_user_id()
                    : e.safeguarding_action().text());
    case v1::CaseEvent::kConflict:
        return "conflict on " + e.conflict().record_type() + "." + e.conflict().field();
    case v1::CaseEvent::kOverdueAcknowledgement:
        return "overdue visit acknowledged: " + e.overdue_acknowledgement().action();
    case v1::CaseEvent::DETAIL_NOT_SET:
        break;
    }
    return {};
}

} // namespace

Result<int> CsvExporter::write(Store &store, Kind kind, std::ostream &out)
{
    int rows = 0;
    std::map<std::string, std::string> caseNumbers;
    Status s = store.read([&](StoreSession &session) -> Status {
        out << (kind == Kind::Outcomes
                    ? row({"case_number", "case_id", "event_id", "visit_id", "recorded_at",
                           "recorded_by_user_id", "summary", "actions_taken", "follow_up_needed",
                           "signposting_areas"})
                    : row({"case_number", "case_id", "event_id", "kind", "occurred_at",
                           "actor_user_id", "device_id", "summary"}));
        return session.forEachCaseEvent([&](const v1::CaseEvent &e) -> Status {
            if (kind == Kind::Outcomes && e.kind() != v1::CASE_EVENT_KIND_OUTCOME) {
                return {};
            }
            auto number = caseNumbers.find(e.case_id());
            if (number == caseNumbers.end()) {
                auto c = session.getRecord(v1::RECORD_TYPE_CASE, e.case_id());
                if (!c) {
                    return c.error();
                }
                number = caseNumbers
                             .emplace(e.case_id(),
                                      c->has_value() ? (*c)->case_().case_number() : std::string())
                             .first;
            }
            if (kind == Kind::Outcomes) {
                const v1::Outcome &o = e.outcome();
                std::string actions, areas;
                for (const auto &a : o.actions_taken()) {
                    actions += (actions.empty() ? "" : "; ") + a;
                }
                for (const auto &a : o.signposting_areas()) {
                    areas += (areas.empty() ? "" : "; ") + a;
                }
                out << row({number->second, e.case_id(), e.id(), o.visit_id(),
                            iso(o.recorded_at().seconds() ? o.recorded_at() : e.occurred_at()),
                            o.recorded_by_user_id(), o.summary(), actions,
                            o.follow_up_needed() ? "yes" : "no", areas});
            } else {
                std::string kindName = v1::CaseEventKind_Name(e.kind());
                out << row({number->second, e.case_id(), e.id(), kindName, iso(e.occurred_at()),
                            e.actor_user_id(), e.device_id(), summaryOf(e)});
            }
            ++rows;
            return {};
        });
    });
    if (!s) {
        return s.error();
    }
    return rows;
}

Result<int> CsvExporter::writeKpis(Store &store, std::string_view from, std::string_view to,
                                   std::ostream &out)
{
    const auto first = calendar::parseIsoDate(from);
    const auto last = calendar::parseIsoDate(to);
    if (!first || !last) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "--from and --to are dates written as 2026-07-01");
    }
    if (*last < *first) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "--to is before --from");
    }
    std::string text;
    Status s = store.read([&](StoreSession &session) -> Status {
        auto council = session.council();
        if (!council) {
            return council.error();
        }
        auto cal = calendar::CouncilCalendar::of(council->value_or(v1::Council()));
        if (!cal) {
            return cal.error();
        }
        kpi::KpiTally tally(cal->startOfDay(*first), cal->startOfDay(*last + 1));
        if (auto r = session.forEachRecord(v1::RECORD_TYPE_REFERRAL,
                                           [&](const v1::Record &r) {
                                               tally.addReferral(r.referral());
                                               return Status{};
                                           });
            !r) {
            return r;
        }
        if (auto r = session.forEachRecord(v1::RECORD_TYPE_VISIT,
                                           [&](const v1::Record &r) {
                                               tally.addVisit(r.visit());
                                               return Status{};
                                           });
            !r) {
            return r;
        }
        if (auto r = session.forEachCaseEvent([&](const v1::CaseEvent &e) {
                tally.addCaseEvent(e);
                return Status{};
            });
            !r) {
            return r;
        }
        for (const std::string &caseId : tally.casesWithContacts()) {
            auto c = session.getRecord(v1::RECORD_TYPE_CASE, caseId);
            if (!c) {
                return c.error();
            }
            if (c->has_value()) {
                tally.setResidentOf(caseId, (*c)->case_().resident_id());
            }
        }
        text = kpi::csv(tally.figures(), *first, *last);
        return {};
    });
    if (!s) {
        return s.error();
    }
    out << text;
    return int(std::count(text.begin(), text.end(), '\n')) - 1;
}

} // namespace doorstep::server
