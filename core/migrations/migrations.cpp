#include "migrations/migrations.h"

#include "embedded/embeddedfile.h"

#include <charconv>
#include <cstdlib>
#include <iostream>

namespace doorstep {

Result<std::vector<Migration>> parseMigrations(std::span<const EmbeddedFile> files)
{
    std::vector<Migration> out;
    out.reserve(files.size());
    for (const EmbeddedFile &f : files) {
        const auto underscore = f.name.find('_');
        int version = 0;
        const char *first = f.name.data();
        const char *last = f.name.data() + (underscore == std::string_view::npos ? 0 : underscore);
        const auto [ptr, ec] = std::from_chars(first, last, version);
        if (underscore == std::string_view::npos || ec != std::errc() || ptr != last) {
            return makeError(v1::ERROR_CODE_INTERNAL, "Migration file '" + std::string(f.name) +
                                                          "' must be named NNNN_description.sql");
        }
        if (version != static_cast<int>(out.size()) + 1) {
            return makeError(v1::ERROR_CODE_INTERNAL,
                             "Migration '" + std::string(f.name) + "' should be number " +
                                 std::to_string(out.size() + 1) +
                                 ": migrations are numbered from 1 without gaps");
        }
        out.push_back(Migration{version, f.name, f.content});
    }
    return out;
}

namespace {

// The embedded lists are fixed at build time and checked by tests, so a bad list is a
// build defect: fail loudly at first use rather than run half a schema.
std::vector<Migration> parseOrDie(std::span<const EmbeddedFile> files)
{
    auto parsed = parseMigrations(files);
    if (!parsed) {
        std::cerr << "doorstep: " << parsed.error().message << '\n';
        std::abort();
    }
    return std::move(parsed).value();
}

} // namespace

std::span<const Migration> clientMigrations()
{
    static const std::vector<Migration> migrations = parseOrDie(clientMigrationFiles());
    return migrations;
}

std::span<const Migration> serverMigrations()
{
    static const std::vector<Migration> migrations = parseOrDie(serverMigrationFiles());
    return migrations;
}

std::span<const Migration> serverPgMigrations()
{
    static const std::vector<Migration> migrations = parseOrDie(serverPgMigrationFiles());
    return migrations;
}

} // namespace doorstep
