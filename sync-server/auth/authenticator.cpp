#include "auth/authenticator.h"

#include "auth/secrets.h"
#include "environment/timestamps.h"

#include <cstdio>

namespace doorstep::server {

namespace {

// The same answer for an unknown, used or expired code: nothing to learn by probing.
Error badCode()
{
    return makeError(v1::ERROR_CODE_ENROLMENT_CODE_INVALID,
                     "The enrolment code is not valid: it may be mistyped, used or expired. "
                     "Ask an administrator for a new one.");
}

} // namespace

Result<v1::User> findUser(StoreSession &s, std::string_view idOrName)
{
    auto rec = s.getRecord(v1::RECORD_TYPE_USER, idOrName);
    if (!rec) {
        return rec.error();
    }
    if (rec->has_value()) {
        return (*rec)->user();
    }
    auto byName = s.findUserByName(idOrName);
    if (!byName) {
        return byName.error();
    }
    if (!byName->has_value()) {
        return makeError(v1::ERROR_CODE_NOT_FOUND, "No user " + std::string(idOrName));
    }
    return **byName;
}

Authenticator::Authenticator(Store &store, const Clock &clock, IdSource &ids, Options options)
    : m_store(store), m_clock(clock), m_ids(ids), m_options(options)
{}

Result<std::string> Authenticator::issueEnrolmentCode(std::string_view user)
{
    const std::string code = secrets::humanCode(m_ids.randomBytes(10));
    const std::int64_t now = m_clock.nowMs();
    Status s = m_store.write([&](StoreSession &session) -> Status {
        auto u = findUser(session, user);
        if (!u) {
            return u.error();
        }
        if (u->disabled()) {
            return makeError(v1::ERROR_CODE_FORBIDDEN, "User " + u->username() + " is disabled");
        }
        if (auto p = session.putEnrolmentCode(secrets::hash(secrets::normaliseCode(code)), u->id(),
                                              now + m_options.enrolmentCodeTtlMs);
            !p) {
            return p;
        }
        return session.appendAudit({"", "", "enrolment_code.issue", v1::RECORD_TYPE_USER, u->id()},
                                   now);
    });
    if (!s) {
        return s.error();
    }
    return code;
}

Result<v1::AccessToken> Authenticator::issueToken(StoreSession &session,
                                                  const std::string &deviceId)
{
    const std::string token = secrets::base64Url(m_ids.randomBytes(32));
    const std::int64_t expires = m_clock.nowMs() + m_options.tokenTtlMs;
    if (auto s = session.putAccessToken(secrets::hash(token), deviceId, expires); !s) {
        return s.error();
    }
    v1::AccessToken t;
    t.set_token(token);
    *t.mutable_expires_at() = fromMs(expires);
    return t;
}

Result<v1::User> Authenticator::activeUser(StoreSession &session, const v1::Device &device)
{
    if (device.status() == v1::DEVICE_STATUS_REVOKED) {
        return activeUser(device, std::nullopt);
    }
    auto rec = session.getRecord(v1::RECORD_TYPE_USER, device.user_id());
    if (!rec) {
        return rec.error();
    }
    return activeUser(device, rec->has_value() ? std::optional<v1::User>((*rec)->user())
                                               : std::optional<v1::User>());
}

Result<v1::User> Authenticator::activeUser(const v1::Device &device,
                                           const std::optional<v1::User> &user)
{
    if (device.status() == v1::DEVICE_STATUS_REVOKED) {
        return makeError(v1::ERROR_CODE_DEVICE_REVOKED,
                         "This device was revoked by an administrator; its data must be erased");
    }
    if (!user || user->disabled()) {
        return makeError(v1::ERROR_CODE_FORBIDDEN, "The user of this device is disabled");
    }
    return *user;
}

Result<v1::EnrolResponse> Authenticator::enrol(const v1::EnrolRequest &request)
{
    const std::string code = secrets::normaliseCode(request.enrolment_code());
    if (code.empty() || code.size() > 64) {
        return badCode();
    }
    if (request.device_label().size() > 200 || request.platform().size() > 100 ||
        request.app_version().size() > 100) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "device_label, platform or app_version is too long");
    }
    const std::int64_t now = m_clock.nowMs();
    const std::string secret = secrets::base64Url(m_ids.randomBytes(32));
    v1::EnrolResponse response;
    Status s = m_store.write([&](StoreSession &session) -> Status {
        auto userId = session.consumeEnrolmentCode(secrets::hash(code), now);
        if (!userId) {
            return userId.error();
        }
        if (!userId->has_value()) {
            return badCode();
        }
        v1::Device &device = *response.mutable_device();
        device.set_id(m_ids.newId("dev"));
        device.set_user_id(**userId);
        device.set_label(request.device_label());
        device.set_platform(request.platform());
        device.set_app_version(request.app_version());
        device.set_status(v1::DEVICE_STATUS_ACTIVE);
        *device.mutable_enrolled_at() = fromMs(now);
        *device.mutable_last_seen_at() = fromMs(now);
        auto user = activeUser(session, device);
        if (!user) {
            return user.error();
        }
        if (auto p = session.putDevice(device, secrets::hash(secret)); !p) {
            return p;
        }
        auto token = issueToken(session, device.id());
        if (!token) {
            return token.error();
        }
        auto council = session.council();
        if (!council) {
            return council.error();
        }
        if (council->has_value()) {
            *response.mutable_council() = **council;
        }
        *response.mutable_user() = *user;
        *response.mutable_access_token() = *token;
        response.set_device_secret(secret);
        return session.appendAudit(
            {user->id(), device.id(), "device.enrol", v1::RECORD_TYPE_UNSPECIFIED, ""}, now);
    });
    if (!s) {
        return s.error();
    }
    return response;
}

Result<v1::AccessToken> Authenticator::renew(const v1::TokenRequest &request)
{
    if (request.device_id().empty() || request.device_id().size() > 100 ||
        request.device_secret().empty() || request.device_secret().size() > 200) {
        return makeError(v1::ERROR_CODE_UNAUTHENTICATED, "device_id and device_secret are needed");
    }
    Result<v1::AccessToken> out = makeError(v1::ERROR_CODE_INTERNAL, "not issued");
    Status s = m_store.write([&](StoreSession &session) -> Status {
        auto device = session.findDevice(request.device_id());
        if (!device) {
            return device.error();
        }
        if (!device->has_value() ||
            !secrets::equal((*device)->secretHash, secrets::hash(request.device_secret()))) {
            return makeError(v1::ERROR_CODE_UNAUTHENTICATED, "Unknown device or wrong secret");
        }
        if (auto user = activeUser(session, (*device)->device); !user) {
            return user.error();
        }
        if (auto d = session.deleteExpiredAccessTokens(m_clock.nowMs()); !d) {
            return d;
        }
        // Last seen: the device proved it holds its secret. Tokens are short-lived, so this is
        // its last contact to within a token's life (`device list`).
        v1::Device seen = (*device)->device;
        *seen.mutable_last_seen_at() = fromMs(m_clock.nowMs());
        if (auto p = session.putDevice(seen, (*device)->secretHash); !p) {
            return p;
        }
        out = issueToken(session, request.device_id());
        return out ? Status() : Status(out.error());
    });
    if (!s) {
        return s.error();
    }
    return out;
}

Result<Principal> Authenticator::authenticate(std::string_view header, Requester *known)
{
    constexpr std::string_view scheme = "Bearer ";
    if (header.size() <= scheme.size() || header.size() > 512 ||
        header.substr(0, scheme.size()) != scheme) {
        return makeError(v1::ERROR_CODE_UNAUTHENTICATED,
                         "An Authorization: Bearer <access token> header is needed");
    }
    const std::string tokenHash = secrets::hash(header.substr(scheme.size()));
    const std::int64_t now = m_clock.nowMs();
    Result<Principal> out = makeError(v1::ERROR_CODE_INTERNAL, "not authenticated");
    Status s = m_store.lookup([&](StoreSession &session) -> Status {
        auto bearer = session.findBearer(tokenHash);
        if (!bearer) {
            return bearer.error();
        }
        if (!bearer->has_value()) {
            return makeError(v1::ERROR_CODE_UNAUTHENTICATED, "Unknown access token");
        }
        const BearerRow &b = **bearer;
        if (!b.device) {
            return makeError(v1::ERROR_CODE_UNAUTHENTICATED, "Unknown device");
        }
        if (known) {
            known->deviceId = b.device->id();
            known->userId = b.device->user_id();
        }
        // Revocation wins over expiry: a revoked device must hear "wipe", whatever its token.
        auto user = activeUser(*b.device, b.user);
        if (!user) {
            return user.error();
        }
        if (b.expiresAtMs <= now) {
            return makeError(v1::ERROR_CODE_TOKEN_EXPIRED,
                             "The access token has expired; renew it with POST /v1/token");
        }
        out = Principal{*user, *b.device};
        return {};
    });
    if (!s) {
        return s.error();
    }
    return out;
}

void Authenticator::auditRefusal(std::string_view route, const Requester &who, const Error &error)
{
    AuditEntry entry{who.userId.substr(0, 100),
                     who.deviceId.substr(0, 100),
                     "refused" + std::string(route),
                     v1::RECORD_TYPE_UNSPECIFIED,
                     "",
                     error.codeName()};
    const std::int64_t now = m_clock.nowMs();
    Status s = m_store.write([&](StoreSession &session) -> Status {
        if (entry.userId.empty() && !entry.deviceId.empty()) {
            // A renewal names only its device: say whose it is.
            auto device = session.findDevice(entry.deviceId);
            if (!device) {
                return device.error();
            }
            if (device->has_value()) {
                entry.userId = (*device)->device.user_id();
            }
        }
        return session.appendAudit(entry, now);
    });
    if (!s) {
        std::fprintf(stderr, "level=error msg=audit_write_failed code=%s\n",
                     s.error().codeName().c_str());
    }
}

Result<v1::Device> Authenticator::revokeDevice(std::string_view deviceId)
{
    const std::int64_t now = m_clock.nowMs();
    v1::Device device;
    Status s = m_store.write([&](StoreSession &session) -> Status {
        auto row = session.findDevice(deviceId);
        if (!row) {
            return row.error();
        }
        if (!row->has_value()) {
            return makeError(v1::ERROR_CODE_NOT_FOUND, "No device " + std::string(deviceId));
        }
        device = (*row)->device;
        device.set_status(v1::DEVICE_STATUS_REVOKED);
        *device.mutable_revoked_at() = fromMs(now);
        if (auto p = session.putDevice(device, (*row)->secretHash); !p) {
            return p;
        }
        return session.appendAudit(
            {"", device.id(), "device.revoke", v1::RECORD_TYPE_UNSPECIFIED, ""}, now);
    });
    if (!s) {
        return s.error();
    }
    return device;
}

} // namespace doorstep::server
