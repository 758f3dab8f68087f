#include "gateway/access_tokens.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace reel::gateway {
namespace {

constexpr std::string_view key_prefix = "rt_";
constexpr std::string_view session_prefix = "rs_";
constexpr size_t prefix_chars = 3;
constexpr size_t encoded_chars = 43;  // 32 bytes in unpadded base64url

bool is_base64url(std::string_view text) {
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string base64url(const unsigned char* bytes, size_t n) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8) | bytes[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(alphabet[(buffer >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (6 - bits)) & 0x3f]);
  return out;
}

}  // namespace

minted_token mint_token(token_kind kind) {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL could not produce random bytes for a token");
  }
  minted_token t;
  t.token = std::string(kind == token_kind::account_key ? key_prefix : session_prefix) +
            base64url(bytes.data(), bytes.size());
  t.sha256_hex = token_sha256(t.token);
  return t;
}

std::string token_sha256(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xf]);
  }
  return out;
}

bool looks_like_token(std::string_view token) {
  if (token.size() != prefix_chars + encoded_chars) return false;
  auto prefix = token.substr(0, prefix_chars);
  return (prefix == key_prefix || prefix == session_prefix) &&
         is_base64url(token.substr(prefix_chars));
}

bool looks_like_client_key(std::string_view key) {
  return key.size() >= 22 && key.size() <= 86 && is_base64url(key);
}

}  // namespace reel::gateway
