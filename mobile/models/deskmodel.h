#pragma once

#include "models/maplistmodel.h"

#include <QDateTime>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

// One of the coordinator's or ward member's lists (DeskReader), reloaded whenever the
// store's records change: the referral inbox, the live board for a day, officers' workload
// for the days from a date, the follow-up calls due, safeguarding concerns of the last 14
// days, or the ward member's own referrals. Rows carry DeskReader's keys as roles.
class DeskModel : public doorstep::mobile::MapListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(View view READ view WRITE setView NOTIFY viewChanged)
    // The board's day, and the first day of the workload; today when not set.
    Q_PROPERTY(QDate day READ day WRITE setDay NOTIFY dayChanged)
    // Days of workload.
    Q_PROPERTY(int days READ days WRITE setDays NOTIFY dayChanged)
    // The board's day as people read it, "Mon 7 Dec" (the council's date).
    Q_PROPERTY(QString dayLabel READ dayLabel NOTIFY rowsReplaced)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // Rows per board column ("overdue": 2, ...), or for rows with no column (the inbox) per
    // status in words ("Received": 31, "Triaged": 351), for headings.
    Q_PROPERTY(QVariantMap columnCounts READ columnCounts NOTIFY rowsReplaced)
    // Finding things among hundreds: words to look for in the name, postcode, address, case
    // number or referral reference; a ward id; an officer id; an urgency (v1::Urgency, 0 for
    // any). Empty means no filter. totalCount is the rows before filtering.
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    Q_PROPERTY(QString ward READ ward WRITE setWard NOTIFY filterChanged)
    Q_PROPERTY(QString officer READ officer WRITE setOfficer NOTIFY filterChanged)
    Q_PROPERTY(int urgency READ urgency WRITE setUrgency NOTIFY filterChanged)
    Q_PROPERTY(int totalCount READ totalCount NOTIFY rowsReplaced)

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
    // The board's day moves `days` council days from the one shown (today when not set).
    Q_INVOKABLE void moveDay(int days);
    QString dayLabel() const;
    QString search() const { return m_search; }
    void setSearch(const QString &search);
    QString ward() const { return m_ward; }
    void setWard(const QString &ward);
    QString officer() const { return m_officer; }
    void setOfficer(const QString &officer);
    int urgency() const { return m_urgency; }
    void setUrgency(int urgency);
    int totalCount() const { return int(m_all.size()); }

    struct Filter
    {
        QString search;
        QString ward;
        QString officer;
        int urgency = 0;
    };
    // Whether a row passes: every word of `search` is in one of its name, postcode, address,
    // case number or reference (any case, spaces in postcodes ignored), and the ward, officer
    // and urgency match when set.
    static bool matches(const QVariantMap &row, const Filter &filter);

signals:
    void viewChanged();
    void dayChanged();
    void errorChanged();
    void rowsReplaced();
    void filterChanged();

protected:
    void watch(AppController *app) override;
    // A referral, visit, safeguarding event or officer: whichever the view's rows are.
    QString identity(const QVariantMap &row) const override;

private:
    void applyFilter();
    QVariantList m_all;
    QString m_search;
    QString m_ward;
    QString m_officer;
    int m_urgency = 0;
    View m_view = Inbox;
    QDate m_day;
    int m_days = 5;
    QString m_error;
};

} // namespace doorstep::mobile
