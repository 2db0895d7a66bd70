#pragma once
/// @file RAII wrapper of one SQLite connection; every C call is checked once here.
#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tabnas {

class SqliteStatement;

/// One SQLite connection. Not copyable; closes on destruction.
class SqliteDatabase {
 public:
  /// Opens (and with `create` creates) the database file `path` (":memory:" allowed).
  /// @throws StoreError naming the path and SQLite's message and code.
  SqliteDatabase(const std::string& path, bool create, bool read_only = false);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  /// Runs one or more SQL statements without results. @throws StoreError.
  void exec(std::string_view sql);
  /// Prepares a statement. @throws StoreError.
  [[nodiscard]] SqliteStatement prepare(std::string_view sql);
  /// Path the connection was opened with.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Raw handle (for SqliteStatement).
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
  /// Throws StoreError for result code `rc` with context `what`.
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

/// A prepared statement. Bind parameters are 1-based, columns 0-based (as in SQLite).
class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind(int index, std::int64_t value);
  void bind(int index, double value);
  void bind(int index, std::string_view value);
  void bind_blob(int index, const void* data, std::size_t size);
  void bind_null(int index);
  /// Steps once; true when a row is available, false when done. @throws StoreError.
  bool step();
  /// Resets for re-execution and clears bindings.
  void reset();
  [[nodiscard]] bool is_null(int col) const;
  [[nodiscard]] std::int64_t column_int(int col) const;
  [[nodiscard]] double column_double(int col) const;
  [[nodiscard]] std::string column_text(int col) const;
  [[nodiscard]] std::string_view column_text_view(int col) const;
  /// Bytes of a BLOB column (empty for NULL).
  [[nodiscard]] std::string_view column_blob(int col) const;

 private:
  SqliteDatabase* db_;
  sqlite3_stmt* stmt_;
};

/// RAII transaction: BEGIN IMMEDIATE on construction, ROLLBACK unless commit() was called.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDatabase& db_;
  bool done_ = false;
};

}  // namespace tabnas
