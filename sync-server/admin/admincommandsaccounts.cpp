// AdminCommands, continued: accounts (users and their devices). Split from
// admincommands.cpp to keep files short.

#include "admin/admincommands.h"
#include "admin/adminsupport.h"
#include "admin/commandline.h"
#include "auth/authenticator.h"
#include "auth/keypin.h"
#include "environment/timestamps.h"

#include <algorithm>
#include <map>
#include <optional>

namespace doorstep::server {

namespace {

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

} // namespace

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
            return setUserDisabled(session, pos[1], disable, now);
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
            m_out << revoked << " device(s) of " << cl->value("user") << " revoked; for a "
                  << "leaver, `user disable " << cl->value("user")
                  << "` stops a new tablet being enrolled\n";
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

} // namespace doorstep::server
