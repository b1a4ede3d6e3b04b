//! Reading single values: the TOML file, booleans, counts, URLs and the
//! session key, each refusal naming its key.

use std::collections::HashMap;
use std::path::Path;

use actix_web::cookie::Key;
use base64::Engine;

use super::{ConfigError, KEYS, invalid};

pub(super) fn read_file_values(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let key = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(err) => return Err(invalid(&key, format!("cannot read the file: {err}"))),
    };
    let table: toml::Table = text.parse().map_err(|err| invalid(&key, format!("not valid TOML: {err}")))?;
    let mut values = HashMap::new();
    for (name, value) in table {
        if !KEYS.contains(&name.as_str()) {
            return Err(invalid(&key, format!("unknown key {name:?}; known keys are {}", KEYS.join(", "))));
        }
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            other => return Err(invalid(&key, format!("{name} must be a string, number or boolean, not {other}"))),
        };
        values.insert(name, value);
    }
    Ok(values)
}

pub(super) fn parse_bool(key: &str, raw: Option<&str>, default: bool) -> Result<bool, ConfigError> {
    match raw.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(invalid(key, format!("{other:?} is not true or false"))),
    }
}

/// A whole number of at least 1 (minutes, hours).
pub(super) fn parse_count(key: &str, raw: Option<&str>, default: u64) -> Result<u64, ConfigError> {
    let Some(raw) = raw else { return Ok(default) };
    match raw.parse::<u64>() {
        Ok(n) if (1..=10_000_000).contains(&n) => Ok(n),
        _ => Err(invalid(key, format!("{raw:?} is not a whole number between 1 and 10000000"))),
    }
}

/// The host of an `http(s)://host[:port]/…` URL (already validated).
pub(super) fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    }
}

pub(super) fn parse_http_url(key: &str, raw: &str) -> Result<String, ConfigError> {
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
        .ok_or_else(|| invalid(key, format!("{raw:?} must start with http:// or https://")))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(key, format!("{raw:?} is not a valid URL")));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

pub(super) fn parse_session_key(encoded: &str) -> Result<Key, ConfigError> {
    const KEY: &str = "PARTNERLINK_SESSION_KEY";
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(encoded))
        .map_err(|_| invalid(KEY, "not valid base64"))?;
    if bytes.len() < 64 {
        return Err(invalid(
            KEY,
            format!("must decode to at least 64 bytes, got {} (try: openssl rand -base64 64)", bytes.len()),
        ));
    }
    Key::try_from(bytes.as_slice()).map_err(|err| invalid(KEY, err.to_string()))
}
