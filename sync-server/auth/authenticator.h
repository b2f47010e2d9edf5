#pragma once

#include "auth/principal.h"
#include "doorstep/v1/sync.pb.h"
#include "environment/clock.h"
#include "environment/idsource.h"
#include "error/result.h"
#include "store/store.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace doorstep::server {

// Device identity: one-time enrolment codes, device secrets, short-lived access tokens and
// revocation. Every secret is made here from the IdSource and stored only as a hash.
class Authenticator
{
public:
    struct Options
    {
        std::int64_t tokenTtlMs = 15 * 60 * 1000;
        std::int64_t enrolmentCodeTtlMs = 72 * 3600 * 1000;
    };

    Authenticator(Store &store, const Clock &clock, IdSource &ids, Options options);

    // For the admin: a code the user types into the app once. `user` is a username or id.
    Result<std::string> issueEnrolmentCode(std::string_view user);
    Result<v1::EnrolResponse> enrol(const v1::EnrolRequest &request);
    Result<v1::AccessToken> renew(const v1::TokenRequest &request);
    // Checks an "Authorization: Bearer <token>" header. A revoked device gets
    // ERROR_CODE_DEVICE_REVOKED, the app's signal to crypto-erase.
    // When the token belongs to a known device but is refused (expired, revoked, disabled
    // user), `known` receives the device and user, for the audit log.
    Result<Principal> authenticate(std::string_view authorizationHeader,
                                   Requester *known = nullptr);
    // Writes a refused request to the audit log in its own transaction (the request's own
    // transaction, if any, rolled back). Never fails the caller: a store problem is logged.
    void auditRefusal(std::string_view route, const Requester &who, const Error &error);
    Result<v1::Device> revokeDevice(std::string_view deviceId);

private:
    Result<v1::AccessToken> issueToken(StoreSession &session, const std::string &deviceId);
    // The device's user, refused when the device is revoked or the user disabled.
    static Result<v1::User> activeUser(StoreSession &session, const v1::Device &device);
    static Result<v1::User> activeUser(const v1::Device &device,
                                       const std::optional<v1::User> &user);

    Store &m_store;
    const Clock &m_clock;
    IdSource &m_ids;
    Options m_options;
};

// A user by id or username; NOT_FOUND when there is none.
Result<v1::User> findUser(StoreSession &session, std::string_view idOrName);

} // namespace doorstep::server
