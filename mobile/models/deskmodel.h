#pragma once

#include "models/maplistmodel.h"

#include <QDateTime>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

// One of the coordinator's or ward member's lists (DeskReader), reloaded whenever the
// store's records change: the referral inbox, the live board for a day, officers' workload
// for the days from a date, the follow-up calls due, safeguarding concerns of the last 14
// days, or the ward member's own referrals. Rows carry DeskReader's keys as roles.
class DeskModel : public MapListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(View view READ view WRITE setView NOTIFY viewChanged)
    // The board's day, and the first day of the workload; today when not set.
    Q_PROPERTY(QDate day READ day WRITE setDay NOTIFY dayChanged)
    // Days of workload.
    Q_PROPERTY(int days READ days WRITE setDays NOTIFY dayChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // Rows per board column ("overdue": 2, ...), or for rows with no column (the inbox) per
    // status in words ("Received": 31, "Triaged": 351), for headings.
    Q_PROPERTY(QVariantMap columnCounts READ columnCounts NOTIFY rowsReplaced)

public:
    enum View { Inbox, Board, Workload, FollowUpCalls, Safeguarding, MyReferrals, Conflicts };
    Q_ENUM(View)

    explicit DeskModel(QObject *parent = nullptr);

    View view() const { return m_view; }
    void setView(View view);
    QDate day() const { return m_day; }
    void setDay(const QDate &day);
    int days() const { return m_days; }
    void setDays(int days);
    QString error() const { return m_error; }

    void reload() override;
    QVariantMap columnCounts() const;

signals:
    void viewChanged();
    void dayChanged();
    void errorChanged();
    void rowsReplaced();

protected:
    void watch(AppController *app) override;
    // A referral, visit, safeguarding event or officer: whichever the view's rows are.
    QString identity(const QVariantMap &row) const override;

private:
    View m_view = Inbox;
    QDate m_day;
    int m_days = 5;
    QString m_error;
};

} // namespace doorstep::mobile
