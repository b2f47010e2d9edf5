#pragma once

#include "models/maplistmodel.h"

#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// What is waiting to send, and every change the server refused (quarantined), first. A
// refused change stays here, with the server's reason, until the officer dismisses it.
class OutboxModel : public MapListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    explicit OutboxModel(QObject *parent = nullptr);

    AppController *app() const { return m_app; }
    void setApp(AppController *app);

    Q_INVOKABLE void reload();
    Q_INVOKABLE void dismiss(const QString &mutationId);

signals:
    void appChanged();
    void countChanged();

protected:
    QVariant derived(const QVariantMap &row, const QByteArray &role) const override;

private:
    QPointer<AppController> m_app;
};

} // namespace doorstep::mobile
