#include "models/outboxmodel.h"

#include "models/appcontroller.h"

#include <QDateTime>

namespace doorstep::mobile {

OutboxModel::OutboxModel(QObject *parent)
    : MapListModel({"mutationId", "state", "attempts", "description", "error"}, {"createdAtText"},
                   parent)
{}

void OutboxModel::watch(AppController *app)
{
    connect(app, &AppController::syncStatusChanged, this, &OutboxModel::reload);
}

void OutboxModel::reload()
{
    if (!app() || !app()->store() || app()->stage() != AppController::Ready) {
        return;
    }
    app()->store()->then(app()->store()->outboxEntries(), this,
                         [this](const QVariant &v) { setRows(v.toList()); });
}

void OutboxModel::dismiss(const QString &mutationId)
{
    if (!app() || !app()->store()) {
        return;
    }
    app()->store()->then(app()->store()->dismissQuarantined(mutationId), this,
                         [this](const QVariant &) {
                             reload();
                             app()->notifyDataChanged();
                         });
}

QVariant OutboxModel::derived(const QVariantMap &row, const QByteArray &role) const
{
    if (role == "createdAtText") {
        return app() ? app()->councilClock().format(row.value("createdAt").toDateTime(),
                                                    "d MMM HH:mm")
                     : QString();
    }
    return {};
}

} // namespace doorstep::mobile
