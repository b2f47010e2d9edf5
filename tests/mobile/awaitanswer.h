#pragma once

// Waits, with the event loop running, for a StoreHost to answer one request.

#include "store/storehost.h"

#include <QtTest>

#include <optional>
#include <utility>

namespace doorstep::mobile::test {

// {true, the result} when it finished, {false, the error code} when it failed, {false, -1}
// when no answer came within the time.
inline std::pair<bool, QVariant> await(StoreHost &host, quint64 request, int timeoutMs = 20000)
{
    std::optional<std::pair<bool, QVariant>> answer;
    const auto a = QObject::connect(&host, &StoreHost::finished, [&](quint64 r, const QVariant &v) {
        if (r == request) {
            answer = {true, v};
        }
    });
    const auto b =
        QObject::connect(&host, &StoreHost::failed, [&](quint64 r, int code, const QString &) {
            if (r == request) {
                answer = {false, code};
            }
        });
    const bool answered = QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs);
    QObject::disconnect(a);
    QObject::disconnect(b);
    return answered ? *answer : std::pair<bool, QVariant>{false, -1};
}

} // namespace doorstep::mobile::test
