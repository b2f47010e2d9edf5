#include "models/appcontroller.h"

#include "sync/tlstrust.h"

#include "crypto/pinpolicy.h"
#include "store/lockreason.h"
#include "store/wording.h"

#include <QDir>
#include <QFile>
#include <QSysInfo>
#include <QUrl>

namespace doorstep::mobile {

AppController::AppController(QObject *parent)
    : QObject(parent), m_guard(new LoneWorkerGuard(*this)), m_textSize(new TextSize(this))
{}

AppController::~AppController()
{
    // The sync client posts to the store; stop it before the store's thread goes.
    m_sync.reset();
    m_host.reset();
}

void AppController::setDataDir(const QString &dir)
{
    if (dir != m_dataDir) {
        m_dataDir = dir;
        emit configChanged();
    }
}

void AppController::setCaFile(const QString &file)
{
    if (file != m_caFile && !m_host) {
        m_caFile = file;
        emit configChanged();
    }
}

void AppController::setNmeaFile(const QString &file)
{
    if (file != m_nmeaFile) {
        m_nmeaFile = file;
        emit configChanged();
    }
}

void AppController::setFastKeys(bool fast)
{
    if (fast != m_fastKeys) {
        m_fastKeys = fast;
        emit configChanged();
    }
}

void AppController::setIdleLockMinutes(int minutes)
{
    if (minutes != m_idleLockMinutes) {
        m_idleLockMinutes = minutes;
        emit configChanged();
    }
}

void AppController::setMaxOfflineDays(int days)
{
    if (days != m_maxOfflineDays) {
        m_maxOfflineDays = days;
        emit configChanged();
    }
}

void AppController::setClock(const Clock *clock)
{
    if (!m_host && clock) {
        m_clock = clock;
    }
}

void AppController::ensureCore()
{
    if (m_host) {
        return;
    }
    const QString dir = m_dataDir.isEmpty() ? QDir::home().filePath(".doorstep") : m_dataDir;
    QDir().mkpath(dir);
    StoreConfig config;
    config.keys.directory = QDir(dir).filePath("keys").toStdString();
    config.keys.databasePath = QDir(dir).filePath("doorstep.db").toStdString();
    config.keys.kdf = m_fastKeys ? KdfParams::minimal() : KdfParams::recommended();
    config.lock.idleTimeout = std::chrono::minutes(std::max(1, m_idleLockMinutes));
    config.lock.maxOffline = std::chrono::hours(24 * std::max(1, m_maxOfflineDays));
    m_host = std::make_unique<StoreHost>(std::move(config), *m_clock);
    SyncClient::Options sync;
    const QString councilCa = QDir(dir).filePath(QString::fromLatin1(tlstrust::kCouncilCaFileName));
    sync.caFile = !m_caFile.isEmpty() ? m_caFile : QFile::exists(councilCa) ? councilCa : QString();
    m_sync = std::make_unique<SyncClient>(*m_host, sync);
    m_positions = std::make_unique<PositionProvider>(m_nmeaFile);

    connect(m_positions.get(), &PositionProvider::positionChanged, this,
            &AppController::positionChanged);
    connect(m_host.get(), &StoreHost::locked, this, [this](int reason, const QString &message) {
        const auto why = static_cast<LockReason>(reason);
        if (why == LockReason::OfflineTooLong) {
            m_offlineLocked = true;
            setStage(Ready, message);
            return;
        }
        m_offlineLocked = false;
        if (why == LockReason::Wiped || why == LockReason::Revoked) {
            m_userId.clear();
            m_officerName.clear();
            emit identityChanged();
            setStage(Enrol, message);
            return;
        }
        setStage(Locked, message);
    });
    connect(m_host.get(), &StoreHost::unlocked, this, [this] {
        m_guard->unlocked();
        if (m_offlineLocked) {
            m_offlineLocked = false;
            emit stageChanged();
            notifyDataChanged();
        }
    });
    connect(m_sync.get(), &SyncClient::syncStarted, this, [this] {
        m_syncing = true;
        m_pull = {nowMs(), 0, 0, 0};
        emit syncStatusChanged();
    });
    connect(m_sync.get(), &SyncClient::pullProgress, this,
            [this](int pages, qint64 records, double done, bool more) {
                // Shown only while pages follow: an ordinary sync is one page and says nothing.
                m_pull.pages = more ? pages : 0;
                m_pull.records = records;
                m_pull.done = done;
                emit syncStatusChanged();
            });
    connect(m_sync.get(), &SyncClient::synced, this, [this] {
        m_syncing = false;
        m_syncProblem.clear();
        m_lastSynced = QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
        emit syncStatusChanged();
        refreshCounts();
        notifyDataChanged();
        emit synced();
    });
    connect(m_sync.get(), &SyncClient::councilChanged, this, [this] { loadIdentity(); });
    connect(m_sync.get(), &SyncClient::openAlertsChanged, this, [this](int count) {
        m_openAlerts = count;
        emit syncStatusChanged();
    });
    connect(m_sync.get(), &SyncClient::failed, this,
            [this](int, const QString &message, bool retrying) {
                m_syncing = false;
                m_syncProblem = retrying ? message + tr(". Trying again shortly.") : message;
                refreshCounts();
                notifyDataChanged(); // a sync may have applied pages before it failed
            });
    connect(m_sync.get(), &SyncClient::enrolled, this,
            [this](const QString &deviceId, const QString &userId) {
                m_deviceId = deviceId;
                m_userId = userId;
                setBusy(false);
                loadIdentity();
                setStage(Ready);
                m_sync->syncNow();
            });
    connect(m_sync.get(), &SyncClient::wiped, this, [this](const QString &reason) {
        m_syncing = false;
        setStage(Enrol, reason);
    });
}

void AppController::start()
{
    ensureCore();
    m_textSize->load(QDir(m_dataDir).filePath(QStringLiteral("display.ini")));
    m_sync->watchNetwork();
    m_host->then(m_host->keyState(), this, [this](const QVariant &v) {
        const QVariantMap state = v.toMap();
        if (state.value("hasKey").toBool()) {
            setStage(Locked, tr("Enter your PIN to open Doorstep."));
        } else {
            setStage(Enrol, state.value("message").toString());
        }
    });
}

QString AppController::pinProblem(const QString &pin) const
{
    const QByteArray bytes = pin.toUtf8();
    const auto verdict = PinPolicy::evaluate(std::string_view(bytes.constData(), bytes.size()));
    if (verdict == PinPolicy::Verdict::Accepted) {
        return {};
    }
    return QString::fromUtf8(PinPolicy::explain(verdict));
}

void AppController::beginEnrolment(const QString &serverOrQr, const QString &code)
{
    clearError();
    QString server = serverOrQr.trimmed();
    QString oneTimeCode = code.trimmed();
    // The admin tool's link (pasted, or read from a QR code) carries the server, the code and
    // perhaps the server's key pins: doorstep:https://server#CODE;pin-sha256=...
    QString linkProblem;
    const tlstrust::EnrolLink link = tlstrust::parseEnrolLink(server, &linkProblem);
    if (!linkProblem.isEmpty()) {
        setError(linkProblem);
        return;
    }
    m_enrolPins.clear();
    if (!link.server.isEmpty()) {
        server = link.server;
        oneTimeCode = link.code;
        m_enrolPins = link.pins;
    }
    const QUrl url(server);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) ||
        url.host().isEmpty()) {
        setError(tr("Enter the server address your administrator gave you, "
                    "starting with https://"));
        return;
    }
    if (oneTimeCode.isEmpty()) {
        setError(tr("Enter the one-time enrolment code"));
        return;
    }
    m_enrolServer = url.toString();
    m_enrolCode = oneTimeCode;
    ensureCore();
    m_host->then(m_host->keyState(), this, [this](const QVariant &v) {
        if (v.toMap().value("hasKey").toBool()) {
            enrolNow(); // a PIN exists and the store is open (a previous code was refused)
        } else {
            setStage(ChoosePin);
        }
    });
}

void AppController::choosePin(const QString &pin, const QString &repeated)
{
    clearError();
    if (pin != repeated) {
        setError(tr("The two PINs are different. Enter the same PIN twice."));
        return;
    }
    if (const QString problem = pinProblem(pin); !problem.isEmpty()) {
        setError(problem);
        return;
    }
    setBusy(true);
    m_host->then(
        m_host->createKey(pin), this, [this](const QVariant &) { enrolNow(); },
        [this](int, const QString &message) {
            setBusy(false);
            setError(message);
        });
}

void AppController::enrolNow()
{
    setBusy(true);
    m_sync->enrol(QUrl(m_enrolServer), m_enrolCode,
                  tr("%1 tablet").arg(QSysInfo::machineHostName()), m_enrolPins);
    // A refused code lands in SyncClient::failed; the officer stays on the enrol screen.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_sync.get(), &SyncClient::failed, this,
                          [this, connection](int, const QString &message, bool) {
                              disconnect(*connection);
                              if (m_stage != Ready) {
                                  setBusy(false);
                                  setError(message);
                                  setStage(Enrol);
                              }
                          });
    connect(m_sync.get(), &SyncClient::enrolled, this,
            [connection] { QObject::disconnect(*connection); });
}

void AppController::unlock(const QString &pin)
{
    clearError();
    setBusy(true);
    m_host->then(
        m_host->unlock(pin), this,
        [this](const QVariant &) {
            setBusy(false);
            afterOpen();
        },
        [this](int, const QString &message) {
            setBusy(false);
            if (m_stage == Locked) {
                setError(message);
            }
        });
}

void AppController::afterOpen()
{
    if (!m_offlineLocked) {
        setStage(Ready);
    }
    loadIdentity();
    refreshCounts();
    notifyDataChanged();
    m_sync->syncNow();
}

QDateTime AppController::dayStart(int days) const
{
    const calendar::CouncilCalendar &c = m_councilClock.calendar();
    return QDateTime::fromMSecsSinceEpoch(c.startOfDay(c.dayOf(nowMs()) + days), Qt::UTC);
}

void AppController::loadIdentity()
{
    m_host->then(m_host->syncState(), this, [this](const QVariant &v) {
        const QVariantMap state = v.toMap();
        m_userId = state.value("userId").toString();
        m_deviceId = state.value("deviceId").toString();
        m_officerName = state.value("userName").toString();
        const int role = state.value("role").toInt();
        // Devices enrolled before the app kept the role were all officers' tablets.
        m_role = role >= Officer && role <= WardMember ? UserRole(role) : Officer;
        m_serverUrl = state.value("serverUrl").toString();
        v1::Council council;
        if (state.contains("council") &&
            council.ParseFromString(state.value("council").toByteArray().toStdString()) &&
            m_councilClock.setCouncil(council)) {
            m_escalationSteps = QString::fromStdString(council.escalation_steps());
            notifyDataChanged();
        }
        // A new store counts its creation as server contact (so that it is not locked as
        // offline too long); it has synced only once a pull moved the cursor.
        if (state.contains("lastServerContactMs") && state.value("cursor").toLongLong() > 0 &&
            !m_lastSynced.isValid()) {
            m_lastSynced = QDateTime::fromMSecsSinceEpoch(
                state.value("lastServerContactMs").toLongLong(), Qt::UTC);
            emit syncStatusChanged();
        }
        emit identityChanged();
        if (m_userId.isEmpty() && m_stage == Ready) {
            setStage(Enrol); // a PIN but no enrolment yet: ask for the code again
        }
    });
}

void AppController::lock()
{
    if (m_host) {
        m_host->lock();
    }
}

void AppController::syncNow()
{
    if (m_sync && m_stage == Ready) {
        m_syncProblem.clear();
        m_sync->syncNow();
        emit syncStatusChanged();
    }
}

void AppController::touch()
{
    if (m_host) {
        m_host->recordActivity();
    }
}

void AppController::clearError()
{
    setError({});
}

void AppController::recordChanges(const QList<QByteArray> &mutations,
                                  std::function<void(bool, const QString &)> done)
{
    m_host->then(
        m_host->recordLocalChanges(mutations), this,
        [this, done](const QVariant &) {
            refreshCounts();
            notifyDataChanged();
            if (done) {
                done(true, {});
            }
            m_sync->syncNow(); // queued for sync at once; goes when there is signal
        },
        [done](int, const QString &message) {
            if (done) {
                done(false, message);
            }
        });
}

void AppController::notifyDataChanged()
{
    m_guard->refresh();
    emit dataChanged();
}

void AppController::refreshCounts()
{
    m_host->then(m_host->outboxCounts(), this, [this](const QVariant &v) {
        const QVariantMap counts = v.toMap();
        m_pending = counts.value("pending").toInt();
        m_quarantined = counts.value("quarantined").toInt();
        emit syncStatusChanged();
    });
}

QString AppController::syncSummary() const
{
    QStringList parts;
    if (m_syncing && m_pull.pages > 0) {
        parts << pullSummary();
    } else if (m_syncing) {
        parts << tr("Syncing…");
    } else if (!m_syncProblem.isEmpty()) {
        parts << tr("Not synced: %1").arg(m_syncProblem);
    } else if (m_lastSynced.isValid()) {
        parts << tr("Last synced %1").arg(m_councilClock.format(m_lastSynced, "d MMM HH:mm"));
    } else {
        parts << tr("Not synced yet");
    }
    if (m_pending > 0) {
        parts << tr("%n change(s) waiting to send", nullptr, m_pending);
    } else if (!m_syncing && m_syncProblem.isEmpty() && m_lastSynced.isValid()) {
        parts << tr("nothing waiting to send");
    }
    if (m_quarantined > 0) {
        parts << tr("%n change(s) refused by the server: review them", nullptr, m_quarantined);
    }
    return parts.join(QStringLiteral(" · "));
}

QString AppController::pullSummary() const
{
    return wording::pullProgress(m_pull.records, m_pull.done, m_pull.pages,
                                 static_cast<double>(nowMs() - m_pull.startedMs) / 1000.0);
}

bool AppController::hasFix() const
{
    return m_positions && m_positions->last().isValid();
}

double AppController::latitude() const
{
    return hasFix() ? m_positions->last().coordinate().latitude() : 0.0;
}

double AppController::longitude() const
{
    return hasFix() ? m_positions->last().coordinate().longitude() : 0.0;
}

void AppController::setStage(Stage stage, const QString &message)
{
    if (stage == m_stage && message == m_lockMessage) {
        return;
    }
    m_stage = stage;
    m_lockMessage = message;
    emit stageChanged();
}

void AppController::setBusy(bool busy)
{
    if (busy != m_busy) {
        m_busy = busy;
        emit busyChanged();
    }
}

void AppController::setError(const QString &message)
{
    if (message != m_error) {
        m_error = message;
        emit errorChanged();
    }
}

} // namespace doorstep::mobile
