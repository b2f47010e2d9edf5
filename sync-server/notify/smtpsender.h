#pragma once

// Email through the council's mail relay, over SMTP (RFC 5321): EHLO, STARTTLS when asked
// for (the relay's certificate is checked against the system's trust store and the host
// name), AUTH PLAIN when a user is given, one message per notification, QUIT. A refusal
// (4xx or 5xx) or a broken connection is an error with the relay's own words, which the
// dispatcher records and retries. Subjects and addresses that could smuggle in headers are
// refused before anything is sent.
//
// RoutingSender sends email addresses through one sender and everything else (phone numbers,
// for texts) through another, so a council with SMTP configured still has its texts logged
// until it has a text gateway.

#include "notify/sender.h"

#include <chrono>
#include <string>

namespace doorstep::server {

struct SmtpOptions
{
    enum class Tls { None, StartTls };
    std::string host;
    unsigned short port = 587;
    // The envelope and From address, for example "home-visiting@eastmoor.gov.uk".
    std::string from;
    std::string fromName = "Home Visiting Service";
    // AUTH PLAIN with these when user is not empty (only ever over TLS).
    std::string user;
    std::string password;
    Tls tls = Tls::StartTls;
    // A CA certificate file to trust for the relay instead of the system's store (a council's
    // own CA); empty for the system's.
    std::string caFile;
    // Each connect, read and write.
    std::chrono::seconds timeout{20};
    // The name this server gives in EHLO.
    std::string heloName = "doorstep";
};

class SmtpSender final : public NotificationSender
{
public:
    explicit SmtpSender(SmtpOptions options) : m_options(std::move(options)) {}
    SendAnswer send(const Notification &n) override { return transmit(n); }

    // "=?UTF-8?B?...?=" for a header value that is not plain ASCII, else the value itself.
    static std::string encodeHeader(const std::string &value);
    // The body with CRLF line ends and leading dots doubled (RFC 5321 4.5.2).
    static std::string dotStuff(const std::string &body);

private:
    Status transmit(const Notification &n);
    SmtpOptions m_options;
};

class RoutingSender final : public NotificationSender
{
public:
    RoutingSender(NotificationSender &email, NotificationSender &other)
        : m_email(email), m_other(other)
    {}
    SendAnswer send(const Notification &n) override { return to(n).send(n); }
    bool reportsBack() const override { return m_email.reportsBack() || m_other.reportsBack(); }
    // Only a provider that reports back has ids to ask about, whichever way the address
    // routes now (email may have moved from Notify to a relay since).
    Result<DeliveryReport> report(const Notification &n) override
    {
        return m_other.reportsBack() ? m_other.report(n) : m_email.report(n);
    }

private:
    NotificationSender &to(const Notification &n)
    {
        return n.address.find('@') != std::string::npos ? m_email : m_other;
    }
    NotificationSender &m_email;
    NotificationSender &m_other;
};

} // namespace doorstep::server
