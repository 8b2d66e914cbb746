//! SHA-256 digests in the encodings the project writes them in: base64 (`CodeSha256`, S3's
//! `filesha256`), lower-case hex (folder names, fingerprints), and of a value's compact JSON
//! without building the JSON text.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Base64 SHA-256 of `bytes`.
pub fn sha256_base64(bytes: &[u8]) -> String {
    STANDARD.encode(sha256(bytes))
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&sha256(bytes))
}

/// Hex MD5 of `bytes`: only where SF v3 named something with it (shortened names), never
/// for integrity.
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest as _;
    to_hex(&md5::Md5::digest(bytes))
}

/// Hex SHA-256 of `value`'s compact JSON.
pub fn json_sha256_hex<T: Serialize + ?Sized>(value: &T) -> String {
    let mut h = Sha256::new();
    update_json(&mut h, value);
    to_hex(&h.finalize())
}

/// Lower-case hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        super::ids::push_hex(&mut s, u64::from(*b), 2);
    }
    s
}

/// Feeds `value`'s compact JSON (the bytes `serde_json::to_vec` would produce) into `h`, without
/// building the bytes or an intermediate `Value`.
pub fn update_json<T: Serialize + ?Sized>(h: &mut Sha256, value: &T) {
    struct Feed<'a>(&'a mut Sha256);
    impl std::io::Write for Feed<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Writing never fails, and every value hashed here serializes (string keys only).
    let mut w = std::io::BufWriter::with_capacity(8192, Feed(h));
    let _ = serde_json::to_writer(&mut w, value);
    let _ = std::io::Write::flush(&mut w);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_base64(b"abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert_eq!(to_hex(&[0, 0xab, 0xff]), "00abff");
    }

    #[test]
    fn json_digest_is_the_digest_of_the_json_text() {
        let v = serde_json::json!({"b": [1, "x\"y"], "a": null, "c": 1.5});
        let text = serde_json::to_vec(&v).unwrap();
        assert_eq!(json_sha256_hex(&v), sha256_hex(&text));
    }
}
