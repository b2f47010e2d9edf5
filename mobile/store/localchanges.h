#pragma once

#include "db/database.h"
#include "doorstep/v1/sync.pb.h"
#include "time/clock.h"

#include <vector>

namespace doorstep::mobile {

// Records a change made on this device: the change to the local records and its outbox entry
// are written in one transaction, so after a crash either both exist or neither does. The
// local effect is derived from the mutation itself, so the two can never disagree.
class LocalChanges
{
public:
    LocalChanges(db::Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

    // The mutation must carry a client-made mutation_id; created_at is filled from the clock
    // when unset. Recording the same mutation_id twice fails and changes nothing.
    Status record(const v1::Mutation &mutation);
    // Several changes that belong together (a finished visit's outcome, referrals and
    // check-out): all of them are recorded, or none.
    Status recordAll(const std::vector<v1::Mutation> &mutations);

private:
    Status recordOne(const v1::Mutation &mutation);
    Status applyLocally(const v1::Mutation &mutation);
    Status transitionVisit(const v1::TransitionVisit &t);
    Status updateResident(const v1::UpdateResident &u);
    Status closeCase(const v1::CaseEvent &closure);
    Status triageReferral(const v1::TriageReferral &t);
    db::Database &m_db;
    const Clock &m_clock;
};

} // namespace doorstep::mobile
