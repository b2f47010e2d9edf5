#pragma once

#include <string>

// The store a test runs against. When DOORSTEP_TEST_PG_DIR names a running throwaway cluster
// (scripts/pg start DIR; CTest's `postgres` label starts one), each call makes a new, empty
// database of the test's own there and returns its postgresql:// URI. Otherwise it returns
// "", and the test uses a SQLite data directory as always. A cluster named but unreachable
// ends the test at once with the reason.
std::string newTestDatabase();
