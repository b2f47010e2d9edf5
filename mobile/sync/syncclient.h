#pragma once

#include "store/storehost.h"
#include "sync/backoff.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>
#include <unordered_map>

namespace doorstep::mobile {

// Talks to doorstep-server (docs/protocol.md) for the app: enrols the device, keeps a
// short-lived access token, pushes the outbox in batches and then pulls from the stored
// cursor until the device is up to date. All network work is asynchronous (QNAM) and all
// store work runs on the store's worker thread, so the GUI thread never waits.
//
// Each page and its cursor are applied in one store transaction, and each push result is
// applied before the next batch is read, so a sync cut off at any point resumes correctly.
// A rejected mutation is quarantined by the store and never blocks the rest. A device the
// server says is revoked is wiped at once (crypto-erase and delete), and wiped() says so.
class SyncClient : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int pushBatch = 200;
        int pageSize = 500;
        // While catching up: from cursor 0, or after a page that said more follow.
        int catchUpPageSize = 2000;
        std::chrono::milliseconds retryBase = std::chrono::seconds(5);
        std::chrono::milliseconds retryCap = std::chrono::minutes(10);
        // 0: no periodic sync.
        std::chrono::milliseconds period = std::chrono::minutes(15);
        std::chrono::milliseconds requestTimeout = std::chrono::seconds(60);
        // The council's CA bundle (PEM), trusted besides the system's store; "" for none.
        QString caFile;
    };

    SyncClient(StoreHost &host, Options options, QObject *parent = nullptr);

    // First run: enrols with a one-time code and keeps the credentials in the encrypted
    // store. With `pins` (from the enrolment link; tlstrust.h), this tablet talks only to a
    // server presenting one of those keys, from enrolment on, until it is enrolled again.
    // Answers enrolled() or failed().
    void enrol(const QUrl &server, const QString &code, const QString &deviceLabel,
               const QStringList &pins = {});
    // Pushes, then pulls to the end. A call while a sync runs makes it run once more.
    void syncNow();
    // Syncs when the network comes back (QNetworkInformation, when the platform has a
    // backend) and every Options::period. Returns false when reachability cannot be watched;
    // the timer and syncNow() still work.
    bool watchNetwork();

    // Reads the server's address and this device's credentials from the store and keeps them
    // for pushUrgent(), which must work while the store is locked.
    void loadCredentials();
    // Sends one mutation now, outside the outbox and any sync under way: the lone-working
    // alert from the lock screen, when the store is locked and the outbox cannot be read.
    // Uses the credentials this session holds, and tries again every few seconds until the
    // server has it. Answers urgentDelivered() or urgentWaiting() (still trying), or
    // urgentRefused() when the server will never take it.
    void pushUrgent(const QByteArray &mutation);

    bool busy() const { return m_busy; }
    // Milliseconds until the scheduled retry, or -1 when none is scheduled.
    int retryInMs() const;

signals:
    void enrolled(const QString &deviceId, const QString &userId);
    void syncStarted();
    void synced();
    // A pulled page carried a new council record (now in the store).
    void councilChanged();
    // For a coordinator: how many lone-working alerts the server has open.
    void openAlertsChanged(int count);
    // After each page stored: pages and records so far this pull, and roughly how much of it
    // is done (0 to 1, from the server's log_end); `more` while pages follow.
    void pullProgress(int pages, qint64 records, double done, bool more);
    // `code` is a v1::ErrorCode; `retrying` when a retry is scheduled (network trouble).
    void failed(int code, const QString &message, bool retrying);
    // The server revoked this device; the store has been crypto-erased and deleted.
    void wiped(const QString &reason);
    void urgentDelivered(const QString &mutationId);
    void urgentWaiting(const QString &message);
    void urgentRefused(const QString &message);

private:
    using Reply = std::function<void(int status, const QByteArray &body)>;
    using Done = std::function<void(const QVariant &result)>;

    void post(const QString &path, const QByteArray &body, bool authorised, Reply reply);
    void await(quint64 request, Done done);
    void start();
    void withToken(std::function<void()> next);
    // Keeps the server address and device credentials of a syncState() answer.
    void takeCredentials(const QVariantMap &state);
    // A TokenRequest with this device's credentials, serialized.
    QByteArray tokenRequest() const;
    void pushNext();
    // Starts a pull from the stored cursor, its progress from nothing.
    void pullNext();
    // Asks again from the stored cursor, in a new run (after a renewed token, say).
    void requestStored();
    void requestPage(std::int64_t cursor, bool catchingUp, std::int64_t councilRevision,
                     Reply reply);
    // Takes a pull reply in order: stores the page, asking for the next one meanwhile.
    void takePage(int status, const QByteArray &body);
    void finish();
    // Answers a non-200 reply: wipe on DEVICE_REVOKED, retry once on TOKEN_EXPIRED, report.
    void handleError(int status, const QByteArray &body, std::function<void()> retry);
    void fail(int code, const QString &message, bool retry);
    void sendUrgent();
    void urgentNotYet(const QString &message);
    // Why the server did not take the urgent mutation, in words.
    QString notTaken(int status, const QByteArray &body) const;

    StoreHost &m_host;
    Options m_options;
    QNetworkAccessManager m_nam;
    Backoff m_backoff;
    QTimer m_retry;
    QTimer m_period;
    std::unordered_map<quint64, Done> m_pending;
    QUrl m_server;
    QString m_deviceId;
    QString m_secret;
    QByteArray m_token;
    bool m_busy = false;
    bool m_again = false;
    bool m_renewedThisSync = false;
    std::int64_t m_cursor = 0;
    // The council revision taken this session; 0 asks for the record on the first pull.
    std::int64_t m_councilRevision = 0;
    int m_openAlerts = 0;
    // The pull under way. Replies from an earlier run (one that failed) are ignored.
    struct Fetched
    {
        int status = 0;
        QByteArray body;
    };
    struct PullRun
    {
        std::int64_t from = 0;
        int pages = 0;
        qint64 records = 0;
        // The page asked for ahead, when it came before the store finished this one.
        std::optional<Fetched> ahead;
        // The store finished first: the page ahead is taken as soon as it comes.
        bool waiting = false;
    };
    PullRun m_pull;
    std::uint64_t m_pullRun = 0;
    // TLS for every request: the system's authorities and the council's.
    QSslConfiguration m_tls;
    QString m_caProblem;
    // The server's key pins this tablet was enrolled with; none: any trusted key.
    QStringList m_pins;
    // The urgent mutation not yet taken by the server, and its retry.
    QByteArray m_urgent;
    QTimer m_urgentRetry;
    bool m_urgentSending = false;
};

} // namespace doorstep::mobile
