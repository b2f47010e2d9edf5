#include "testdatabase.h"

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace {

[[noreturn]] void give_up(const std::string &why)
{
    std::fprintf(stderr, "newTestDatabase: %s\n", why.c_str());
    std::exit(2);
}

} // namespace

std::string newTestDatabase()
{
    const char *dir = std::getenv("DOORSTEP_TEST_PG_DIR");
    if (!dir || !*dir) {
        return {};
    }
    std::ifstream socketFile(std::string(dir) + "/socket");
    std::string socket;
    if (!std::getline(socketFile, socket) || socket.empty()) {
        give_up(std::string("no cluster in ") + dir + " (scripts/pg start " + dir + ")");
    }
    static std::atomic<int> made{0};
    const std::string name =
        "t" + std::to_string(::getpid()) + "_" + std::to_string(++made) + "_" +
        std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
    const std::string admin = "postgresql:///postgres?host=" + socket + "&user=doorstep";
    PGconn *c = PQconnectdb(admin.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        const std::string why = PQerrorMessage(c);
        PQfinish(c);
        give_up("cannot reach the test cluster: " + why);
    }
    PGresult *r = PQexec(c, ("CREATE DATABASE " + name).c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    const std::string why = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (!ok) {
        give_up("cannot create database " + name + ": " + why);
    }
    return "postgresql:///" + name + "?host=" + socket + "&user=doorstep";
}
