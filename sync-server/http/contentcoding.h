#pragma once

#include <string>
#include <string_view>

namespace doorstep::server {

// How an answer's body is encoded on the wire (Content-Encoding).
enum class AnswerCoding { Identity, Gzip, Zstd };

// The coding for an answer, from the request's Accept-Encoding (RFC 9110 section 12.5.3: a
// list of codings, each with an optional weight; q=0 means "not acceptable"; "*" stands for
// any coding not named). zstd when the client accepts it (the app asks for it: faster and
// smaller than gzip, wire/zstdcoding.h), else gzip, else the body as it is. Weights above 0
// only say that a coding is acceptable: the server's own preference decides among those, as
// section 12.5.3 allows.
AnswerCoding answerCoding(std::string_view acceptEncoding);

// The Content-Encoding token, empty for Identity.
const char *codingName(AnswerCoding coding);

// The body encoded; answers under 1 KiB are left as they are (the caller checks with
// worthEncoding), since a coding's own header would outweigh what it saves.
bool worthEncoding(std::string_view body);
std::string encodeAnswer(AnswerCoding coding, std::string_view body);

} // namespace doorstep::server
