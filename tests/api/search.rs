//! The customer search, served by an index on both backends (FTS5 trigram,
//! pg_trgm): every script and length, no match, hostile input, and the
//! same answer as a plain `LIKE` over the folded key.

use crate::helpers::*;
use crate::on_both_backends;

/// How many of Northwind's current customers a plain scan finds for `query`
/// (lower case, no wildcards): what the index must agree with.
fn reference(app: &TestApp, query: &str) -> i64 {
    let northwind = app.id_of("partners", "Northwind Cloud Partners");
    app.scalar(&format!(
        "SELECT COUNT(*) AS n FROM reseller_relationships r JOIN tenants t ON t.id = r.tenant_id \
         WHERE r.partner_id = {northwind} AND r.status <> 'ended' AND t.search_key LIKE '%{}%'",
        query.replace('\'', "''")
    ))
}

/// Adds a current customer of Northwind named `name` (search key and grams
/// as the application writes them).
fn add_customer(app: &TestApp, name: &str, domain: &str) {
    let key = partnerlink::domain::customers::search_key(name, domain);
    let grams = partnerlink::domain::customers::search_grams(&key);
    let quote = |text: &str| text.replace('\'', "''");
    let now = match app.backend {
        Backend::Postgres => "NOW()",
        Backend::Sqlite => "CURRENT_TIMESTAMP",
    };
    app.execute(&format!(
        "INSERT INTO tenants (name, domain, search_key, search_grams, created_at) \
         VALUES ('{}', '{}', '{}', '{}', {now})",
        quote(name),
        quote(domain),
        quote(&key),
        quote(&grams)
    ));
    let northwind = app.id_of("partners", "Northwind Cloud Partners");
    let tenant = app.scalar(&format!("SELECT id AS n FROM tenants WHERE domain = '{}'", quote(domain)));
    app.execute(&format!(
        "INSERT INTO reseller_relationships (partner_id, tenant_id, created_at) VALUES ({northwind}, {tenant}, {now})"
    ));
}

/// What every write of the application does before it commits: bring
/// SQLite's index up to date with the notes left by writes (here the
/// tests' own SQL). Nothing to do on PostgreSQL.
fn apply_index_notes(app: &TestApp) {
    if let partnerlink::db::DbConn::Sqlite(mut conn) = app.state.db.get().unwrap() {
        conn.write(partnerlink::db::index_queue::apply).unwrap();
    }
}

/// Whether Northwind (else Fabrikam) searching a term with a status
/// filter finds the customer.
type Finds = (bool, &'static str, &'static str, bool);

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

on_both_backends! {
    // With a sample of the keys (what ANALYZE kept on PostgreSQL, rows
    // picked at random on SQLite), the index is asked for a long term's rare
    // parts only ("424", "242"), then each candidate is checked for the
    // whole term. Customers who hold the rare parts but not the term must
    // not be found, and common terms are still found.
    async fn a_long_term_is_found_whole_not_by_its_rare_parts(app) {
        {
            let mut conn = app.state.db.get().unwrap();
            partnerlink::seed::seed_bulk(&mut conn, 300).unwrap();
        }
        add_customer(&app, "Fabrikam 4242", "abc4242.example");
        add_customer(&app, "Fabrikam abc", "x4242-abc.example");
        add_customer(&app, "Customer4242. Trading", "trading.example");
        if app.backend == Backend::Postgres {
            app.execute("ANALYZE tenants");
            // The pool reads what ANALYZE sampled, which chooses the parts.
            let partnerlink::db::DbConn::Postgres(mut conn) = app.state.db.get().unwrap() else { unreachable!() };
            let sample = conn.column_sample("tenants", "search_key");
            assert!(sample.values.len() >= 100 && sample.rows >= 300.0, "{sample:?}");
            assert!(sample.rows_holding("customer").unwrap() >= 300, "{sample:?}");
        } else {
            let partnerlink::db::DbConn::Sqlite(mut conn) = app.state.db.get().unwrap() else { unreachable!() };
            let sample = conn.column_sample("tenants", "search_key");
            assert!(sample.values.len() >= 100 && sample.rows >= 300.0, "{sample:?}");
        }
        let admin = app.signed_in("admin@northwind.example").await;
        for query in ["abc4242", "customer4242.", "x4242-abc", "4242", "4242 abc", "customer12.", "zzzq4242", "customer"] {
            let expected = reference(&app, query);
            let page = admin.get(&format!("/partner/customers?lang=en&q={}", encode(query))).await;
            assert_eq!(page.status, 200, "{query}");
            assert_eq!(page.customer_ids().len() as i64, expected.min(50), "{query}: rows on the first page");
            if expected == 0 {
                page.assert_contains("No customer matches");
            } else if expected < 50 {
                page.assert_contains(&format!("{expected} customer"));
            }
        }
        assert_eq!(reference(&app, "abc4242"), 1);
    }

    async fn every_script_and_length_finds_what_a_scan_finds(app) {
        {
            let mut conn = app.state.db.get().unwrap();
            partnerlink::seed::seed_bulk(&mut conn, 240).unwrap();
        }
        let admin = app.signed_in("admin@northwind.example").await;
        // Latin, Cyrillic and CJK; one, two and more characters; names and
        // domain parts; upper case; and terms nobody has.
        for (query, folded) in [
            ("ромашка", "ромашка"),
            ("РОМАШКА", "ромашка"),
            ("Ро", "ро"),
            ("й", "й"),
            ("星", "星"),
            ("星辰", "星辰"),
            ("长江物流", "长江物流"),
            ("Wingtip", "wingtip"),
            ("wi", "wi"),
            ("W", "w"),
            ("7", "7"),
            ("23", "23"),
            ("toys.partner", "toys.partner"),
            ("CUSTOMER12.PARTNER", "customer12.partner"),
            ("cn", "cn"),
            ("Ltd 1", "ltd 1"),
            ("zzzq", "zzzq"),
            ("中", "中"),
            ("x", "x"),
            ("Ж", "ж"),
        ] {
            let expected = reference(&app, folded);
            let page = admin.get(&format!("/partner/customers?lang=en&q={}", encode(query))).await;
            assert_eq!(page.status, 200, "{query}");
            let found = page.customer_ids();
            assert_eq!(found.len() as i64, expected.min(50), "{query}: rows on the first page");
            if expected == 0 {
                page.assert_contains("No customer matches");
            } else if expected > 100 {
                page.assert_contains("More than 100 customers found");
            } else {
                page.assert_contains(&format!("{expected} customer"));
            }
            // Newest relationship first, as the unfiltered list.
            let mut sorted = found.clone();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            assert_eq!(found, sorted, "{query}: order");
        }
    }

    async fn hostile_input_is_a_literal_search(app) {
        add_customer(&app, "100% \"Quoted\" O'Brien_[*?] \\ Ltd", "weird.example");
        add_customer(&app, "Ёлка", "yolka.example");
        let admin = app.signed_in("admin@northwind.example").await;
        for query in ["%", "_", "[*?]", "*", "?", "[", "\\", "o'b", "\"quoted\"", "100%", "n_[", "ЁЛ", "ё"] {
            let page = admin.get(&format!("/partner/customers?lang=en&q={}", encode(query))).await;
            assert_eq!(page.status, 200, "{query}");
            assert_eq!(page.customer_ids().len(), 1, "{query}: exactly the one customer that has it");
        }
        let long = "a".repeat(5000);
        for query in ["%%", "_%_", "'; DROP TABLE tenants; --", "*a*", "[a-z]", "\u{1}", "a\u{1}b", long.as_str()] {
            let page = admin.get(&format!("/partner/customers?lang=en&q={}", encode(query))).await;
            assert_eq!(page.status, 200, "{query:?}");
            assert!(page.customer_ids().len() <= 2, "{query:?}");
        }
        assert!(app.count("tenants") >= 4, "nothing dropped");
        // Blank is no search: the whole list (Wingtip and the two above).
        let page = admin.get("/partner/customers?lang=en&q=%20%20").await;
        assert_eq!(page.customer_ids().len(), 3);
    }

    // SQLite's index holds each relationship's key and status under its
    // partner, kept through a queue of notes the triggers leave and each
    // commit applies. Whatever changes them must reach it; before the notes
    // are applied (a write outside the application) the list itself answers.
    // The same answers on PostgreSQL, whose index is over tenants.
    async fn the_index_follows_statuses_names_and_partners(app) {
        add_customer(&app, "Байкал Статус", "baikal-status.example");
        let tenant = app.scalar("SELECT id AS n FROM tenants WHERE domain = 'baikal-status.example'");
        let northwind = app.signed_in("admin@northwind.example").await;
        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        let now = match app.backend {
            Backend::Postgres => "NOW()",
            Backend::Sqlite => "CURRENT_TIMESTAMP",
        };
        let key = partnerlink::domain::customers::search_key("Озеро Переименовано", "baikal-status.example");
        let grams = partnerlink::domain::customers::search_grams(&key);
        let fabrikam_id = app.id_of("partners", "Fabrikam Solutions");
        // Each change, then who finds the customer with which term and status.
        let steps: [(String, Vec<Finds>); 4] = [
            (String::new(), vec![
                (true, "статус", "", true),
                (true, "статус", "active", true),
                (true, "статус", "ended", false),
                (false, "статус", "", false),
            ]),
            // Ended: history, shown only when asked for.
            (format!("UPDATE reseller_relationships SET status = 'ended', ended_at = {now} WHERE tenant_id = {tenant}"), vec![
                (true, "статус", "", false),
                (true, "статус", "ended", true),
                (true, "статус", "ending", false),
            ]),
            // Renamed: found by the new name only, grams included.
            (format!(
                "UPDATE tenants SET name = 'Озеро Переименовано', search_key = '{key}', search_grams = '{grams}' WHERE id = {tenant}"
            ), vec![
                (true, "переименовано", "ended", true),
                (true, "зе", "ended", true),
                (true, "статус", "ended", false),
            ]),
            // Moved to another partner: found in its list, not in the first.
            (format!("UPDATE reseller_relationships SET partner_id = {fabrikam_id} WHERE tenant_id = {tenant}"), vec![
                (false, "переименовано", "ended", true),
                (true, "переименовано", "ended", false),
            ]),
        ];
        for (change, expectations) in steps {
            if !change.is_empty() {
                app.execute(&change);
            }
            for applied in [false, true] {
                if applied {
                    apply_index_notes(&app);
                }
                for (of_northwind, query, status, expected) in &expectations {
                    let client = if *of_northwind { &northwind } else { &fabrikam };
                    let page = client.get(&format!("/partner/customers?lang=en&q={}&status={status}", encode(query))).await;
                    // Ended rows are not links: the domain is on every row.
                    let found = page.body.contains("baikal-status.example");
                    assert_eq!(found, *expected, "{change:?} {query:?} {status:?} (notes applied: {applied})");
                }
            }
        }
    }

    async fn merging_the_index_keeps_every_answer(app) {
        if app.backend == Backend::Sqlite {
            // Each customer below is then a segment of its own.
            app.execute("INSERT INTO relationship_search (relationship_search, rank) VALUES ('automerge', 0)");
        }
        for i in 0..12 {
            add_customer(&app, &format!("Байкал Слияние {i}"), &format!("merge{i}.example"));
            apply_index_notes(&app);
        }
        // Left as a note: the pass below indexes it.
        add_customer(&app, "Байкал Слияние 12", "merge12.example");
        let admin = app.signed_in("admin@northwind.example").await;
        let queries = ["байкал", "слияние 1", "merge7.ex", "й", "ли", "nobody-has-this", "wingtip"];
        let mut before = Vec::new();
        for query in queries {
            let page = admin.get(&format!("/partner/customers?lang=en&q={}", encode(query))).await;
            assert_eq!(page.customer_ids().len() as i64, reference(&app, query), "{query}");
            before.push(page.customer_ids());
        }
        let pass = |app: &TestApp| {
            let pool = app.state.db.clone();
            tokio::task::spawn_blocking(move || partnerlink::jobs::run_pass(&pool, partnerlink::domain::now()))
        };
        let steps = pass(&app).await.unwrap().expect("a pass").search_index_merge_steps;
        match app.backend {
            Backend::Sqlite => {
                assert!(steps > 0, "more than 8 segments are merged");
                assert_eq!(app.scalar("SELECT count(DISTINCT segid) AS n FROM relationship_search_idx"), 1);
            }
            Backend::Postgres => assert_eq!(steps, 0, "nothing to merge on PostgreSQL"),
        }
        assert_eq!(pass(&app).await.unwrap().expect("a pass").search_index_merge_steps, 0, "merged once");
        for (query, found) in queries.into_iter().zip(before) {
            let page = admin.get(&format!("/partner/customers?lang=en&q={}", encode(query))).await;
            assert_eq!(page.customer_ids(), found, "{query}: the same customers after the merge");
        }
    }
}
