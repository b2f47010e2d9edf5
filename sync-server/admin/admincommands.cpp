#include "admin/admincommands.h"

#include "visits/late.h"

#include "admin/commandline.h"
#include "admin/csvexporter.h"
#include "admin/csvimporter.h"
#include "admin/snapshotloader.h"
#include "auth/authenticator.h"
#include "auth/keypin.h"
#include "calendar/bankholidays.h"
#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "demo/generator.h"
#include "environment/timestamps.h"
#include "notify/alerts.h"
#include "store/sqlitestore.h"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace doorstep::server {

namespace {

Result<std::unique_ptr<SqliteStore>> openStore(const CommandLine &cl, bool create = false)
{
    auto dir = cl.required("data");
    if (!dir) {
        return dir.error();
    }
    return SqliteStore::open(*dir, create);
}

Result<v1::Role> parseRole(const std::string &s)
{
    if (s == "officer") {
        return v1::ROLE_OFFICER;
    }
    if (s == "coordinator") {
        return v1::ROLE_COORDINATOR;
    }
    if (s == "ward-member") {
        return v1::ROLE_WARD_MEMBER;
    }
    if (s == "admin") {
        return v1::ROLE_ADMIN;
    }
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                     "--role must be officer, coordinator, ward-member or admin");
}

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

const std::set<std::string> noFlags;

// The store in --data and its council record, for commands that change the record; an error
// when there is no council yet.
struct CouncilInStore
{
    std::unique_ptr<SqliteStore> store;
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

// What `device enrol-code --link` prints besides the code: the server and the key pins.
struct LinkParts
{
    std::string server; // empty: print the bare code
    std::vector<std::string> pins;
};

Result<LinkParts> enrolmentLinkOf(const CommandLine &cl)
{
    LinkParts parts;
    if (!cl.has("link")) {
        if (cl.has("pin-key")) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "--pin-key goes with --link");
        }
        return parts;
    }
    parts.server = cl.value("link");
    const bool https = parts.server.rfind("https://", 0) == 0;
    const bool loopback = parts.server.rfind("http://127.", 0) == 0 ||
                          parts.server.rfind("http://localhost", 0) == 0 ||
                          parts.server.rfind("http://[::1]", 0) == 0;
    if (!https && !loopback) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "--link must be the server's https:// address (plain http only on "
                         "loopback), not \"" +
                             parts.server + "\"");
    }
    std::string files = cl.value("pin-key");
    for (std::size_t from = 0; !files.empty() && from <= files.size();) {
        const std::size_t comma = std::min(files.find(',', from), files.size());
        auto pin = keypin::ofPemFile(files.substr(from, comma - from));
        if (!pin) {
            return pin.error();
        }
        parts.pins.push_back(*pin);
        from = comma + 1;
    }
    if (!parts.pins.empty() && !https) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "a pinned key needs an https:// link");
    }
    return parts;
}

// A user by username or id.
Result<v1::User> findUser(StoreSession &session, const std::string &nameOrId)
{
    auto byName = session.findUserByName(nameOrId);
    if (!byName) {
        return byName.error();
    }
    if (byName->has_value()) {
        return **byName;
    }
    auto byId = session.getRecord(v1::RECORD_TYPE_USER, nameOrId);
    if (!byId) {
        return byId.error();
    }
    if (!byId->has_value()) {
        return makeError(v1::ERROR_CODE_NOT_FOUND, "no user " + nameOrId);
    }
    return (*byId)->user();
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
    m_out << "initialised " << *cl->required("data") << '\n';
    return 0;
}

int AdminCommands::user(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    const auto &pos = cl->positionals();
    if (pos.empty()) {
        return fail("usage: user add|list|disable ...", 2);
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    const std::int64_t now = m_clock.nowMs();
    if (pos[0] == "add" && pos.size() == 2) {
        auto role = parseRole(cl->value("role"));
        if (!role) {
            return fail(role.error().message, 2);
        }
        v1::User u;
        u.set_id(cl->value("id", m_ids.newId("usr")));
        u.set_username(pos[1]);
        u.set_display_name(cl->value("name", pos[1]));
        u.set_role(*role);
        u.set_ward_id(cl->value("ward"));
        *u.mutable_created_at() = fromMs(now);
        Status s = (*store)->write([&](StoreSession &session) -> Status {
            auto existing = session.findUserByName(u.username());
            if (!existing) {
                return existing.error();
            }
            if (existing->has_value()) {
                return makeError(v1::ERROR_CODE_CONFLICT, "user " + u.username() + " exists");
            }
            v1::Record r;
            *r.mutable_user() = u;
            auto put = session.putRecord(r, now);
            return put ? Status() : Status(put.error());
        });
        if (!s) {
            return fail(s.error().message);
        }
        m_out << u.id() << '\n';
        return 0;
    }
    if (pos[0] == "list") {
        // --role: only those with that role ("officer", "ward-member"...).
        std::optional<v1::Role> only;
        if (cl->has("role")) {
            auto role = parseRole(cl->value("role"));
            if (!role) {
                return fail(role.error().message, 2);
            }
            only = *role;
        }
        Status s = (*store)->read([&](StoreSession &session) -> Status {
            auto users = session.listUsers();
            if (!users) {
                return users.error();
            }
            for (const auto &u : *users) {
                if (only && u.role() != *only) {
                    continue;
                }
                m_out << u.id() << '\t' << u.username() << '\t' << v1::Role_Name(u.role()) << '\t'
                      << (u.ward_id().empty() ? "-" : u.ward_id()) << '\t'
                      << (u.disabled() ? "disabled" : "active") << '\n';
            }
            return {};
        });
        return s ? 0 : fail(s.error().message);
    }
    if ((pos[0] == "disable" || pos[0] == "enable") && pos.size() == 2) {
        // Disabled, a user's devices can no longer sync; enabled again (a leaver who came
        // back, a mistake undone), they can.
        const bool disable = pos[0] == "disable";
        Status s = (*store)->write([&](StoreSession &session) -> Status {
            auto u = findUser(session, pos[1]);
            if (!u) {
                return u.error();
            }
            v1::Record r;
            *r.mutable_user() = *u;
            r.mutable_user()->set_disabled(disable);
            auto put = session.putRecord(r, now);
            return put ? Status() : Status(put.error());
        });
        if (!s) {
            return fail(s.error().message);
        }
        m_out << (disable ? "disabled " : "enabled ") << pos[1] << '\n';
        return 0;
    }
    return fail("usage: user add USERNAME --role ROLE | user list [--role ROLE]"
                " | user disable USER | user enable USER",
                2);
}

int AdminCommands::device(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, noFlags);
    if (!cl) {
        return fail(cl.error().message, 2);
    }
    const auto &pos = cl->positionals();
    const bool listing = pos.size() == 1 && pos[0] == "list";
    const bool byUser = pos.size() == 1 && pos[0] == "revoke" && cl->has("user");
    if (!listing && !byUser &&
        (pos.size() != 2 || (pos[0] != "enrol-code" && pos[0] != "revoke"))) {
        return fail("usage: device enrol-code USER [--count N] [--link URL [--pin-key FILE,...]]"
                    " | device list [--user USER] | device revoke DEVICE_ID"
                    " | device revoke --user USER",
                    2);
    }
    auto store = openStore(*cl);
    if (!store) {
        return fail(store.error().message);
    }
    Authenticator auth(**store, m_clock, m_ids, {});
    if (listing || byUser) {
        // One user's devices (--user, by username or id), or every device.
        std::vector<v1::Device> devices;
        std::map<std::string, std::string> names;
        Status s = (*store)->read([&](StoreSession &session) -> Status {
            std::string userId;
            if (cl->has("user")) {
                auto u = findUser(session, cl->value("user"));
                if (!u) {
                    return u.error();
                }
                userId = u->id();
            }
            auto found = session.listDevices(userId);
            auto users = session.listUsers();
            if (!found || !users) {
                return !found ? found.error() : users.error();
            }
            devices = std::move(*found);
            for (const auto &u : *users) {
                names[u.id()] = u.username();
            }
            return {};
        });
        if (!s) {
            return fail(s.error().message);
        }
        if (byUser) {
            // A leaver: every device they still have, revoked.
            int revoked = 0;
            for (const auto &d : devices) {
                if (d.status() == v1::DEVICE_STATUS_REVOKED) {
                    continue;
                }
                auto r = auth.revokeDevice(d.id());
                if (!r) {
                    return fail(r.error().message);
                }
                m_out << "revoked " << d.id() << '\n';
                ++revoked;
            }
            m_out << revoked << " device(s) of " << cl->value("user") << " revoked\n";
            return 0;
        }
        auto when = [](const google::protobuf::Timestamp &t) {
            return t.seconds() == 0 ? std::string("never") : isoUtc(toMs(t));
        };
        for (const auto &d : devices) {
            m_out << d.id() << '\t' << names[d.user_id()] << '\t'
                  << (d.status() == v1::DEVICE_STATUS_REVOKED ? "revoked" : "active") << '\t'
                  << (d.app_version().empty() ? "-" : d.app_version()) << '\t' << "enrolled "
                  << when(d.enrolled_at()) << '\t' << "last seen " << when(d.last_seen_at()) << '\t'
                  << (d.label().empty() ? "-" : d.label()) << '\n';
        }
        return 0;
    }
    if (pos[0] == "enrol-code") {
        // --count: one code per tablet of a batch being rolled out, one per line.
        auto count = cl->number("count", 1, 1, 10000);
        if (!count) {
            return fail(count.error().message, 2);
        }
        // --link: the code as the link a tablet takes whole (pasted, or read from a QR code),
        // with the server's address and, with --pin-key, the pins of the keys it may present.
        auto link = enrolmentLinkOf(*cl);
        if (!link) {
            return fail(link.error().message, 2);
        }
        for (long long i = 0; i < *count; ++i) {
            auto code = auth.issueEnrolmentCode(pos[1]);
            if (!code) {
                return fail(code.error().message);
            }
            m_out << (link->server.empty() ? *code
                                           : keypin::enrolmentLink(link->server, *code, link->pins))
                  << '\n';
        }
        return 0;
    }
    auto device = auth.revokeDevice(pos[1]);
    if (!device) {
        return fail(device.error().message);
    }
    m_out << "revoked " << device->id() << '\n';
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
                               " [--alert-escalation-minutes N] [--late-grace-minutes N] |"
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
              << "escalation steps: " << council.escalation_steps() << '\n';
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
