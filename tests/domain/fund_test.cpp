// The Creator Fund's pure pieces so far: which views qualify, the pool's division by
// largest remainder, and the RFC 6962 Merkle tree its ledger will be sealed with (roots,
// inclusion and consistency proofs, checked against known roots and against every tree up
// to 64 leaves).
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <numeric>

#include "domain/fund/merkle.h"
#include "domain/fund/pool_division.h"
#include "domain/fund/view_qualification.h"

using namespace reel::domain;

namespace {

std::vector<merkle_hash> leaves_of(size_t n) {
  std::vector<merkle_hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(leaf_hash("entry " + std::to_string(i)));
  return out;
}

int64_t sum_of(const std::vector<creator_share>& shares) {
  int64_t s = 0;
  for (const auto& x : shares) s += x.amount_minor;
  return s;
}

// A view that qualifies: 6 s of a 20 s video from For You, which served it.
view_facts good_view() {
  view_facts v;
  v.watch_ms = 6000;
  v.source = reel::events::FEED_SOURCE_FOR_YOU;
  v.served_to_viewer = true;
  v.video_visible = true;
  v.creator_band = reel::events::AGE_BAND_ADULT;
  return v;
}

std::string verdict(const view_facts& v, const qualification_rules& r = {}) {
  return std::string(verdict_name(qualify(v, r).verdict));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fund_rules)

BOOST_AUTO_TEST_CASE(a_view_qualifies_by_the_versioned_rules) {
  BOOST_TEST(verdict(good_view()) == "qualified");
  BOOST_TEST(qualify(good_view()).rule_version == 1u);
  auto with = [](auto change) {
    auto v = good_view();
    change(v);
    return verdict(v);
  };
  BOOST_TEST(with([](view_facts& v) { v.watch_ms = 4999; }) == "too_short");
  // A probed 3 s video watched whole counts; a declared one never lowers the 5 s.
  BOOST_TEST(with([](view_facts& v) {
               v.watch_ms = 3000;
               v.probed_duration_ms = 3000;
             }) == "qualified");
  BOOST_TEST(with([](view_facts& v) { v.watch_ms = 3000; }) == "too_short");
  BOOST_TEST(with([](view_facts& v) { v.viewer_is_creator = true; }) == "own_video");
  BOOST_TEST(with([](view_facts& v) { v.is_ad = true; }) == "ad");
  BOOST_TEST(with([](view_facts& v) { v.video_visible = false; }) == "video_not_visible");
  BOOST_TEST(with([](view_facts& v) { v.creator_band = reel::events::AGE_BAND_16_17; }) ==
             "creator_under_18");
  BOOST_TEST(with([](view_facts& v) { v.creator_publish_suspended = true; }) ==
             "creator_suspended");
  BOOST_TEST(with([](view_facts& v) { v.served_to_viewer = false; }) == "not_served");
  for (auto source : {reel::events::FEED_SOURCE_PROFILE, reel::events::FEED_SOURCE_SHARE_LINK}) {
    BOOST_TEST(with([source](view_facts& v) {
                 v.source = source;
                 v.served_to_viewer = false;
               }) == "qualified");
  }
  BOOST_TEST(with([](view_facts& v) {
               v.source = reel::events::FEED_SOURCE_UNSPECIFIED;
               v.served_to_viewer = false;
             }) == "not_served");
  BOOST_TEST(with([](view_facts& v) { v.qualified_today = true; }) == "repeat_today");
  BOOST_TEST(with([](view_facts& v) { v.viewer_views_in_last_hour = 120; }) == "rate_anomaly");
  BOOST_TEST(with([](view_facts& v) { v.viewer_views_in_last_hour = 119; }) == "qualified");
  // A flag outranks everything; a stricter version decides by its own numbers.
  BOOST_TEST(with([](view_facts& v) {
               v.viewer_flagged = true;
               v.is_ad = true;
             }) == "flagged_viewer");
  qualification_rules v2{2, 10000, 60};
  BOOST_TEST(verdict(good_view(), v2) == "too_short");
  BOOST_TEST(qualify(good_view(), v2).rule_version == 2u);
}

BOOST_AUTO_TEST_CASE(a_pool_divides_exactly_by_largest_remainder) {
  // 100 by 1:1:1: 33 each and one left, to the lowest creator id among equal remainders.
  auto even = divide_pool(100, {{"crt_C", 1}, {"crt_A", 1}, {"crt_B", 1}});
  BOOST_REQUIRE(even.size() == 3u);
  BOOST_TEST(even[0].creator_id == "crt_A");
  BOOST_TEST(even[0].amount_minor == 34);
  BOOST_TEST(even[1].amount_minor == 33);
  BOOST_TEST(even[2].amount_minor == 33);
  // The largest remainder first: 10 by 5:3:2 of 10 views is exact; 7 by 5:3:2 is 3.5,
  // 2.1, 1.4 -> 3, 2, 1 and the one left to the .5.
  auto seven = divide_pool(7, {{"crt_A", 5}, {"crt_B", 3}, {"crt_C", 2}});
  BOOST_TEST(seven[0].amount_minor == 4);
  BOOST_TEST(seven[1].amount_minor == 2);
  BOOST_TEST(seven[2].amount_minor == 1);
  BOOST_TEST(divide_pool(0, {{"crt_A", 3}})[0].amount_minor == 0);
  BOOST_TEST(divide_pool(500, {}).empty());  // no views: the pool rolls over
  BOOST_TEST(divide_pool(500, {{"crt_A", 0}}).empty());
  BOOST_TEST(divide_pool(-1, {{"crt_A", 1}}).empty());

  // Large amounts and many creators: the sum is the pool, each within one unit of its quota.
  std::vector<creator_views> many;
  uint64_t total = 0;
  for (int i = 0; i < 997; ++i) {
    uint64_t v = 1 + static_cast<uint64_t>(i * 7919 % 1000003);
    many.push_back({"crt_" + std::to_string(100000 + i), v});
    total += v;
  }
  const int64_t pool = 9'000'000'000'000'000'007;  // near int64's top: 128-bit quotas
  auto shares = divide_pool(pool, many);
  BOOST_TEST(sum_of(shares) == pool);
  for (const auto& s : shares) {
    auto exact = static_cast<long double>(pool) * s.views / total;
    BOOST_TEST(std::abs(static_cast<long double>(s.amount_minor) - exact) < 1.0L + 1e-3L);
  }
}

BOOST_AUTO_TEST_CASE(merkle_roots_match_rfc_6962) {
  // The empty tree is SHA-256 of nothing; an empty leaf is SHA-256(0x00).
  BOOST_TEST(hex_of(root_of({})) ==
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(hex_of(leaf_hash("")) ==
             "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  // The eight leaves of RFC 6962's reference tests (Certificate Transparency, Trillian).
  std::vector<std::string> data = {
      "",
      std::string("\x00", 1),
      "\x10",
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  std::vector<merkle_hash> leaves;
  for (const auto& d : data) leaves.push_back(leaf_hash(d));
  BOOST_TEST(hex_of(root_of(leaves)) ==
             "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
}

BOOST_AUTO_TEST_CASE(every_inclusion_and_consistency_proof_verifies_and_no_forgery_does) {
  for (size_t n = 1; n <= 64; ++n) {
    auto leaves = leaves_of(n);
    auto root = root_of(leaves);
    for (uint64_t i = 0; i < n; ++i) {
      auto path = inclusion_path(leaves, i);
      BOOST_TEST_REQUIRE(verify_inclusion(leaves[i], i, n, path, root), n << " " << i);
      BOOST_TEST(!verify_inclusion(leaf_hash("forged"), i, n, path, root));
      if (n > 1) BOOST_TEST(!verify_inclusion(leaves[i], (i + 1) % n, n, path, root));
      if (!path.empty()) {
        auto bent = path;
        bent.back()[0] ^= 1;
        BOOST_TEST(!verify_inclusion(leaves[i], i, n, bent, root));
      }
    }
    BOOST_TEST(!verify_inclusion(leaves[0], n, n, {}, root));
    for (uint64_t m = 1; m <= n; ++m) {
      std::vector<merkle_hash> prefix(leaves.begin(), leaves.begin() + static_cast<long>(m));
      auto old_root = root_of(prefix);
      auto proof = consistency_proof(leaves, m);
      BOOST_TEST_REQUIRE(verify_consistency(m, n, old_root, root, proof), m << " " << n);
      if (m < n) {
        auto other = old_root;
        other[5] ^= 1;
        BOOST_TEST(!verify_consistency(m, n, other, root, proof));
        auto bent = proof;
        bent.front()[0] ^= 1;
        BOOST_TEST(!verify_consistency(m, n, old_root, root, bent));
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
