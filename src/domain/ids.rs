//! Typed ids: a `PartnerId` cannot be passed where a `TenantId` is expected,
//! so a swapped argument does not compile (vaultwarden's typed ids are the
//! model). In the database they are plain `BIGINT`s; in URLs and forms plain
//! integers (`web::Path<TenantId>` reads one).

use std::fmt;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::BigInt;
use serde::Deserialize;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, AsExpression, FromSqlRow, Deserialize)]
        #[diesel(sql_type = BigInt)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl<DB: Backend> ToSql<BigInt, DB> for $name
        where
            i64: ToSql<BigInt, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<BigInt, DB> for $name
        where
            i64: FromSql<BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                i64::from_sql(bytes).map(Self)
            }
        }

        /// As it appears in URLs: the plain integer.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id! {
    /// A partner organisation (`partners.id`).
    PartnerId;
    /// A customer organisation (`tenants.id`).
    TenantId;
    /// A user of a partner (`partner_users.id`).
    PartnerUserId;
    /// A user of a customer (`customer_users.id`).
    CustomerUserId;
    /// A subscription (`subscriptions.id`).
    SubscriptionId;
}
