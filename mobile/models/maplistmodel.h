#pragma once

#include <QAbstractListModel>
#include <QByteArrayList>
#include <QVariantList>
#include <QVariantMap>

namespace doorstep::mobile {

// One row of any list model as {role name: value}: what QML's get(row) hands over.
QVariantMap rowByRoleName(const QAbstractListModel &model, int row);

// A list model over rows the store worker answered with: each row a QVariantMap, each role
// one of its keys, named the same in QML. A subclass names its roles once and may work out
// extra ones (a date in words) in derived(). get(row) hands a whole row to QML and tests.
class MapListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE QVariantMap get(int row) const;

protected:
    // `keys`: the row keys served as roles, in role order from Qt::UserRole + 1; `derived`:
    // roles worked out by derived(), after them.
    MapListModel(QByteArrayList keys, QByteArrayList derived, QObject *parent);
    // Replaces every row (a model reset).
    void setRows(QVariantList rows);
    const QVariantList &rows() const { return m_rows; }
    virtual QVariant derived(const QVariantMap &row, const QByteArray &role) const;

private:
    QByteArrayList m_keys;
    QByteArrayList m_derived;
    QVariantList m_rows;
};

} // namespace doorstep::mobile
