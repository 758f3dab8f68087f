#include "domain/fund/merkle.h"

#include <openssl/sha.h>

#include <string>

namespace reel::domain {
namespace {

// The largest power of two smaller than n (n > 1): where RFC 6962 splits a tree.
uint64_t split_of(uint64_t n) {
  uint64_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

merkle_hash subtree_root(const std::vector<merkle_hash>& leaves, uint64_t begin, uint64_t end) {
  if (end - begin == 1) return leaves[begin];
  auto k = split_of(end - begin);
  return node_hash(subtree_root(leaves, begin, begin + k), subtree_root(leaves, begin + k, end));
}

void path_of(const std::vector<merkle_hash>& leaves, uint64_t index, uint64_t begin, uint64_t end,
             std::vector<merkle_hash>& out) {
  if (end - begin <= 1) return;
  auto k = split_of(end - begin);
  if (index < begin + k) {
    path_of(leaves, index, begin, begin + k, out);
    out.push_back(subtree_root(leaves, begin + k, end));
  } else {
    path_of(leaves, index, begin + k, end, out);
    out.push_back(subtree_root(leaves, begin, begin + k));
  }
}

// SUBPROOF(m, D[begin:end], b) of RFC 6962 section 2.1.2.
void subproof(const std::vector<merkle_hash>& leaves, uint64_t m, uint64_t begin, uint64_t end,
              bool whole, std::vector<merkle_hash>& out) {
  auto n = end - begin;
  if (m == n) {
    if (!whole) out.push_back(subtree_root(leaves, begin, end));
    return;
  }
  auto k = split_of(n);
  if (m <= k) {
    subproof(leaves, m, begin, begin + k, whole, out);
    out.push_back(subtree_root(leaves, begin + k, end));
  } else {
    subproof(leaves, m - k, begin + k, end, false, out);
    out.push_back(subtree_root(leaves, begin, begin + k));
  }
}

// The walk both verifiers of RFC 9162 make up the tree: `fn` the node's index at its
// level, `sn` the last index there. Each step says on which side the next hash sits.
enum class sibling { left, right };
struct path_walk {
  uint64_t fn, sn;
  // nullopt: the path is longer than the tree is tall.
  std::optional<sibling> next() {
    if (sn == 0) return std::nullopt;
    auto side = sibling::right;
    if ((fn & 1) || fn == sn) {
      side = sibling::left;
      if (!(fn & 1))
        while (fn != 0 && !(fn & 1)) {
          fn >>= 1;
          sn >>= 1;
        }
    }
    fn >>= 1;
    sn >>= 1;
    return side;
  }
  bool done() const { return sn == 0; }
};

}  // namespace

merkle_hash leaf_hash(std::string_view data) {
  std::string input(1, '\0');
  input.append(data);
  merkle_hash out;
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), out.data());
  return out;
}

merkle_hash node_hash(const merkle_hash& left, const merkle_hash& right) {
  std::array<uint8_t, 65> input;
  input[0] = 1;
  std::copy(left.begin(), left.end(), input.begin() + 1);
  std::copy(right.begin(), right.end(), input.begin() + 33);
  merkle_hash out;
  SHA256(input.data(), input.size(), out.data());
  return out;
}

merkle_hash root_of(const std::vector<merkle_hash>& leaves) {
  if (leaves.empty()) {
    merkle_hash out;
    SHA256(nullptr, 0, out.data());
    return out;
  }
  return subtree_root(leaves, 0, leaves.size());
}

std::vector<merkle_hash> inclusion_path(const std::vector<merkle_hash>& leaves, uint64_t index) {
  std::vector<merkle_hash> out;
  if (index < leaves.size()) path_of(leaves, index, 0, leaves.size(), out);
  return out;
}

std::vector<merkle_hash> consistency_proof(const std::vector<merkle_hash>& leaves, uint64_t first) {
  std::vector<merkle_hash> out;
  if (first == 0 || first >= leaves.size()) return out;
  subproof(leaves, first, 0, leaves.size(), true, out);
  return out;
}

// RFC 9162 section 2.1.3.2.
bool verify_inclusion(const merkle_hash& leaf, uint64_t index, uint64_t size,
                      const std::vector<merkle_hash>& path, const merkle_hash& root) {
  if (index >= size) return false;
  path_walk walk{index, size - 1};
  auto r = leaf;
  for (const auto& p : path) {
    auto side = walk.next();
    if (!side) return false;
    r = *side == sibling::left ? node_hash(p, r) : node_hash(r, p);
  }
  return walk.done() && r == root;
}

// RFC 9162 section 2.1.4.2.
bool verify_consistency(uint64_t first_size, uint64_t second_size, const merkle_hash& first_root,
                        const merkle_hash& second_root, const std::vector<merkle_hash>& proof) {
  if (first_size == 0 || first_size > second_size) return false;
  if (first_size == second_size) return proof.empty() && first_root == second_root;
  if (proof.empty()) return false;
  std::vector<merkle_hash> path = proof;
  // A first tree that is a complete subtree is its own first node.
  if ((first_size & (first_size - 1)) == 0) path.insert(path.begin(), first_root);
  path_walk walk{first_size - 1, second_size - 1};
  while (walk.fn & 1) {
    walk.fn >>= 1;
    walk.sn >>= 1;
  }
  auto fr = path.front(), sr = path.front();
  for (size_t i = 1; i < path.size(); ++i) {
    const auto& c = path[i];
    auto side = walk.next();
    if (!side) return false;
    if (*side == sibling::left) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
    } else {
      sr = node_hash(sr, c);
    }
  }
  return walk.done() && fr == first_root && sr == second_root;
}

std::string hex_of(const merkle_hash& h) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (auto b : h) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

}  // namespace reel::domain
