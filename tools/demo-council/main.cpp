// doorstep-demo-gen: writes the deterministic demo council as a binary CouncilSnapshot and
// checks it against the schema's rules.

#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "demo-council/generator.h"
#include "demo-council/integrity.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

using namespace doorstep;

constexpr std::string_view kUsage =
    "Usage: doorstep-demo-gen [--seed N] [--residents N] [--events-per-case N]\n"
    "                         [--base-day YYYY-MM-DD] [--out FILE] [--summary]\n"
    "\n"
    "Generates the Eastmoor District Council demo: wards, staff, residents, cases, referrals,\n"
    "visits and case timelines. The same options always give the same bytes.\n"
    "\n"
    "  --seed N              random seed (default 20261122)\n"
    "  --residents N         residents, one case each (default 2000)\n"
    "  --events-per-case N   average case events per case (default 10)\n"
    "  --base-day DATE       the demo's \"today\", midnight UTC (default 2026-11-23)\n"
    "  --out FILE            write the snapshot as binary protobuf to FILE\n"
    "  --summary             print what was generated (the default when there is no --out)\n"
    "\n"
    "Exits 1 if the snapshot breaks the schema's rules, 2 for bad arguments.\n";

struct Arguments
{
    demo::GeneratorOptions options;
    std::string out;
    bool summary = false;
};

[[noreturn]] void usageError(const std::string &message)
{
    std::cerr << "doorstep-demo-gen: " << message << "\n"
              << "Run doorstep-demo-gen --help for the options.\n";
    std::exit(2);
}

std::uint64_t parseNumber(std::string_view flag, std::string_view text, std::uint64_t max)
{
    if (text.empty() || text.size() > 20) {
        usageError(std::string(flag) + " needs a whole number, not \"" + std::string(text) + "\".");
    }
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            usageError(std::string(flag) + " needs a whole number, not \"" + std::string(text) +
                       "\".");
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            usageError(std::string(flag) + " " + std::string(text) + " is too large.");
        }
        value = value * 10 + digit;
    }
    if (value > max) {
        usageError(std::string(flag) + " must be at most " + std::to_string(max) + ".");
    }
    return value;
}

std::int64_t parseDay(std::string_view text)
{
    if (const auto day = calendar::parseIsoDate(text)) {
        return *day * calendar::kSecondsPerDay;
    }
    usageError("--base-day needs a date as YYYY-MM-DD, for example 2026-11-23, not \"" +
               std::string(text) + "\".");
}

Arguments parseArguments(int argc, char **argv)
{
    Arguments args;
    bool baseDayGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (flag == "--summary") {
            args.summary = true;
            continue;
        }
        if (flag != "--seed" && flag != "--residents" && flag != "--events-per-case" &&
            flag != "--base-day" && flag != "--out") {
            usageError("unknown option \"" + std::string(flag) + "\".");
        }
        if (i + 1 >= argc) {
            usageError(std::string(flag) + " needs a value.");
        }
        const std::string_view value = argv[++i];
        if (flag == "--seed") {
            args.options.seed = parseNumber(flag, value, std::numeric_limits<std::uint64_t>::max());
        } else if (flag == "--residents") {
            args.options.residents = static_cast<int>(parseNumber(flag, value, 2'000'000));
        } else if (flag == "--events-per-case") {
            args.options.eventsPerCase = static_cast<int>(parseNumber(flag, value, 1000));
        } else if (flag == "--base-day") {
            args.options.baseDayUnixSeconds = parseDay(value);
            baseDayGiven = true;
        } else {
            if (value.empty()) {
                usageError("--out needs a file name.");
            }
            args.out = std::string(value);
        }
    }
    if (args.out.empty()) {
        args.summary = true;
    }
    if (!baseDayGiven) {
        // Today, as the council counts days.
        auto days = calendar::CouncilCalendar::of(v1::Council());
        if (!days) {
            usageError(days.error().message);
        }
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        args.options.baseDayUnixSeconds = days->dayOf(now) * calendar::kSecondsPerDay;
    }
    return args;
}

std::string utcDateTime(std::int64_t t)
{
    using namespace std::chrono;
    const sys_days day{days{t >= 0 ? t / 86400 : (t - 86399) / 86400}};
    const year_month_day ymd{day};
    const std::int64_t secs = t - std::int64_t{day.time_since_epoch().count()} * 86400;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(secs / 3600), static_cast<int>(secs % 3600 / 60));
    return buf;
}

void printSummary(const v1::CouncilSnapshot &s, const demo::GeneratorOptions &options,
                  double seconds, std::size_t bytes)
{
    std::map<v1::Role, int> roles;
    for (const auto &u : s.users()) {
        ++roles[u.role()];
    }
    int open = 0;
    for (const auto &c : s.cases()) {
        open += c.status() == v1::CASE_STATUS_OPEN ? 1 : 0;
    }
    int untriaged = 0;
    for (const auto &r : s.referrals()) {
        untriaged += r.status() == v1::REFERRAL_STATUS_RECEIVED ? 1 : 0;
    }
    const std::int64_t base = options.baseDayUnixSeconds;
    const std::int64_t weekEnd = base + std::int64_t{options.visitDays} * 86400;
    int thisWeek = 0;
    for (const auto &v : s.visits()) {
        const std::int64_t start = v.window().start().seconds();
        thisWeek += v.status() == v1::VISIT_STATUS_SCHEDULED && start >= base && start < weekEnd;
    }

    std::printf("%s, %s\n", s.council().name().c_str(), s.council().service_name().c_str());
    std::printf("  seed %llu, today %s\n", static_cast<unsigned long long>(s.seed()),
                utcDateTime(base).substr(0, 10).c_str());
    std::printf("  wards            %d\n", s.wards_size());
    std::printf("  users            %d (%d officers, %d coordinators, %d ward members, %d admin)\n",
                s.users_size(), roles[v1::ROLE_OFFICER], roles[v1::ROLE_COORDINATOR],
                roles[v1::ROLE_WARD_MEMBER], roles[v1::ROLE_ADMIN]);
    std::printf("  residents        %d\n", s.residents_size());
    std::printf("  cases            %d (%d open, %d closed)\n", s.cases_size(), open,
                s.cases_size() - open);
    std::printf("  referrals        %d (%d waiting for triage)\n", s.referrals_size(), untriaged);
    std::printf("  visits           %d (%d scheduled in the next %d days)\n", s.visits_size(),
                thisWeek, options.visitDays);
    std::map<v1::CaseEventKind, int> kinds;
    for (const auto &e : s.case_events()) {
        ++kinds[e.kind()];
    }
    std::printf("  case events      %d (%.1f a case)\n", s.case_events_size(),
                s.cases_size() > 0 ? double(s.case_events_size()) / s.cases_size() : 0.0);
    for (const auto &[kind, count] : kinds) {
        std::string name = v1::CaseEventKind_Name(kind).substr(std::strlen("CASE_EVENT_KIND_"));
        for (char &c : name) {
            c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        std::printf("    %-20s %d\n", name.c_str(), count);
    }
    std::printf("  forms            %d\n", s.form_definitions_size());
    if (bytes > 0) {
        std::printf("  snapshot size    %.1f MB\n", static_cast<double>(bytes) / 1e6);
    }
    std::printf("  generated in     %.2f s\n", seconds);

    // What the demo officer sees when they sign in.
    std::string officerId;
    for (const auto &u : s.users()) {
        if (u.username() == "demo.officer") {
            officerId = u.id();
        }
    }
    std::unordered_map<std::string_view, const v1::Case *> cases;
    for (const auto &c : s.cases()) {
        cases.emplace(c.id(), &c);
    }
    std::unordered_map<std::string_view, const v1::Resident *> residents;
    for (const auto &r : s.residents()) {
        residents.emplace(r.id(), &r);
    }
    std::multimap<std::int64_t, const v1::Visit *> today;
    for (const auto &v : s.visits()) {
        const std::int64_t start = v.window().start().seconds();
        if (v.officer_user_id() == officerId && start >= base && start < base + 86400) {
            today.emplace(start, &v);
        }
    }
    std::printf("demo.officer's visits on %s: %zu\n", utcDateTime(base).substr(0, 10).c_str(),
                today.size());
    for (const auto &[start, v] : today) {
        const auto c = cases.find(v->case_id());
        const v1::Resident *r = nullptr;
        if (c != cases.end()) {
            const auto it = residents.find(c->second->resident_id());
            r = it == residents.end() ? nullptr : it->second;
        }
        std::string needs;
        if (r != nullptr) {
            const auto &n = r->contact_needs();
            if (n.hearing_loss()) {
                needs += ", hearing loss";
            }
            if (n.interpreter_needed()) {
                needs += ", " + n.interpreter_language() + " interpreter";
            }
            if (r->risk_markers_size() > 0) {
                needs += ", risk marker";
            }
        }
        std::printf("  %s-%s  %s  %s%s\n", utcDateTime(start).substr(11).c_str(),
                    utcDateTime(v->window().end().seconds()).substr(11).c_str(),
                    c != cases.end() ? c->second->case_number().c_str() : "?",
                    r != nullptr ? (r->given_name() + " " + r->family_name() + ", " +
                                    r->address().line1() + ", " + r->address().postcode())
                                       .c_str()
                                 : "?",
                    needs.c_str());
    }
}

} // namespace

int main(int argc, char **argv)
{
    const Arguments args = parseArguments(argc, argv);

    const auto started = std::chrono::steady_clock::now();
    auto generated = demo::generateCouncil(args.options);
    if (!generated) {
        std::cerr << "doorstep-demo-gen: " << generated.error().message << " ("
                  << generated.error().codeName() << ")\n";
        return generated.error().code == v1::ERROR_CODE_INVALID_ARGUMENT ? 2 : 1;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const v1::CouncilSnapshot &snapshot = *generated;

    // A snapshot that breaks the rules is never written: nothing should load it.
    const std::vector<std::string> problems = demo::checkIntegrity(snapshot);
    if (!problems.empty()) {
        std::cerr << "doorstep-demo-gen: the snapshot breaks " << problems.size()
                  << " of the schema's rules:\n";
        for (std::size_t i = 0; i < problems.size() && i < 50; ++i) {
            std::cerr << "  " << problems[i] << "\n";
        }
        if (problems.size() > 50) {
            std::cerr << "  ... and " << problems.size() - 50 << " more.\n";
        }
        return 1;
    }

    std::size_t bytes = 0;
    if (!args.out.empty()) {
        // Straight to the file: at benchmark sizes the snapshot is hundreds of megabytes.
        std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
        bool ok = static_cast<bool>(file);
        if (ok) {
            google::protobuf::io::OstreamOutputStream raw(&file);
            google::protobuf::io::CodedOutputStream coded(&raw);
            coded.SetSerializationDeterministic(true);
            ok = snapshot.SerializeToCodedStream(&coded) && !coded.HadError();
            bytes = static_cast<std::size_t>(coded.ByteCount());
        }
        file.close();
        if (!ok || !file) {
            std::cerr << "doorstep-demo-gen: could not write " << args.out << ": "
                      << std::strerror(errno) << "\n";
            return 1;
        }
        std::cout << "Wrote " << args.out << " (" << bytes << " bytes).\n";
    }
    if (args.summary) {
        printSummary(snapshot, args.options, seconds, bytes);
    }

    return 0;
}
