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

    // Takes options from a configuration file, "name = value" a line (the option's name
    // without "--"; a flag is "yes" or "no"), "#" starting a comment. What the command line
    // gives wins. A name outside `known` or `flags`, or a line that is not an option, is an
    // error naming the file and line.
    Status addFromFile(const std::string &path, const std::set<std::string> &known,
                       const std::set<std::string> &flags);

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_options;
};

} // namespace doorstep::server
