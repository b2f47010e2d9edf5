#include "models/outboxmodel.h"

#include "models/appcontroller.h"

#include <QDateTime>

namespace doorstep::mobile {

OutboxModel::OutboxModel(QObject *parent)
    : MapListModel({"mutationId", "state", "attempts", "description", "error"}, {"createdAtText"},
                   parent)
{}

void OutboxModel::setApp(AppController *app)
{
    if (app == m_app) {
        return;
    }
    if (m_app) {
        disconnect(m_app, nullptr, this, nullptr);
    }
    m_app = app;
    if (m_app) {
        connect(m_app, &AppController::syncStatusChanged, this, &OutboxModel::reload);
    }
    emit appChanged();
    reload();
}

void OutboxModel::reload()
{
    if (!m_app || !m_app->store() || m_app->stage() != AppController::Ready) {
        return;
    }
    m_app->store()->then(m_app->store()->outboxEntries(), this, [this](const QVariant &v) {
        setRows(v.toList());
        emit countChanged();
    });
}

void OutboxModel::dismiss(const QString &mutationId)
{
    if (!m_app || !m_app->store()) {
        return;
    }
    m_app->store()->then(m_app->store()->dismissQuarantined(mutationId), this,
                         [this](const QVariant &) {
                             reload();
                             m_app->notifyDataChanged();
                         });
}

QVariant OutboxModel::derived(const QVariantMap &row, const QByteArray &role) const
{
    if (role == "createdAtText") {
        return row.value("createdAt").toDateTime().toLocalTime().toString("d MMM HH:mm");
    }
    return {};
}

} // namespace doorstep::mobile
