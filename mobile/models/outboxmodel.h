#pragma once

#include "models/maplistmodel.h"

#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// What is waiting to send, and every change the server refused (quarantined), first. A
// refused change stays here, with the server's reason, until the officer dismisses it.
class OutboxModel : public doorstep::mobile::MapListModel
{
    Q_OBJECT
    QML_ELEMENT

public:
    explicit OutboxModel(QObject *parent = nullptr);

    void reload() override;
    Q_INVOKABLE void dismiss(const QString &mutationId);

protected:
    void watch(AppController *app) override;
    QVariant derived(const QVariantMap &row, const QByteArray &role) const override;
};

} // namespace doorstep::mobile
