//! The Node.js handlers behind the custom resources of SF v3's templates (`Custom::S3`,
//! `Custom::CognitoUserPool`, `Custom::EventBridge`, `Custom::ApiGatewayAccountRole`): slsc's
//! own, in `custom-resources/`, embedded in the binary and zipped reproducibly into
//! `custom-resources.zip`, which the template's handler functions run and `deploy` uploads.
//!
//! The handler paths inside the zip are SF v3's (`s3/handler.handler`, ...), so a stack SF
//! deployed keeps its functions' `Handler` when it switches to slsc.

use crate::common::digest;
use std::sync::OnceLock;

/// The zip's file name, the last part of its S3 key (SF's `getCustomResourcesArtifactName`).
pub const ARTIFACT_NAME: &str = "custom-resources.zip";

/// The files of the zip, by their path in it.
const FILES: [(&str, &str); 5] = [
    (
        "api-gateway-cloud-watch-role/handler.js",
        include_str!("../custom-resources/api-gateway-cloud-watch-role/handler.js"),
    ),
    (
        "cognito-user-pool/handler.js",
        include_str!("../custom-resources/cognito-user-pool/handler.js"),
    ),
    (
        "event-bridge/handler.js",
        include_str!("../custom-resources/event-bridge/handler.js"),
    ),
    (
        "s3/handler.js",
        include_str!("../custom-resources/s3/handler.js"),
    ),
    ("utils.js", include_str!("../custom-resources/utils.js")),
];

/// The zipped handlers and their digests.
pub struct HandlerZip {
    pub bytes: Vec<u8>,
    pub sha256_base64: String,
    pub sha256_hex: String,
}

/// The zip of every handler (built once per process).
pub fn zip() -> &'static HandlerZip {
    static ZIP: OnceLock<HandlerZip> = OnceLock::new();
    ZIP.get_or_init(|| {
        let entries = FILES
            .iter()
            .map(|(path, text)| (*path, text.as_bytes(), 0o644));
        // only fixed, embedded text goes in: the writer cannot fail on it
        let bytes = crate::package::zip::zip_entries(entries).unwrap_or_default();
        HandlerZip {
            sha256_base64: digest::sha256_base64(&bytes),
            sha256_hex: digest::sha256_hex(&bytes),
            bytes,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_zip_holds_every_handler_file_in_order() {
        let z = zip();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(&z.bytes)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "entries in byte order, as every slsc zip");
        assert_eq!(names.len(), FILES.len());
        let mut text = String::new();
        archive
            .by_name("s3/handler.js")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert!(text.contains("module.exports"));
        // the folder a zip of files on disk would hold: every handler requires `../utils`
        for (path, source) in FILES {
            if path.ends_with("handler.js") {
                assert!(source.contains("require('../utils')"), "{path}");
            }
        }
    }

    #[test]
    fn the_zip_is_the_same_every_time() {
        let again =
            crate::package::zip::zip_entries(FILES.iter().map(|(p, t)| (*p, t.as_bytes(), 0o644)))
                .unwrap();
        assert_eq!(again, zip().bytes);
    }
}
