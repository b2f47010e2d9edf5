#include "admin/commandline.h"

#include <charconv>
#include <fstream>

namespace doorstep::server {

Result<CommandLine> CommandLine::parse(const std::vector<std::string> &args,
                                       const std::set<std::string> &flags)
{
    CommandLine out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a.size() > 2 && a.starts_with("--")) {
            std::string name = a.substr(2);
            std::string value;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name.resize(eq);
            } else if (flags.contains(name)) {
                value = "1";
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "--" + name + " needs a value");
            }
            out.m_options[name] = value;
        } else {
            out.m_positionals.push_back(a);
        }
    }
    return out;
}

Status CommandLine::addFromFile(const std::string &path, const std::set<std::string> &known,
                                const std::set<std::string> &flags)
{
    std::ifstream in(path);
    if (!in) {
        return makeError(v1::ERROR_CODE_IO, "Cannot read the configuration file " + path);
    }
    const auto trim = [](std::string s) {
        const auto b = s.find_first_not_of(" \t\r");
        if (b == std::string::npos) {
            return std::string();
        }
        return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
    };
    std::string line;
    int number = 0;
    // The file's own values, a later line winning; then under the command line's.
    std::map<std::string, std::string> fromFile;
    while (std::getline(in, line)) {
        ++number;
        // A comment starts a line or follows a space: a "#" inside a value (a URL) stays.
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
                line.erase(i);
                break;
            }
        }
        line = trim(line);
        if (line.empty()) {
            continue;
        }
        const std::string where = path + " line " + std::to_string(number) + ": ";
        const auto eq = line.find('=');
        if (eq == std::string::npos) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, where + "expected \"name = value\"");
        }
        const std::string name = trim(line.substr(0, eq));
        std::string value = trim(line.substr(eq + 1));
        if (name == "config" || (!known.contains(name) && !flags.contains(name))) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                             where + "unknown option \"" + name + "\"");
        }
        if (flags.contains(name)) {
            if (value != "yes" && value != "no") {
                return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, where + name + " is yes or no");
            }
            if (value == "no") {
                fromFile.erase(name);
                continue;
            }
            value = "1";
        }
        fromFile[name] = value;
    }
    for (const auto &[name, value] : fromFile) {
        m_options.emplace(name, value); // the command line's wins
    }
    return {};
}

bool CommandLine::has(const std::string &name) const
{
    return m_options.contains(name);
}

std::string CommandLine::value(const std::string &name, const std::string &fallback) const
{
    const auto it = m_options.find(name);
    return it == m_options.end() ? fallback : it->second;
}

Result<std::string> CommandLine::required(const std::string &name) const
{
    const auto it = m_options.find(name);
    if (it == m_options.end() || it->second.empty()) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "--" + name + " is required");
    }
    return it->second;
}

Result<long long> CommandLine::number(const std::string &name, long long fallback, long long min,
                                      long long max) const
{
    const auto it = m_options.find(name);
    if (it == m_options.end()) {
        return fallback;
    }
    long long v = 0;
    const auto &s = it->second;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "--" + name + " must be a number from " +
                                                              std::to_string(min) + " to " +
                                                              std::to_string(max));
    }
    return v;
}

} // namespace doorstep::server
