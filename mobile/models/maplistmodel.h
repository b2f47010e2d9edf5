#pragma once

#include <QAbstractListModel>
#include <QByteArrayList>
#include <QPointer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// A list model over rows the store worker answered with, for one AppController: each row a
// QVariantMap, each role one of its keys, named the same in QML, and the role `row` the whole
// map (for a delegate that takes the row as one object; it follows updates like any role). A
// subclass names its roles once, may work out extra ones (a date in words) in derived(), says which
// of the controller's signals make it reload in watch(), and fetches its rows in reload().
class MapListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ANONYMOUS

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    AppController *app() const { return m_app; }
    void setApp(AppController *app);
    int count() const { return int(m_rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // One row by role name, for QML and tests.
    Q_INVOKABLE QVariantMap get(int row) const;
    Q_INVOKABLE virtual void reload() = 0;

signals:
    void appChanged();
    void countChanged();

protected:
    // `keys`: the row keys served as roles, in role order from Qt::UserRole + 1; `derived`:
    // roles worked out by derived(), after them.
    MapListModel(QByteArrayList keys, QByteArrayList derived, QObject *parent);
    // Connects the controller's signals this model follows; called when app is set.
    virtual void watch(AppController *app) = 0;
    virtual QVariant derived(const QVariantMap &row, const QByteArray &role) const;
    // What makes a row the same row from one reload to the next: by default the value of the
    // first key (an id).
    virtual QString identity(const QVariantMap &row) const;
    // Brings the rows to `rows` with the fewest changes: rows that went are removed, new ones
    // inserted, ones that moved are moved and ones whose values changed are updated in place.
    // An unchanged list changes nothing, so a list someone is reading keeps its place and its
    // cards while the app syncs. Rows without distinct identities are replaced (a reset).
    void setRows(QVariantList rows);
    const QVariantList &rows() const { return m_rows; }
    int roleOf(const QByteArray &name) const;

private:
    QPointer<AppController> m_app;
    QByteArrayList m_keys;
    QByteArrayList m_derived;
    QVariantList m_rows;
    QStringList m_ids; // identity() of each row in m_rows
};

} // namespace doorstep::mobile
