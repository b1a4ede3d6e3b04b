//! Query strings: read leniently as decoded pairs, and values encoded for links.
//!
//! Handlers whose parameters are fixed take a typed `web::Query<…>` (a
//! malformed or repeated key answers 400). This is for the rest: the
//! language (read on every request, so a bad query must never fail it), the
//! links that repeat a key on purpose (a hidden `dap=false` before its
//! checkbox), and a query kept to rebuild a link with one key changed.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

/// The decoded `key=value` pairs of a query string, in order.
#[derive(Clone, Debug, Default)]
pub struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    /// Decodes `query` (without its `?`); invalid UTF-8 becomes U+FFFD.
    pub fn parse(query: &str) -> Self {
        Self(form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The first value of `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The last value of `name`: a checkbox after the hidden field it overrides.
    pub fn last(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Every pair but those named `name`.
    pub fn without<'a>(&'a self, name: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.0.iter().filter(move |(k, _)| k != name).map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether a key or value holds a NUL character.
    pub fn has_nul(&self) -> bool {
        self.0.iter().any(|(k, v)| k.contains('\0') || v.contains('\0'))
    }
}

/// Percent-encodes a query-string value: everything but RFC 3986
/// unreserved characters, like JavaScript's `encodeURIComponent` (a test
/// holds it equal to `percent_encoding` with that set). One byte at a time
/// into one buffer: the crate's iterator hands out each escape as a piece of
/// its own, and the request page, which encodes its whole email into a
/// `mailto:` link, spent 7 % of its instructions copying those pieces.
pub fn url_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = Vec::with_capacity(value.len() * 3);
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(byte);
        } else {
            encoded.extend_from_slice(&[b'%', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 15)]]);
        }
    }
    String::from_utf8(encoded).expect("percent-encoding leaves only ASCII")
}

impl FromRequest for QueryPairs {
    type Error = std::convert::Infallible;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::parse(req.query_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::QueryPairs;

    #[test]
    fn url_encode_encodes_as_percent_encoding_does() {
        const COMPONENT: &percent_encoding::AsciiSet =
            &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
        for value in
            ["", "a-b_c.d~e", "Глобэкс & Co. <x@y.z>?", "星辰科技 100%", "a+b=c&d#e/f\n\u{7f}\u{0}", "😀 'q' \"q\""]
        {
            let expected = percent_encoding::utf8_percent_encode(value, COMPONENT).to_string();
            assert_eq!(super::url_encode(value), expected, "{value:?}");
        }
        let ascii: String = (0u8..128).map(char::from).collect();
        assert_eq!(super::url_encode(&ascii), percent_encoding::utf8_percent_encode(&ascii, COMPONENT).to_string());
    }

    #[test]
    fn first_last_and_without() {
        let query = QueryPairs::parse("dap=false&lang=ru&dap=true&x=%E4%B8%AD+1");
        assert_eq!(query.first("dap"), Some("false"));
        assert_eq!(query.last("dap"), Some("true"));
        assert_eq!(query.first("x"), Some("中 1"));
        assert_eq!(query.first("none"), None);
        let kept: Vec<_> = query.without("dap").collect();
        assert_eq!(kept, [("lang", "ru"), ("x", "中 1")]);
        assert!(QueryPairs::parse("a=%00").has_nul());
        assert!(!QueryPairs::parse("%FF%FE=1").has_nul());
    }
}
