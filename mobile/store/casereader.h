#pragma once

#include "db/database.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/forms.pb.h"

#include <QVariantList>
#include <QVariantMap>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace doorstep::mobile {

// Reads what the screens show, straight from the encrypted store, as QVariant maps the models
// hand to QML: visits with their resident's contact needs and risk markers, a case with its
// timeline, the form definitions. Runs on the store's worker thread.
class CaseReader
{
public:
    explicit CaseReader(db::Database &db) : m_db(db) {}

    // Visits whose window overlaps [fromMs, toMs), and any visit under way (in progress,
    // overdue or in alert) whatever its day, such as one begun before midnight; earliest
    // first. Each map holds visitId,
    // caseId, caseNumber, residentId, residentName, address, postcode, hasLocation, latitude,
    // longitude, windowStart, windowEnd (QDateTime), status, statusText, purpose, needs and
    // risks (QStringList), loneWorkerDeadline (QDateTime, invalid when unset).
    Result<QVariantList> visits(std::int64_t fromMs, std::int64_t toMs);
    Result<QVariantMap> visit(const std::string &visitId);
    // The officer's visit under way (checked in: in progress, overdue or in alert), as
    // visits() gives it; the latest if, from an older version, there is more than one. An
    // empty map when there is none.
    Result<QVariantMap> visitInProgress(const std::string &officerUserId);

    // The case, its resident and its timeline (newest first), plus recentContacts and, when
    // they reach kpi::kRepeatContacts, repeatContactNotice. An empty map when the case is not here.
    Result<QVariantMap> caseDetail(const std::string &caseId, std::int64_t nowMs);

    // The case to open for a resident: their newest open case, else their newest case.
    Result<std::string> caseOfResident(const std::string &residentId);

    // Every form definition on the device, each version, as its stored bytes.
    Result<QVariantList> formDefinitions();

    // What a visit flow needs, as serialized protobuf: visit, resident (empty when not on the
    // device), caseId, referralSource (of the referral that opened the case, for relevance)
    // and forms (a QVariantList of FormDefinition bytes). Empty when the visit is not here.
    Result<QVariantMap> flowContext(const std::string &visitId);

private:
    Result<QVariantList> visitRows(const char *sql,
                                   const std::function<void(db::Statement &)> &bind);
    db::Database &m_db;
};

} // namespace doorstep::mobile
