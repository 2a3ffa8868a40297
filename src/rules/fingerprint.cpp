// SHA-256 digests of rules files (see fingerprint.hpp). The only code that sees OpenSSL.

#include "covercheck/fingerprint.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace covercheck {

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        // Only a broken libcrypto fails here: an invariant, caught at the program's edge.
        throw std::runtime_error("SHA-256 digest failed (OpenSSL EVP_Digest)");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(std::size_t{length} * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4U];
        out += hex[digest[i] & 0x0FU];
    }
    return out;
}

std::string short_digest(std::string const& sha256) { return sha256.substr(0, 12); }

RulesFingerprint rules_fingerprint(LoadedRules const& rules) {
    RulesFingerprint out;
    std::string manifest;
    for (RulesFile const& file : rules.files) {
        auto const text = rules.sources.find(file.path);
        RulesFileDigest d{file.path, sha256_hex(text == rules.sources.end() ? std::string_view() : text->second)};
        manifest += d.sha256 + "\n";
        out.files.push_back(std::move(d));
    }
    out.sha256 = sha256_hex(manifest);
    return out;
}

}  // namespace covercheck
