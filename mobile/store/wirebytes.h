#pragma once

// Protobuf messages from bytes that came off the wire or out of the outbox.

#include "doorstep/v1/errors.pb.h"
#include "error/result.h"

#include <QByteArray>

#include <optional>
#include <string>

namespace doorstep::mobile {

template <typename Message> std::optional<Message> parse(const QByteArray &bytes)
{
    Message m;
    if (!m.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()))) {
        return std::nullopt;
    }
    return m;
}

inline Error malformed(const char *what)
{
    return makeError(v1::ERROR_CODE_MALFORMED_BODY,
                     std::string("The ") + what + " could not be read");
}

} // namespace doorstep::mobile
