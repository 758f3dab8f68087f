// A reel database opened with plain RocksDB, every column family, to damage it in tests
// the way a disk or a bug would.
#pragma once

#include <boost/test/unit_test.hpp>

#include <rocksdb/db.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/key_layout.h"

namespace reel::testing {

class raw_db {
 public:
  explicit raw_db(const std::filesystem::path& path) {
    std::vector<std::string> names;
    BOOST_REQUIRE(
        rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path.string(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
    rocksdb::DB* db = nullptr;
    BOOST_REQUIRE(
        rocksdb::DB::Open(rocksdb::Options(), path.string(), families, &handles_, &db).ok());
    db_.reset(db);
    for (size_t i = 0; i < names.size(); ++i) by_name_[names[i]] = handles_[i];
  }
  ~raw_db() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
  }
  rocksdb::ColumnFamilyHandle* cf(std::string_view name) { return by_name_.at(std::string(name)); }
  std::string get(std::string_view family, const std::string& key) {
    std::string value;
    BOOST_REQUIRE(db_->Get(rocksdb::ReadOptions(), cf(family), key, &value).ok());
    return value;
  }
  void put(std::string_view family, const std::string& key, const std::string& value) {
    BOOST_REQUIRE(db_->Put(rocksdb::WriteOptions(), cf(family), key, value).ok());
  }
  // What a crash leaves when the index was last flushed at `sequence`.
  void set_indexed_through(uint64_t sequence) {
    std::string value;
    storage::layout::put_u64(value, sequence);
    put(storage::layout::cf_meta, std::string(storage::layout::meta_indexed_through), value);
  }
  // Flips a bit in the last byte of event `sequence`'s record: damage a checksum catches.
  void damage_record(uint64_t sequence) {
    auto value = get(storage::layout::cf_events, storage::layout::event_key(sequence));
    value[value.size() - 1] ^= 0x20;
    put(storage::layout::cf_events, storage::layout::event_key(sequence), value);
  }
  // Drops a whole column family, as a database written before it existed lacks it.
  void drop_family(std::string_view family) {
    auto* handle = cf(family);
    BOOST_REQUIRE(db_->DropColumnFamily(handle).ok());
  }
  void remove(std::string_view family, const std::string& key) {
    BOOST_REQUIRE(db_->Delete(rocksdb::WriteOptions(), cf(family), key).ok());
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name_;
};

}  // namespace reel::testing
