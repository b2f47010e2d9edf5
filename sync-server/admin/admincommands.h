#pragma once

#include "environment/clock.h"
#include "environment/idsource.h"

#include <ostream>
#include <string>
#include <vector>

namespace doorstep::server {

// The administrator's subcommands (everything but `serve`). Each opens the store (--data DIR,
// or --store postgresql://...),
// does its work in transactions and prints a plain result on `out`, problems on `err`.
// Safe while the server runs: the store is WAL, and the server never caches what they change.
class AdminCommands
{
public:
    AdminCommands(const Clock &clock, IdSource &ids, std::ostream &out, std::ostream &err);

    // Returns the process exit code: 0 done, 1 failed, 2 usage error.
    int run(const std::string &command, const std::vector<std::string> &args);

private:
    int init(const std::vector<std::string> &args);
    int user(const std::vector<std::string> &args);
    int device(const std::vector<std::string> &args);
    int demo(const std::vector<std::string> &args);
    int loadSnapshot(const std::vector<std::string> &args);
    int importCsv(const std::vector<std::string> &args);
    int exportCsv(const std::vector<std::string> &args);
    int backup(const std::vector<std::string> &args);
    int restore(const std::vector<std::string> &args);
    int copyStore(const std::vector<std::string> &args);
    int audit(const std::vector<std::string> &args);
    int notifications(const std::vector<std::string> &args);
    int holidays(const std::vector<std::string> &args);
    int council(const std::vector<std::string> &args);
    int fail(const std::string &message, int code = 1);

    const Clock &m_clock;
    IdSource &m_ids;
    std::ostream &m_out;
    std::ostream &m_err;
};

} // namespace doorstep::server
