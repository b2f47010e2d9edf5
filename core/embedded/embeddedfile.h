#pragma once

#include <span>
#include <string_view>

namespace doorstep {

// A text file compiled into the binary by cmake/EmbedFiles.cmake.
struct EmbeddedFile
{
    std::string_view name;
    std::string_view content;
};

// Numbered SQL migrations, sorted by file name (and so by number).
std::span<const EmbeddedFile> clientMigrationFiles();
std::span<const EmbeddedFile> serverMigrationFiles();
std::span<const EmbeddedFile> serverPgMigrationFiles();
// The standard forms and signposting checklists, as protobuf text format.
std::span<const EmbeddedFile> standardContentFiles();
// GOV.UK's bank holidays by division (bank-holidays.json).
std::span<const EmbeddedFile> bankHolidayFiles();

} // namespace doorstep
