#include "admin/admincommands.h"

#include "visits/late.h"

#include "admin/adminsupport.h"
#include "admin/commandline.h"
#include "admin/csvexporter.h"
#include "admin/csvimporter.h"
#include "admin/snapshotloader.h"
#include "calendar/bankholidays.h"
#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "demo-council/generator.h"
#include "environment/timestamps.h"
#include "notify/alerts.h"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

namespace doorstep::server {

namespace {

// "YYYY-MM-DD" -> the day's number, as the generator counts days.
Result<std::int64_t> parseDay(const std::string &s)
{
    const auto day = calendar::parseIsoDate(s);
    if (!day) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "--base-day must be a date written YYYY-MM-DD, not \"" + s + "\"");
    }
    return *day;
}

std::string readFile(const std::string &path, bool &ok)
{
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The store and its council record, for commands that change the record; an error
// when there is no council yet.
struct CouncilInStore
{
    std::unique_ptr<Store> store;
    v1::Council council;
};

Result<CouncilInStore> openCouncil(const CommandLine &cl)
{
    auto store = openStore(cl);
    if (!store) {
        return store.error();
    }
    std::optional<v1::Council> current;
    Status r = (*store)->read([&](StoreSession &session) -> Status {
        auto c = session.council();
        if (c) {
            current = *c;
        }
        return c ? Status() : Status(c.error());
    });
    if (!r) {
        return r.error();
    }
    if (!current) {
        return makeError(v1::ERROR_CODE_NOT_FOUND, "the store has no council yet: run init first");
    }
    return CouncilInStore{std::move(*store), std::move(*current)};
}

} // namespace

AdminCommands::AdminCommands(const Clock &clock, IdSource &ids, std::ostream &out,
                             std::ostream &err)
    : m_clock(clock), m_ids(ids), m_out(out), m_err(err)
{}

int AdminCommands::fail(const std::string &message, int code)
{
    m_err << "doorstep-server: " << message << '\n';
    return code;
}

int AdminCommands::run(const std::string &command, const std::vector<std::string> &args)
{
    if (command == "init") {
        return init(args);
    }
    if (command == "user") {
        return user(args);
    }
    if (command == "device") {
        return device(args);
    }
    if (command == "demo") {
        return demo(args);
    }
    if (command == "load-snapshot") {
        return loadSnapshot(args);
    }
    if (command == "import") {
        return importCsv(args);
    }
    if (command == "export") {
        return exportCsv(args);
    }
    if (command == "backup") {
        return backup(args);
    }
    if (command == "restore") {
        return restore(args);
    }
    if (command == "copy-store") {
        return copyStore(args);
    }
    if (command == "audit") {
        return audit(args);
    }
    if (command == "notifications") {
        return notifications(args);
    }
    if (command == "holidays") {
        return holidays(args);
    }
    if (command == "council") {
        return council(args);
    }
    return fail("unknown command '" + command + "' (try --help)", 2);
}

int AdminCommands::init(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    auto store = openStore(*cl, true);
    if (!store) {
        return fail(store.error().message);
    }
    v1::Council council;
    council.set_id(cl->value("council-id", "council"));
    council.set_name(cl->value("council-name", "Council"));
    council.set_service_name("Home Visiting Service");
    council.set_case_number_prefix(cl->value("case-prefix", "HV"));
    council.set_referral_target_working_days(5);
    council.set_closed_case_retention_days(28);
    if (auto c = calendar::setCouncilCalendar(council, cl->value("time-zone"),
                                              cl->value("bank-holidays"),
                                              calendar::shippedBankHolidays());
        !c) {
        return fail(c.error().message, 2);
    }
    Status s = (*store)->write([&](StoreSession &session) -> Status {
        auto existing = session.council();
        if (!existing) {
            return existing.error();
        }
        return existing->has_value() ? Status() : session.putCouncil(council);
    });
    if (!s) {
        return fail(s.error().message);
    }
    m_out << "initialised " << storeLocation(*cl)->describe() << '\n';
    return 0;
}

int AdminCommands::demo(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    demo::GeneratorOptions options;
    auto seed = cl->number("seed", static_cast<long long>(options.seed), 0, 1LL << 62);
    auto residents = cl->number("residents", options.residents, 1, 1000000);
    if (!seed || !residents) {
        return fail(!seed ? seed.error().message : residents.error().message, 2);
    }
    options.seed = static_cast<std::uint64_t>(*seed);
    options.residents = static_cast<int>(*residents);
    auto forms = cl->number("forms", options.formDefinitions, 0, 10000);
    if (!forms) {
        return fail(forms.error().message, 2);
    }
    options.formDefinitions = static_cast<int>(*forms);
    if (cl->has("base-day")) {
        auto day = parseDay(cl->value("base-day"));
        if (!day) {
            return fail(day.error().message, 2);
        }
        options.baseDayUnixSeconds = *day * calendar::kSecondsPerDay;
    } else {
        // Today, as the council counts days.
        auto days = calendar::CouncilCalendar::of(v1::Council());
        if (!days) {
            return fail(days.error().message);
        }
        options.baseDayUnixSeconds = days->dayOf(m_clock.nowMs()) * calendar::kSecondsPerDay;
    }
    // Built as of now: on the base day, the visits that have started were worked.
    options.momentUnixMs = m_clock.nowMs();
    auto snapshot = demo::generateCouncil(options);
    if (!snapshot) {
        return fail(snapshot.error().message);
    }
    auto store = openStore(*cl, true);
    if (!store) {
        return fail(store.error().message);
    }
    if (auto s = SnapshotLoader::load(**store, *snapshot, m_clock.nowMs()); !s) {
        return fail(s.error().message);
    }
    m_out << "loaded the demo council: " << snapshot->residents_size() << " residents, "
          << snapshot->cases_size() << " cases, " << snapshot->users_size() << " users\n";
    return 0;
}

int AdminCommands::holidays(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    const auto &pos = cl->positionals();
    const bool import = pos.size() == 2 && pos[0] == "import";
    if (!import && !(pos.size() == 1 && pos[0] == "list")) {
        return fail(
            "usage: holidays import FILE [--division NAME] | holidays list (with --data DIR)", 2);
    }
    auto opened = openCouncil(*cl);
    if (!opened) {
        return fail(opened.error().message);
    }
    v1::Council &council = opened->council;
    if (!import) {
        auto days = calendar::CouncilCalendar::of(council);
        if (!days) {
            return fail(days.error().message);
        }
        m_out << "time zone " << days->zone().name() << ", bank holidays of "
              << (council.bank_holiday_division().empty() ? std::string(calendar::kDefaultDivision)
                                                          : council.bank_holiday_division())
              << ":\n";
        for (const std::string &d : council.bank_holidays()) {
            m_out << d << '\n';
        }
        return 0;
    }
    bool readable = false;
    const std::string text = readFile(pos[1], readable);
    if (!readable) {
        return fail("cannot read " + pos[1]);
    }
    // A malformed file changes nothing: the council keeps the list it had.
    auto lists = calendar::parseBankHolidays(text);
    if (!lists) {
        return fail(pos[1] + ": " + lists.error().message + "; the bank holidays are unchanged");
    }
    const std::string division = cl->value("division", council.bank_holiday_division());
    if (auto c = calendar::setCouncilCalendar(council, council.time_zone(), division, *lists); !c) {
        return fail(pos[1] + ": " + c.error().message + "; the bank holidays are unchanged");
    }
    Status s =
        opened->store->write([&](StoreSession &session) { return session.putCouncil(council); });
    if (!s) {
        return fail(s.error().message);
    }
    m_out << "imported " << council.bank_holidays_size() << " bank holidays of "
          << council.bank_holiday_division() << " from " << pos[1] << '\n';
    return 0;
}

int AdminCommands::council(const std::vector<std::string> &args)
{
    static const char *usage = "usage: council show | council set [--escalation-steps TEXT]"
                               " [--alert-escalation-minutes N] [--late-grace-minutes N]"
                               " [--video-call-link URL] |"
                               " council contact add NAME [--email ADDR] [--phone NUMBER] |"
                               " council contact remove NAME   (all with --data DIR)";
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    const auto &pos = cl->positionals();
    const bool show = pos.size() == 1 && pos[0] == "show";
    const bool set = pos.size() == 1 && pos[0] == "set";
    const bool add = pos.size() == 3 && pos[0] == "contact" && pos[1] == "add";
    const bool remove = pos.size() == 3 && pos[0] == "contact" && pos[1] == "remove";
    if (!show && !set && !add && !remove) {
        return fail(usage, 2);
    }
    auto opened = openCouncil(*cl);
    if (!opened) {
        return fail(opened.error().message);
    }
    v1::Council &council = opened->council;
    if (show) {
        m_out << "alert escalation after " << AlertMessages::escalationAfterMs(council) / 60000
              << " minutes unacknowledged; visits late " << visits::graceOf(council) / 60000
              << " minutes after their window opens\n"
              << "escalation steps: " << council.escalation_steps() << '\n'
              << "video-call link: "
              << (council.video_call_link().empty() ? "none" : council.video_call_link()) << '\n';
        for (const auto &c : council.escalation_contacts()) {
            m_out << "contact: " << c.name() << ", " << c.email() << ", " << c.phone() << '\n';
        }
        return 0;
    }
    if (set) {
        if (cl->has("escalation-steps")) {
            const std::string steps = cl->value("escalation-steps");
            if (steps.size() > 2000) {
                return fail("--escalation-steps is longer than 2000 characters", 2);
            }
            council.set_escalation_steps(steps);
        }
        if (cl->has("video-call-link")) {
            // Sent to residents and opened on officers' tablets: https only, or none at all.
            const std::string link = cl->value("video-call-link");
            if (!link.empty() && (link.rfind("https://", 0) != 0 || link.size() > 500 ||
                                  link.find_first_of(" \t\r\n") != std::string::npos)) {
                return fail("--video-call-link is an https:// link (with {case} for the case "
                            "number), or empty for none",
                            2);
            }
            council.set_video_call_link(link);
        }
        for (const auto &[flag, setter] :
             std::vector<std::pair<std::string, void (v1::Council::*)(std::int32_t)>>{
                 {"alert-escalation-minutes", &v1::Council::set_alert_escalation_minutes},
                 {"late-grace-minutes", &v1::Council::set_late_grace_minutes}}) {
            if (cl->has(flag)) {
                auto n = cl->number(flag, 0, 1, 240);
                if (!n) {
                    return fail(n.error().message, 2);
                }
                (council.*setter)(static_cast<std::int32_t>(*n));
            }
        }
    } else {
        const std::string &name = pos[2];
        auto &contacts = *council.mutable_escalation_contacts();
        const int before = contacts.size();
        for (int i = contacts.size() - 1; i >= 0; --i) {
            if (contacts.Get(i).name() == name) {
                contacts.DeleteSubrange(i, 1);
            }
        }
        if (remove && contacts.size() == before) {
            return fail("no escalation contact named " + name);
        }
        if (add) {
            const std::string email = cl->value("email");
            const std::string phone = cl->value("phone");
            if (email.empty() && phone.empty()) {
                return fail("an escalation contact needs --email or --phone (or both)", 2);
            }
            if (!email.empty() && email.find('@') == std::string::npos) {
                return fail("--email is not an email address: " + email, 2);
            }
            if (phone.find_first_not_of("+0123456789 ") != std::string::npos) {
                return fail("--phone has characters a phone number does not: " + phone, 2);
            }
            v1::EscalationContact &c = *contacts.Add();
            c.set_name(name);
            c.set_email(email);
            c.set_phone(phone);
        }
    }
    // A new revision: every device takes the changed record at its next sync.
    Status s =
        opened->store->write([&](StoreSession &session) { return session.putCouncil(council); });
    if (!s) {
        return fail(s.error().message);
    }
    m_out << "council updated\n";
    return 0;
}

int AdminCommands::loadSnapshot(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    if (cl->positionals().size() != 1) {
        return fail("usage: load-snapshot --data DIR FILE", 2);
    }
    auto snapshot = SnapshotLoader::readFile(cl->positionals()[0]);
    if (!snapshot) {
        return fail(snapshot.error().message);
    }
    auto store = openStore(*cl, true);
    if (!store) {
        return fail(store.error().message);
    }
    if (auto s = SnapshotLoader::load(**store, *snapshot, m_clock.nowMs()); !s) {
        return fail(s.error().message);
    }
    m_out << "loaded " << cl->positionals()[0] << '\n';
    return 0;
}

} // namespace doorstep::server
