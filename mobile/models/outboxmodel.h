#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// What is waiting to send, and every change the server refused (quarantined), first. A
// refused change stays here, with the server's reason, until the officer dismisses it.
class OutboxModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        MutationIdRole = Qt::UserRole + 1,
        StateRole,
        CreatedAtTextRole,
        AttemptsRole,
        DescriptionRole,
        ErrorRole
    };

    explicit OutboxModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController *app() const { return m_app; }
    void setApp(AppController *app);

    Q_INVOKABLE void reload();
    Q_INVOKABLE void dismiss(const QString &mutationId);

signals:
    void appChanged();
    void countChanged();

private:
    QPointer<AppController> m_app;
    QVariantList m_rows;
};

} // namespace doorstep::mobile
