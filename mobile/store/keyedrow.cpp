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
                        const std::vector<Column> &cols)
{
    std::string set, where, names, marks;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        std::string &part = i < keys ? where : set;
        part +=
            std::string(part.empty() ? "" : (i < keys ? " AND " : ", ")) + cols[i].name + " = ?";
        names += std::string(i ? ", " : "") + cols[i].name;
        marks += i ? ", ?" : "?";
    }
    auto update = db.prepare("UPDATE " + table + " SET " + set + " WHERE " + where);
    if (!update) {
        return update.error();
    }
    int index = 1;
    for (std::size_t i = keys; i < cols.size(); ++i) {
        bindValue(*update, index++, cols[i].value);
    }
    for (std::size_t i = 0; i < keys; ++i) {
        bindValue(*update, index++, cols[i].value);
    }
    if (auto s = update->run(); !s) {
        return s;
    }
    // changes() counts rows the UPDATE matched, even when their values did not change.
    if (db.changes() > 0) {
        return {};
    }
    auto insert = db.prepare("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
    if (!insert) {
        return insert.error();
    }
    for (std::size_t i = 0; i < cols.size(); ++i) {
        bindValue(*insert, static_cast<int>(i) + 1, cols[i].value);
    }
    return insert->run();
}

} // namespace doorstep::mobile
