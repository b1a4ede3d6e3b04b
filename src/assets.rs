//! Static files compiled into the binary, with content-hash URLs. Served by
//! `web::assets`; kept out of `web` so that [`crate::state`] needs no HTTP.

use std::borrow::Cow;
use std::collections::HashMap;

use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// One file of `static/`.
pub struct Asset {
    pub bytes: &'static [u8],
    /// The first 8 bytes of its SHA-256, in hex: its version in URLs and ETag.
    pub etag: String,
    pub content_type: &'static str,
    /// `/static/<name>?v=<etag>`, made once: every page links three files.
    url: String,
}

pub struct Assets {
    files: HashMap<String, Asset>,
}

impl Assets {
    pub fn load() -> Self {
        let files = STATIC
            .files()
            .map(|file| {
                let name = file.path().to_string_lossy().into_owned();
                let digest = Sha256::digest(file.contents());
                let etag = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
                let url = format!("/static/{name}?v={etag}");
                (name.clone(), Asset { bytes: file.contents(), etag, content_type: content_type(&name), url })
            })
            .collect();
        Self { files }
    }

    /// The file called `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.files.get(name)
    }

    /// `/static/<name>?v=<hash>`: the URL changes whenever the file does.
    pub fn url(&self, name: &str) -> Cow<'_, str> {
        match self.files.get(name) {
            Some(asset) => Cow::Borrowed(&asset.url),
            None => Cow::Owned(format!("/static/{name}")),
        }
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}
