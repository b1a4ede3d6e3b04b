//! Calling the JSON API in tests: keys issued through the real page, requests
//! with a key, and every answer checked against the OpenAPI document.

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::helpers::*;

/// An API answer read in full.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The problem's `code` (panics unless this is a problem answer).
    pub fn code(&self) -> &str {
        assert!(
            self.header("content-type").starts_with("application/problem+json"),
            "not a problem ({}): {}",
            self.status,
            self.text
        );
        self.body["code"].as_str().unwrap_or_default()
    }

    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().unwrap_or_default()
    }
}

/// Issues a key through `/partner/settings/api-keys` as `email` and reads it
/// from the page the POST redirects to.
pub async fn issue_key(app: &TestApp, email: &str, name: &str, scope: &str) -> String {
    let admin = app.signed_in(email).await;
    let path = "/partner/settings/api-keys";
    let created = admin.submit(path, path, &[("name", name), ("scope", scope)]).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let page = admin.get(path).await;
    let marker = "id=\"api-key\" class=\"mono\" value=\"";
    let rest = page.body.split(marker).nth(1).expect("the new key is shown");
    unescape(rest.split('"').next().unwrap())
}

/// Sends one request to the API.
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    key: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<(&str, Vec<u8>)>,
) -> Answer {
    let mut request = app.new_client().request(method, app.url(path));
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some((content_type, bytes)) = body {
        request = request.header("content-type", content_type).body(bytes);
    }
    let response = request.send().await.expect("API request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, headers, body, text }
}

pub async fn get(app: &TestApp, path: &str, key: &str) -> Answer {
    call(app, Method::GET, path, Some(key), &[], None).await
}

pub async fn post_json(app: &TestApp, path: &str, key: &str, body: &Value) -> Answer {
    call(app, Method::POST, path, Some(key), &[], Some(("application/json", body.to_string().into_bytes()))).await
}

/// The path of a full link (`nextLink`, `Location`).
pub fn path_of(link: &str, app: &TestApp) -> String {
    link.strip_prefix(&app.address).unwrap_or_else(|| panic!("{link} is not on {}", app.address)).to_owned()
}

/// The OpenAPI document the app serves.
pub async fn document(app: &TestApp) -> Value {
    let answer = call(app, Method::GET, "/api/v1/openapi.json", None, &[], None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body
}

/// Checks `answer` against what the document says `method pattern` answers
/// with its status: the status is documented, and the body matches the
/// schema (types, required fields, no undocumented fields).
pub fn conforms(doc: &Value, method: &str, pattern: &str, answer: &Answer) {
    let operation = &doc["paths"][pattern][method];
    assert!(operation.is_object(), "{method} {pattern} is not in the document");
    let response = &operation["responses"][answer.status.to_string()];
    assert!(response.is_object(), "{method} {pattern} answered {}, which the document does not list", answer.status);
    let Some(content) = response["content"].as_object() else { return };
    let content_type = answer.header("content-type");
    let (_, media) = content.iter().find(|(kind, _)| content_type.starts_with(kind.as_str())).unwrap_or_else(|| {
        panic!("{method} {pattern} {}: content type {content_type} is not documented", answer.status)
    });
    if let Some(schema) = media.get("schema") {
        let mut errors = Vec::new();
        check(doc, schema, &answer.body, "", &mut errors);
        assert!(errors.is_empty(), "{method} {pattern} {}: {errors:?}\n{}", answer.status, answer.text);
    }
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

fn type_matches(kind: &str, value: &Value) -> bool {
    match kind {
        "null" => value.is_null(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn check(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let fits = options.iter().any(|option| {
                let mut inner = Vec::new();
                check(doc, option, value, at, &mut inner);
                inner.is_empty()
            });
            if !fits {
                errors.push(format!("{at}: fits none of {key}"));
            }
            return;
        }
    }
    match schema.get("type") {
        Some(Value::String(kind)) if !type_matches(kind, value) => errors.push(format!("{at}: not {kind}: {value}")),
        Some(Value::Array(kinds)) if !kinds.iter().any(|k| type_matches(k.as_str().unwrap_or(""), value)) => {
            errors.push(format!("{at}: not any of {kinds:?}: {value}"))
        }
        _ => {}
    }
    if let (Some(properties), Some(object)) = (schema.get("properties").and_then(Value::as_object), value.as_object()) {
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                errors.push(format!("{at}/{name}: required but missing"));
            }
        }
        for (name, field) in object {
            match properties.get(name) {
                Some(field_schema) => check(doc, field_schema, field, &format!("{at}/{name}"), errors),
                None => errors.push(format!("{at}/{name}: not in the schema")),
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check(doc, items, item, &format!("{at}/{i}"), errors);
        }
    }
}
