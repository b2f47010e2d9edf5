// The store's worker thread: its key, unlocking and locking, and the store's lifetime.

#include "store/storeworker.h"

#include "db/statement.h"

#include "store/casereader.h"
#include "store/draftstore.h"
#include "store/localchanges.h"
#include "store/outbox.h"
#include "store/qtext.h"
#include "store/recordstore.h"
#include "store/residentsearch.h"
#include "store/syncstate.h"
#include "store/wording.h"

#include <QDateTime>
#include <QTimer>

#include <sodium.h>

#include <algorithm>

namespace doorstep::mobile {

namespace {

// The PIN in guarded memory for the key store, with the UTF-8 copy Qt made wiped at once.
// (The QString itself comes from the UI and is outside this library's reach.)
SecureBytes pinBytes(const QString &pin)
{
    QByteArray utf = pin.toUtf8();
    SecureBytes out(static_cast<std::size_t>(utf.size()));
    std::copy(utf.cbegin(), utf.cend(), out.data());
    sodium_memzero(utf.data(), static_cast<std::size_t>(utf.size()));
    return out;
}

std::string_view view(const SecureBytes &b)
{
    return {reinterpret_cast<const char *>(b.data()), b.size()};
}

} // namespace

StoreWorker::StoreWorker(StoreConfig config, const Clock &clock)
    : m_config(std::move(config)), m_clock(clock), m_keys(m_config.keys),
      m_policy(m_config.lock, clock), m_timer(new QTimer(this))
{
    m_timer->setInterval(m_config.lockCheckInterval);
    connect(m_timer, &QTimer::timeout, this, &StoreWorker::checkLock);
}

StoreWorker::~StoreWorker() = default;

void StoreWorker::fail(quint64 request, const Error &error)
{
    emit failed(request, static_cast<int>(error.code), QString::fromStdString(error.message));
}

void StoreWorker::reportWipe()
{
    const auto reason = m_keys.wipeReason();
    const LockReason lock =
        reason == KeyStore::WipeReason::Revoked ? LockReason::Revoked : LockReason::Wiped;
    closeStore(lock);
}

void StoreWorker::openStore(quint64 request, SecureBytes key)
{
    auto store = EncryptedStore::open(m_config.keys.databasePath, key.key256(), m_clock);
    if (!store) {
        fail(request, store.error());
        return;
    }
    m_store.emplace(std::move(store).value());
    auto contact = SyncState(m_store->database()).lastServerContact();
    if (contact && contact->has_value()) {
        m_policy.setLastServerContact(**contact);
    }
    m_policy.recordActivity();
    m_timer->start();
    const LockReason reason = m_policy.evaluate();
    emit unlocked();
    if (reason == LockReason::OfflineTooLong) {
        emit locked(static_cast<int>(reason), QString::fromStdString(describeLockReason(reason)));
    }
    emit finished(request, QVariant());
}

void StoreWorker::closeStore(LockReason reason)
{
    m_timer->stop();
    m_store.reset(); // closes the connection; SQLCipher wipes its copy of the key
    emit locked(static_cast<int>(reason), QString::fromStdString(describeLockReason(reason)));
}

void StoreWorker::createKey(quint64 request, const QString &pin)
{
    auto key = m_keys.create(view(pinBytes(pin)));
    if (!key) {
        fail(request, key.error());
        return;
    }
    openStore(request, std::move(key).value());
}

void StoreWorker::unlock(quint64 request, const QString &pin)
{
    auto key = m_keys.unlock(view(pinBytes(pin)));
    if (!key) {
        if (key.error().code == v1::ERROR_CODE_WIPED) {
            reportWipe();
        }
        fail(request, key.error());
        return;
    }
    openStore(request, std::move(key).value());
}

void StoreWorker::changePin(quint64 request, const QString &oldPin, const QString &newPin)
{
    if (auto s = m_keys.changePin(view(pinBytes(oldPin)), view(pinBytes(newPin))); !s) {
        if (s.error().code == v1::ERROR_CODE_WIPED) {
            reportWipe();
        }
        fail(request, s.error());
        return;
    }
    emit finished(request, QVariant());
}

void StoreWorker::lock(quint64 request)
{
    if (m_store) {
        closeStore(LockReason::Manual);
    }
    emit finished(request, QVariant());
}

void StoreWorker::remoteWipe(quint64 request)
{
    m_store.reset();
    if (auto s = m_keys.wipe(KeyStore::WipeReason::Revoked); !s) {
        fail(request, s.error());
        return;
    }
    closeStore(LockReason::Revoked);
    emit finished(request, QVariant());
}

void StoreWorker::recordActivity(Clock::TimePoint when)
{
    m_policy.recordActivity(when);
}

void StoreWorker::checkLock()
{
    if (!m_store) {
        return;
    }
    const LockReason reason = m_policy.evaluate();
    // Offline-too-long keeps the connection for the sync that lifts it; idle closes it.
    if (reason == LockReason::Idle) {
        closeStore(reason);
    }
}

EncryptedStore *StoreWorker::storeFor(quint64 request, bool allowOffline)
{
    if (!m_store) {
        fail(request, makeError(v1::ERROR_CODE_STORE_LOCKED, "The store is locked"));
        return nullptr;
    }
    const LockReason reason = m_policy.evaluate();
    if (reason == LockReason::Idle) {
        closeStore(reason);
        fail(request, makeError(v1::ERROR_CODE_STORE_LOCKED, describeLockReason(reason)));
        return nullptr;
    }
    if (reason == LockReason::OfflineTooLong && !allowOffline) {
        fail(request, makeError(v1::ERROR_CODE_STORE_LOCKED, describeLockReason(reason)));
        return nullptr;
    }
    return &*m_store;
}

void StoreWorker::keyState(quint64 request)
{
    const auto wiped = m_keys.wipeReason();
    LockReason reason = LockReason::None;
    if (wiped) {
        reason = *wiped == KeyStore::WipeReason::Revoked ? LockReason::Revoked : LockReason::Wiped;
    }
    emit finished(request,
                  QVariantMap{{"hasKey", m_keys.hasKey()},
                              {"lockReason", static_cast<int>(reason)},
                              {"message", reason == LockReason::None
                                              ? QString()
                                              : QString::fromStdString(describeLockReason(reason))},
                              {"remainingAttempts", m_keys.remainingAttempts()}});
}

} // namespace doorstep::mobile
