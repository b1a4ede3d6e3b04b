//! Which kinds of mail each user switched off (every kind is on by default).

use diesel::prelude::*;

use super::{Audience, Kind};
use crate::db::schema::notification_opt_outs as opt_outs;
use crate::domain::ids::{CustomerUserId, PartnerUserId};

/// Whether a user switched a kind off; the settings page reads and writes these.
#[derive(Clone, Copy, Debug)]
pub enum Recipient {
    Partner(PartnerUserId),
    Customer(CustomerUserId),
}

/// The kinds `user` switched off.
pub fn switched_off(conn: &mut crate::db::DbConn, user: Recipient) -> Result<Vec<Kind>, crate::db::DbError> {
    let codes: Vec<String> = crate::db_run!(conn, {
        match user {
            Recipient::Partner(id) => {
                opt_outs::table.filter(opt_outs::partner_user_id.eq(id)).select(opt_outs::kind).load(conn)
            }
            Recipient::Customer(id) => {
                opt_outs::table.filter(opt_outs::customer_user_id.eq(id)).select(opt_outs::kind).load(conn)
            }
        }
    })?;
    Ok(codes.iter().filter_map(|code| Kind::parse(code)).collect())
}

/// Saves which kinds of its audience `user` receives: every kind of the
/// audience not in `wanted` is switched off.
pub fn save_preferences(
    conn: &mut crate::db::DbConn,
    user: Recipient,
    audience: Audience,
    wanted: &[Kind],
) -> Result<(), crate::db::DbError> {
    let off: Vec<&'static str> =
        Kind::for_audience(audience).filter(|kind| !wanted.contains(kind)).map(Kind::code).collect();
    crate::db_write!(conn, {
        match user {
            Recipient::Partner(id) => {
                diesel::delete(opt_outs::table.filter(opt_outs::partner_user_id.eq(id))).execute(conn)?;
                let rows: Vec<_> =
                    off.iter().map(|kind| (opt_outs::partner_user_id.eq(id), opt_outs::kind.eq(*kind))).collect();
                diesel::insert_into(opt_outs::table).values(&rows).execute(conn)?;
            }
            Recipient::Customer(id) => {
                diesel::delete(opt_outs::table.filter(opt_outs::customer_user_id.eq(id))).execute(conn)?;
                let rows: Vec<_> =
                    off.iter().map(|kind| (opt_outs::customer_user_id.eq(id), opt_outs::kind.eq(*kind))).collect();
                diesel::insert_into(opt_outs::table).values(&rows).execute(conn)?;
            }
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(())
}
