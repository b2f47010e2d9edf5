#pragma once

#include "models/maplistmodel.h"

#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// Any resident on the device, found by name, address or case number (FTS4 inside the
// encrypted store). Answers arrive in order; a query typed while one runs replaces it.
class ResidentSearchModel : public MapListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    explicit ResidentSearchModel(QObject *parent = nullptr);

    AppController *app() const { return m_app; }
    void setApp(AppController *app);
    QString query() const { return m_query; }
    void setQuery(const QString &query);

signals:
    void appChanged();
    void queryChanged();
    void countChanged();

private:
    void run();

    QPointer<AppController> m_app;
    QString m_query;
    quint64 m_latest = 0;
};

} // namespace doorstep::mobile
