#pragma once

#include "models/maplistmodel.h"

#include <QPointer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// One resident's case: who they are, how to contact them, their vulnerabilities and the risk
// markers on their address, and the timeline (the rows of this model, newest first) of every
// contact, visit, outcome and referral. Set caseId, or residentId to open their current case.
class CaseModel : public doorstep::mobile::MapListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(QString caseId READ caseId WRITE setCaseId NOTIFY caseIdChanged)
    Q_PROPERTY(QString residentId READ residentId WRITE setResidentId NOTIFY residentIdChanged)
    Q_PROPERTY(bool found READ found NOTIFY loaded)
    Q_PROPERTY(QString caseNumber READ caseNumber NOTIFY loaded)
    // The case shown: caseId, or the resident's current case when opened by residentId.
    Q_PROPERTY(QString shownCaseId READ shownCaseId NOTIFY loaded)
    Q_PROPERTY(QString caseStatus READ caseStatus NOTIFY loaded)
    // Why the case was closed, once it is.
    Q_PROPERTY(QString closeReason READ closeReason NOTIFY loaded)
    Q_PROPERTY(QString residentName READ residentName NOTIFY loaded)
    Q_PROPERTY(QString address READ address NOTIFY loaded)
    Q_PROPERTY(QString postcode READ postcode NOTIFY loaded)
    Q_PROPERTY(QString dateOfBirth READ dateOfBirth NOTIFY loaded)
    Q_PROPERTY(QString phone READ phone NOTIFY loaded)
    Q_PROPERTY(QStringList needs READ needs NOTIFY loaded)
    Q_PROPERTY(QStringList vulnerabilities READ vulnerabilities NOTIFY loaded)
    Q_PROPERTY(QStringList risks READ risks NOTIFY loaded)
    Q_PROPERTY(int recentContacts READ recentContacts NOTIFY loaded)
    Q_PROPERTY(QString repeatContactNotice READ repeatContactNotice NOTIFY loaded)
    Q_PROPERTY(QVariantList visits READ visits NOTIFY loaded)
    // How to reach the resident, their preferred channel first (store/contactoptions.h).
    Q_PROPERTY(QVariantList contactOptions READ contactOptions NOTIFY loaded)
    Q_PROPERTY(QString error READ error NOTIFY loaded)

public:
    explicit CaseModel(QObject *parent = nullptr);

    QString caseId() const { return m_caseId; }
    void setCaseId(const QString &id);
    QString residentId() const { return m_residentId; }
    void setResidentId(const QString &id);

    bool found() const { return !m_detail.isEmpty(); }
    QString caseNumber() const { return text("caseNumber"); }
    QString shownCaseId() const { return m_detail.value("caseId").toString(); }
    QString caseStatus() const { return text("caseStatus"); }
    QString closeReason() const { return text("closeReason"); }
    QString residentName() const { return text("residentName"); }
    QString address() const { return text("address"); }
    QString postcode() const { return text("postcode"); }
    QString dateOfBirth() const { return text("dateOfBirth"); }
    QString phone() const { return text("phone"); }
    QStringList needs() const { return m_detail.value("needs").toStringList(); }
    QStringList vulnerabilities() const { return m_detail.value("vulnerabilities").toStringList(); }
    QStringList risks() const { return m_detail.value("risks").toStringList(); }
    int recentContacts() const { return m_detail.value("recentContacts").toInt(); }
    QString repeatContactNotice() const { return text("repeatContactNotice"); }
    QVariantList visits() const { return m_detail.value("visits").toList(); }
    QVariantList contactOptions() const { return m_detail.value("contactOptions").toList(); }
    QString error() const { return m_error; }

    void reload() override;

signals:
    void caseIdChanged();
    void residentIdChanged();
    void loaded();

protected:
    void watch(AppController *app) override;
    QVariant derived(const QVariantMap &row, const QByteArray &role) const override;

private:
    QString text(const char *key) const { return m_detail.value(key).toString(); }

    QString m_caseId;
    QString m_residentId;
    QVariantMap m_detail;
    QString m_error;
};

} // namespace doorstep::mobile
