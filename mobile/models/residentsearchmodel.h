#pragma once

#include "models/maplistmodel.h"

#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// Any resident on the device, found by name, address or case number (FTS4 inside the
// encrypted store). Answers arrive in order; a query typed while one runs replaces it.
class ResidentSearchModel : public doorstep::mobile::MapListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)

public:
    explicit ResidentSearchModel(QObject *parent = nullptr);

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    // Runs the query again.
    void reload() override;

signals:
    void queryChanged();

protected:
    void watch(AppController *) override {}

private:
    QString m_query;
    quint64 m_latest = 0;
};

} // namespace doorstep::mobile
