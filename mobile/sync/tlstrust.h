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

// Public-key pins (RFC 7469, section 2.4): a pin is the base64 of the SHA-256 of a key's DER
// SubjectPublicKeyInfo, as `doorstep-server device enrol-code --link --pin-key` prints it. A
// tablet enrolled with pins talks only to a server presenting one of those keys.
QString pinOf(const QSslCertificate &certificate);
// Whether the text is a pin: base64 of 32 bytes.
bool isPin(const QString &pin);
// Whether the server's own certificate (the leaf, which the handshake proved it holds the
// key of) carries a pinned key; true when there are no pins. Never the rest of the chain the
// server sent: anything can be appended there.
bool matchesPins(const QSslCertificate &server, const QStringList &pins);
// What the tablet says when they do not.
QString pinMismatch();

// The enrolment link a tablet takes in place of a server address and a code (pasted, or read
// from a QR code): doorstep:SERVER#CODE, then ;pin-sha256=PIN for each pin.
struct EnrolLink
{
    QString server;
    QString code;
    QStringList pins;
};
// Empty server when the text is not a link; `problem` says what is wrong with one that is.
EnrolLink parseEnrolLink(const QString &text, QString *problem);

} // namespace tlstrust
} // namespace doorstep::mobile
