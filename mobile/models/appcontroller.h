#pragma once

#include "models/loneworkerguard.h"
#include "models/textsize.h"
#include "positioning/positionprovider.h"
#include "store/storehost.h"
#include "sync/syncclient.h"
#include "time/councilclock.h"
#include "time/systemclock.h"

#include <QDateTime>
#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace doorstep::mobile {

// The app as QML sees it: which screen the officer is on (enrol, choose a PIN, unlock, ready),
// why it locked, and a sync status that never says "synced" when anything failed. Owns the
// store (on its worker thread), the sync client and the position source; the models reach
// the store through it. Set the properties, then call start().
class AppController : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString dataDir READ dataDir WRITE setDataDir NOTIFY configChanged)
    Q_PROPERTY(QString nmeaFile READ nmeaFile WRITE setNmeaFile NOTIFY configChanged)
    // The council's CA bundle (PEM) trusted for the server besides the system's; when unset,
    // `council-ca.pem` in the data directory if there is one (tlstrust.h).
    Q_PROPERTY(QString caFile READ caFile WRITE setCaFile NOTIFY configChanged)
    // libsodium's minimum Argon2id cost: Qt Quick tests only, never the app.
    Q_PROPERTY(bool fastKeys READ fastKeys WRITE setFastKeys NOTIFY configChanged)
    Q_PROPERTY(
        int idleLockMinutes READ idleLockMinutes WRITE setIdleLockMinutes NOTIFY configChanged)
    Q_PROPERTY(int maxOfflineDays READ maxOfflineDays WRITE setMaxOfflineDays NOTIFY configChanged)

    Q_PROPERTY(Stage stage READ stage NOTIFY stageChanged)
    Q_PROPERTY(QString lockMessage READ lockMessage NOTIFY stageChanged)
    // The store is open but case data stays shut until a sync succeeds.
    Q_PROPERTY(bool offlineLocked READ offlineLocked NOTIFY stageChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString officerName READ officerName NOTIFY identityChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY identityChanged)
    // Which app this is: the officer's visits, the coordinator's desk or "My referrals".
    Q_PROPERTY(UserRole role READ role NOTIFY identityChanged)

    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY syncStatusChanged)
    Q_PROPERTY(int quarantinedCount READ quarantinedCount NOTIFY syncStatusChanged)
    Q_PROPERTY(bool syncing READ syncing NOTIFY syncStatusChanged)
    Q_PROPERTY(QDateTime lastSynced READ lastSynced NOTIFY syncStatusChanged)
    // A sync has finished on this device (now or before): until then an empty list means
    // "not here yet", not "nothing".
    Q_PROPERTY(bool everSynced READ everSynced NOTIFY syncStatusChanged)
    Q_PROPERTY(QString syncProblem READ syncProblem NOTIFY syncStatusChanged)
    Q_PROPERTY(QString syncSummary READ syncSummary NOTIFY syncStatusChanged)
    // How far a long pull (a first sync) has come, 0 to 1; -1 when no long pull is under way.
    Q_PROPERTY(double syncProgress READ syncProgress NOTIFY syncStatusChanged)
    // For a coordinator: lone-working alerts open on the server at the last sync.
    Q_PROPERTY(int openAlerts READ openAlerts NOTIFY syncStatusChanged)
    // The council's lone-working escalation procedure, for the alert cards.
    Q_PROPERTY(QString escalationSteps READ escalationSteps NOTIFY identityChanged)
    // The visit under way and its timer, which outlive a lock; the lock screen's Alert.
    Q_PROPERTY(doorstep::mobile::LoneWorkerGuard *loneWorker READ loneWorker CONSTANT)
    // How big the words are: the tablet's font size, or the size chosen in the app.
    Q_PROPERTY(doorstep::mobile::TextSize *textSize READ textSize CONSTANT)
    Q_PROPERTY(bool hasFix READ hasFix NOTIFY positionChanged)
    Q_PROPERTY(double latitude READ latitude NOTIFY positionChanged)
    Q_PROPERTY(double longitude READ longitude NOTIFY positionChanged)

public:
    enum Stage { Starting, Enrol, ChoosePin, Locked, Ready };
    Q_ENUM(Stage)
    // v1::Role's values.
    enum UserRole { UnknownRole = 0, Officer = 1, Coordinator = 2, WardMember = 3 };
    Q_ENUM(UserRole)

    explicit AppController(QObject *parent = nullptr);
    ~AppController() override;

    Q_INVOKABLE void start();
    // Why this PIN would be refused, in plain English; empty when it is acceptable.
    Q_INVOKABLE QString pinProblem(const QString &pin) const;
    // Step one of first use: where the server is and the one-time code, or the enrolment
    // link the admin tool prints (also the text of its QR code), "doorstep:SERVER#CODE" and
    // perhaps ";pin-sha256=PIN" for each key the server may present (tlstrust.h). Moves to
    // ChoosePin, or enrols at once when a PIN already exists and the store is open.
    Q_INVOKABLE void beginEnrolment(const QString &serverOrQr, const QString &code);
    Q_INVOKABLE void choosePin(const QString &pin, const QString &repeated);
    Q_INVOKABLE void unlock(const QString &pin);
    Q_INVOKABLE void lock();
    Q_INVOKABLE void syncNow();
    // The officer touched the screen: restarts the idle countdown.
    Q_INVOKABLE void touch();
    Q_INVOKABLE void clearError();
    // The controller's clock (a test's clock in tests), for screens that show "today".
    Q_INVOKABLE QDateTime clockNow() const
    {
        return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
    }
    // A time or date as the screens show it: in the council's zone, with the zone named when
    // the tablet is set to another (CouncilClock::format). "" for an unset or missing time (a
    // row being replaced can hand QML undefined).
    Q_INVOKABLE QString when(const QVariant &instant, const QString &pattern) const
    {
        return m_councilClock.format(instant.toDateTime(), pattern);
    }
    // The first instant of the council's day `days` after today's.
    Q_INVOKABLE QDateTime dayStart(int days) const;

    QString dataDir() const { return m_dataDir; }
    QString caFile() const { return m_caFile; }
    void setCaFile(const QString &file);
    void setDataDir(const QString &dir);
    QString nmeaFile() const { return m_nmeaFile; }
    void setNmeaFile(const QString &file);
    bool fastKeys() const { return m_fastKeys; }
    void setFastKeys(bool fast);
    int idleLockMinutes() const { return m_idleLockMinutes; }
    void setIdleLockMinutes(int minutes);
    int maxOfflineDays() const { return m_maxOfflineDays; }
    void setMaxOfflineDays(int days);

    Stage stage() const { return m_stage; }
    QString lockMessage() const { return m_lockMessage; }
    bool offlineLocked() const { return m_offlineLocked; }
    QString error() const { return m_error; }
    bool busy() const { return m_busy; }
    QString officerName() const { return m_officerName; }
    QString serverUrl() const { return m_serverUrl; }
    UserRole role() const { return m_role; }
    int pendingCount() const { return m_pending; }
    int quarantinedCount() const { return m_quarantined; }
    bool syncing() const { return m_syncing; }
    QDateTime lastSynced() const { return m_lastSynced; }
    bool everSynced() const { return m_lastSynced.isValid(); }
    QString syncProblem() const { return m_syncProblem; }
    QString syncSummary() const;
    double syncProgress() const { return m_syncing && m_pull.pages > 0 ? m_pull.done : -1.0; }
    int openAlerts() const { return m_openAlerts; }
    QString escalationSteps() const { return m_escalationSteps; }
    bool hasFix() const;
    double latitude() const;
    double longitude() const;

    // For the models and the visit flow (C++ only).
    StoreHost *store() const { return m_host.get(); }
    SyncClient *sync() const { return m_sync.get(); }
    LoneWorkerGuard *loneWorker() const { return m_guard; }
    TextSize *textSize() const { return m_textSize; }
    PositionProvider *positions() const { return m_positions.get(); }
    qint64 nowMs() const { return toUnixMs(m_clock->now()); }
    // The council's days and times, from the record the server last sent.
    const CouncilClock &councilClock() const { return m_councilClock; }
    // The clock the store, lock policy and visit flow read; the system clock unless a test
    // sets its own before start(). Must outlive the controller.
    void setClock(const Clock *clock);
    QString userId() const { return m_userId; }
    QString deviceId() const { return m_deviceId; }
    // Records changes in one transaction, then tells the models and tries to send them.
    void recordChanges(const QList<QByteArray> &mutations,
                       std::function<void(bool ok, const QString &error)> done);
    // Records changed (after a pull, a local change, a dismissal).
    void notifyDataChanged();

signals:
    void configChanged();
    void stageChanged();
    void errorChanged();
    void busyChanged();
    void identityChanged();
    void syncStatusChanged();
    void dataChanged();
    void positionChanged();
    // Sync finished with everything sent and received.
    void synced();

private:
    // The status line while a long pull runs: records, how far, and a time left.
    QString pullSummary() const;
    void ensureCore();
    void setStage(Stage stage, const QString &message = {});
    void setBusy(bool busy);
    void setError(const QString &message);
    void afterOpen();
    void loadIdentity();
    void refreshCounts();
    void enrolNow();

    SystemClock m_systemClock;
    const Clock *m_clock = &m_systemClock;
    std::unique_ptr<StoreHost> m_host;
    std::unique_ptr<SyncClient> m_sync;
    std::unique_ptr<PositionProvider> m_positions;
    LoneWorkerGuard *m_guard = nullptr;
    TextSize *m_textSize = nullptr;

    QString m_dataDir;
    QString m_caFile;
    QString m_nmeaFile;
    bool m_fastKeys = false;
    int m_idleLockMinutes = 5;
    int m_maxOfflineDays = 7;

    Stage m_stage = Starting;
    QString m_lockMessage;
    bool m_offlineLocked = false;
    QString m_error;
    bool m_busy = false;
    QString m_officerName;
    QString m_serverUrl;
    UserRole m_role = UnknownRole;
    CouncilClock m_councilClock;
    QString m_escalationSteps;
    int m_openAlerts = 0;
    QString m_userId;
    QString m_deviceId;
    QString m_enrolServer;
    QString m_enrolCode;
    QStringList m_enrolPins; // from an enrolment link: the server's key pins
    int m_pending = 0;
    int m_quarantined = 0;
    bool m_syncing = false;
    // The long pull under way: from SyncClient::pullProgress while pages follow.
    struct PullShown
    {
        qint64 startedMs = 0;
        int pages = 0;
        qint64 records = 0;
        double done = 0;
    };
    PullShown m_pull;
    QDateTime m_lastSynced;
    QString m_syncProblem;
};

} // namespace doorstep::mobile
