// The fund ledger's tamper evidence: an RFC 6962 (Certificate Transparency) Merkle tree
// over the ledger's entries, SHA-256 with the RFC's prefixes (0x00 for a leaf, 0x01 for a
// node), leaves numbered from 0. Auditors check an entry against a signed root with an
// inclusion path, and that a later tree extends an earlier one with a consistency proof,
// without trusting the platform (RFC 6962 section 2.1; verifiers as in RFC 9162 2.1.3-4).
// Pure: hashes in, hashes out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace reel::domain {

using merkle_hash = std::array<uint8_t, 32>;

// MTH of one leaf: SHA-256(0x00 || data).
merkle_hash leaf_hash(std::string_view data);
// SHA-256(0x01 || left || right).
merkle_hash node_hash(const merkle_hash& left, const merkle_hash& right);
// The root over `leaves` (leaf hashes, in order); of no leaves, SHA-256 of nothing.
merkle_hash root_of(const std::vector<merkle_hash>& leaves);

// PATH(index, D[size]): the siblings from the leaf up. Empty when index >= size.
std::vector<merkle_hash> inclusion_path(const std::vector<merkle_hash>& leaves, uint64_t index);
// PROOF(first, D[size]) for 0 < first <= size = leaves.size(): empty when first == size.
std::vector<merkle_hash> consistency_proof(const std::vector<merkle_hash>& leaves, uint64_t first);

// Whether `path` proves leaf `leaf` at `index` in a tree of `size` with `root`.
bool verify_inclusion(const merkle_hash& leaf, uint64_t index, uint64_t size,
                      const std::vector<merkle_hash>& path, const merkle_hash& root);
// Whether `proof` shows the tree of `second_size` with `second_root` extends the one of
// `first_size` with `first_root` (0 < first_size <= second_size).
bool verify_consistency(uint64_t first_size, uint64_t second_size, const merkle_hash& first_root,
                        const merkle_hash& second_root, const std::vector<merkle_hash>& proof);

std::string hex_of(const merkle_hash& h);

}  // namespace reel::domain
