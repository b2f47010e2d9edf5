#include "models/residentsearchmodel.h"

#include "models/appcontroller.h"

namespace doorstep::mobile {

ResidentSearchModel::ResidentSearchModel(QObject *parent)
    : MapListModel({"residentId", "name", "address", "caseNumbers", "caseId"}, {}, parent)
{}

void ResidentSearchModel::setQuery(const QString &query)
{
    if (query != m_query) {
        m_query = query;
        emit queryChanged();
        reload();
    }
}

void ResidentSearchModel::reload()
{
    if (!app() || !app()->store()) {
        return;
    }
    if (m_query.trimmed().isEmpty()) {
        setRows({});
        return;
    }
    const quint64 request = app()->store()->searchResidents(m_query);
    m_latest = request;
    app()->store()->then(request, this, [this, request](const QVariant &v) {
        if (request != m_latest) {
            return; // an older query's answer
        }
        setRows(v.toList());
    });
}

} // namespace doorstep::mobile
