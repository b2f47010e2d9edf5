#pragma once

// Texts and email through GOV.UK Notify's REST API (v2), as documented at
// https://docs.notifications.service.gov.uk/rest-api.html:
//   - POST /v2/notifications/sms or /email with the council's template for the message's kind,
//     its personalisation and the outbox id as the reference; 201 answers with Notify's id;
//   - GET /v2/notifications/{id} reads back what became of it (report()): created, sending or
//     pending (not known yet); delivered, or sent (a text abroad, no receipt to come);
//     temporary-failure or technical-failure (worth sending again); permanent-failure (no
//     such number or address: failed for good);
//   - every request carries a JSON Web Token (HS256, claims iss = the service id and iat =
//     now in seconds; Notify refuses one more than 30 seconds off its clock) signed with the
//     API key's secret. The key, "{name}-{service id}-{secret}", is read from a file.
// Answers: 400 (a bad number, a template field missing) refuses that notification for good;
// 403 (the key) and 5xx are the provider being down; 429 (3,000 requests a minute, or the
// day's allowance) asks us to wait a minute. A text goes only to a UK mobile (ukmobile.h),
// refused before anything is sent otherwise. Only https:// is spoken: the key signs every
// request and the messages carry residents' phone numbers.

#include "environment/clock.h"
#include "notify/sender.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace doorstep::server {

// Which Notify template lays out each kind of message, by channel. Read from a file of
// lines "KIND CHANNEL TEMPLATE-ID" (channel sms or email), with # comments:
//   visit_reminder  sms    4f1c3b0e-5a4d-4a47-9b1c-2d9e6e0c7a11
// A template receives the fields listed per kind in docs/protocol.md (Notifications); every
// kind has ((subject)) and ((body)), so one template of "((body))" serves any of them.
class NotifyTemplates
{
public:
    static Result<NotifyTemplates> read(const std::string &path);
    static Result<NotifyTemplates> parse(const std::string &text, const std::string &name);

    // The template id, or empty when the file names none.
    std::string find(const std::string &kind, const std::string &channel) const;
    // The kinds of `kinds` the file has no template for on `channel`.
    std::vector<std::string> missing(const std::vector<std::string> &kinds,
                                     const std::string &channel) const;

private:
    std::map<std::pair<std::string, std::string>, std::string> m_ids;
};

// The kinds of message the server sends, and those that may go as a text.
const std::vector<std::string> &notificationKinds();
const std::vector<std::string> &textNotificationKinds();

struct NotifyKey
{
    std::string serviceId; // the JWT's iss
    std::string secret;    // signs it
    // From the key as Notify shows it: "{key name}-{service id}-{secret}", both UUIDs.
    static Result<NotifyKey> parse(std::string key);
};

// The bearer token for a request made at `nowMs`.
std::string notifyToken(const NotifyKey &key, std::int64_t nowMs);

struct NotifyOptions
{
    std::string baseUrl = "https://api.notifications.service.gov.uk";
    NotifyKey key;
    NotifyTemplates templates;
    // A CA certificate file to trust instead of the system's store; empty for the system's.
    std::string caFile;
    // Each request, from connecting to the last byte of the answer.
    std::chrono::seconds timeout{20};
};

class NotifySender final : public NotificationSender
{
public:
    // Refuses a base URL that is not https://.
    static Result<std::unique_ptr<NotifySender>> create(NotifyOptions options, const Clock &clock);
    ~NotifySender() override;

    SendAnswer send(const Notification &n) override;
    bool reportsBack() const override { return true; }
    Result<DeliveryReport> report(const Notification &n) override;

    struct Endpoint
    {
        std::string host;
        std::string port;
        std::string basePath; // "" or "/prefix", no trailing slash
    };

private:
    NotifySender(NotifyOptions options, Endpoint endpoint, const Clock &clock);

    NotifyOptions m_options;
    Endpoint m_endpoint;
    const Clock &m_clock;
};

} // namespace doorstep::server
