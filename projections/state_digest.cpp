#include "projections/state_digest.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace reel::projections {
namespace {

// One context per thread, reused: creating an EVP context per pair would dominate.
EVP_MD_CTX* hashing_context() {
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           &EVP_MD_CTX_free);
  if (!ctx) throw std::runtime_error("state_digest: no memory for a hash context");
  return ctx.get();
}

std::array<uint64_t, 4> pair_hash(std::string_view key, std::string_view value) {
  unsigned char length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(key.size() >> (56 - 8 * i));
  auto* ctx = hashing_context();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_size = 0;
  if (EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, length, sizeof length) != 1 ||
      EVP_DigestUpdate(ctx, key.data(), key.size()) != 1 ||
      EVP_DigestUpdate(ctx, value.data(), value.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, md, &md_size) != 1 || md_size != 32) {
    throw std::runtime_error("state_digest: SHA-256 failed");
  }
  std::array<uint64_t, 4> out{};
  for (size_t lane = 0; lane < 4; ++lane) {
    for (size_t i = 0; i < 8; ++i) out[lane] = (out[lane] << 8) | md[lane * 8 + i];
  }
  return out;
}

}  // namespace

state_digest::pair_share state_digest::share_of(std::string_view key, std::string_view value) {
  return pair_hash(key, value);
}

void state_digest::add(const pair_share& h) {
  for (size_t i = 0; i < 4; ++i) lanes_[i] += h[i];
}

void state_digest::remove(const pair_share& h) {
  for (size_t i = 0; i < 4; ++i) lanes_[i] -= h[i];
}

void state_digest::change(std::string_view key, const std::optional<std::string>& before,
                          const std::optional<std::string>& after) {
  if (before) remove(key, *before);
  if (after) add(key, *after);
}

std::string state_digest::bytes() const {
  std::string out;
  out.reserve(32);
  for (auto lane : lanes_) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(lane >> shift));
  }
  return out;
}

std::optional<state_digest> state_digest::decode(std::string_view bytes) {
  if (bytes.size() != 32) return std::nullopt;
  state_digest d;
  for (size_t lane = 0; lane < 4; ++lane) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[lane * 8 + i]);
    d.lanes_[lane] = v;
  }
  return d;
}

std::string state_digest::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes()) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

}  // namespace reel::projections
