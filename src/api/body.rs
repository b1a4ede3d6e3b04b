//! Request bodies: `application/json` only, a JSON object, every field
//! known. Each refusal names the field at fault (a JSON Pointer), so a
//! program's author sees at once what to change.

use actix_web::HttpRequest;
use actix_web::http::header;
use actix_web::web::Bytes;
use serde_json::{Map, Value};

use crate::web::problem::{Problem, ProblemCode};

/// The most a body may hold (the app's payload limit answers 413 before this).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A JSON object being read, field by field.
pub struct JsonObject<'a> {
    map: &'a Map<String, Value>,
    /// This object's JSON Pointer (`""` for the body itself).
    pointer: String,
}

/// Parses a request body: 415 without a JSON content type, 413 over the
/// limit, 400 when it is not JSON, 422 when it is not an object.
pub fn parse(req: &HttpRequest, body: &Bytes) -> Result<Value, Problem> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(Problem::new(ProblemCode::UnsupportedMediaType));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(Problem::new(ProblemCode::PayloadTooLarge));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|err| Problem { reason: Some(err.to_string()), ..Problem::new(ProblemCode::MalformedJson) })?;
    if !value.is_object() {
        return Err(Problem::field(ProblemCode::BodyNotObject, ""));
    }
    Ok(value)
}

impl<'a> JsonObject<'a> {
    /// The body (from [`parse`]) as an object whose fields are all `known`.
    pub fn root(value: &'a Value, known: &[&str]) -> Result<Self, Problem> {
        Self::at(value, String::new(), known)
    }

    fn at(value: &'a Value, pointer: String, known: &[&str]) -> Result<Self, Problem> {
        let map = value.as_object().ok_or_else(|| Problem::field(ProblemCode::InvalidField, pointer.clone()))?;
        if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Problem::field(ProblemCode::UnknownField, format!("{pointer}/{}", escape(unknown))));
        }
        Ok(Self { map, pointer })
    }

    /// The pointer of a field of this object.
    pub fn pointer(&self, name: &str) -> String {
        format!("{}/{}", self.pointer, escape(name))
    }

    fn value(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    fn invalid(&self, name: &str) -> Problem {
        Problem::field(ProblemCode::InvalidField, self.pointer(name))
    }

    /// A string field that must be there.
    pub fn string(&self, name: &str) -> Result<&'a str, Problem> {
        self.optional_string(name)?.ok_or_else(|| Problem::field(ProblemCode::MissingField, self.pointer(name)))
    }

    pub fn optional_string(&self, name: &str) -> Result<Option<&'a str>, Problem> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.contains('\0') => {
                Err(Problem::field(ProblemCode::UnstorableInput, self.pointer(name)))
            }
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.invalid(name)),
        }
    }

    /// An object field, whose own fields are all `known`.
    pub fn optional_object(&self, name: &str, known: &[&str]) -> Result<Option<JsonObject<'a>>, Problem> {
        self.value(name).map(|v| Self::at(v, self.pointer(name), known)).transpose()
    }

    pub fn object(&self, name: &str, known: &[&str]) -> Result<JsonObject<'a>, Problem> {
        self.optional_object(name, known)?.ok_or_else(|| Problem::field(ProblemCode::MissingField, self.pointer(name)))
    }

    /// An array of objects whose fields are all `known`.
    pub fn objects(&self, name: &str, known: &[&str]) -> Result<Vec<JsonObject<'a>>, Problem> {
        let items = match self.value(name) {
            None => return Err(Problem::field(ProblemCode::MissingField, self.pointer(name))),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(self.invalid(name)),
        };
        let pointer = self.pointer(name);
        items.iter().enumerate().map(|(i, item)| Self::at(item, format!("{pointer}/{i}"), known)).collect()
    }
}

/// RFC 6901: `~` and `/` inside a name.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_read_with_their_pointers() {
        let body = json!({"a": "x", "o": {"b": "y"}, "l": [{"c": "z"}, {"d": 1}]});
        let root = JsonObject::root(&body, &["a", "o", "l"]).unwrap();
        assert_eq!(root.string("a").unwrap(), "x");
        assert_eq!(root.object("o", &["b"]).unwrap().string("b").unwrap(), "y");
        let err = root.objects("l", &["c"]).err().unwrap();
        assert_eq!((err.code, err.field.as_deref()), (ProblemCode::UnknownField, Some("/l/1/d")));
        let err = root.string("missing").unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ProblemCode::MissingField, Some("/missing")));
        let err = root.string("o").unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ProblemCode::InvalidField, Some("/o")));
        let err = JsonObject::root(&body, &["a"]).err().unwrap();
        assert_eq!(err.code, ProblemCode::UnknownField);
        let weird = json!({"a/b~": 1});
        assert_eq!(JsonObject::root(&weird, &[]).err().unwrap().field.as_deref(), Some("/a~1b~0"));
    }
}
