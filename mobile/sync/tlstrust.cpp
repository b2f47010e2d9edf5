#include "sync/tlstrust.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSslKey>

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

QString pinOf(const QSslCertificate &certificate)
{
    // QSslKey's DER for a public key is its SubjectPublicKeyInfo ("BEGIN PUBLIC KEY").
    const QByteArray spki = certificate.publicKey().toDer();
    return spki.isEmpty()
               ? QString()
               : QString::fromLatin1(
                     QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toBase64());
}

bool isPin(const QString &pin)
{
    const QByteArray bytes =
        QByteArray::fromBase64(pin.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    return bytes.size() == 32 && bytes.toBase64() == pin.toLatin1();
}

bool matchesPins(const QSslCertificate &server, const QStringList &pins)
{
    return pins.isEmpty() || (!server.isNull() && pins.contains(pinOf(server)));
}

QString pinMismatch()
{
    return QStringLiteral("The server's key does not match the one this tablet was enrolled "
                          "with. Tell the council's IT desk; the tablet must be enrolled again "
                          "if the server's key really changed. Nothing was sent.");
}

EnrolLink parseEnrolLink(const QString &text, QString *problem)
{
    EnrolLink link;
    const QString t = text.trimmed();
    if (!t.startsWith(QLatin1String("doorstep:"))) {
        return link;
    }
    const QStringList parts = t.mid(9).split(QLatin1Char(';'));
    const QString head = parts.first();
    const int hash = head.lastIndexOf(QLatin1Char('#'));
    if (hash <= 0 || hash == head.size() - 1) {
        *problem = QStringLiteral("This enrolment link has no server address or no code");
        return link;
    }
    for (int i = 1; i < parts.size(); ++i) {
        const QString pin = parts[i].section(QLatin1Char('='), 1);
        if (!parts[i].startsWith(QLatin1String("pin-sha256=")) || !isPin(pin)) {
            *problem = QStringLiteral("This enrolment link is damaged: \"%1\" is not a key pin")
                           .arg(parts[i].left(40));
            return link;
        }
        link.pins << pin;
    }
    link.server = head.left(hash);
    link.code = head.mid(hash + 1);
    return link;
}

} // namespace doorstep::mobile::tlstrust
