#include "models/maplistmodel.h"

#include "models/appcontroller.h"

namespace doorstep::mobile {

MapListModel::MapListModel(QByteArrayList keys, QByteArrayList derived, QObject *parent)
    : QAbstractListModel(parent), m_keys(std::move(keys)), m_derived(std::move(derived))
{}

int MapListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MapListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const int i = role - (Qt::UserRole + 1);
    const QVariantMap row = m_rows.at(index.row()).toMap();
    if (i >= 0 && i < m_keys.size()) {
        return row.value(QString::fromLatin1(m_keys.at(i)));
    }
    if (i >= m_keys.size() && i < m_keys.size() + m_derived.size()) {
        return derived(row, m_derived.at(i - m_keys.size()));
    }
    return {};
}

QHash<int, QByteArray> MapListModel::roleNames() const
{
    QHash<int, QByteArray> names;
    int role = Qt::UserRole + 1;
    for (const auto &list : {m_keys, m_derived}) {
        for (const QByteArray &name : list) {
            names.insert(role++, name);
        }
    }
    return names;
}

QVariantMap MapListModel::get(int row) const
{
    QVariantMap out;
    if (row < 0 || row >= m_rows.size()) {
        return out;
    }
    const auto names = roleNames();
    for (auto it = names.begin(); it != names.end(); ++it) {
        out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    }
    return out;
}

void MapListModel::setApp(AppController *app)
{
    if (app == m_app) {
        return;
    }
    if (m_app) {
        disconnect(m_app, nullptr, this, nullptr);
    }
    m_app = app;
    if (m_app) {
        watch(m_app);
    }
    emit appChanged();
    reload();
}

int MapListModel::roleOf(const QByteArray &name) const
{
    const int key = int(m_keys.indexOf(name));
    if (key >= 0) {
        return Qt::UserRole + 1 + key;
    }
    const int derived = int(m_derived.indexOf(name));
    return derived >= 0 ? Qt::UserRole + 1 + int(m_keys.size()) + derived : -1;
}

void MapListModel::setRows(QVariantList rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges) {
        emit countChanged();
    }
}

QVariant MapListModel::derived(const QVariantMap &, const QByteArray &) const
{
    return {};
}

} // namespace doorstep::mobile
