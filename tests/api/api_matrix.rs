//! The API's authorization matrix: every API route × every kind of caller,
//! each with the exact status it must answer. An API route without a case
//! here fails the test (the pages have `matrix.rs`).

use std::collections::HashSet;

use reqwest::Method;
use serde_json::json;

use crate::api_support::*;
use crate::on_both_backends;

/// The callers, in the order of every case's `expect`.
const CALLERS: [&str; 6] = [
    "no key",
    "Northwind read key",
    "Northwind read_write key",
    "Fabrikam read_write key",
    "revoked Northwind key",
    "Northwind admin's session cookie, no key",
];

struct Case {
    method: Method,
    pattern: &'static str,
    path: String,
    body: Option<serde_json::Value>,
    expect: [u16; 6],
}

fn get(pattern: &'static str, path: impl Into<String>, expect: [u16; 6]) -> Case {
    Case { method: Method::GET, pattern, path: path.into(), body: None, expect }
}

fn post(pattern: &'static str, path: impl Into<String>, body: Option<serde_json::Value>, expect: [u16; 6]) -> Case {
    Case { method: Method::POST, pattern, path: path.into(), body, expect }
}

on_both_backends! {
    async fn every_api_route_answers_every_caller_exactly_as_expected(app) {
        let read = issue_key(&app, "admin@northwind.example", "matrix read", "read").await;
        let write = issue_key(&app, "admin@northwind.example", "matrix write", "read_write").await;
        let fabrikam = issue_key(&app, "admin@fabrikam.example", "matrix fabrikam", "read_write").await;
        let revoked = issue_key(&app, "admin@northwind.example", "matrix revoked", "read_write").await;
        let revoked_id = app.scalar("SELECT MAX(id) AS n FROM api_keys");
        let admin = app.signed_in("admin@northwind.example").await;
        let keys = "/partner/settings/api-keys";
        assert_eq!(admin.submit(keys, &format!("{keys}/{revoked_id}/revoke"), &[]).await.status, 303);

        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let gdaps = "/api/v1/delegatedAdminRelationships";
        let new = json!({"displayName": "Matrix", "duration": "P30D", "accessDetails": {"unifiedRoles": [{"roleDefinitionId": "azure.reader"}]}});
        let created = post_json(&app, gdaps, &write, &new).await;
        assert_eq!(created.status, 201, "{}", created.text);
        let gdap = created.body["id"].as_str().unwrap().to_owned();
        let one = "/api/v1/delegatedAdminRelationships/{id}";
        let terminate = "/api/v1/delegatedAdminRelationships/{id}/terminate";

        let cases = vec![
            get("/api/v1/openapi.json", "/api/v1/openapi.json", [200; 6]),
            get("/api/v1/customers/relationshiprequests", "/api/v1/customers/relationshiprequests", [401, 200, 200, 200, 401, 401]),
            get("/api/v1/customers", "/api/v1/customers", [401, 200, 200, 200, 401, 401]),
            get("/api/v1/customers/{id}", format!("/api/v1/customers/{wingtip}"), [401, 200, 200, 200, 401, 401]),
            get("/api/v1/customers/{id}", format!("/api/v1/customers/{tailspin}"), [401, 404, 404, 200, 401, 401]),
            get(gdaps, gdaps, [401, 200, 200, 200, 401, 401]),
            get(one, format!("{gdaps}/{gdap}"), [401, 200, 200, 404, 401, 401]),
            get(one, format!("{gdaps}/nope"), [401, 404, 404, 404, 401, 401]),
            get("/api/v1/activity", "/api/v1/activity", [401, 200, 200, 200, 401, 401]),
            post(gdaps, gdaps, Some(json!({})), [401, 403, 422, 422, 401, 401]),
            post(terminate, format!("{gdaps}/{gdap}/terminate"), None, [401, 403, 200, 404, 401, 401]),
            post(terminate, format!("{gdaps}/{gdap}/terminate"), None, [401, 403, 409, 404, 401, 401]),
        ];

        let covered: HashSet<(String, &str)> = cases.iter().map(|c| (c.method.to_string(), c.pattern)).collect();
        let missing: Vec<String> = partnerlink::routes::list()
            .into_iter()
            .filter(|(_, path)| path.starts_with("/api/"))
            .filter(|(method, path)| !covered.contains(&(method.to_string(), *path)))
            .map(|(method, path)| format!("{method} {path}"))
            .collect();
        assert!(missing.is_empty(), "API routes without a case in the matrix: {missing:?}");

        let doc = document(&app).await;
        let credentials = [None, Some(&read), Some(&write), Some(&fabrikam), Some(&revoked), None];
        let mut failures = Vec::new();
        for case in &cases {
            for (i, caller) in CALLERS.iter().enumerate() {
                let body = case.body.as_ref().map(|b| ("application/json", b.to_string().into_bytes()));
                let answer = if i == 5 {
                    // The browser's cookies, as a page would send them.
                    let mut request = admin.client.request(case.method.clone(), admin.url(&case.path));
                    if let Some((content_type, bytes)) = body {
                        request = request.header("content-type", content_type).body(bytes);
                    }
                    let response = request.send().await.unwrap();
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let text = response.text().await.unwrap();
                    Answer { status, headers, body: serde_json::from_str(&text).unwrap_or_default(), text }
                } else {
                    call(&app, case.method.clone(), &case.path, credentials[i].map(String::as_str), &[], body).await
                };
                if answer.status != case.expect[i] {
                    failures.push(format!("{} {} as {caller}: expected {}, got {} {}", case.method, case.path, case.expect[i], answer.status, answer.text));
                } else {
                    conforms(&doc, &case.method.as_str().to_lowercase(), case.pattern, &answer);
                }
            }
        }
        assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
    }
}
