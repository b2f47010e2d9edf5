#include "models/maplistmodel.h"

namespace doorstep::mobile {

QVariantMap rowByRoleName(const QAbstractListModel &model, int row)
{
    QVariantMap out;
    if (row < 0 || row >= model.rowCount()) {
        return out;
    }
    const auto names = model.roleNames();
    for (auto it = names.begin(); it != names.end(); ++it) {
        out.insert(QString::fromLatin1(it.value()), model.data(model.index(row), it.key()));
    }
    return out;
}

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
    return rowByRoleName(*this, row);
}

void MapListModel::setRows(QVariantList rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QVariant MapListModel::derived(const QVariantMap &, const QByteArray &) const
{
    return {};
}

} // namespace doorstep::mobile
