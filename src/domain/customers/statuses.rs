//! Each customer of a page of the list with the delegated-admin status of
//! each service, as the partner may see it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::list::{CustomerSeek, Row};
use super::{CustomerRow, DapStatus};
use crate::db::schema::delegated_admin_grants as grants;
use crate::db::{DbConn, DbError, any_of};
use crate::db_run;
use crate::domain::ids::{CustomerUserId, PartnerId, TenantId};
use crate::domain::lifecycle::Lifecycle;
use crate::domain::services::Service;

/// The rows with each service's delegated-admin status: two queries for the
/// whole page, whatever its size — the active grants of its customers (on
/// the partial unique index of active grants), and our own ended ones (on
/// the partial index of ended grants: a page with none reads nothing).
pub(super) fn with_statuses(
    conn: &mut DbConn,
    partner_id: PartnerId,
    rows: Vec<Row>,
) -> Result<Vec<CustomerRow>, DbError> {
    let ids = || rows.iter().map(|r| r.1.0);
    type Ended = (TenantId, String, Option<NaiveDateTime>, Option<CustomerUserId>);
    let (active, ended): (Vec<(TenantId, String, PartnerId)>, Vec<Ended>) = db_run!(conn, {
        let active = grants::table
            .filter(any_of(grants::tenant_id, ids()))
            .filter(grants::removed_at.is_null())
            .select((grants::tenant_id, grants::service, grants::partner_id))
            .load(conn)?;
        let ended = grants::table
            .filter(grants::partner_id.eq(partner_id))
            .filter(any_of(grants::tenant_id, ids()))
            .filter(grants::removed_at.is_not_null())
            .select((grants::tenant_id, grants::service, grants::removed_at, grants::removed_by))
            .load(conn)?;
        Ok::<_, DbError>((active, ended))
    })?;
    // Who holds each service's delegated admin, per customer on the page.
    let mut holders: HashMap<TenantId, Vec<(Service, PartnerId)>> = HashMap::with_capacity(rows.len());
    for (tenant_id, code, holder) in active {
        if let Some(service) = Service::parse(&code) {
            holders.entry(tenant_id).or_default().push((service, holder));
        }
    }
    // The latest end of our own grant of each service, as the customer's
    // page shows it: by the customer (it names who removed it) or by us.
    let mut ends: HashMap<(TenantId, Service), (NaiveDateTime, DapStatus)> = HashMap::new();
    for (tenant_id, code, at, removed_by) in ended {
        let (Some(service), Some(at)) = (Service::parse(&code), at) else { continue };
        let status = if removed_by.is_some() { DapStatus::Removed } else { DapStatus::Released };
        let latest = ends.entry((tenant_id, service)).or_insert((at, status));
        if at > latest.0 {
            *latest = (at, status);
        }
    }
    let rows = rows
        .into_iter()
        .map(|(relationship_id, tenant_id, name, domain, since, status, due, ended_at)| {
            let (since, due, ended_at) = (since.0, due.map(|at| at.0), ended_at.map(|at| at.0));
            let lifecycle = Lifecycle::from_row(&status, due, ended_at, None);
            // An ended relationship holds nothing, whatever the tenant has now.
            let held = match lifecycle.is_ended() {
                true => &[][..],
                false => holders.get(&tenant_id).map(Vec::as_slice).unwrap_or_default(),
            };
            let statuses = Service::ALL
                .into_iter()
                .map(|service| {
                    let ours_ended = match lifecycle.is_ended() {
                        true => None,
                        false => ends.get(&(tenant_id, service)).copied(),
                    };
                    match (held.iter().find(|(s, _)| *s == service), ours_ended) {
                        (Some((_, holder)), _) if *holder == partner_id => (service, DapStatus::Ours, None),
                        // As on the customer's page: our removed grant shows
                        // even when another partner holds the service now.
                        (_, Some((at, status))) => (service, status, Some(at)),
                        (Some(_), None) => (service, DapStatus::Other, None),
                        (None, None) => (service, DapStatus::None, None),
                    }
                })
                .collect();
            let seek = CustomerSeek { relationship_id };
            CustomerRow { seek, tenant_id, name, domain, since, lifecycle, statuses }
        })
        .collect();
    Ok(rows)
}
