#include "models/casemodel.h"

#include "models/appcontroller.h"

#include <QDateTime>

namespace doorstep::mobile {

CaseModel::CaseModel(QObject *parent)
    : MapListModel({"eventId", "when", "kind", "title", "detail", "caseNumber"}, {"whenText"},
                   parent)
{}

void CaseModel::watch(AppController *app)
{
    connect(app, &AppController::dataChanged, this, &CaseModel::reload);
}

void CaseModel::setCaseId(const QString &id)
{
    if (id != m_caseId) {
        m_caseId = id;
        emit caseIdChanged();
        reload();
    }
}

void CaseModel::setResidentId(const QString &id)
{
    if (id != m_residentId) {
        m_residentId = id;
        emit residentIdChanged();
        reload();
    }
}

void CaseModel::reload()
{
    if (!app() || !app()->store() || (m_caseId.isEmpty() && m_residentId.isEmpty())) {
        return;
    }
    app()->store()->then(
        app()->store()->caseDetail(m_caseId, m_residentId), this,
        [this](const QVariant &v) {
            m_detail = v.toMap();
            m_error = m_detail.isEmpty() ? tr("This case is not on this device.") : QString();
            setRows(m_detail.value("timeline").toList());
            emit loaded();
        },
        [this](int, const QString &message) {
            m_error = message;
            emit loaded();
        });
}

QVariant CaseModel::derived(const QVariantMap &row, const QByteArray &role) const
{
    if (role == "whenText") {
        return app() ? app()->councilClock().format(row.value("when").toDateTime(),
                                                    "d MMM yyyy, HH:mm")
                     : QString();
    }
    return {};
}

} // namespace doorstep::mobile
