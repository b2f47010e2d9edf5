#include "store/keyedrow.h"

#include "db/statement.h"

namespace doorstep::mobile {

namespace {

void bindValue(db::Statement &s, int index, const KeyedRow::Value &v)
{
    if (const auto *i = std::get_if<std::int64_t>(&v)) {
        s.bind(index, *i);
    } else if (const auto *t = std::get_if<std::string>(&v)) {
        s.bind(index, std::string_view(*t));
    } else {
        s.bindBlob(index, std::get<KeyedRow::Blob>(v).bytes);
    }
}

} // namespace

Status KeyedRow::upsert(db::Database &db, const std::string &table, std::size_t keys,
                        const std::vector<Column> &cols, Expect expect)
{
    std::string set, where, names, marks;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        std::string &part = i < keys ? where : set;
        part +=
            std::string(part.empty() ? "" : (i < keys ? " AND " : ", ")) + cols[i].name + " = ?";
        names += std::string(i ? ", " : "") + cols[i].name;
        marks += i ? ", ?" : "?";
    }
    // changes() counts rows the UPDATE matched, even when their values did not change.
    auto update = [&]() -> Result<bool> {
        auto st = db.prepare("UPDATE " + table + " SET " + set + " WHERE " + where);
        if (!st) {
            return st.error();
        }
        int index = 1;
        for (std::size_t i = keys; i < cols.size(); ++i) {
            bindValue(*st, index++, cols[i].value);
        }
        for (std::size_t i = 0; i < keys; ++i) {
            bindValue(*st, index++, cols[i].value);
        }
        if (auto s = st->run(); !s) {
            return s.error();
        }
        return db.changes() > 0;
    };
    auto insert = [&]() -> Status {
        auto st = db.prepare("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
        if (!st) {
            return st.error();
        }
        for (std::size_t i = 0; i < cols.size(); ++i) {
            bindValue(*st, static_cast<int>(i) + 1, cols[i].value);
        }
        return st->run();
    };
    if (expect == Expect::New) {
        Status inserted = insert();
        if (inserted || inserted.error().code != v1::ERROR_CODE_CONFLICT) {
            return inserted;
        }
        // A constraint failed: the key taken (update the row), or another one (say so).
        auto updated = update();
        if (!updated) {
            return updated.error();
        }
        return *updated ? Status{} : inserted;
    }
    auto updated = update();
    if (!updated) {
        return updated.error();
    }
    return *updated ? Status{} : insert();
}

} // namespace doorstep::mobile
