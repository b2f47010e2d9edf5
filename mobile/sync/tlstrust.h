#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

namespace doorstep::mobile {

// Which certificate authorities the tablet trusts for the sync server, and what to say when a
// server's certificate fails. Many councils run their own PKI: the council's CA bundle (PEM)
// is trusted in addition to the system's store, from the app's --ca-file option or the file
// `council-ca.pem` in the app's data directory (docs/security.md).
namespace tlstrust {

// The file the app reads the council's CA bundle from when no option names one.
inline constexpr const char *kCouncilCaFileName = "council-ca.pem";

// The certificates in a PEM bundle. `problem` says why a named file gave none (missing,
// unreadable, or no certificate in it); empty when the path is empty or all is well.
QList<QSslCertificate> loadBundle(const QString &path, QString *problem);

// One plain sentence for a failed TLS handshake, with no secret in it: the certificate has
// expired, is for another address, or is not trusted by this tablet; something else
// otherwise. Never "no signal": a certificate fault is not a dead spot.
QString describe(const QList<QSslError> &errors);

} // namespace tlstrust
} // namespace doorstep::mobile
