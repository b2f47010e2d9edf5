#pragma once

#include <string>
#include <string_view>

namespace doorstep::server::secrets {

// SHA-256 of the secret, as lowercase hex. Device secrets, access tokens and enrolment codes
// are all long random values made by the server (128 bits and more), so a fast unsalted hash
// is enough: there is no dictionary to attack. Only these hashes are stored.
std::string hash(std::string_view secret);

// Constant-time comparison, so that checking a secret leaks nothing through timing.
bool equal(std::string_view a, std::string_view b);

// URL-safe, unpadded base64 of raw bytes: how tokens and device secrets travel.
std::string base64Url(std::string_view bytes);

// A one-time code a person can read out and type: groups of 4 from an alphabet without
// look-alike characters (no 0/O, 1/I/L), for example "K7QM-4XZD-9WRT-HN3P" (80 bits).
std::string humanCode(std::string_view randomBytes);

// Upper-cases and drops spaces and dashes, so "k7qm 4xzd…" matches "K7QM-4XZD-…".
std::string normaliseCode(std::string_view typed);

} // namespace doorstep::server::secrets
