#pragma once

// The server's own view of an HTTP exchange, free of Beast types, so that routing and
// handlers can be tested without a socket.

#include <string>
#include <utility>
#include <vector>

namespace doorstep::server {

struct HttpRequest
{
    std::string method;
    std::string target;
    std::string contentType;
    std::string accept;
    std::string authorization;
    // Already decompressed when the client sent Content-Encoding: gzip.
    std::string body;
};

struct HttpResponse
{
    int status = 200;
    std::string contentType;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

} // namespace doorstep::server
