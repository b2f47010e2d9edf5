#include "models/deskmodel.h"

#include "models/appcontroller.h"
#include "store/deskreader.h"

namespace doorstep::mobile {

namespace {

// Every key any view's rows carry; a view leaves the others empty.
QByteArrayList deskKeys()
{
    return {"referralId",
            "version",
            "residentId",
            "residentName",
            "address",
            "source",
            "sourceText",
            "referrer",
            "concern",
            "urgency",
            "urgencyText",
            "status",
            "statusText",
            "receivedAt",
            "dueBy",
            "overdue",
            "caseId",
            "caseNumber",
            "duplicateCaseId",
            "duplicateCaseNumber",
            "consentToShareOutcome",
            "visitId",
            "officerId",
            "officerName",
            "windowStart",
            "windowEnd",
            "purpose",
            "column",
            "overdueSince",
            "lastSeenAt",
            "lastLatitude",
            "lastLongitude",
            "hasLastPosition",
            "acknowledged",
            "acknowledgedBy",
            "acknowledgedAt",
            "acknowledgement",
            "overdueClosed",
            "closedBy",
            "closedAt",
            "deadline",
            "officerPhone",
            "alertRaisedAt",
            "alertReceivedAt",
            "alertEscalatedAt",
            "lateSince",
            "endReason",
            "cardLeft",
            "rebookNeeded",
            "days",
            "total",
            "phone",
            "channel",
            "bestTime",
            "checkedOutAt",
            "dueFrom",
            "late",
            "eventId",
            "raisedBy",
            "raisedAt",
            "details",
            "outcomeSummary",
            "outcomeAt",
            "closed",
            "field",
            "fieldLabel",
            "serverValue",
            "deviceValue",
            "serverText",
            "deviceText",
            "typable",
            "deviceUser",
            "receivedAt",
            "residentUpdatedAt",
            "serverUser",
            "serverSetAt",
            "reference",
            "postcode",
            "wardId",
            "contactNeeds",
            "immediateRisk",
            "declineReason",
            "assignee",
            "assigneeId",
            "steps",
            "attempt",
            "maxAttempts"};
}

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

} // namespace

DeskModel::DeskModel(QObject *parent) : MapListModel(deskKeys(), {}, parent) {}

void DeskModel::watch(AppController *app)
{
    connect(app, &AppController::dataChanged, this, &DeskModel::reload);
}

void DeskModel::setView(View view)
{
    if (view != m_view) {
        m_view = view;
        emit viewChanged();
        reload();
    }
}

void DeskModel::setDay(const QDate &day)
{
    if (day != m_day) {
        m_day = day;
        emit dayChanged();
        reload();
    }
}

void DeskModel::setDays(int days)
{
    if (days != m_days && days > 0) {
        m_days = days;
        emit dayChanged();
        reload();
    }
}

QString DeskModel::identity(const QVariantMap &row) const
{
    QString id;
    for (const char *key : {"referralId", "visitId", "eventId", "officerId"}) {
        id += row.value(QLatin1String(key)).toString() + u'/';
    }
    return id;
}

QVariantMap DeskModel::columnCounts() const
{
    QVariantMap counts;
    for (const QVariant &row : rows()) {
        const QVariantMap m = row.toMap();
        const QString key =
            m.contains("column") ? m.value("column").toString() : m.value("statusText").toString();
        counts[key] = counts.value(key).toInt() + 1;
    }
    return counts;
}

void DeskModel::reload()
{
    if (!app() || !app()->store() || app()->stage() != AppController::Ready) {
        return;
    }
    // The board's and workload's day is the council's, whatever the tablet's zone.
    const CouncilClock &clock = app()->councilClock();
    const QDate day = m_day.isValid() ? m_day : clock.dateOf(app()->nowMs());
    const qint64 dayStart = clock.startOf(day);
    const qint64 dayEnd = clock.startOf(day.addDays(1));
    const int days = m_days;
    DeskQuery query;
    switch (m_view) {
    case Inbox:
        query = [](DeskReader &d, const DeskContext &c) {
            return asVariant(d.referralInbox(c.nowMs, c.referralTargetWorkingDays));
        };
        break;
    case Board:
        query = [dayStart, dayEnd](DeskReader &d, const DeskContext &c) {
            return asVariant(d.board(dayStart, dayEnd, c.nowMs, c.lateGraceMs));
        };
        break;
    case Workload:
        query = [dayStart, days](DeskReader &d, const DeskContext &) {
            return asVariant(d.workload(dayStart, days));
        };
        break;
    case FollowUpCalls:
        query = [](DeskReader &d, const DeskContext &c) {
            return asVariant(d.followUpCalls(c.nowMs, c.followUpAttempts));
        };
        break;
    case Safeguarding:
        query = [](DeskReader &d, const DeskContext &c) {
            return asVariant(d.safeguarding(c.nowMs - 14 * kDayMs));
        };
        break;
    case MyReferrals:
        query = [](DeskReader &d, const DeskContext &c) {
            return asVariant(d.myReferrals(c.nowMs, c.referralTargetWorkingDays));
        };
        break;
    case Conflicts:
        query = [](DeskReader &d, const DeskContext &) { return asVariant(d.conflicts()); };
        break;
    }
    app()->store()->then(
        app()->store()->desk(std::move(query)), this,
        [this](const QVariant &v) {
            setRows(v.toList());
            emit rowsReplaced();
            if (!m_error.isEmpty()) {
                m_error.clear();
                emit errorChanged();
            }
        },
        [this](int, const QString &message) {
            m_error = message;
            emit errorChanged();
        });
}

} // namespace doorstep::mobile
