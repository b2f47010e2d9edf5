#include "models/residentsearchmodel.h"

#include "models/appcontroller.h"

namespace doorstep::mobile {

ResidentSearchModel::ResidentSearchModel(QObject *parent) : QAbstractListModel(parent) {}

void ResidentSearchModel::setApp(AppController *app)
{
    if (app != m_app) {
        m_app = app;
        emit appChanged();
        run();
    }
}

void ResidentSearchModel::setQuery(const QString &query)
{
    if (query != m_query) {
        m_query = query;
        emit queryChanged();
        run();
    }
}

void ResidentSearchModel::run()
{
    if (!m_app || !m_app->store()) {
        return;
    }
    if (m_query.trimmed().isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
        emit countChanged();
        return;
    }
    const quint64 request = m_app->store()->searchResidents(m_query);
    m_latest = request;
    m_app->store()->then(request, this, [this, request](const QVariant &v) {
        if (request != m_latest) {
            return; // an older query's answer
        }
        beginResetModel();
        m_rows = v.toList();
        endResetModel();
        emit countChanged();
    });
}

int ResidentSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ResidentSearchModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const QVariantMap r = m_rows.at(index.row()).toMap();
    switch (role) {
    case ResidentIdRole:
        return r.value("residentId");
    case NameRole:
        return r.value("name");
    case AddressRole:
        return r.value("address");
    case CaseNumbersRole:
        return r.value("caseNumbers");
    case CaseIdRole:
        return r.value("caseId");
    default:
        return {};
    }
}

QHash<int, QByteArray> ResidentSearchModel::roleNames() const
{
    return {{ResidentIdRole, "residentId"},
            {NameRole, "name"},
            {AddressRole, "address"},
            {CaseNumbersRole, "caseNumbers"},
            {CaseIdRole, "caseId"}};
}

QVariantMap ResidentSearchModel::get(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).toMap() : QVariantMap();
}

} // namespace doorstep::mobile
