#include "models/residentsearchmodel.h"

#include "models/appcontroller.h"

namespace doorstep::mobile {

ResidentSearchModel::ResidentSearchModel(QObject *parent)
    : MapListModel({"residentId", "name", "address", "caseNumbers", "caseId"}, {}, parent)
{}

void ResidentSearchModel::setApp(AppController *app)
{
    if (app != m_app) {
        m_app = app;
        emit appChanged();
        run();
    }
}

void ResidentSearchModel::setQuery(const QString &query)
{
    if (query != m_query) {
        m_query = query;
        emit queryChanged();
        run();
    }
}

void ResidentSearchModel::run()
{
    if (!m_app || !m_app->store()) {
        return;
    }
    if (m_query.trimmed().isEmpty()) {
        setRows({});
        emit countChanged();
        return;
    }
    const quint64 request = m_app->store()->searchResidents(m_query);
    m_latest = request;
    m_app->store()->then(request, this, [this, request](const QVariant &v) {
        if (request != m_latest) {
            return; // an older query's answer
        }
        setRows(v.toList());
        emit countChanged();
    });
}

} // namespace doorstep::mobile
