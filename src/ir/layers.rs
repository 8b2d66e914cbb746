//! The service's own Lambda layers (top-level `layers:`), as SF v3's `compile/layers.js` and
//! its packaging (`package-service.js packageLayer`) read them.

use crate::source::Span;
use serde::Serialize;
use serde_json::Value as Json;

/// One entry of `layers:`.
#[derive(Clone, Debug, Serialize)]
pub struct Layer {
    /// The key under `layers:`.
    pub key: String,
    /// `LayerName`: `name`, else the key.
    pub name: String,
    /// `path`: the folder zipped into the layer (none with a prebuilt `package.artifact`).
    pub path: Option<String>,
    pub description: Option<Json>,
    pub license_info: Option<Json>,
    pub compatible_runtimes: Option<Json>,
    pub compatible_architectures: Option<Json>,
    /// `allowedAccounts`: each gets a `LayerVersionPermission`.
    pub allowed_accounts: Vec<String>,
    /// `retain`: the old versions are kept, and the logical ids carry the layer's hash.
    pub retain: bool,
    pub package: LayerPackage,
    /// Where the layer's key is written.
    #[serde(skip)]
    pub span: Span,
}

/// `layers.<name>.package`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LayerPackage {
    /// A prebuilt zip, used as is.
    pub artifact: Option<String>,
    pub patterns: Vec<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Layer {
    /// The zip's file name, the last part of its S3 key: the prebuilt file's name, else
    /// `<key>.zip` (SF `getLayerArtifactName`).
    pub fn artifact_file_name(&self) -> String {
        match &self.package.artifact {
            Some(path) => path.rsplit(['/', '\\']).next().unwrap_or(path).to_string(),
            None => format!("{}.zip", self.key),
        }
    }
}
