#include "models/outboxmodel.h"

#include "models/appcontroller.h"

#include <QDateTime>

namespace doorstep::mobile {

OutboxModel::OutboxModel(QObject *parent) : QAbstractListModel(parent) {}

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
        beginResetModel();
        m_rows = v.toList();
        endResetModel();
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

int OutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant OutboxModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const QVariantMap e = m_rows.at(index.row()).toMap();
    switch (role) {
    case MutationIdRole:
        return e.value("mutationId");
    case StateRole:
        return e.value("state");
    case CreatedAtTextRole:
        return e.value("createdAt").toDateTime().toLocalTime().toString("d MMM HH:mm");
    case AttemptsRole:
        return e.value("attempts");
    case DescriptionRole:
        return e.value("description");
    case ErrorRole:
        return e.value("error");
    default:
        return {};
    }
}

QHash<int, QByteArray> OutboxModel::roleNames() const
{
    return {{MutationIdRole, "mutationId"},       {StateRole, "state"},
            {CreatedAtTextRole, "createdAtText"}, {AttemptsRole, "attempts"},
            {DescriptionRole, "description"},     {ErrorRole, "error"}};
}

} // namespace doorstep::mobile
