#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// Any resident on the device, found by name, address or case number (FTS4 inside the
// encrypted store). Answers arrive in order; a query typed while one runs replaces it.
class ResidentSearchModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        ResidentIdRole = Qt::UserRole + 1,
        NameRole,
        AddressRole,
        CaseNumbersRole,
        CaseIdRole
    };

    explicit ResidentSearchModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController *app() const { return m_app; }
    void setApp(AppController *app);
    QString query() const { return m_query; }
    void setQuery(const QString &query);
    Q_INVOKABLE QVariantMap get(int row) const;

signals:
    void appChanged();
    void queryChanged();
    void countChanged();

private:
    void run();

    QPointer<AppController> m_app;
    QString m_query;
    quint64 m_latest = 0;
    QVariantList m_rows;
};

} // namespace doorstep::mobile
