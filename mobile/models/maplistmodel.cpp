#include "models/maplistmodel.h"

#include "models/appcontroller.h"

#include <QSet>

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
    if (i == m_keys.size() + m_derived.size()) {
        return row;
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
    names.insert(role, QByteArrayLiteral("row"));
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
        if (it.value() != "row") {
            out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
        }
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

QString MapListModel::identity(const QVariantMap &row) const
{
    return m_keys.isEmpty() ? QString() : row.value(QString::fromLatin1(m_keys.first())).toString();
}

void MapListModel::setRows(QVariantList rows)
{
    if (rows == m_rows) {
        return;
    }
    const qsizetype before = m_rows.size();
    QStringList ids;
    ids.reserve(rows.size());
    for (const QVariant &row : rows) {
        ids.append(identity(row.toMap()));
    }
    const QSet<QString> wanted(ids.cbegin(), ids.cend());
    // Filling an empty list or emptying one is a reset: one change, nothing to keep.
    const bool keep = !m_rows.isEmpty() && !rows.isEmpty();
    const bool distinct = keep && wanted.size() == ids.size() && !wanted.contains(QString()) &&
                          QSet<QString>(m_ids.cbegin(), m_ids.cend()).size() == m_ids.size();
    if (!distinct) {
        beginResetModel();
        m_rows = std::move(rows);
        m_ids = std::move(ids);
        endResetModel();
    } else {
        for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
            if (!wanted.contains(m_ids.at(i))) {
                beginRemoveRows({}, int(i), int(i));
                m_rows.removeAt(i);
                m_ids.removeAt(i);
                endRemoveRows();
            }
        }
        // Every row left is wanted, so position i either holds row i already, holds it
        // further down (move it up), or the row is new (insert it).
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const qsizetype at = m_ids.indexOf(ids.at(i), i);
            if (at < 0) {
                beginInsertRows({}, int(i), int(i));
                m_rows.insert(i, rows.at(i));
                m_ids.insert(i, ids.at(i));
                endInsertRows();
                continue;
            }
            if (at != i) {
                beginMoveRows({}, int(at), int(at), {}, int(i));
                m_rows.move(at, i);
                m_ids.move(at, i);
                endMoveRows();
            }
            if (m_rows.at(i) != rows.at(i)) {
                m_rows[i] = rows.at(i);
                emit dataChanged(index(int(i)), index(int(i)));
            }
        }
    }
    if (m_rows.size() != before) {
        emit countChanged();
    }
}

QVariant MapListModel::derived(const QVariantMap &, const QByteArray &) const
{
    return {};
}

} // namespace doorstep::mobile
