#include "notify/sender.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/evp.h>

#include <chrono>
#include <ctime>
#include <ostream>
#include <string>

namespace doorstep::server {

std::string base64(const std::string &in)
{
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                  reinterpret_cast<const unsigned char *>(in.data()),
                                  static_cast<int>(in.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string base64url(const std::string &in)
{
    std::string out = base64(in);
    while (!out.empty() && out.back() == '=') {
        out.pop_back();
    }
    for (char &c : out) {
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    }
    return out;
}

std::string templateFields(const std::vector<std::pair<std::string, std::string>> &fields)
{
    google::protobuf::Struct object;
    for (const auto &[name, value] : fields) {
        (*object.mutable_fields())[name].set_string_value(value);
    }
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(object, &json);
    return json;
}

std::string maskedAddress(const std::string &address)
{
    const auto at = address.find('@');
    if (at != std::string::npos) {
        // The first letter and the top-level domain, "a***@***.uk": a resident's own domain
        // can name them.
        const auto dot = address.rfind('.');
        return (at > 0 ? address.substr(0, 1) : std::string()) + "***@***" +
               (dot != std::string::npos && dot > at ? address.substr(dot) : std::string());
    }
    // A phone number: its last three digits, "***123".
    std::string digits;
    for (const char c : address) {
        if (c >= '0' && c <= '9') {
            digits += c;
        }
    }
    return "***" + (digits.size() > 3 ? digits.substr(digits.size() - 3) : std::string());
}

SendAnswer LogSender::send(const Notification &n)
{
    if (n.address.empty()) {
        return SendAnswer::failed(
            SendAnswer::Kind::Refused,
            makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                      "The recipient has no email address or phone number on record"));
    }
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char ts[32];
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::lock_guard lock(m_mutex);
    m_out << "ts=" << ts << " level=info msg=notification id=" << n.id << " kind=" << n.kind
          << " about=" << n.aboutId << " to=" << maskedAddress(n.address)
          << " body_bytes=" << n.body.size() << '\n';
    m_out.flush();
    if (!m_out) {
        return makeError(v1::ERROR_CODE_IO, "The notification log could not be written");
    }
    return SendAnswer::accepted();
}

} // namespace doorstep::server
