#include "store/syncstate.h"

#include "db/statement.h"

#include <charconv>
#include <string>

namespace doorstep::mobile {

namespace {
constexpr const char *cursorKey = "pull_cursor";
constexpr const char *contactKey = "last_server_contact_ms";
constexpr const char *searchRebuildKey = "search_rebuild_pending";
} // namespace

Result<std::optional<std::string>> SyncState::readText(const char *key)
{
    auto q = m_db.prepare("SELECT value FROM sync_state WHERE key = ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, key);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(q->blob(0));
}

Status SyncState::writeText(const char *key, const std::string &value)
{
    auto q = m_db.prepare("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)");
    if (!q) {
        return q.error();
    }
    q->bind(1, key).bindBlob(2, value);
    return q->run();
}

Result<std::optional<std::int64_t>> SyncState::readInt(const char *key)
{
    auto text = readText(key);
    if (!text) {
        return text.error();
    }
    if (!text->has_value()) {
        return std::optional<std::int64_t>();
    }
    const std::string &digits = **text;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
        return makeError(v1::ERROR_CODE_STORAGE, std::string("The stored ") + key + " is damaged");
    }
    return std::optional<std::int64_t>(value);
}

Status SyncState::writeInt(const char *key, std::int64_t value)
{
    return writeText(key, std::to_string(value));
}

Result<std::optional<SyncState::Credentials>> SyncState::credentials()
{
    Credentials c;
    const std::pair<const char *, std::string *> fields[] = {{"server_url", &c.serverUrl},
                                                             {"device_id", &c.deviceId},
                                                             {"device_secret", &c.deviceSecret},
                                                             {"user_id", &c.userId}};
    for (const auto &[key, out] : fields) {
        auto v = readText(key);
        if (!v) {
            return v.error();
        }
        if (!v->has_value()) {
            return std::optional<Credentials>();
        }
        *out = **v;
    }
    auto name = readText("user_name"); // optional: for the screens only
    if (!name) {
        return name.error();
    }
    c.userName = name->value_or(std::string());
    auto pins = readText("server_pins"); // optional: only a tablet enrolled with pins has them
    if (!pins) {
        return pins.error();
    }
    c.serverPins = pins->value_or(std::string());
    auto role = readInt("user_role");
    auto target = readInt("referral_target_working_days");
    if (!role || !target) {
        return !role ? role.error() : target.error();
    }
    c.role = static_cast<int>(role->value_or(0));
    c.referralTargetWorkingDays = static_cast<int>(target->value_or(0));
    return std::optional<Credentials>(std::move(c));
}

Status SyncState::setCredentials(const Credentials &c)
{
    for (const auto &[key, value] :
         {std::pair<const char *, const std::string &>{"server_url", c.serverUrl},
          {"device_id", c.deviceId},
          {"device_secret", c.deviceSecret},
          {"user_id", c.userId},
          {"user_name", c.userName},
          {"server_pins", c.serverPins}}) {
        if (auto s = writeText(key, value); !s) {
            return s;
        }
    }
    if (auto s = writeInt("user_role", c.role); !s) {
        return s;
    }
    return writeInt("referral_target_working_days", c.referralTargetWorkingDays);
}

Result<std::optional<v1::Council>> SyncState::council()
{
    auto bytes = readText("council");
    if (!bytes) {
        return bytes.error();
    }
    if (!bytes->has_value()) {
        return std::optional<v1::Council>();
    }
    v1::Council c;
    if (!c.ParseFromString(**bytes)) {
        return makeError(v1::ERROR_CODE_STORAGE, "The stored council record is damaged");
    }
    return std::optional<v1::Council>(std::move(c));
}

Status SyncState::setCouncil(const v1::Council &council)
{
    return writeText("council", council.SerializeAsString());
}

Result<std::int64_t> SyncState::pullCursor()
{
    auto v = readInt(cursorKey);
    if (!v) {
        return v.error();
    }
    return v->value_or(0);
}

Status SyncState::advancePullCursor(std::int64_t cursor)
{
    auto current = pullCursor();
    if (!current) {
        return current.error();
    }
    if (cursor <= *current) {
        return {};
    }
    return writeInt(cursorKey, cursor);
}

Result<bool> SyncState::searchRebuildPending()
{
    auto v = readInt(searchRebuildKey);
    if (!v) {
        return v.error();
    }
    return v->value_or(0) != 0;
}

Status SyncState::setSearchRebuildPending(bool pending)
{
    return writeInt(searchRebuildKey, pending ? 1 : 0);
}

Result<std::optional<Clock::TimePoint>> SyncState::lastServerContact()
{
    auto v = readInt(contactKey);
    if (!v) {
        return v.error();
    }
    if (!v->has_value()) {
        return std::optional<Clock::TimePoint>();
    }
    return std::optional<Clock::TimePoint>(fromUnixMs(**v));
}

Status SyncState::setLastServerContact(Clock::TimePoint when)
{
    return writeInt(contactKey, toUnixMs(when));
}

} // namespace doorstep::mobile
