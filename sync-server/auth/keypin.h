#pragma once

#include "error/result.h"

#include <string>
#include <vector>

namespace doorstep::server {

// Public-key pins for the tablets, as RFC 7469 (section 2.4) defines "pin-sha256": the base64
// of the SHA-256 of the key's DER-encoded SubjectPublicKeyInfo. The same value as
//   openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der |
//     openssl dgst -sha256 -binary | openssl enc -base64
// A pin survives a certificate's renewal when the key is kept; a second pin names the backup
// key the server moves to at rotation (docs/security.md).
namespace keypin {

// The pin of the key in a PEM file: a certificate, a public key or a private key.
Result<std::string> ofPemFile(const std::string &path);

// The enrolment link a tablet takes in place of a server address and code (typed, pasted or
// read from a QR code): doorstep:SERVER#CODE, then ;pin-sha256=PIN for each pin.
std::string enrolmentLink(const std::string &server, const std::string &code,
                          const std::vector<std::string> &pins);

} // namespace keypin
} // namespace doorstep::server
