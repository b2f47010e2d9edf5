#pragma once

// What tests and the test helper processes use to stand up a tablet's app core quickly, and
// the note they write on it.

#include "store/storehost.h"

#include "doorstep/v1/sync.pb.h"

#include <QString>

#include <chrono>
#include <string>

namespace doorstep::mobile::test {

// Keys under <dir>/keys, the store at <dir>/store.db, and the cheapest key derivation.
inline StoreConfig fastStoreConfig(const QString &dir, std::chrono::minutes idleTimeout,
                                   std::chrono::hours maxOffline)
{
    StoreConfig c;
    c.keys.directory = (dir + "/keys").toStdString();
    c.keys.databasePath = (dir + "/store.db").toStdString();
    c.keys.kdf = KdfParams::minimal();
    c.lock.idleTimeout = idleTimeout;
    c.lock.maxOffline = maxOffline;
    return c;
}

// A note on `caseId`, its event id "evt-<mutation id>".
inline v1::Mutation noteMutation(const std::string &mutationId, const std::string &caseId,
                                 const std::string &text)
{
    v1::Mutation m;
    m.set_mutation_id(mutationId);
    v1::CaseEvent &e = *m.mutable_append_case_event();
    e.set_id("evt-" + mutationId);
    e.set_case_id(caseId);
    e.set_kind(v1::CASE_EVENT_KIND_NOTE);
    e.mutable_note()->set_text(text);
    return m;
}

} // namespace doorstep::mobile::test
