// MutationApplier, continued: a coordinator resolves a conflict the server kept. Split from
// mutationapplier.cpp only to keep files short.
//
// A conflict (CASE_EVENT_KIND_CONFLICT) is kept on every case of the resident when two devices
// changed the same field from the same version (ResidentMerge). A coordinator resolves it
// with an event of the same kind, `resolved` set, naming the record and field, and the value
// chosen in `resolution`, written as the conflict's values are (protobuf text format of that
// one field, for example `phone: "07700 900111"`): one of the two, or a third; with the value
// the coordinator saw kept in `server_value`, which must still be the field's. The server
// applies it to the resident as a new version, which every device holding the resident
// receives, and records the resolution on every case of the resident, so the conflict closes
// on every device that shows any of them.

#include "environment/timestamps.h"
#include "records/quiettext.h"
#include "sync/mutationapplier.h"
#include "sync/mutationresults.h"
#include "sync/residentmerge.h"

namespace doorstep::server {

using namespace mutation;

Result<std::optional<v1::MutationResult>>
MutationApplier::checkConflictResolution(const v1::CaseEvent &event, v1::Resident &chosen)
{
    const v1::Conflict &c = event.conflict();
    if (m_scope.role() != v1::ROLE_COORDINATOR || !c.resolved()) {
        return std::optional(reject(v1::ERROR_CODE_FORBIDDEN,
                                    "Conflicts are kept by the server and resolved by a "
                                    "coordinator"));
    }
    const auto *field = v1::Resident::descriptor()->FindFieldByName(c.field());
    auto kase = m_session.getRecord(v1::RECORD_TYPE_CASE, event.case_id());
    if (!kase) {
        return kase.error();
    }
    if (c.record_type() != "resident" || !field || ResidentMerge::serverOwned(c.field()) ||
        !kase->has_value() || (*kase)->case_().resident_id() != c.record_id() ||
        c.resolution().size() > 4096) {
        return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                    "A resolution names a field of the case's resident"));
    }
    // Untrusted text: parsed quietly, and only one field of a resident may be in it.
    std::vector<const google::protobuf::FieldDescriptor *> set;
    const bool parsed = parseTextQuietly(c.resolution(), &chosen);
    if (parsed) {
        chosen.GetReflection()->ListFields(chosen, &set);
    }
    if (!parsed || set.size() > 1 || (set.size() == 1 && set.front() != field)) {
        return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                    "A resolution gives the value of the conflict's one field"));
    }
    // The coordinator chose against the value they saw kept (server_value). If the field has
    // changed since, the choice was made on old facts: refused, to be looked at again.
    auto resident = m_session.getRecord(v1::RECORD_TYPE_RESIDENT, c.record_id());
    if (!resident) {
        return resident.error();
    }
    if (!resident->has_value() ||
        ResidentMerge::fieldText((*resident)->resident(), c.field()) != c.server_value()) {
        return std::optional(reject(v1::ERROR_CODE_CONFLICT,
                                    "The resident's " + c.field() +
                                        " changed after this conflict was shown; look again"));
    }
    return std::optional<v1::MutationResult>();
}

Status MutationApplier::resolveConflict(const v1::CaseEvent &event, const v1::Resident &chosen)
{
    const v1::Conflict &c = event.conflict();
    auto rec = m_session.getRecord(v1::RECORD_TYPE_RESIDENT, c.record_id());
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value()) {
        return makeError(v1::ERROR_CODE_NOT_FOUND, "The resident is no longer on the server");
    }
    const v1::Resident &current = (*rec)->resident();
    // Merged against itself: the chosen value is simply applied.
    auto merged = ResidentMerge::merge(current, current, chosen, {c.field()});
    if (!merged) {
        return merged.error();
    }
    if (merged->appliedFields > 0) {
        v1::Record out;
        *out.mutable_resident() = merged->merged;
        out.mutable_resident()->set_version(current.version() + 1);
        *out.mutable_resident()->mutable_updated_at() = fromMs(m_now);
        out.mutable_resident()->set_updated_by_user_id(m_principal.user.id());
        if (auto put = m_session.putRecord(out, m_now); !put) {
            return put.error();
        }
    }
    // Closed on the resident's other cases too; this case gets the event as sent.
    auto cases = m_session.caseIdsOfResident(c.record_id());
    if (!cases) {
        return cases.error();
    }
    for (const std::string &caseId : *cases) {
        if (caseId == event.case_id()) {
            continue;
        }
        v1::CaseEvent copy = event;
        copy.set_case_id(caseId);
        if (auto put = addServerEvent(std::move(copy)); !put) {
            return put.error();
        }
    }
    return {};
}

Status MutationApplier::setServerValueProvenance(const v1::Resident &current,
                                                 std::int64_t baseVersion, const std::string &field,
                                                 v1::Conflict &conflict)
{
    // The earliest version since the device's base that already held today's value made it.
    const std::string kept = ResidentMerge::fieldText(current, field);
    v1::Resident setter = current;
    for (std::int64_t v = current.version() - 1; v > baseVersion; --v) {
        auto older = m_session.residentAtVersion(current.id(), v);
        if (!older) {
            return older.error();
        }
        if (!older->has_value() || ResidentMerge::fieldText(**older, field) != kept) {
            break;
        }
        setter = **older;
    }
    conflict.set_server_value_set_by_user_id(setter.updated_by_user_id());
    if (setter.has_updated_at()) {
        *conflict.mutable_server_value_set_at() = setter.updated_at();
    }
    return {};
}

} // namespace doorstep::server
