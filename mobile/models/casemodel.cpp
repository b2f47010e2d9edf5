#include "models/casemodel.h"

#include "models/appcontroller.h"

#include <QDateTime>

namespace doorstep::mobile {

CaseModel::CaseModel(QObject *parent) : QAbstractListModel(parent) {}

void CaseModel::setApp(AppController *app)
{
    if (app == m_app) {
        return;
    }
    if (m_app) {
        disconnect(m_app, nullptr, this, nullptr);
    }
    m_app = app;
    if (m_app) {
        connect(m_app, &AppController::dataChanged, this, &CaseModel::reload);
    }
    emit appChanged();
    reload();
}

void CaseModel::setCaseId(const QString &id)
{
    if (id != m_caseId) {
        m_caseId = id;
        emit caseIdChanged();
        reload();
    }
}

void CaseModel::setResidentId(const QString &id)
{
    if (id != m_residentId) {
        m_residentId = id;
        emit residentIdChanged();
        reload();
    }
}

void CaseModel::reload()
{
    if (!m_app || !m_app->store() || (m_caseId.isEmpty() && m_residentId.isEmpty())) {
        return;
    }
    m_app->store()->then(
        m_app->store()->caseDetail(m_caseId, m_residentId), this,
        [this](const QVariant &v) {
            beginResetModel();
            m_detail = v.toMap();
            m_timeline = m_detail.value("timeline").toList();
            m_error = m_detail.isEmpty() ? tr("This case is not on this device.") : QString();
            endResetModel();
            emit loaded();
        },
        [this](int, const QString &message) {
            m_error = message;
            emit loaded();
        });
}

int CaseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_timeline.size());
}

QVariant CaseModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_timeline.size()) {
        return {};
    }
    const QVariantMap e = m_timeline.at(index.row()).toMap();
    switch (role) {
    case EventIdRole:
        return e.value("eventId");
    case WhenRole:
        return e.value("when");
    case WhenTextRole:
        return e.value("when").toDateTime().toLocalTime().toString("d MMM yyyy, HH:mm");
    case KindRole:
        return e.value("kind");
    case TitleRole:
        return e.value("title");
    case DetailRole:
        return e.value("detail");
    case CaseNumberRole:
        return e.value("caseNumber");
    default:
        return {};
    }
}

QHash<int, QByteArray> CaseModel::roleNames() const
{
    return {{EventIdRole, "eventId"},      {WhenRole, "when"},
            {WhenTextRole, "whenText"},    {KindRole, "kind"},
            {TitleRole, "title"},          {DetailRole, "detail"},
            {CaseNumberRole, "caseNumber"}};
}

QVariantMap CaseModel::get(int row) const
{
    QVariantMap out;
    if (row < 0 || row >= rowCount()) {
        return out;
    }
    const auto names = roleNames();
    for (auto it = names.begin(); it != names.end(); ++it) {
        out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    }
    return out;
}

} // namespace doorstep::mobile
