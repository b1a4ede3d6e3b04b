//! Diesel table definitions shared by both backends. The SQL lives in
//! `migrations/{sqlite,postgres}`; a test keeps the two in step.

diesel::table! {
    partners (id) {
        id -> BigInt,
        name -> Text,
        customer_count -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partner_users (id) {
        id -> BigInt,
        partner_id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        preferred_lang -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitation_tokens (id) {
        id -> BigInt,
        partner_id -> BigInt,
        token -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    tenants (id) {
        id -> BigInt,
        name -> Text,
        domain -> Text,
        search_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    customer_users (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        preferred_lang -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reseller_relationships (id) {
        id -> BigInt,
        partner_id -> BigInt,
        tenant_id -> BigInt,
        created_at -> Timestamp,
        status -> Text,
        ending_due_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<Text>,
        end_reason -> Nullable<Text>,
    }
}

diesel::table! {
    delegated_admin_grants (id) {
        id -> BigInt,
        partner_id -> BigInt,
        tenant_id -> BigInt,
        service -> Text,
        granted_at -> Timestamp,
        granted_by -> Nullable<BigInt>,
        removed_at -> Nullable<Timestamp>,
        removed_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        service -> Text,
        offer -> Text,
        seats -> Integer,
        add_ons -> Integer,
        partner_of_record_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        action -> Text,
        actor_name -> Text,
        partner_id -> Nullable<BigInt>,
        tenant_id -> Nullable<BigInt>,
        service -> Nullable<Text>,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    partner_of_record_requests (id) {
        id -> BigInt,
        subscription_id -> BigInt,
        tenant_id -> BigInt,
        partner_id -> BigInt,
        requested_at -> Timestamp,
        status -> Text,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    user_sessions (id) {
        id -> Text,
        partner_user_id -> Nullable<BigInt>,
        customer_user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(partner_users -> partners (partner_id));
diesel::joinable!(invitation_tokens -> partners (partner_id));
diesel::joinable!(customer_users -> tenants (tenant_id));
diesel::joinable!(reseller_relationships -> tenants (tenant_id));
diesel::joinable!(reseller_relationships -> partners (partner_id));
diesel::joinable!(delegated_admin_grants -> partners (partner_id));
diesel::joinable!(delegated_admin_grants -> tenants (tenant_id));
diesel::joinable!(subscriptions -> tenants (tenant_id));
diesel::joinable!(subscriptions -> partners (partner_of_record_id));
diesel::joinable!(audit_events -> tenants (tenant_id));
diesel::joinable!(partner_of_record_requests -> subscriptions (subscription_id));
diesel::joinable!(partner_of_record_requests -> partners (partner_id));
diesel::joinable!(partner_of_record_requests -> tenants (tenant_id));

diesel::allow_tables_to_appear_in_same_query!(
    partners,
    partner_users,
    invitation_tokens,
    tenants,
    customer_users,
    reseller_relationships,
    delegated_admin_grants,
    subscriptions,
    audit_events,
    partner_of_record_requests,
);

diesel::table! {
    fortunes (id) {
        id -> Integer,
        message -> Text,
    }
}
