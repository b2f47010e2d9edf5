#include "sync/syncclient.h"

#include "doorstep/v1/sync.pb.h"
#include "sync/pagehead.h"
#include "sync/tlstrust.h"
#include "wire/zstdcoding.h"

#include <QHostAddress>
#include <QNetworkInformation>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace doorstep::mobile {

namespace {

QByteArray bytes(const google::protobuf::Message &m)
{
    return QByteArray::fromStdString(m.SerializeAsString());
}

// A reply's status when the tablet refused the request itself (an insecure address, a
// certificate fault, an unreadable CA file): the body is what to tell the officer.
constexpr int kRefusedHere = -1;
// A reply's status when the answer arrived but could not be decoded (damaged on the way, or
// more than the tablet takes): the body is what to tell the officer, and it is tried again.
constexpr int kUnreadable = -2;

template <typename M> std::optional<M> parse(const QByteArray &b)
{
    M m;
    if (!m.ParseFromArray(b.constData(), static_cast<int>(b.size()))) {
        return std::nullopt;
    }
    return m;
}

// The answer's body as the server meant it: decoded when it came zstd-encoded, the only
// coding asked for. The server's input is untrusted: a page decodes to at most 64 MiB.
Result<QByteArray> decodedAnswer(const QByteArray &coding, const QByteArray &body)
{
    constexpr std::size_t kMaxAnswerBytes = 64u << 20;
    // Content codings are case-insensitive (RFC 9110 section 8.4.1).
    const QByteArray name = coding.trimmed().toLower();
    if (name.isEmpty() || name == "identity") {
        return body;
    }
    if (name != "zstd") {
        return makeError(v1::ERROR_CODE_UNSUPPORTED_MEDIA_TYPE, "it came encoded as " +
                                                                    coding.left(40).toStdString() +
                                                                    ", which was not asked for");
    }
    auto decoded = wire::zstdDecompress(
        std::string_view(body.constData(), std::size_t(body.size())), kMaxAnswerBytes);
    if (!decoded) {
        return decoded.error();
    }
    return QByteArray(decoded->data(), qsizetype(decoded->size()));
}

} // namespace

SyncClient::SyncClient(StoreHost &host, Options options, QObject *parent)
    : QObject(parent), m_host(host), m_options(options),
      m_backoff(options.retryBase, options.retryCap)
{
    // The system's authorities and the council's, set once for every request.
    m_tls = QSslConfiguration::defaultConfiguration();
    m_tls.setCaCertificates(m_tls.caCertificates() +
                            tlstrust::loadBundle(m_options.caFile, &m_caProblem));
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &SyncClient::syncNow);
    m_urgentRetry.setSingleShot(true);
    connect(&m_urgentRetry, &QTimer::timeout, this, &SyncClient::sendUrgent);
    connect(&m_period, &QTimer::timeout, this, &SyncClient::syncNow);
    connect(&m_host, &StoreHost::finished, this, [this](quint64 r, const QVariant &v) {
        auto it = m_pending.find(r);
        if (it == m_pending.end()) {
            return;
        }
        Done done = std::move(it->second);
        m_pending.erase(it);
        done(v);
    });
    connect(&m_host, &StoreHost::failed, this, [this](quint64 r, int code, const QString &msg) {
        if (m_pending.erase(r) > 0) {
            fail(code, msg, false);
        }
    });
}

void SyncClient::await(quint64 request, Done done)
{
    m_pending.emplace(request, std::move(done));
}

int SyncClient::retryInMs() const
{
    return m_retry.isActive() ? m_retry.remainingTime() : -1;
}

bool SyncClient::watchNetwork()
{
    if (m_options.period.count() > 0) {
        m_period.start(m_options.period);
    }
    // Picks the platform's backend; containers and some desktops have none.
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        return false;
    }
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) {
                if (r == QNetworkInformation::Reachability::Online) {
                    m_backoff.reset();
                    syncNow();
                }
            });
    return true;
}

namespace {

// https anywhere; plain http only to this device itself.
bool secureEnough(const QUrl &server)
{
    if (server.scheme() == QLatin1String("https")) {
        return true;
    }
    if (server.scheme() != QLatin1String("http")) {
        return false;
    }
    // Plain HTTP only to this device itself (the demo, the tests): 127.0.0.0/8, ::1, localhost.
    const QString host = server.host();
    const QHostAddress address(host);
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           (!address.isNull() && address.isLoopback());
}

} // namespace

void SyncClient::post(const QString &path, const QByteArray &body, bool authorised, Reply reply)
{
    QUrl url = m_server;
    url.setPath(path);
    // Refused here, before a connection is opened, and answered like any reply so every
    // caller's own error path runs: a plain-http address beyond loopback (the enrolment code,
    // the device secret and the bearer token never cross a network in clear; every request
    // comes through here, whatever address an older version stored), or a council CA file
    // that was named but gave nothing (said, rather than quietly trusting less).
    const QString refused =
        !secureEnough(url) || (!m_pins.isEmpty() && url.scheme() != QLatin1String("https"))
            ? tr("This address is not secure (http): the tablet only talks to the server over "
                 "https. Ask for the server's https address.")
            : m_caProblem;
    if (!refused.isEmpty()) {
        QTimer::singleShot(0, this, [refused, reply = std::move(reply)] {
            reply(kRefusedHere, refused.toUtf8());
        });
        return;
    }
    QNetworkRequest request(url);
    // A redirect is never followed: it could take the credentials somewhere else.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-protobuf");
    request.setRawHeader("Accept", "application/x-protobuf");
    // zstd only (wire/zstdcoding.h). Named here, the answer reaches us as sent and is decoded
    // below; a server that does not know zstd answers uncompressed.
    request.setRawHeader("Accept-Encoding", "zstd");
    request.setTransferTimeout(static_cast<int>(m_options.requestTimeout.count()));
    if (authorised) {
        request.setRawHeader("Authorization", "Bearer " + m_token);
    }
    request.setSslConfiguration(m_tls);
    QNetworkReply *r = m_nam.post(request, body);
    // A certificate fault is not a dead spot: keep what went wrong, to say it plainly.
    connect(r, &QNetworkReply::sslErrors, r, [r](const QList<QSslError> &errors) {
        r->setProperty("tlsProblem", tlstrust::describe(errors));
    });
    if (!m_pins.isEmpty()) {
        // Checked once the handshake is done and before any byte of the request is sent
        // (QNetworkReply::encrypted): another key, however trusted, gets nothing.
        connect(r, &QNetworkReply::encrypted, r, [r, pins = m_pins] {
            if (!tlstrust::matchesPins(r->sslConfiguration().peerCertificate(), pins)) {
                r->setProperty("tlsProblem", tlstrust::pinMismatch());
                r->abort();
            }
        });
    }
    connect(r, &QNetworkReply::finished, this, [r, reply = std::move(reply)] {
        r->deleteLater();
        const QString tlsProblem = r->property("tlsProblem").toString();
        if (!tlsProblem.isEmpty()) {
            reply(kRefusedHere, tlsProblem.toUtf8());
            return;
        }
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        auto body = decodedAnswer(r->rawHeader("Content-Encoding"), r->readAll());
        if (!body) {
            QString why = QString::fromStdString(body.error().message);
            if (!why.isEmpty()) {
                why[0] = why[0].toLower();
            }
            reply(
                kUnreadable,
                tr("The server's answer could not be read (%1); will try again").arg(why).toUtf8());
            return;
        }
        reply(status, *body);
    });
}

void SyncClient::enrol(const QUrl &server, const QString &code, const QString &deviceLabel,
                       const QStringList &pins)
{
    m_server = server;
    m_pins = pins;
    v1::EnrolRequest request;
    request.set_enrolment_code(code.trimmed().toStdString());
    request.set_device_label(deviceLabel.toStdString());
    request.set_platform("qt");
    post("/v1/enrol", bytes(request), false, [this, server](int status, const QByteArray &body) {
        if (status != 200) {
            handleError(status, body, nullptr);
            return;
        }
        auto response = parse<v1::EnrolResponse>(body);
        if (!response) {
            fail(v1::ERROR_CODE_MALFORMED_BODY, tr("The server's answer could not be read"), false);
            return;
        }
        m_deviceId = QString::fromStdString(response->device().id());
        m_secret = QString::fromStdString(response->device_secret());
        m_token = QByteArray::fromStdString(response->access_token().token());
        const QString userId = QString::fromStdString(response->user().id());
        const QVariantMap creds{
            {"serverUrl", server.toString()},
            {"serverPins", m_pins.join(QLatin1Char(','))},
            {"deviceId", m_deviceId},
            {"deviceSecret", m_secret},
            {"userId", userId},
            {"userName", QString::fromStdString(response->user().display_name())},
            {"role", int(response->user().role())},
            {"referralTargetWorkingDays", response->council().referral_target_working_days()},
            {"council", QByteArray::fromStdString(response->council().SerializeAsString())}};
        await(m_host.saveCredentials(creds),
              [this, userId](const QVariant &) { emit enrolled(m_deviceId, userId); });
    });
}

void SyncClient::syncNow()
{
    if (m_busy) {
        m_again = true;
        return;
    }
    m_retry.stop();
    start();
}

void SyncClient::start()
{
    m_busy = true;
    m_again = false;
    m_renewedThisSync = false;
    emit syncStarted();
    await(m_host.syncState(), [this](const QVariant &v) {
        const QVariantMap state = v.toMap();
        if (!state.contains("deviceId")) {
            fail(v1::ERROR_CODE_UNAUTHENTICATED, tr("This device is not enrolled yet"), false);
            return;
        }
        takeCredentials(state);
        withToken([this] { pushNext(); });
    });
}

QByteArray SyncClient::tokenRequest() const
{
    v1::TokenRequest request;
    request.set_device_id(m_deviceId.toStdString());
    request.set_device_secret(m_secret.toStdString());
    return bytes(request);
}

void SyncClient::withToken(std::function<void()> next)
{
    if (!m_token.isEmpty()) {
        next();
        return;
    }
    post("/v1/token", tokenRequest(), false,
         [this, next = std::move(next)](int status, const QByteArray &body) {
             if (status != 200) {
                 handleError(status, body, nullptr);
                 return;
             }
             auto token = parse<v1::AccessToken>(body);
             if (!token) {
                 fail(v1::ERROR_CODE_MALFORMED_BODY, tr("The server's answer could not be read"),
                      false);
                 return;
             }
             m_token = QByteArray::fromStdString(token->token());
             next();
         });
}

void SyncClient::pushNext()
{
    await(m_host.pushBatch(m_options.pushBatch), [this](const QVariant &v) {
        const QByteArray sent = v.toByteArray();
        auto batch = parse<v1::PushRequest>(sent);
        if (!batch || batch->mutations_size() == 0) {
            await(m_host.syncState(), [this](const QVariant &s) {
                m_cursor = s.toMap().value("cursor").toLongLong();
                pullNext();
            });
            return;
        }
        post("/v1/push", sent, true, [this, sent](int status, const QByteArray &body) {
            if (status != 200) {
                handleError(status, body, [this] { pushNext(); });
                return;
            }
            await(m_host.applyPushResponse(sent, body), [this](const QVariant &) { pushNext(); });
        });
    });
}

void SyncClient::pullNext()
{
    m_pull = {};
    m_pull.from = m_cursor;
    requestStored();
}

void SyncClient::requestStored()
{
    // A new run: replies to anything asked before are dropped. The run's counts are kept,
    // so a retry after a renewed token carries on the same progress.
    const std::uint64_t run = ++m_pullRun;
    m_pull.ahead.reset();
    m_pull.waiting = false;
    requestPage(m_cursor, m_cursor == 0 || m_pull.pages > 0, m_councilRevision,
                [this, run](int status, const QByteArray &body) {
                    if (run == m_pullRun) {
                        takePage(status, body);
                    }
                });
}

void SyncClient::requestPage(std::int64_t cursor, bool catchingUp, std::int64_t councilRevision,
                             Reply reply)
{
    v1::PullRequest request;
    request.set_cursor(cursor);
    // Catching up (a first sync, or a long way behind), pages as large as the server allows:
    // a quarter of the round trips and of the store's commits.
    request.set_page_size(catchingUp ? m_options.catchUpPageSize : m_options.pageSize);
    request.set_council_revision(councilRevision);
    if (cursor != m_cursor) {
        // Ahead of what is stored: the evictions in the page being stored are not yet received.
        request.set_stored_cursor(m_cursor);
    }
    post("/v1/pull", bytes(request), true, std::move(reply));
}

void SyncClient::takePage(int status, const QByteArray &body)
{
    if (status != 200) {
        handleError(status, body, [this] { requestStored(); });
        return;
    }
    auto head = PageHead::read(std::string_view(body.constData(), std::size_t(body.size())));
    if (!head) {
        fail(v1::ERROR_CODE_MALFORMED_BODY, tr("The server's answer could not be read"), false);
        return;
    }
    if (head->openAlerts != m_openAlerts) {
        m_openAlerts = head->openAlerts;
        emit openAlertsChanged(m_openAlerts);
    }
    std::int64_t councilRevision = m_councilRevision;
    if (!head->council.empty()) {
        v1::Council council;
        if (council.ParseFromString(head->council)) {
            councilRevision = council.revision();
        }
    }
    const bool more = head->hasMore;
    const std::int64_t next = head->nextCursor;
    const std::uint64_t run = m_pullRun;
    // Only a server that sets log_end knows stored_cursor; asked ahead, an older one would
    // take the early cursor as every eviction below it received.
    const bool ahead = more && head->logEnd > 0;
    if (ahead) {
        // The next page is asked for now, so the server reads it while the store writes this
        // one. It is kept, not applied, until this page and its cursor are stored. (Nothing is
        // ahead or waiting here: each path into takePage has taken or cleared both.)
        requestPage(next, true, councilRevision, [this, run](int s, const QByteArray &b) {
            if (run != m_pullRun) {
                return;
            }
            if (m_pull.waiting) {
                m_pull.waiting = false;
                takePage(s, b);
            } else {
                m_pull.ahead = Fetched{s, b};
            }
        });
    }
    ++m_pull.pages;
    m_pull.records += head->changes;
    const std::int64_t span = head->logEnd - m_pull.from;
    const double done =
        more && span > 0 ? double(next - m_pull.from) / double(span) : (more ? 0.0 : 1.0);
    await(m_host.applyPullPage(body),
          [this, more, ahead, next, councilRevision, done, run](const QVariant &) {
              if (run != m_pullRun) {
                  return;
              }
              m_cursor = next;
              if (councilRevision != m_councilRevision) {
                  m_councilRevision = councilRevision;
                  emit councilChanged();
              }
              emit pullProgress(m_pull.pages, m_pull.records, std::clamp(done, 0.0, 1.0), more);
              if (!more) {
                  // The store recorded the server's contact with this last page.
                  finish();
              } else if (!ahead) {
                  requestStored();
              } else if (m_pull.ahead) {
                  const Fetched fetched = *std::exchange(m_pull.ahead, std::nullopt);
                  takePage(fetched.status, fetched.body);
              } else {
                  m_pull.waiting = true;
              }
          });
}

void SyncClient::finish()
{
    m_busy = false;
    m_backoff.reset();
    emit synced();
    if (m_again) {
        syncNow();
    }
}

void SyncClient::handleError(int status, const QByteArray &body, std::function<void()> retry)
{
    if (status == 0) {
        fail(v1::ERROR_CODE_UNAVAILABLE, tr("Cannot reach the server; will try again"), true);
        return;
    }
    if (status == kRefusedHere) {
        fail(v1::ERROR_CODE_INVALID_ARGUMENT, QString::fromUtf8(body), false);
        return;
    }
    if (status == kUnreadable) {
        fail(v1::ERROR_CODE_MALFORMED_BODY, QString::fromUtf8(body), true);
        return;
    }
    if (status >= 300 && status < 400) {
        fail(v1::ERROR_CODE_INVALID_ARGUMENT,
             tr("The server tried to send this tablet to another address, which Doorstep never "
                "follows. Check the server address with the administrator."),
             false);
        return;
    }
    auto error = parse<v1::Error>(body);
    const v1::ErrorCode code = error ? error->code() : v1::ERROR_CODE_INTERNAL;
    const QString message =
        error ? QString::fromStdString(error->message()) : tr("The server answered %1").arg(status);
    if (code == v1::ERROR_CODE_DEVICE_REVOKED) {
        m_token.clear();
        await(m_host.remoteWipe(), [this, message](const QVariant &) {
            m_busy = false;
            emit wiped(tr("This tablet was revoked by an administrator and its data erased: %1")
                           .arg(message));
        });
        return;
    }
    if ((code == v1::ERROR_CODE_TOKEN_EXPIRED || code == v1::ERROR_CODE_UNAUTHENTICATED) && retry &&
        !m_renewedThisSync) {
        m_renewedThisSync = true;
        m_token.clear();
        withToken(std::move(retry));
        return;
    }
    const bool transient = status >= 500 || code == v1::ERROR_CODE_UNAVAILABLE ||
                           code == v1::ERROR_CODE_RATE_LIMITED ||
                           code == v1::ERROR_CODE_DEADLINE_EXCEEDED;
    fail(code, message, transient);
}

void SyncClient::takeCredentials(const QVariantMap &state)
{
    m_server = QUrl(state.value("serverUrl").toString());
    m_deviceId = state.value("deviceId").toString();
    m_secret = state.value("deviceSecret").toString();
    m_pins = state.value("serverPins").toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
}

void SyncClient::loadCredentials()
{
    await(m_host.syncState(), [this](const QVariant &v) {
        const QVariantMap state = v.toMap();
        if (state.contains("deviceId")) {
            takeCredentials(state);
        }
    });
}

void SyncClient::pushUrgent(const QByteArray &mutation)
{
    m_urgent = mutation;
    m_urgentRetry.stop();
    sendUrgent();
}

QString SyncClient::notTaken(int status, const QByteArray &body) const
{
    if (status == 0) {
        return tr("No signal");
    }
    return status == kRefusedHere || status == kUnreadable
               ? QString::fromUtf8(body)
               : tr("The server answered %1").arg(status);
}

void SyncClient::urgentNotYet(const QString &message)
{
    m_urgentSending = false;
    emit urgentWaiting(message);
    m_urgentRetry.start(std::chrono::seconds(5));
}

void SyncClient::sendUrgent()
{
    v1::PushRequest request;
    if (m_urgent.isEmpty() || m_urgentSending ||
        !request.add_mutations()->ParseFromArray(m_urgent.constData(), int(m_urgent.size()))) {
        return;
    }
    if (m_deviceId.isEmpty()) {
        urgentNotYet(tr("This tablet has not reached the server since it was opened"));
        return;
    }
    m_urgentSending = true;
    const QString id = QString::fromStdString(request.mutations(0).mutation_id());
    auto push = [this, id, body = bytes(request)] {
        post("/v1/push", body, true, [this, id](int status, const QByteArray &answer) {
            if (status == 401) {
                m_token.clear(); // expired: the next attempt takes a new one
                urgentNotYet(tr("Signing in to the server again"));
                m_urgentRetry.start(0);
                return;
            }
            auto results = status == 200 ? parse<v1::PushResponse>(answer) : std::nullopt;
            if (!results || results->results_size() != 1) {
                urgentNotYet(notTaken(status, answer));
                return;
            }
            m_urgentSending = false;
            const v1::MutationResult &r = results->results(0);
            if (r.status() == v1::MUTATION_STATUS_APPLIED ||
                r.status() == v1::MUTATION_STATUS_DUPLICATE) {
                m_urgent.clear();
                emit urgentDelivered(id);
            } else {
                m_urgent.clear();
                emit urgentRefused(QString::fromStdString(r.error().message()));
            }
        });
    };
    if (!m_token.isEmpty()) {
        push();
        return;
    }
    post("/v1/token", tokenRequest(), false,
         [this, push = std::move(push)](int status, const QByteArray &body) {
             auto t = status == 200 ? parse<v1::AccessToken>(body) : std::nullopt;
             if (!t) {
                 urgentNotYet(notTaken(status, body));
                 return;
             }
             m_token = QByteArray::fromStdString(t->token());
             push();
         });
}

void SyncClient::fail(int code, const QString &message, bool retry)
{
    m_busy = false;
    // A page asked for ahead is dropped: the next sync pulls again from the stored cursor.
    ++m_pullRun;
    m_pull = {};
    if (retry) {
        m_retry.start(m_backoff.next());
    }
    emit failed(code, message, retry);
    // A sync asked for while this one ran still runs: this one may have failed for a reason
    // that has passed since (the officer unlocked the tablet while it found the store locked),
    // and the one asked for is what brings, say, a lone-working alert's receipt onto the visit.
    // Once only; with a retry on its way, that retry is it.
    if (m_again && !retry) {
        m_again = false;
        QTimer::singleShot(0, this, [this] { syncNow(); });
    }
}

} // namespace doorstep::mobile
