#include "sync/pushservice.h"

#include "sync/mutationapplier.h"
#include "sync/scope.h"

#include <set>
#include <vector>

namespace doorstep::server {

namespace {

v1::MutationResult rejected(const std::string &id, v1::ErrorCode code, std::string message)
{
    v1::MutationResult r;
    r.set_mutation_id(id);
    r.set_status(v1::MUTATION_STATUS_REJECTED);
    r.mutable_error()->set_code(code);
    r.mutable_error()->set_message(std::move(message));
    return r;
}

// The first text field holding a NUL character, by its path ("append_case_event.note.text"),
// or empty. No one types one; PostgreSQL's text cannot hold one, and SQLite's would cut it off
// in some readers. Refused by name on either store, so both answer the same.
std::string textWithNul(const google::protobuf::Message &m)
{
    const auto *reflection = m.GetReflection();
    std::vector<const google::protobuf::FieldDescriptor *> fields;
    reflection->ListFields(m, &fields);
    for (const auto *f : fields) {
        using Field = google::protobuf::FieldDescriptor;
        const int n = f->is_repeated() ? reflection->FieldSize(m, f) : 1;
        for (int i = 0; i < n; ++i) {
            std::string inner;
            if (f->cpp_type() == Field::CPPTYPE_STRING && f->type() == Field::TYPE_STRING) {
                const std::string text = f->is_repeated() ? reflection->GetRepeatedString(m, f, i)
                                                          : reflection->GetString(m, f);
                if (text.find('\0') != std::string::npos) {
                    return f->name();
                }
            } else if (f->cpp_type() == Field::CPPTYPE_MESSAGE) {
                inner = textWithNul(f->is_repeated() ? reflection->GetRepeatedMessage(m, f, i)
                                                     : reflection->GetMessage(m, f));
                if (!inner.empty()) {
                    return f->name() + "." + inner;
                }
            }
        }
    }
    return {};
}

// Who changed what, by mutation id only: the audit log never holds resident data.
AuditEntry auditOf(const Principal &principal, const v1::Mutation &m,
                   const v1::MutationResult &result)
{
    const auto *op = m.GetDescriptor()->FindOneofByName("op");
    const auto *field = m.GetReflection()->GetOneofFieldDescriptor(m, op);
    AuditEntry entry{principal.user.id(),
                     principal.device.id(),
                     "push." + (field ? field->name() : std::string("none")),
                     v1::RECORD_TYPE_UNSPECIFIED,
                     m.mutation_id().substr(0, 100),
                     v1::MutationStatus_Name(result.status())};
    if (result.has_error()) {
        entry.detail = v1::ErrorCode_Name(result.error().code());
    }
    return entry;
}

} // namespace

Result<v1::PushResponse> PushService::push(const Principal &principal,
                                           const v1::PushRequest &request)
{
    if (request.mutations_size() > maxMutations) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "A push carries at most " + std::to_string(maxMutations) +
                             " mutations; send the rest in another push");
    }
    const std::int64_t now = m_clock.nowMs();
    v1::PushResponse response;
    Status s = m_store.write([&](StoreSession &session) -> Status {
        response.Clear();
        auto scope = Scope::load(session, principal, now);
        if (!scope) {
            return scope.error();
        }
        const auto usable = [](const std::string &id) {
            return !id.empty() && id.size() <= 100 && id.find('\0') == std::string::npos;
        };
        // The batch's ids looked up at once, and its results and audit written at once, at
        // the end: each a round trip on PostgreSQL, under the change-log lock.
        std::set<std::string> ids;
        for (const v1::Mutation &m : request.mutations()) {
            if (usable(m.mutation_id())) {
                ids.insert(m.mutation_id());
            }
        }
        auto known = session.appliedMutations(ids);
        if (!known) {
            return known.error();
        }
        std::vector<v1::MutationResult> applied;
        std::vector<AuditEntry> audits;
        for (const v1::Mutation &m : request.mutations()) {
            const std::string &id = m.mutation_id();
            if (!usable(id)) {
                // Not recorded: without a usable id there is nothing to deduplicate on.
                *response.add_results() =
                    rejected(id.substr(0, 100), v1::ERROR_CODE_INVALID_ARGUMENT,
                             "mutation_id must be 1 to 100 characters, none of them NUL");
                continue;
            }
            const auto previous = known->find(id);
            if (previous != known->end() && previous->second.deviceId != principal.device.id()) {
                // Another device's id: answering with its result could show this device a
                // record outside its scope (a conflict carries the server's version).
                v1::MutationResult refused =
                    rejected(id, v1::ERROR_CODE_FORBIDDEN,
                             "mutation_id was already used by another device; make a new one");
                audits.push_back(auditOf(principal, m, refused));
                *response.add_results() = std::move(refused);
                continue;
            }
            if (previous != known->end()) {
                v1::MutationResult again = previous->second.result;
                if (again.status() == v1::MUTATION_STATUS_APPLIED) {
                    again.set_status(v1::MUTATION_STATUS_DUPLICATE);
                }
                *response.add_results() = std::move(again);
                continue;
            }
            // Each mutation sees the scope as of the start of the batch: a reassignment in
            // this batch takes effect for the next one.
            MutationApplier applier(session, principal, *scope, m_ids, now);
            const std::string nul = textWithNul(m);
            auto result = nul.empty() ? applier.apply(m)
                                      : rejected(id, v1::ERROR_CODE_INVALID_ARGUMENT,
                                                 nul + " holds a NUL character; remove it");
            if (!result) {
                return result.error();
            }
            result->set_mutation_id(id);
            // The same id again later in this batch is answered from this result.
            known->insert_or_assign(id, AppliedMutationRow{principal.device.id(), *result});
            applied.push_back(*result);
            audits.push_back(auditOf(principal, m, *result));
            *response.add_results() = std::move(*result);
        }
        if (auto p = session.putAppliedMutations(principal.device.id(), applied, now); !p) {
            return p;
        }
        if (auto a = session.appendAudits(audits, now); !a) {
            return a;
        }
        if (principal.user.role() == v1::ROLE_COORDINATOR) {
            auto alerts = session.openAlertCount();
            if (!alerts) {
                return alerts.error();
            }
            response.set_open_alerts(*alerts);
        }
        return {};
    });
    if (!s) {
        return s.error();
    }
    return response;
}

} // namespace doorstep::server
