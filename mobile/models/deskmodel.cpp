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

void DeskModel::moveDay(int days)
{
    if (!app()) {
        return;
    }
    const QDate shown = m_day.isValid() ? m_day : app()->councilClock().dateOf(app()->nowMs());
    setDay(shown.addDays(days));
}

QString DeskModel::dayLabel() const
{
    if (!app()) {
        return {};
    }
    const CouncilClock &clock = app()->councilClock();
    const QDate shown = m_day.isValid() ? m_day : clock.dateOf(app()->nowMs());
    return clock.format(
        QDateTime::fromMSecsSinceEpoch(clock.startOf(shown) + 12 * 3600 * 1000, Qt::UTC),
        "ddd d MMM");
}

void DeskModel::setDays(int days)
{
    if (days != m_days && days > 0) {
        m_days = days;
        emit dayChanged();
        reload();
    }
}

bool DeskModel::matches(const QVariantMap &row, const Filter &filter)
{
    if ((!filter.ward.isEmpty() && row.value("wardId").toString() != filter.ward) ||
        (!filter.officer.isEmpty() && row.value("officerId").toString() != filter.officer) ||
        (filter.urgency != 0 && row.value("urgency").toInt() != filter.urgency)) {
        return false;
    }
    const auto squash = [](QString s) { return s.remove(u' ').toCaseFolded(); };
    QString haystack;
    for (const char *key : {"residentName", "postcode", "address", "caseNumber", "reference"}) {
        haystack += row.value(QLatin1String(key)).toString() + u'\n';
    }
    const QString folded = haystack.toCaseFolded();
    const QString squashed = squash(haystack);
    for (const QString &word : filter.search.split(u' ', Qt::SkipEmptyParts)) {
        if (!folded.contains(word.toCaseFolded()) && !squashed.contains(squash(word))) {
            return false;
        }
    }
    return true;
}

void DeskModel::applyFilter()
{
    const Filter filter{m_search.trimmed(), m_ward, m_officer, m_urgency};
    QVariantList shown;
    for (const QVariant &row : m_all) {
        if (matches(row.toMap(), filter)) {
            shown.append(row);
        }
    }
    setRows(shown);
    emit rowsReplaced();
}

void DeskModel::setSearch(const QString &search)
{
    if (search != m_search) {
        m_search = search;
        emit filterChanged();
        applyFilter();
    }
}

void DeskModel::setWard(const QString &ward)
{
    if (ward != m_ward) {
        m_ward = ward;
        emit filterChanged();
        applyFilter();
    }
}

void DeskModel::setOfficer(const QString &officer)
{
    if (officer != m_officer) {
        m_officer = officer;
        emit filterChanged();
        applyFilter();
    }
}

void DeskModel::setUrgency(int urgency)
{
    if (urgency != m_urgency) {
        m_urgency = urgency;
        emit filterChanged();
        applyFilter();
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
            m_all = v.toList();
            applyFilter();
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
