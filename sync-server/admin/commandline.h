#pragma once

#include "error/result.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace doorstep::server {

// Arguments after the subcommand: positionals, "--name value" options and "--flag" switches.
class CommandLine
{
public:
    // `flags` names the options that take no value.
    static Result<CommandLine> parse(const std::vector<std::string> &args,
                                     const std::set<std::string> &flags);

    const std::vector<std::string> &positionals() const { return m_positionals; }
    bool has(const std::string &name) const;
    std::string value(const std::string &name, const std::string &fallback = {}) const;
    Result<std::string> required(const std::string &name) const;
    Result<long long> number(const std::string &name, long long fallback, long long min,
                             long long max) const;

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_options;
};

} // namespace doorstep::server
