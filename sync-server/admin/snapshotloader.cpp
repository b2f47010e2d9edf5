#include "admin/snapshotloader.h"

#include "sync/scope.h"

#include <google/protobuf/text_format.h>

#include <fstream>
#include <sstream>

namespace doorstep::server {

Status SnapshotLoader::load(Store &store, const v1::CouncilSnapshot &s, std::int64_t nowMs)
{
    Status loaded = store.write([&](StoreSession &session) -> Status {
        if (s.has_council()) {
            if (auto c = session.putCouncil(s.council()); !c) {
                return c;
            }
        }
        auto put = [&](const v1::Record &r) -> Status {
            auto seq = session.putRecord(r, nowMs);
            return seq ? Status() : Status(seq.error());
        };
        v1::Record r;
        for (const auto &x : s.wards()) {
            *r.mutable_ward() = x;
            if (auto p = put(r); !p) {
                return p;
            }
        }
        for (const auto &x : s.users()) {
            *r.mutable_user() = x;
            if (auto p = put(r); !p) {
                return p;
            }
        }
        for (const auto &x : s.form_definitions()) {
            *r.mutable_form_definition() = x;
            if (auto p = put(r); !p) {
                return p;
            }
        }
        for (const auto &x : s.residents()) {
            *r.mutable_resident() = x;
            if (r.resident().version() == 0) {
                r.mutable_resident()->set_version(1);
            }
            if (auto p = put(r); !p) {
                return p;
            }
        }
        for (const auto &x : s.cases()) {
            *r.mutable_case_() = x;
            if (auto p = put(r); !p) {
                return p;
            }
        }
        for (const auto &x : s.referrals()) {
            *r.mutable_referral() = x;
            if (auto p = put(r); !p) {
                return p;
            }
        }
        for (const auto &x : s.visits()) {
            *r.mutable_visit() = x;
            if (auto p = put(r); !p) {
                return p;
            }
        }
        for (const auto &x : s.case_events()) {
            auto existing = session.getRecord(v1::RECORD_TYPE_CASE_EVENT, x.id());
            if (!existing) {
                return existing.error();
            }
            if (existing->has_value()) {
                continue;
            }
            *r.mutable_case_event() = x;
            if (auto p = put(r); !p) {
                return p;
            }
        }
        // Cases that closed before the retention period and that no tablet holds need no
        // sweep: without this, the first pulls after loading years of history would each
        // re-log 200 of them.
        auto retention = closedCaseRetentionMs(session);
        if (!retention) {
            return retention.error();
        }
        return session.markUnheldCasesSwept(nowMs - *retention);
    });
    if (loaded) {
        store.analyze();
    }
    return loaded;
}

Result<v1::CouncilSnapshot> SnapshotLoader::readFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return makeError(v1::ERROR_CODE_IO, "Cannot read " + file.string());
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    v1::CouncilSnapshot snapshot;
    const auto ext = file.extension().string();
    const bool text = ext == ".textproto" || ext == ".txtpb";
    const bool ok = text ? google::protobuf::TextFormat::ParseFromString(bytes.str(), &snapshot)
                         : snapshot.ParseFromString(bytes.str());
    if (!ok) {
        return makeError(v1::ERROR_CODE_MALFORMED_BODY,
                         file.string() + " is not a valid CouncilSnapshot");
    }
    return snapshot;
}

} // namespace doorstep::server
