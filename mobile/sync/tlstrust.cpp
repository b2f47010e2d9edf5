#include "sync/tlstrust.h"

#include <QFile>

namespace doorstep::mobile::tlstrust {

QList<QSslCertificate> loadBundle(const QString &path, QString *problem)
{
    if (path.isEmpty()) {
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (problem) {
            *problem = QStringLiteral("The council's certificate file %1 cannot be read").arg(path);
        }
        return {};
    }
    const QList<QSslCertificate> certificates =
        QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty() && problem) {
        *problem =
            QStringLiteral("The council's certificate file %1 holds no PEM certificate").arg(path);
    }
    return certificates;
}

QString describe(const QList<QSslError> &errors)
{
    const auto has = [&](std::initializer_list<QSslError::SslError> kinds) {
        for (const QSslError &e : errors) {
            for (QSslError::SslError k : kinds) {
                if (e.error() == k) {
                    return true;
                }
            }
        }
        return false;
    };
    if (has({QSslError::CertificateExpired, QSslError::CertificateNotYetValid})) {
        return QStringLiteral("The server's certificate has expired (or is not valid yet). "
                              "The server's administrator must renew it; nothing was sent.");
    }
    if (has({QSslError::HostNameMismatch})) {
        return QStringLiteral("The server's certificate is for another address. Check the "
                              "server address on this tablet with the administrator; nothing "
                              "was sent.");
    }
    if (has({QSslError::SelfSignedCertificate, QSslError::SelfSignedCertificateInChain,
             QSslError::UnableToGetLocalIssuerCertificate, QSslError::UnableToGetIssuerCertificate,
             QSslError::UnableToVerifyFirstCertificate, QSslError::CertificateUntrusted,
             QSslError::CertificateRejected})) {
        return QStringLiteral("The server's certificate is not trusted by this tablet. The "
                              "administrator can give it the council's certificate authority; "
                              "nothing was sent.");
    }
    return QStringLiteral("The secure connection to the server failed (%1); nothing was sent.")
        .arg(errors.isEmpty() ? QStringLiteral("no detail") : errors.first().errorString());
}

} // namespace doorstep::mobile::tlstrust
