// Which rules an answer was made from: SHA-256 digests of the rules files (OpenSSL libcrypto),
// so a printed estimate can be traced to the exact rules text.
#pragma once

#include "covercheck/load.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace covercheck {

/// The SHA-256 digest of `bytes` as 64 lowercase hex digits. sha256_hex("abc") is
/// "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" (FIPS 180-2).
std::string sha256_hex(std::string_view bytes);

/// One rules file with the digest of its text.
struct RulesFileDigest {
    std::string path;    ///< as loaded ("rules/base/procedure-codes.rules")
    std::string sha256;  ///< sha256_hex() of the file's text as read (a leading UTF-8 BOM left out)
};

/// The fingerprint of a set of rules files.
struct RulesFingerprint {
    /// sha256_hex() of the files' digests in load order (includes first, the plan file last),
    /// each followed by a line feed: the text `sha256sum FILES | cut -c1-64` prints. Independent
    /// of the paths the files were reached by; changes when any file's text or the order changes.
    std::string sha256;
    std::vector<RulesFileDigest> files;  ///< in load order
};

/// The first 12 hex digits of a digest, for people ("3f2a9c0d41be"); the whole one when shorter.
std::string short_digest(std::string const& sha256);

/// The fingerprint of `rules`: every file in `rules.files`, with the text `rules.sources` holds
/// for it (an empty text for a file whose text is not there).
RulesFingerprint rules_fingerprint(LoadedRules const& rules);

}  // namespace covercheck
