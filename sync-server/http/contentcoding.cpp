#include "http/contentcoding.h"

#include "http/gzip.h"
#include "wire/zstdcoding.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace doorstep::server {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// A weight is "0" or "0.000" when the coding is refused; anything else (or none) accepts it.
bool refusedWeight(std::string_view params)
{
    while (!params.empty()) {
        const std::size_t semi = params.find(';');
        const std::string_view param = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
        if (param.size() < 2 || std::tolower(static_cast<unsigned char>(param[0])) != 'q' ||
            trim(param.substr(1)).empty() || trim(param.substr(1)).front() != '=') {
            continue;
        }
        const std::string_view value = trim(trim(param.substr(1)).substr(1));
        return !value.empty() && value.find_first_not_of("0.") == std::string_view::npos;
    }
    return false;
}

} // namespace

AnswerCoding answerCoding(std::string_view acceptEncoding)
{
    // Each coding: nullopt when not named, else whether it is accepted.
    std::optional<bool> zstd, gzip, any;
    while (!acceptEncoding.empty()) {
        const std::size_t comma = acceptEncoding.find(',');
        const std::string_view element = acceptEncoding.substr(0, comma);
        acceptEncoding =
            comma == std::string_view::npos ? std::string_view() : acceptEncoding.substr(comma + 1);
        const std::size_t semi = element.find(';');
        const std::string_view coding = trim(element.substr(0, semi));
        const bool accepted = !refusedWeight(
            semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1));
        if (equalsNoCase(coding, "zstd")) {
            zstd = accepted;
        } else if (equalsNoCase(coding, "gzip") || equalsNoCase(coding, "x-gzip")) {
            gzip = accepted;
        } else if (coding == "*") {
            any = accepted;
        }
    }
    if (zstd.value_or(false)) {
        return AnswerCoding::Zstd;
    }
    // zstd only when named; "*" gets gzip, the coding any client that says "*" can read.
    if (gzip.value_or(any.value_or(false))) {
        return AnswerCoding::Gzip;
    }
    return AnswerCoding::Identity;
}

const char *codingName(AnswerCoding coding)
{
    switch (coding) {
    case AnswerCoding::Gzip:
        return "gzip";
    case AnswerCoding::Zstd:
        return "zstd";
    case AnswerCoding::Identity:
        break;
    }
    return "";
}

bool worthEncoding(std::string_view body)
{
    return body.size() >= 1024;
}

std::string encodeAnswer(AnswerCoding coding, std::string_view body)
{
    switch (coding) {
    case AnswerCoding::Gzip:
        return Gzip::compress(body);
    case AnswerCoding::Zstd:
        return wire::zstdCompress(body);
    case AnswerCoding::Identity:
        break;
    }
    return std::string(body);
}

} // namespace doorstep::server
